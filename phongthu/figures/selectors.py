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
from phongthu.units.models import UnitScope

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

    @property
    def source_label(self) -> str:
        from phongthu.figures.registry import SOURCE_LABELS

        return SOURCE_LABELS[self.source] if self.source else ""

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


_NONE = _Value(None, None)  # no value (shared: never mutated; FigureValue copies the breakdown)


def sub_units(unit: Unit, period: Period) -> list[Unit]:
    """The unit's children on the period's last day: a Ban CHPTKV's communes in the military
    tree, any other unit's in the civil tree (else the military one)."""
    if unit.level == "REGION":
        return list(unit_selectors.children(unit, on=period.end, hierarchy=Hierarchy.MILITARY))
    kids = list(unit_selectors.children(unit, on=period.end))
    if not kids:
        kids = list(unit_selectors.children(unit, on=period.end, hierarchy=Hierarchy.MILITARY))
    return kids


def _entered(ind: Indicator, unit_id: int, period: Period, user: Any) -> tuple[Decimal, dict[str, Decimal]] | None:
    rows = EnteredValue.objects.filter(indicator=ind.code)
    if user is not None:
        rows = rows.restrict(user, scoping.VIEW)
    rows = rows.filter(period_end=period.end) if ind.stock else rows.filter(period=period.code)
    own = list(rows.filter(unit_id=unit_id).values_list("option", "value"))
    if not own:
        own = list(
            rows.filter(unit_id__in=engine.reach_ids(unit_id)).exclude(unit_id=unit_id).values_list("option", "value")
        )
    if not own:
        return None
    breakdown: dict[str, Decimal] = {}
    total: Decimal | None = None
    for option, value in own:
        if option:
            breakdown[option] = breakdown.get(option, ZERO) + value
        else:
            total = (total or ZERO) + value
    if total is None:
        total = sum(breakdown.values(), ZERO)
    return total, breakdown


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


def _entered_many(
    indicators: list[Indicator],
    unit_ids: list[int],
    periods: list[Period],
    mapping: dict[int, list[int]],
    user: Any,
) -> dict[tuple[str, int, Period], tuple[Decimal, dict[str, Decimal]] | None]:
    """`_entered` for many indicators, units and periods in one query (flows by period code,
    stocks by the period's end). `user=None` when no scope filter is needed."""
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
        unit_id__in=UnitScope.objects.filter(ancestor_id__in=unit_ids).values("descendant_id"),
    )
    if user is not None:
        rows = rows.restrict(user, scoping.VIEW)
    stock_codes = set(stocks)
    own: dict[tuple[str, int, Period], list[tuple[str, Decimal]]] = {}
    below: dict[tuple[str, int, Period], list[tuple[str, Decimal]]] = {}
    for code, raw_unit, option, value, row_period, row_end in rows.values_list(
        "indicator", "unit_id", "option", "value", "period", "period_end"
    ):
        owners = mapping.get(raw_unit, ())
        for p in by_end.get(row_end, ()) if code in stock_codes else by_code.get(row_period, ()):
            for unit_id in owners:
                target = own if raw_unit == unit_id else below
                target.setdefault((code, unit_id, p), []).append((option, value))
    out: dict[tuple[str, int, Period], tuple[Decimal, dict[str, Decimal]] | None] = {}
    for p in periods:
        for ind in indicators:
            for unit_id in unit_ids:
                key = (ind.code, unit_id, p)
                found = own.get(key) or below.get(key)
                out[key] = _fold(found) if found else None
    return out


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


class _Reader:
    """Computes values for one user, caching per (indicator, unit, period); `prefetch` fills
    the caches for many units and periods with a bounded number of queries whatever the number
    of units (sub-units side by side): one grouped query over the maintained aggregates for
    every period, one for entered values, one for approvals, one per live counted indicator and
    period, and for coverage indicators one per period for the units' own sub-units."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.cache: dict[tuple[str, int, Period], _Value] = {}
        self.counted: dict[tuple[str, int, Period], tuple[Decimal, dict[str, Decimal], bool]] = {}
        self.entered: dict[tuple[str, int, Period], tuple[Decimal, dict[str, Decimal]] | None] = {}
        self.snapshots: dict[tuple[int, Period], dict[str, str] | None] = {}
        self.states: dict[tuple[int, Period], str] = {}
        self.kids: dict[tuple[int, Period], list[int]] = {}
        self.maps: dict[tuple[int, ...], dict[int, list[int]]] = {}

    def snapshot(self, unit_id: int, period: Period) -> dict[str, str] | None:
        key = (unit_id, period)
        found = self.snapshots.get(key, _MISSING)
        if found is _MISSING:
            row = Approval.objects.filter(unit_id=unit_id, period=period.code, state=ApprovalState.APPROVED).first()
            found = self.snapshots[key] = row.snapshot if row is not None else None
        return found  # type: ignore[no-any-return]

    def state(self, unit_id: int, period: Period) -> str:
        key = (unit_id, period)
        if key not in self.states:
            self.states[key] = str(
                Approval.objects.filter(unit_id=unit_id, period=period.code).values_list("state", flat=True).first()
                or ApprovalState.OPEN
            )
        return self.states[key]

    def prefetch(self, indicators: list[Indicator], unit_ids: list[int], periods: Period | list[Period]) -> None:
        """Fill the caches of `indicators` (and their inputs) for the units and periods."""
        many = [periods] if isinstance(periods, Period) else list(dict.fromkeys(periods))
        if not unit_ids or not many:
            return
        wanted = _with_inputs(indicators)
        by_code = {p.code: p for p in many}
        for unit_id in unit_ids:
            for p in many:
                self.snapshots[(unit_id, p)] = None
                self.states[(unit_id, p)] = str(ApprovalState.OPEN)
        rows = Approval.objects.filter(unit_id__in=unit_ids, period__in=list(by_code))
        for unit_id, code, state, snapshot in rows.values_list("unit_id", "period", "state", "snapshot"):
            p = by_code[code]
            self.states[(unit_id, p)] = str(state)
            self.snapshots[(unit_id, p)] = snapshot if state == ApprovalState.APPROVED else None
        key = tuple(unit_ids)
        if key not in self.maps:
            self.maps[key] = engine.reach_map(unit_ids)
        mapping = self.maps[key]
        # Rows attributed to units of the reach: no scope filter when the user's scope holds it all.
        holds = _scope_holds(self.user, mapping)
        counted = [i for i in wanted if i.counted is not None]
        if counted:
            found = engine.counted_bulk(counted, unit_ids, many, mapping, user=self.user, scope_buckets=not holds)
            for p, per_code in found.items():
                for code, per_unit in per_code.items():
                    for unit_id, value in per_unit.items():
                        self.counted[(code, unit_id, p)] = value
        entry = [i for i in wanted if i.accepts_entry]
        if entry:
            self.entered.update(_entered_many(entry, unit_ids, many, mapping, None if holds else self.user))
        coverage = [i for i in wanted if i.derived is not None and i.derived.op == "coverage"]
        if coverage:
            self.prefetch_kids(coverage, unit_ids, many)

    def prefetch_kids(self, coverage: list[Indicator], unit_ids: list[int], periods: list[Period]) -> None:
        """The sub-units of every unit (one query per period) and the coverage inputs for all of them."""
        everyone: dict[int, None] = {}
        for p in periods:
            for unit_id, kids in sub_unit_ids(unit_ids, p).items():
                self.kids[(unit_id, p)] = kids
                everyone.update(dict.fromkeys(kids))
        if everyone:
            sources = list({code: get(code) for i in coverage for code in i.derived.inputs[:1]}.values())  # type: ignore[union-attr]
            self.prefetch(sources, list(everyone), periods)

    def value(self, ind: Indicator, unit_id: int, period: Period) -> _Value:
        key = (ind.code, unit_id, period)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self._compute(ind, unit_id, period, key)
        return found

    def _compute(self, ind: Indicator, unit_id: int, period: Period, key: tuple[str, int, Period]) -> _Value:
        if ind.derived is not None:
            return self._derived(ind, unit_id, period)
        if ind.counted is not None:
            frozen = self.snapshot(unit_id, period)
            if frozen is not None and ind.code in frozen:
                return _Value(Decimal(frozen[ind.code]), Source.COUNTED)
            counted = self.counted.get(key)
            if counted is None:
                counted = self.counted[key] = engine.counted_total(ind, unit_id, period, user=self.user)
            if counted[2]:
                return _Value(counted[0], Source.COUNTED, counted[1])
        if ind.accepts_entry:
            entered = self.entered.get(key, _MISSING)
            if entered is _MISSING:
                entered = self.entered[key] = _entered(ind, unit_id, period, self.user)
            if entered is not None:
                return _Value(entered[0], Source.ENTERED, entered[1])
        return _NONE

    def _derived(self, ind: Indicator, unit_id: int, period: Period) -> _Value:
        d = ind.derived
        assert d is not None
        if d.op == "coverage":
            source_ind = get(d.inputs[0])
            kids = self.kids.get((unit_id, period))
            if kids is None:
                self.prefetch_kids([ind], [unit_id], [period])
                kids = self.kids[(unit_id, period)]
            if not kids:
                return _NONE
            done = sum(1 for k in kids if (self.value(source_ind, k, period).value or ZERO) > 0)
            return _Value(Decimal(done), Source.DERIVED, coverage=(done, len(kids)))
        values = [self.value(get(code), unit_id, period).value for code in d.inputs]
        if d.op == "sum":
            present = [v for v in values if v is not None]
            return _Value(sum(present, ZERO) if present else None, Source.DERIVED if present else None)
        a, b = values[0], values[1]
        if a is None or b is None:
            return _NONE
        if d.op == "pair":
            return _Value(a, Source.DERIVED, coverage=(int(a), int(b)))
        if d.op == "pct":
            result = pct(a, b)
        elif d.op == "ratio":
            result = (a / b).quantize(CENT, rounding=ROUND_HALF_UP) if b else None
        else:  # diff
            result = a - b
        return _Value(result, Source.DERIVED if result is not None else None)


def _selected(indicators: Any) -> list[Indicator]:
    if indicators is None:
        return all_indicators()
    return [i if isinstance(i, Indicator) else get(i) for i in indicators]


def _figures(
    reader: _Reader,
    unit_id: int,
    period: Period,
    selected: list[Indicator],
    targets: dict[str, Decimal],
    previous_period: Period,
) -> list[FigureValue]:
    """The unit's figures from the reader's caches (filled beforehand by `prefetch`)."""
    approval = reader.state(unit_id, period)
    value = reader.value
    out = []
    for ind in selected:
        current = value(ind, unit_id, period)
        target = targets.get(ind.code)
        out.append(
            FigureValue(
                ind,
                unit_id,
                period,
                current.value,
                current.source,
                current.breakdown,
                current.coverage,
                target,
                pct(current.value, target) if target is not None else None,
                value(ind, unit_id, previous_period).value,
                approval,
            )
        )
    return out


def unit_figures(unit: Unit, period: Period, *, user: Any = None, indicators: Any = None) -> list[FigureValue]:
    """Every (or the chosen) indicator's value for the unit and period, in catalogue order."""
    reader = _Reader(user)
    selected = _selected(indicators)
    previous = period.same_period_last_year()
    reader.prefetch(selected, [unit.pk], [period, previous])
    targets = _targets([unit.pk], period, selected).get(unit.pk, {})
    return _figures(reader, unit.pk, period, selected, targets, previous)


def sub_unit_figures(
    unit: Unit, period: Period, *, user: Any = None, indicators: Any = None
) -> list[tuple[Unit, list[FigureValue]]]:
    """The unit's children valid at the period's end, each with its figures. The number of
    queries does not grow with the number of children (one grouped query per kind of source
    for all of them, this period and last year's together)."""
    reader = _Reader(user)
    selected = _selected(indicators)
    kids = sub_units(unit, period)
    ids = [k.pk for k in kids]
    previous = period.same_period_last_year()
    reader.prefetch(selected, ids, [period, previous])
    targets = _targets(ids, period, selected) if ids else {}
    return [(kid, _figures(reader, kid.pk, period, selected, targets.get(kid.pk, {}), previous)) for kid in kids]


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
