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
    indicators: list[Indicator], unit_ids: list[int], period: Period, mapping: dict[int, list[int]], user: Any
) -> dict[tuple[str, int], tuple[Decimal, dict[str, Decimal]] | None]:
    """`_entered` for many indicators and units: two queries (flows by period, stocks by end)."""
    from django.db.models import Q

    flows = [i.code for i in indicators if not i.stock]
    stocks = [i.code for i in indicators if i.stock]
    rows = EnteredValue.objects.filter(
        Q(indicator__in=flows, period=period.code) | Q(indicator__in=stocks, period_end=period.end),
        unit_id__in=UnitScope.objects.filter(ancestor_id__in=unit_ids).values("descendant_id"),
    )
    if user is not None:
        rows = rows.restrict(user, scoping.VIEW)
    own: dict[tuple[str, int], list[tuple[str, Decimal]]] = {}
    below: dict[tuple[str, int], list[tuple[str, Decimal]]] = {}
    for code, raw_unit, option, value in rows.values_list("indicator", "unit_id", "option", "value"):
        for unit_id in mapping.get(raw_unit, ()):
            target = own if raw_unit == unit_id else below
            target.setdefault((code, unit_id), []).append((option, value))
    out: dict[tuple[str, int], tuple[Decimal, dict[str, Decimal]] | None] = {}
    for ind in indicators:
        for unit_id in unit_ids:
            found = own.get((ind.code, unit_id)) or below.get((ind.code, unit_id))
            out[(ind.code, unit_id)] = _fold(found) if found else None
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


class _Reader:
    """Computes values for one user, caching per (indicator, unit, period); `prefetch` fills
    the caches for many units with one query per indicator (sub-units side by side)."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.cache: dict[tuple[str, int, Period], _Value] = {}
        self.counted: dict[tuple[str, int, Period], tuple[Decimal, dict[str, Decimal], bool]] = {}
        self.entered: dict[tuple[str, int, Period], tuple[Decimal, dict[str, Decimal]] | None] = {}
        # Keys hold the period's dates: hashing the dataclass itself costs more at this volume.
        self.snapshots: dict[tuple[int, Any, Any], dict[str, str] | None] = {}
        self.maps: dict[tuple[int, ...], dict[int, list[int]]] = {}

    def snapshot(self, unit_id: int, period: Period) -> dict[str, str] | None:
        key = (unit_id, period.start, period.end)
        if key not in self.snapshots:
            row = Approval.objects.filter(unit_id=unit_id, period=period.code, state=ApprovalState.APPROVED).first()
            self.snapshots[key] = row.snapshot if row is not None else None
        return self.snapshots[key]

    def prefetch(self, indicators: list[Indicator], unit_ids: list[int], period: Period) -> None:
        if not unit_ids:
            return
        wanted = _with_inputs(indicators)
        approved = dict(
            Approval.objects.filter(unit_id__in=unit_ids, period=period.code, state=ApprovalState.APPROVED).values_list(
                "unit_id", "snapshot"
            )
        )
        for unit_id in unit_ids:
            self.snapshots[(unit_id, period.start, period.end)] = approved.get(unit_id)
        key = tuple(unit_ids)
        if key not in self.maps:
            self.maps[key] = engine.reach_map(unit_ids)
        mapping = self.maps[key]
        for code, many in engine.counted_bulk(wanted, unit_ids, period, mapping, user=self.user).items():
            for unit_id, counted in many.items():
                self.counted[(code, unit_id, period)] = counted
        entry = [i for i in wanted if i.accepts_entry]
        if entry:
            for (code, unit_id), found in _entered_many(entry, unit_ids, period, mapping, self.user).items():
                self.entered[(code, unit_id, period)] = found

    def value(self, ind: Indicator, unit_id: int, period: Period) -> _Value:
        key = (ind.code, unit_id, period)
        if key not in self.cache:
            self.cache[key] = self._compute(ind, unit_id, period)
        return self.cache[key]

    def _compute(self, ind: Indicator, unit_id: int, period: Period) -> _Value:
        if ind.derived is not None:
            return self._derived(ind, unit_id, period)
        frozen = self.snapshot(unit_id, period)
        if frozen is not None and ind.code in frozen and ind.counted is not None:
            return _Value(Decimal(frozen[ind.code]), Source.COUNTED)
        key = (ind.code, unit_id, period)
        if ind.counted is not None:
            if key not in self.counted:
                self.counted[key] = engine.counted_total(ind, unit_id, period, user=self.user)
            total, breakdown, exists = self.counted[key]
            if exists:
                return _Value(total, Source.COUNTED, breakdown)
        if ind.accepts_entry:
            if key not in self.entered:
                self.entered[key] = _entered(ind, unit_id, period, self.user)
            entered = self.entered[key]
            if entered is not None:
                return _Value(entered[0], Source.ENTERED, entered[1])
        return _Value(None, None)

    def _derived(self, ind: Indicator, unit_id: int, period: Period) -> _Value:
        d = ind.derived
        assert d is not None
        if d.op == "coverage":
            from phongthu.units.models import Unit

            unit = Unit.objects.get(pk=unit_id)
            kids = sub_units(unit, period)
            source_ind = get(d.inputs[0])
            self.prefetch([source_ind], [k.pk for k in kids], period)
            done = sum(1 for k in kids if (self.value(source_ind, k.pk, period).value or ZERO) > 0)
            if not kids:
                return _Value(None, None)
            return _Value(Decimal(done), Source.DERIVED, coverage=(done, len(kids)))
        values = [self.value(get(code), unit_id, period).value for code in d.inputs]
        if d.op == "sum":
            present = [v for v in values if v is not None]
            return _Value(sum(present, ZERO) if present else None, Source.DERIVED if present else None)
        a, b = values[0], values[1]
        if a is None or b is None:
            return _Value(None, None)
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
    targets: dict[str, Decimal] | None = None,
    state: str | None = None,
) -> list[FigureValue]:
    if targets is None:
        targets = _targets([unit_id], period, selected).get(unit_id, {})
        state = Approval.objects.filter(unit_id=unit_id, period=period.code).values_list("state", flat=True).first()
    approval = state or ApprovalState.OPEN
    previous_period = period.same_period_last_year()
    out = []
    for ind in selected:
        current = reader.value(ind, unit_id, period)
        target = targets.get(ind.code)
        out.append(
            FigureValue(
                indicator=ind,
                unit_id=unit_id,
                period=period,
                value=current.value,
                source=current.source,
                breakdown=current.breakdown,
                coverage=current.coverage,
                target=target,
                achieved_pct=pct(current.value, target),
                previous=reader.value(ind, unit_id, previous_period).value,
                approval=str(approval),
            )
        )
    return out


def unit_figures(unit: Unit, period: Period, *, user: Any = None, indicators: Any = None) -> list[FigureValue]:
    """Every (or the chosen) indicator's value for the unit and period, in catalogue order."""
    reader = _Reader(user)
    selected = _selected(indicators)
    reader.prefetch(selected, [unit.pk], period)
    reader.prefetch(selected, [unit.pk], period.same_period_last_year())
    return _figures(reader, unit.pk, period, selected)


def sub_unit_figures(
    unit: Unit, period: Period, *, user: Any = None, indicators: Any = None
) -> list[tuple[Unit, list[FigureValue]]]:
    """The unit's children valid at the period's end, each with its figures."""
    reader = _Reader(user)
    selected = _selected(indicators)
    kids = sub_units(unit, period)
    ids = [k.pk for k in kids]
    reader.prefetch(selected, ids, period)
    reader.prefetch(selected, ids, period.same_period_last_year())
    targets = _targets(ids, period, selected)
    states = dict(Approval.objects.filter(unit_id__in=ids, period=period.code).values_list("unit_id", "state"))
    return [
        (kid, _figures(reader, kid.pk, period, selected, targets.get(kid.pk, {}), states.get(kid.pk))) for kid in kids
    ]


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
