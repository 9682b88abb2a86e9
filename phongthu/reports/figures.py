"""The report's reading of the figures engine (phongthu.figures, contract in
briefs/figures-contract.md): the appendix table (this period, the same period last year, the
target, % achieved, by sub-unit) and one comparison sentence per figure that has something to
compare with. Values are formatted the Vietnamese way here; the engine gives Decimals."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from phongthu.core.periods import Period
from phongthu.figures import selectors as engine_selectors
from phongthu.reports import wording as w

if TYPE_CHECKING:
    from phongthu.reports.selectors import AppendixRow
    from phongthu.units.models import Unit

SOURCE_WORDS = {
    "counted": "từ sổ sách",
    "entered": "nhập tổng hợp",
    "derived": "tính toán",
    "mixed": "hỗn hợp: từ sổ sách và nhập tổng hợp",
}


def _engine() -> Any:
    return engine_selectors


@dataclass
class Figures:
    available: bool
    values: list[Any] = field(default_factory=list)  # FigureValue of the unit
    rows: list[AppendixRow] = field(default_factory=list)


def value_text(value: Decimal | None, measure: str, coverage: tuple[int, int] | None = None) -> str:
    if coverage is not None:
        return w.ratio(*coverage)
    if value is None:
        return ""
    return w.pct(value) if measure == "%" else w.number(value)


def figures_for(unit: Unit, period: Period, *, user: Any = None, children: Iterable[Unit] = ()) -> Figures:
    from phongthu.reports.selectors import AppendixRow

    engine = _engine()
    if engine is None:
        return Figures(available=False)
    values = list(engine.unit_figures(unit, period, user=user))
    kept = [
        fv
        for fv in values
        if not (fv.value is None and fv.previous is None and fv.target is None and fv.coverage is None)
    ]
    # Sub-units only for the indicators the unit has something for (the rest are left out).
    by_child: list[tuple[Any, list[Any]]] = []
    if children and kept:
        by_child = list(engine.sub_unit_figures(unit, period, user=user, indicators=[fv.indicator.code for fv in kept]))
    columns = [{fv.indicator.code: fv for fv in vals} for _, vals in by_child]
    rows: list[AppendixRow] = []
    for fv in kept:
        ind = fv.indicator
        subs = []
        for column in columns:
            child = column.get(ind.code)
            subs.append(value_text(child.value, ind.measure, child.coverage) if child is not None else "")
        rows.append(
            AppendixRow(
                number=len(rows) + 1,
                code=ind.code,
                label=ind.label,
                measure=ind.measure,
                value=value_text(fv.value, ind.measure, fv.coverage),
                previous=value_text(fv.previous, ind.measure),
                target=value_text(fv.target, ind.measure),
                achieved=w.pct(fv.achieved_pct) if fv.achieved_pct is not None else "",
                source=SOURCE_WORDS.get(str(fv.source or ""), ""),
                by_sub_unit=tuple(subs),
            )
        )
    return Figures(available=True, values=values, rows=rows)


def word_targets(unit: Unit, period: Period) -> list[str]:
    return list(_engine().word_targets(unit, period))


def comparison_sentences(values: Iterable[Any], period: Period) -> list[tuple[int, str]]:
    """ "Số người được bồi dưỡng kiến thức QP-AN: 128 người, tăng 5% so với năm 2018, đạt 104% chỉ tiêu" —
    only for figures with a value and something to compare it with (last year or a target)."""
    previous_label = period.same_period_last_year().label
    out = []
    for fv in values:
        ind = fv.indicator
        if fv.value is None or (fv.previous is None and fv.target is None and fv.coverage is None):
            continue
        if not fv.value and not fv.previous and fv.target is None:
            continue  # nought this year and last: nothing to report
        if ind.sentence:
            text = ind.sentence.format(value=value_text(fv.value, ind.measure, fv.coverage), unit_label=ind.measure)
        elif fv.coverage is not None:
            text = f"{ind.label}: {w.ratio(*fv.coverage)}"
        else:
            measure = "" if ind.measure == "%" else f" {ind.measure}"
            text = f"{ind.label}: {value_text(fv.value, ind.measure)}{measure}"
        parts = [text]
        if fv.previous is not None:
            parts.append(w.comparison(fv.value, fv.previous, previous_label))
        if fv.target is not None:
            achieved = fv.achieved_pct if fv.achieved_pct is not None else w.percent_of(fv.value, fv.target)
            parts.append(f"đạt {w.pct(achieved)} chỉ tiêu" if achieved is not None else "")
        out.append((int(ind.section), w.join(parts)))
    return out
