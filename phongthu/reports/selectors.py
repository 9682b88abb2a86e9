"""The year's review report of a unit for a period, as ONE typed data object: the DOCX, the PDF,
the HTML preview and the year view all read `review_report()`.

Sources, all read through selectors: the figures engine (every indicator's value, last year's,
the target and % achieved, by sub-unit) for the appendix and the comparison sentences; the
records of activities for the generated sentences, statements, targets and awards; the staff's
paragraphs (`ReportNarrative`); the template of the unit's level; the map of the period (the
sub-units valid on the period's last day, or the unit's last day if it ended earlier).
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from django.db.models import Q

from phongthu.core.authority import Office
from phongthu.core.docx import vn_date
from phongthu.core.periods import Period, PeriodKind
from phongthu.core.text import search_key
from phongthu.figures import selectors as figure_selectors
from phongthu.figures.models import ApprovalState
from phongthu.reports import figures as fig
from phongthu.reports import wording as w
from phongthu.reports.models import ApprovedReportContent, IssuedReport, ReportNarrative
from phongthu.reports.sections import ROMAN, Section
from phongthu.reports.sentences import AwardLine, narrate
from phongthu.reports.templates_default import DEFAULTS, Template, template_for, template_level
from phongthu.units import selectors as unit_selectors
from phongthu.units.choices import Hierarchy, Level
from phongthu.units.models import OfficeHolder, Unit


@dataclass(frozen=True)
class ReportSection:
    number: int  # 1..17: the design's section
    title: str
    sentences: tuple[str, ...] = ()  # generated from records and figures
    paragraphs: tuple[str, ...] = ()  # written by staff
    statements: tuple[str, ...] = ()  # statements recorded for the unit and period
    targets: tuple[str, ...] = ()  # targets and tasks, in their words

    @property
    def empty(self) -> bool:
        return not (self.sentences or self.paragraphs or self.statements or self.targets)

    @property
    def body(self) -> tuple[str, ...]:
        return (*self.paragraphs, *self.sentences, *self.statements)


@dataclass(frozen=True)
class AppendixRow:
    number: int
    code: str
    label: str
    measure: str
    value: str
    previous: str
    target: str
    achieved: str
    source: str
    by_sub_unit: tuple[str, ...] = ()
    comparison: str = ""  # "tăng 5% so với năm 2018" (the year view's column; the sentences say it too)


@dataclass(frozen=True)
class ReviewReport:
    unit: Unit
    period: Period
    map_date: datetime.date
    level: str
    issuing_body: str
    parent_body: str
    symbol: str
    seq: int | None
    place: str
    date: datetime.date
    doc_type: str
    title: str
    opening: str
    closing: str
    sections: tuple[ReportSection, ...]
    sub_units: tuple[Unit, ...]
    appendix: tuple[AppendixRow, ...]
    awards: tuple[AwardLine, ...]
    signer_authority: str
    signer_title: str
    signer_name: str
    recipients: tuple[str, ...]
    draft: bool
    template: Template
    figures_available: bool = True
    notes: tuple[str, ...] = field(default=())
    approval: str = ApprovalState.OPEN  # the figures' state for the unit and period (figures' approval)

    @property
    def figures_frozen(self) -> bool:
        """Approved figures: the report states what it generated when they were approved."""
        return self.approval == ApprovalState.APPROVED

    @property
    def approval_label(self) -> str:
        return str(ApprovalState(self.approval).label) if self.approval in ApprovalState.values else self.approval

    @property
    def number(self) -> str:
        return f"Số: {self.seq:02d}/{self.symbol}" if self.seq else f"Số:      /{self.symbol}"

    @property
    def place_date(self) -> str:
        return f"{self.place}, {vn_date(self.date)}"

    @property
    def numbered_sections(self) -> list[tuple[str, ReportSection]]:
        """The sections with something to say, numbered I, II, … in order (empty ones left out)."""
        present = [s for s in self.sections if not s.empty]
        return [(ROMAN[i], s) for i, s in enumerate(present)]

    @property
    def filename(self) -> str:
        return f"Báo cáo tổng kết {self.period.label} - {self.unit.name}"


def map_date(unit: Unit, period: Period) -> datetime.date:
    """The day whose map the report speaks of: the period's last day, or the unit's last."""
    day = period.end
    if unit.valid_to and unit.valid_to < day:
        day = unit.valid_to
    if unit.valid_from and unit.valid_from > day:
        day = unit.valid_from
    return day


def _bare_name(unit: Unit) -> str:
    """ "Quận Dương Kinh" → "Dương Kinh" (the place line names the locality)."""
    if unit.short_name:
        return unit.short_name
    label = str(unit.get_kind_display())
    name = unit.name
    return name[len(label) :].strip() if name.lower().startswith(label.lower()) else name


def _signer(unit: Unit, day: datetime.date) -> str:
    holder = (
        OfficeHolder.objects.filter(unit=unit, office=Office.MC_COMMANDER, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )
    return holder.full_name if holder else ""


def _sub_kind(children: list[Unit]) -> str:
    kinds: dict[str, int] = {}
    for c in children:
        label = str(c.get_kind_display()).lower()
        kinds[label] = kinds.get(label, 0) + 1
    return ", ".join(sorted(kinds, key=lambda k: -kinds[k])) or "xã, phường"


def _context_sentences(unit: Unit, period: Period, children: list[Unit], day: datetime.date) -> list[str]:
    out = []
    if children:
        counts: dict[str, int] = {}
        for c in children:
            label = str(c.get_kind_display()).lower()
            counts[label] = counts.get(label, 0) + 1
        parts = [f"{w.count(n)} {k}" for k, n in sorted(counts.items(), key=lambda kv: -kv[1])]
        out.append(w.sentence(f"Tính đến ngày {day:%d/%m/%Y}, {_running(unit.name)} có {w.join(parts)} trực thuộc"))
    preds = list(unit_selectors.predecessors(unit))
    if preds and unit.valid_from and unit.valid_from > period.start:
        names = ", ".join(p.name for p in preds)
        out.append(
            w.sentence(
                f"{unit.name} được thành lập từ ngày {unit.valid_from:%d/%m/%Y} trên cơ sở {names}; số liệu "
                f"trước ngày {unit.valid_from:%d/%m/%Y} gồm kết quả của các đơn vị này"
            )
        )
    return out


@dataclass(frozen=True)
class Generated:
    """What the report generates from records and figures (everything but the staff's words and
    the document's frame): per section (sentences, statements, targets), the appendix, the
    awards and the sub-units of the map. Frozen as it stood when the period was approved."""

    sections: dict[int, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]
    appendix: tuple[AppendixRow, ...]
    awards: tuple[AwardLine, ...]
    sub_units: tuple[Unit, ...]
    figures_available: bool = True

    def as_json(self) -> dict[str, Any]:
        return {
            "sections": {str(k): [list(part) for part in v] for k, v in self.sections.items()},
            "appendix": [asdict(row) for row in self.appendix],
            "awards": [asdict(a) for a in self.awards],
            "sub_units": [u.pk for u in self.sub_units],
            "figures_available": self.figures_available,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Generated:
        ids = list(data.get("sub_units", []))
        by_id = Unit.objects.in_bulk(ids)
        return cls(
            sections={int(k): (tuple(v[0]), tuple(v[1]), tuple(v[2])) for k, v in data.get("sections", {}).items()},
            appendix=tuple(
                AppendixRow(**{**row, "by_sub_unit": tuple(row.get("by_sub_unit", ()))})
                for row in data.get("appendix", [])
            ),
            awards=tuple(AwardLine(**a) for a in data.get("awards", [])),
            sub_units=tuple(by_id[i] for i in ids if i in by_id),
            figures_available=bool(data.get("figures_available", True)),
        )


def generate(unit: Unit, period: Period, *, user: Any = None, day: datetime.date | None = None) -> Generated:
    """The report's generated content from the live records and the figures engine."""
    day = day or map_date(unit, period)
    children = list(unit_selectors.children(unit, on=day))
    if not children:
        children = list(unit_selectors.children(unit, on=day, hierarchy=Hierarchy.MILITARY))
    told = narrate(unit, period, user=user, sub_kind=_sub_kind(children))
    figures = fig.figures_for(unit, period, user=user, children=children)
    for number, text in fig.comparison_sentences(figures.values, period):
        told.say(number, text)
    stated = [search_key(t) for t in told.targets.get(Section.DIRECTIONS, [])]
    for text in fig.word_targets(unit, period):
        if not any(search_key(text) in known for known in stated):
            told.targets[Section.DIRECTIONS].append(w.sentence(text))
    context = _context_sentences(unit, period, children, day)
    sections = {}
    for s in Section:
        sentences = list(told.sentences.get(s.value, []))
        if s == Section.CONTEXT:
            sentences = context + sentences
        parts = (tuple(sentences), tuple(told.statements.get(s.value, [])), tuple(told.targets.get(s.value, [])))
        if any(parts):
            sections[s.value] = parts
    return Generated(
        sections=sections,
        appendix=_with_comparisons(figures.rows, figures.values, period),
        awards=tuple(told.awards),
        sub_units=tuple(children),
        figures_available=figures.available,
    )


def frozen_content(unit: Unit, period: Period) -> Generated | None:
    """The content kept when the unit's figures for the period were approved (None: live)."""
    row = ApprovedReportContent.objects.filter(unit=unit, period=period.code).first()
    return Generated.from_json(row.content) if row is not None else None


def review_report(
    unit: Unit, period: Period, *, user: Any = None, on: datetime.date | None = None, issued: IssuedReport | None = None
) -> ReviewReport:
    """The report of `unit` for `period`; `user` limits every read to their scope (None: an
    authorised caller such as a command). `issued` gives the number and date of an issued report;
    without it the report is a draft ("Dự thảo", number left blank)."""
    day = map_date(unit, period)
    template = template_for(unit)
    civil_parent = unit_selectors.parents(unit, on=day).get(Hierarchy.CIVIL)
    # In running text the kind word is lower case ("Ban Chỉ huy quân sự quận Dương Kinh").
    names = {
        "unit": _running(unit.name),
        "parent": _running(civil_parent.name) if civil_parent else "",
        "period": period.label,
    }
    # The unit's own name for its military body wins over the level's default pattern.
    if unit.military_name and template.issuing_body == DEFAULTS[template_level(unit)].issuing_body:
        issuing = unit.military_name
    else:
        issuing = template.issuing_body.format(**names)
    approval = figure_selectors.approval_state(unit, period)
    generated = frozen_content(unit, period) if approval == ApprovalState.APPROVED else None
    if generated is None:
        generated = generate(unit, period, user=user, day=day)
    children = list(generated.sub_units)
    narratives = ReportNarrative.objects.filter(unit=unit, period=period.code).order_by("section")
    written: dict[int, tuple[str, ...]] = {n.section: tuple(n.paragraphs()) for n in narratives}
    sections = []
    for s in Section:
        told = generated.sections.get(s.value, ((), (), ()))
        sections.append(
            ReportSection(
                number=s.value,
                title=str(s.label),
                sentences=told[0],
                paragraphs=written.get(s.value, ()),
                statements=told[1],
                targets=told[2],
            )
        )
    kind = period.kind
    doc_title = template.title.format(**names)
    if kind in (PeriodKind.HALF, PeriodKind.QUARTER, PeriodKind.MONTH) and doc_title.startswith("Tổng kết"):
        doc_title = "Sơ kết" + doc_title[len("Tổng kết") :]
    issuer_words = issuing[:1].upper() + issuing[1:]
    date = issued.date if issued else (on or unit_selectors.today())
    return ReviewReport(
        unit=unit,
        period=period,
        map_date=day,
        level=unit.level,
        issuing_body=issuing,
        parent_body=template.parent_body.format(**names) if template.parent_body else "",
        symbol=issued.symbol if issued else template.symbol,
        seq=issued.seq if issued else None,
        place=_bare_name(_place_unit(unit, civil_parent)),
        date=date,
        doc_type="BÁO CÁO",
        title=doc_title,
        opening=w.sentence(template.opening.format(**names, issuer=issuer_words)) if template.opening else "",
        closing=w.sentence(template.closing.format(**names, issuer=issuer_words)) if template.closing else "",
        sections=tuple(sections),
        sub_units=tuple(children),
        appendix=generated.appendix,
        awards=generated.awards,
        signer_authority=template.signer_authority,
        signer_title=template.signer_title,
        signer_name=_signer(unit, min(date, day) if unit.valid_to else date),
        recipients=(
            *(line.strip().format(**names) for line in template.recipients.splitlines() if line.strip()),
            "Lưu: VT.",
        ),
        draft=issued is None,
        template=template,
        figures_available=generated.figures_available,
        approval=approval,
    )


def _with_comparisons(rows: list[AppendixRow], values: list[Any], period: Period) -> tuple[AppendixRow, ...]:
    """Each row with its change against the same period last year, in words."""
    label = period.same_period_last_year().label
    by_code = {fv.indicator.code: fv for fv in values}
    out = []
    for row in rows:
        fv = by_code.get(row.code)
        text = w.comparison(fv.value, fv.previous, label) if fv is not None and fv.coverage is None else ""
        out.append(replace(row, comparison=text) if text else row)
    return tuple(out)


def _running(name: str) -> str:
    return name[:1].lower() + name[1:] if name else name


def _place_unit(unit: Unit, parent: Unit | None) -> Unit:
    """Decree 30: the place is the locality where the body sits; a region's is its province."""
    if unit.level == Level.REGION and parent is not None:
        return parent
    return unit
