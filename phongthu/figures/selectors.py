"""Reads of the figures engine (the contract reports and pages build on).

For one (unit, period) one source stands per indicator: the counted value when records exist
in the unit's reach, else the entered value (the unit's own, else its units' below added up);
never both. An approved period answers its frozen values. `user=None` reads without a scope
filter (commands, documents rendered for an authorised caller)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from phongthu.core import scoping
from phongthu.core.periods import Period
from phongthu.figures import engine
from phongthu.figures.models import Approval, ApprovalState, EnteredValue, Target
from phongthu.figures.registry import Indicator, Source, all_indicators, get, word_target_providers
from phongthu.units import selectors as unit_selectors
from phongthu.units.choices import Hierarchy

if TYPE_CHECKING:
    from phongthu.units.models import Unit

ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class FigureValue:
    indicator: Indicator
    unit_id: int
    period: Period
    value: Decimal | None
    source: Source | None
    breakdown: dict[str, Decimal]
    coverage: tuple[int, int] | None
    target: Decimal | None
    achieved_pct: Decimal | None
    previous: Decimal | None
    approval: str

    @classmethod
    def fast(
        cls,
        indicator: Indicator,
        unit_id: int,
        period: Period,
        value: Decimal | None,
        source: Source | None,
        breakdown: dict[str, Decimal],
        coverage: tuple[int, int] | None,
        target: Decimal | None,
        achieved_pct: Decimal | None,
        previous: Decimal | None,
        approval: str,
    ) -> FigureValue:
        """The same object as the constructor makes, without its per-field frozen checks (a
        province table builds thousands)."""
        obj = object.__new__(cls)
        obj.__dict__.update(
            indicator=indicator,
            unit_id=unit_id,
            period=period,
            value=value,
            source=source,
            breakdown=breakdown,
            coverage=coverage,
            target=target,
            achieved_pct=achieved_pct,
            previous=previous,
            approval=approval,
        )
        return obj

    @property
    def source_label(self) -> str:
        from phongthu.figures.registry import SOURCE_LABELS

        return str(SOURCE_LABELS[self.source]) if self.source else ""

    @property
    def display(self) -> str:
        """ "5/7" for a coverage pair, else the Vietnamese-formatted number ("" when none)."""
        from phongthu.core.display import vietnamese_number

        if self.coverage is not None:
            return f"{self.coverage[0]}/{self.coverage[1]}"
        if self.value is None:
            return ""
        return vietnamese_number(normalised(self.value))

    @property
    def previous_display(self) -> str:
        return number_text(self.previous)

    @property
    def target_display(self) -> str:
        return number_text(self.target)

    @property
    def achieved_display(self) -> str:
        return f"{number_text(self.achieved_pct)}%" if self.achieved_pct is not None else ""


def number_text(value: Decimal | None) -> str:
    """Vietnamese number style ("1.925", "98,01"); "" for none."""
    from phongthu.core.display import vietnamese_number

    return "" if value is None else vietnamese_number(normalised(value))


def normalised(value: Decimal) -> Decimal:
    """2.00 → 2, 98.010 → 98.01 (no exponent form)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def pct(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None or not b:
        return None
    return (a * 100 / b).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class _Value:
    value: Decimal | None
    source: Source | None
    breakdown: dict[str, Decimal] = field(default_factory=dict)
    coverage: tuple[int, int] | None = None


_NONE = _Value(None, None)  # no value (shared: never mutated)
OPEN = str(ApprovalState.OPEN)


def sub_units(unit: Unit, period: Period) -> list[Unit]:
    """The unit's children on the period's last day: a Ban CHPTKV's communes in the military
    tree, any other unit's in the civil tree (else the military one)."""
    if unit.level == "REGION":
        return list(unit_selectors.children(unit, on=period.end, hierarchy=Hierarchy.MILITARY))
    kids = list(unit_selectors.children(unit, on=period.end))
    if not kids:
        kids = list(unit_selectors.children(unit, on=period.end, hierarchy=Hierarchy.MILITARY))
    return kids


def _with_inputs(indicators: list[Indicator]) -> list[Indicator]:
    """The indicators and, for derived ones (not coverage), the indicators they are made of."""
    out: dict[str, Indicator] = {}
    stack = list(indicators)
    while stack:
        ind = stack.pop()
        if ind.code in out:
            continue
        out[ind.code] = ind
        if ind.derived is not None and ind.derived.op != "coverage":
            stack.extend(get(code) for code in ind.derived.inputs)
    return list(out.values())


EnteredColumns = dict[tuple[str, Period], dict[int, tuple[Decimal, dict[str, Decimal]] | None]]
# (indicator, period) → asked unit → unit below it that entered a value → (total, breakdown)
EnteredParts = dict[tuple[str, Period], dict[int, dict[int, tuple[Decimal, dict[str, Decimal]]]]]


def _entered_many(
    indicators: list[Indicator],
    unit_ids: list[int],
    periods: list[Period],
    mapping: dict[int, list[int]],
    user: Any,
) -> tuple[EnteredColumns, EnteredParts]:
    """Entered values of many indicators, units and periods in one query (flows by period code,
    stocks by the period's end): each unit's own, by (indicator, period) then unit; and, for
    each unit, the values its units below entered themselves (unit below → value), which
    `_Reader._below` adds up. `user=None` when no scope filter is needed."""
    from django.db.models import Q

    flows = [i.code for i in indicators if not i.stock]
    stocks = [i.code for i in indicators if i.stock]
    by_code: dict[str, list[Period]] = {}
    by_end: dict[Any, list[Period]] = {}
    for p in periods:
        by_code.setdefault(p.code, []).append(p)
        by_end.setdefault(p.end, []).append(p)
    rows = EnteredValue.objects.filter(
        Q(indicator__in=flows, period__in=list(by_code)) | Q(indicator__in=stocks, period_end__in=list(by_end)),
        unit_id__in=engine.reach_of(unit_ids),
    )
    if user is not None:
        rows = rows.restrict(user, scoping.VIEW)
    stock_codes = set(stocks)
    own: dict[tuple[str, Period], dict[int, list[tuple[str, Decimal]]]] = {}
    parts: dict[tuple[str, Period], dict[int, dict[int, list[tuple[str, Decimal]]]]] = {}
    for code, raw_unit, option, value, row_period, row_end in rows.values_list(
        "indicator", "unit_id", "option", "value", "period", "period_end"
    ):
        owners = mapping.get(raw_unit, ())
        for p in by_end.get(row_end, ()) if code in stock_codes else by_code.get(row_period, ()):
            for unit_id in owners:
                if raw_unit == unit_id:
                    own.setdefault((code, p), {}).setdefault(unit_id, []).append((option, value))
                else:
                    by_unit = parts.setdefault((code, p), {}).setdefault(unit_id, {})
                    by_unit.setdefault(raw_unit, []).append((option, value))
    out: EnteredColumns = {}
    for p in periods:
        for ind in indicators:
            key = (ind.code, p)
            mine = own.get(key, {})
            column: dict[int, tuple[Decimal, dict[str, Decimal]] | None] = dict.fromkeys(unit_ids)
            for unit_id in unit_ids:
                found = mine.get(unit_id)
                if found:
                    column[unit_id] = _fold(found)
            out[key] = column
    folded: EnteredParts = {
        key: {u: {d: _fold(pairs) for d, pairs in per_d.items()} for u, per_d in per_u.items()}
        for key, per_u in parts.items()
    }
    return out, folded


def _add_values(values: list[tuple[Decimal, dict[str, Decimal]]]) -> tuple[Decimal, dict[str, Decimal]]:
    total = ZERO
    breakdown: dict[str, Decimal] = {}
    for value, parts in values:
        total += value
        for key, part in parts.items():
            breakdown[key] = breakdown.get(key, ZERO) + part
    return total, breakdown


def _fold(pairs: list[tuple[str, Decimal]]) -> tuple[Decimal, dict[str, Decimal]]:
    breakdown: dict[str, Decimal] = {}
    total: Decimal | None = None
    for option, value in pairs:
        if option:
            breakdown[option] = breakdown.get(option, ZERO) + value
        else:
            total = (total or ZERO) + value
    return (total if total is not None else sum(breakdown.values(), ZERO)), breakdown


def sub_unit_ids(unit_ids: list[int], period: Period) -> dict[int, list[int]]:
    """`sub_units` for many units at once (ids only, one query): a Ban CHPTKV's communes in the
    military tree, any other unit's in the civil tree (else the military one)."""
    from phongthu.units.models import UnitLink, valid_on

    day = period.end
    civil: dict[int, list[int]] = {}
    military: dict[int, list[int]] = {}
    regions: set[int] = set()
    links = (
        UnitLink.objects.filter(valid_on(day), valid_on(day, "child__"), parent_id__in=unit_ids)
        .values_list("parent_id", "parent__level", "hierarchy", "child_id")
        .order_by("child__name_sort", "child_id")
    )
    for parent, level, hierarchy, child in links:
        if level == "REGION":
            regions.add(parent)
        kids = military if hierarchy == Hierarchy.MILITARY else civil if hierarchy == Hierarchy.CIVIL else None
        if kids is not None and child not in kids.setdefault(parent, []):
            kids[parent].append(child)
    out: dict[int, list[int]] = {}
    for unit_id in unit_ids:
        if unit_id in regions:
            out[unit_id] = military.get(unit_id, [])
        else:
            out[unit_id] = civil.get(unit_id) or military.get(unit_id, [])
    return out


def _scope_holds(user: Any, reach: Any) -> bool:
    """Whether the user's view scope holds every unit of `reach` (then a scope filter on rows
    attributed to those units changes nothing and is left out of the query)."""
    if user is None:
        return True
    scope = scoping.scope_unit_ids(user, scoping.VIEW)
    if scope is None:
        return True
    if not isinstance(scope, list):
        return False
    return set(reach).issubset(scope)


_MISSING: Any = object()
MIXED_KEY = "_mixed"  # in an approval's snapshot: the codes whose frozen value was a mixed sum
Column = dict[int, _Value]  # unit id → value, for one indicator and period


class _Reader:
    """Computes values for one user, one column (indicator × period) at a time over many units,
    caching them. `prefetch` fills the caches for many units and periods with a number of
    queries that does not grow with the number of units (sub-units side by side): one grouped
    query over the maintained aggregates for every period, one for entered values, one for
    approvals, one for re-attributed records, one per model counted live (all its indicators
    and periods together), and for coverage indicators one per period for the units' own
    sub-units. Anything not prefetched is read when asked (prefetched for those units then)."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.columns: dict[tuple[str, Period], Column] = {}
        self.counted: dict[tuple[str, Period], dict[int, tuple[Decimal, dict[str, Decimal], bool]]] = {}
        self.entered: dict[tuple[str, Period], dict[int, tuple[Decimal, dict[str, Decimal]] | None]] = {}
        self.snapshots: dict[Period, dict[int, dict[str, str] | None]] = {}
        self.states: dict[Period, dict[int, str]] = {}
        self.kids: dict[Period, dict[int, list[int]]] = {}
        self.maps: dict[tuple[int, ...], dict[int, list[int]]] = {}
        # (indicator, period) → unit → what its units below entered where they count no records
        self.mixed: dict[tuple[str, Period], dict[int, tuple[Decimal, dict[str, Decimal]]]] = {}
        self.moves: engine.Moves | None = None

    # -- fetching ---------------------------------------------------------------------------

    def prefetch(self, indicators: list[Indicator], unit_ids: list[int], periods: Period | list[Period]) -> None:
        """Fill the caches of `indicators` (and their inputs) for the units and periods."""
        many = [periods] if isinstance(periods, Period) else list(dict.fromkeys(periods))
        if not unit_ids or not many:
            return
        wanted = _with_inputs(indicators)
        self._approvals(unit_ids, many)
        key = tuple(unit_ids)
        if key not in self.maps:
            self.maps[key] = engine.reach_map(unit_ids)
        mapping = self.maps[key]
        # Rows attributed to units of the reach: no scope filter when the user's scope holds it all.
        holds = _scope_holds(self.user, mapping)
        counted = [i for i in wanted if i.counted is not None]
        if counted:
            if self.moves is None:
                self.moves = engine.moved_records({i.counted.model for i in counted})  # type: ignore[union-attr]
            found = engine.counted_bulk(
                counted, unit_ids, many, mapping, user=self.user, scope_holds=holds, moves=self.moves
            )
            for p, per_code in found.items():
                for code, per_unit in per_code.items():
                    self.counted.setdefault((code, p), {}).update(per_unit)
        entry = [i for i in wanted if i.accepts_entry]
        if entry:
            columns, parts = _entered_many(entry, unit_ids, many, mapping, None if holds else self.user)
            for key2, per_unit2 in columns.items():
                self.entered.setdefault(key2, {}).update(per_unit2)
            self._below(entry, unit_ids, many, parts, holds)
        coverage = [i for i in wanted if i.derived is not None and i.derived.op == "coverage"]
        if coverage:
            self.prefetch_kids(coverage, unit_ids, many)

    def _below(
        self, entry: list[Indicator], unit_ids: list[int], periods: list[Period], parts: EnteredParts, holds: bool
    ) -> None:
        """What each unit's units below entered, each counted once: the topmost entries (a unit's
        entered value stands for its own units below), and for a counted indicator only those of
        units whose reach counts no records. A unit without an entry of its own answers their sum
        (entered); a unit whose reach counts records adds them to its count (a mixed sum). A few
        queries, only where units below entered values."""
        mixable = {i.code for i in entry if i.counted is not None and not i.counted.own_first}
        for code in mixable:
            for p in periods:
                self.mixed.setdefault((code, p), {}).update(dict.fromkeys(unit_ids, None))  # type: ignore[arg-type]
        below = list(dict.fromkeys(d for per_u in parts.values() for per_d in per_u.values() for d in per_d))
        if not below:
            return
        ancestry = engine.reach_map(below)  # unit → the entering units whose reach holds it
        counted = [i for i in entry if i.code in mixable]
        found = (
            engine.counted_bulk(counted, below, periods, ancestry, user=self.user, scope_holds=holds, moves=self.moves)
            if counted
            else {}
        )
        for ind in entry:
            for p in periods:
                key = (ind.code, p)
                records = found[p][ind.code] if ind.code in mixable else None
                column = self.entered.setdefault(key, {})
                for unit_id, per_d in parts.get(key, {}).items():
                    eligible = {d for d in per_d if records is None or not records[d][2]}
                    top = [d for d in eligible if not any(a != d and a in eligible for a in ancestry.get(d, ()))]
                    if not top:
                        continue
                    summed = _add_values([per_d[d] for d in top])
                    if column.get(unit_id) is None:
                        column[unit_id] = summed
                    if records is not None:
                        self.mixed[key][unit_id] = summed

    def _approvals(self, unit_ids: list[int], periods: list[Period]) -> None:
        """Approval state and frozen values of the units for the periods (one query)."""
        by_code = {p.code: p for p in periods}
        for p in periods:
            snaps = self.snapshots.setdefault(p, {})
            states = self.states.setdefault(p, {})
            for unit_id in unit_ids:
                snaps[unit_id] = None
                states[unit_id] = OPEN
        rows = Approval.objects.filter(unit_id__in=unit_ids, period__in=list(by_code))
        for unit_id, code, state, snapshot in rows.values_list("unit_id", "period", "state", "snapshot"):
            p = by_code[code]
            self.states[p][unit_id] = str(state)
            self.snapshots[p][unit_id] = snapshot if state == ApprovalState.APPROVED else None

    def prefetch_kids(self, coverage: list[Indicator], unit_ids: list[int], periods: list[Period]) -> None:
        """The sub-units of every unit (one query per period) and the coverage inputs for all of them."""
        everyone: dict[int, None] = {}
        for p in periods:
            known = self.kids.setdefault(p, {})
            for unit_id, kids in sub_unit_ids(unit_ids, p).items():
                known[unit_id] = kids
                everyone.update(dict.fromkeys(kids))
        sources = list({code: get(code) for i in coverage for code in i.derived.inputs[:1]}.values())  # type: ignore[union-attr]
        if everyone:
            self.prefetch(sources, list(everyone), periods)

    def snapshot(self, unit_id: int, period: Period) -> dict[str, str] | None:
        known = self.snapshots.get(period)
        if known is None or unit_id not in known:
            self._approvals([unit_id], [period])
        return self.snapshots[period][unit_id]

    def state(self, unit_id: int, period: Period) -> str:
        known = self.states.get(period)
        if known is None or unit_id not in known:
            self._approvals([unit_id], [period])
        return self.states[period][unit_id]

    # -- values -----------------------------------------------------------------------------

    def value(self, ind: Indicator, unit_id: int, period: Period) -> _Value:
        column = self.columns.get((ind.code, period))
        if column is None or unit_id not in column:
            column = self.column(ind, [unit_id], period)
        return column[unit_id]

    def column(self, ind: Indicator, unit_ids: list[int], period: Period) -> Column:
        """The indicator's values for the units in the period (computed once, then cached)."""
        column = self.columns.setdefault((ind.code, period), {})
        missing = [u for u in unit_ids if u not in column]
        if missing:
            if ind.derived is not None:
                column.update(self._derived(ind, missing, period))
            else:
                column.update(self._base(ind, missing, period))
        return column

    def _base(self, ind: Indicator, unit_ids: list[int], period: Period) -> Column:
        """Counted (frozen in an approved period) else entered, for each unit."""
        out: Column = {}
        code = ind.code
        key = (code, period)
        asked = set(unit_ids)
        need: set[int] = set()
        if ind.counted is not None and not self.counted.get(key, {}).keys() >= asked:
            need |= asked - self.counted.get(key, {}).keys()
        if ind.accepts_entry and not self.entered.get(key, {}).keys() >= asked:
            need |= asked - self.entered.get(key, {}).keys()
        if need:
            self.prefetch([ind], [u for u in unit_ids if u in need], [period])
        counted = self.counted.get(key, {}) if ind.counted is not None else None
        mixed = self.mixed.get(key, {})
        entered = self.entered.get(key, {}) if ind.accepts_entry else None
        snaps = self.snapshots.get(period, {})
        if counted is not None and not asked - snaps.keys() and not any(snaps[u] for u in unit_ids):
            snaps = {}  # nothing approved among these units: no frozen value to look up
            frozen_any = False
        else:
            frozen_any = counted is not None
        for unit_id in unit_ids:
            if counted is not None:
                if frozen_any:
                    frozen = snaps.get(unit_id, _MISSING)
                    if frozen is _MISSING:
                        frozen = self.snapshot(unit_id, period)
                    if frozen is not None and code in frozen:
                        source = Source.MIXED if code in frozen.get(MIXED_KEY, ()) else Source.COUNTED
                        out[unit_id] = _Value(Decimal(frozen[code]), source)
                        continue
                found = counted.get(unit_id)
                if found is None:
                    found = engine.counted_total(ind, unit_id, period, user=self.user)
                    self.counted.setdefault(key, {})[unit_id] = found
                if found[2]:
                    extra = mixed.get(unit_id) if mixed else None
                    if extra is not None:
                        total, parts = _add_values([(found[0], found[1]), extra])
                        out[unit_id] = _Value(total, Source.MIXED, parts)
                    else:
                        out[unit_id] = _Value(found[0], Source.COUNTED, found[1])
                    continue
            if entered is not None:
                typed = entered.get(unit_id)
                if typed is not None:
                    out[unit_id] = _Value(typed[0], Source.ENTERED, typed[1])
                    continue
            out[unit_id] = _NONE
        return out

    def _derived(self, ind: Indicator, unit_ids: list[int], period: Period) -> Column:
        d = ind.derived
        assert d is not None
        out: Column = {}
        if d.op == "coverage":
            source_ind = get(d.inputs[0])
            known = self.kids.get(period, {})
            unknown = [u for u in unit_ids if u not in known]
            if unknown:
                self.prefetch_kids([ind], unknown, [period])
                known = self.kids[period]
            everyone = list(dict.fromkeys(k for u in unit_ids for k in known[u]))
            source = self.column(source_ind, everyone, period) if everyone else {}
            for unit_id in unit_ids:
                kids = known[unit_id]
                if not kids:
                    out[unit_id] = _NONE
                    continue
                done = sum(1 for k in kids if (source[k].value or ZERO) > 0)
                out[unit_id] = _Value(Decimal(done), Source.DERIVED, coverage=(done, len(kids)))
            return out
        inputs = [self.column(get(code), unit_ids, period) for code in d.inputs]
        op = d.op
        for unit_id in unit_ids:
            values = [column[unit_id].value for column in inputs]
            if op == "sum":
                present = [v for v in values if v is not None]
                out[unit_id] = _Value(sum(present, ZERO), Source.DERIVED) if present else _NONE
                continue
            a, b = values[0], values[1]
            if a is None or b is None:
                out[unit_id] = _NONE
                continue
            if op == "pair":
                out[unit_id] = _Value(a, Source.DERIVED, coverage=(int(a), int(b)))
                continue
            if op == "pct":
                result = pct(a, b)
            elif op == "ratio":
                result = (a / b).quantize(CENT, rounding=ROUND_HALF_UP) if b else None
            else:  # diff
                result = a - b
            out[unit_id] = _Value(result, Source.DERIVED) if result is not None else _NONE
        return out


def _selected(indicators: Any) -> list[Indicator]:
    if indicators is None:
        return all_indicators()
    return [i if isinstance(i, Indicator) else get(i) for i in indicators]


def _table(
    reader: _Reader,
    unit_ids: list[int],
    period: Period,
    selected: list[Indicator],
    targets: dict[int, dict[str, Decimal]],
) -> dict[int, list[FigureValue]]:
    """The figures of each unit, built column by column from the reader's caches."""
    previous = period.same_period_last_year()
    current = [reader.column(ind, unit_ids, period) for ind in selected]
    last = [reader.column(ind, unit_ids, previous) for ind in selected]
    states = reader.states.get(period, {})
    make = FigureValue.fast
    out: dict[int, list[FigureValue]] = {}
    for unit_id in unit_ids:
        approval = states.get(unit_id) or reader.state(unit_id, period)
        own_targets = targets.get(unit_id, {})
        row = []
        for k, ind in enumerate(selected):
            v = current[k][unit_id]
            target = own_targets.get(ind.code)
            row.append(
                make(
                    ind,
                    unit_id,
                    period,
                    v.value,
                    v.source,
                    v.breakdown,
                    v.coverage,
                    target,
                    pct(v.value, target) if target is not None else None,
                    last[k][unit_id].value,
                    approval,
                )
            )
        out[unit_id] = row
    return out


def unit_figures(unit: Unit, period: Period, *, user: Any = None, indicators: Any = None) -> list[FigureValue]:
    """Every (or the chosen) indicator's value for the unit and period, in catalogue order."""
    reader = _Reader(user)
    selected = _selected(indicators)
    reader.prefetch(selected, [unit.pk], [period, period.same_period_last_year()])
    return _table(reader, [unit.pk], period, selected, _targets([unit.pk], period, selected))[unit.pk]


def sub_unit_figures(
    unit: Unit, period: Period, *, user: Any = None, indicators: Any = None
) -> list[tuple[Unit, list[FigureValue]]]:
    """The unit's children valid at the period's end, each with its figures. The number of
    queries does not grow with the number of children (one grouped query per kind of source
    for all of them, this period and last year's together)."""
    reader = _Reader(user)
    selected = _selected(indicators)
    kids = sub_units(unit, period)
    if not kids:
        return []
    ids = [k.pk for k in kids]
    reader.prefetch(selected, ids, [period, period.same_period_last_year()])
    table = _table(reader, ids, period, selected, _targets(ids, period, selected))
    return [(kid, table[kid.pk]) for kid in kids]


def _targets(unit_ids: list[int], period: Period, selected: list[Indicator]) -> dict[int, dict[str, Decimal]]:
    out: dict[int, dict[str, Decimal]] = {}
    rows = Target.objects.filter(unit_id__in=unit_ids, period=period.code, indicator__in=[i.code for i in selected])
    for unit_id, code, value in rows.values_list("unit_id", "indicator", "value"):
        out.setdefault(unit_id, {})[code] = value
    return out


def word_targets(unit: Unit, period: Period) -> list[str]:
    """Targets that are words only, from every app that keeps them."""
    texts: list[str] = []
    for provider in word_target_providers():
        texts.extend(provider(unit, period))
    return texts


def record_list_url(ind: Indicator, unit: Unit, period: Period) -> str:
    """The list of records `ind` counts, filtered to the unit and period (the list applies
    the user's scope itself); "" when the indicator is not counted or has no list screen."""
    c = ind.counted
    if c is None:
        return ""
    from phongthu.core.crud import config_for

    config = config_for(engine.model_of(c))
    if config is None:
        return ""
    params: dict[str, Any] = {}
    filters = set(getattr(config, "filter_fields", ()) or ())
    unit_filter = next((f for f in (c.unit_field, "unit") if f in filters), None)
    params["within" if unit_filter is None else unit_filter] = unit.pk
    if c.list_params is not None:
        params.update(c.list_params(period))
    elif c.year_field and c.year_field in filters and period.kind.value == "year":
        params[c.year_field] = period.start.year
    return f"{config.list_url()}?{urlencode(params)}"


def approval_state(unit: Unit, period: Period) -> str:
    return str(
        Approval.objects.filter(unit_id=unit.pk, period=period.code).values_list("state", flat=True).first()
        or ApprovalState.OPEN
    )
