"""The shipped report template of each level, and the lookup that lets an administrator's
`ReportTemplate` row (for the unit or any unit above it) override it field by field."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields, replace
from decimal import Decimal

from phongthu.core.docx import PageStyle
from phongthu.reports.models import ReportTemplate
from phongthu.units.choices import Level
from phongthu.units.models import Unit, UnitScope


@dataclass(frozen=True)
class Template:
    issuing_body: str
    parent_body: str
    symbol: str
    title: str
    opening: str
    closing: str
    recipients: str
    signer_authority: str
    signer_title: str
    font_size: float = 14
    margin_top: int = 20
    margin_bottom: int = 20
    margin_left: int = 30
    margin_right: int = 15

    @property
    def page(self) -> PageStyle:
        return PageStyle(
            font_size=self.font_size,
            margin_top_mm=self.margin_top,
            margin_bottom_mm=self.margin_bottom,
            margin_left_mm=self.margin_left,
            margin_right_mm=self.margin_right,
        )


_TITLE = "Tổng kết công tác quân sự, quốc phòng địa phương {period}"
_OPENING = (
    "Thực hiện chương trình công tác quân sự, quốc phòng địa phương {period}, {issuer} báo cáo kết quả "
    "thực hiện nhiệm vụ {period} và phương hướng, nhiệm vụ kỳ tới như sau:"
)
_CLOSING = "Trên đây là báo cáo tổng kết công tác quân sự, quốc phòng địa phương {period} của {issuer}."

# Each level's own heading bodies and recipients; the rest is the same for every level.
_LEVELS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    Level.DISTRICT: (
        "Ban Chỉ huy quân sự {unit}",
        "Bộ Chỉ huy quân sự {parent}",
        (
            "Bộ Chỉ huy quân sự {parent} (để báo cáo)",
            "Thường trực cấp ủy, HĐND, UBND {unit}",
            "Các cơ quan, ban, ngành, đoàn thể",
            "Ban Chỉ huy quân sự các xã, phường, thị trấn",
        ),
    ),
    Level.COMMUNE: (
        "Ban Chỉ huy quân sự {unit}",
        "Ủy ban nhân dân {unit}",
        (
            "Ban Chỉ huy Phòng thủ khu vực (để báo cáo)",
            "Thường trực Đảng ủy, HĐND, UBND {unit}",
            "Các thôn, tổ dân phố",
        ),
    ),
    Level.REGION: (
        "{unit}",
        "Bộ Chỉ huy quân sự {parent}",
        (
            "Bộ Chỉ huy quân sự {parent} (để báo cáo)",
            "Ủy ban nhân dân các xã, phường trong khu vực",
            "Ban Chỉ huy quân sự các xã, phường",
        ),
    ),
    Level.PROVINCE: (
        "Bộ Chỉ huy quân sự {unit}",
        "",
        (
            "Bộ Tư lệnh Quân khu (để báo cáo)",
            "Thường trực Tỉnh ủy, HĐND, UBND {unit}",
            "Các sở, ban, ngành, đoàn thể",
            "Các Ban Chỉ huy Phòng thủ khu vực",
        ),
    ),
}


def _shipped(issuing_body: str, parent_body: str, recipients: tuple[str, ...]) -> Template:
    return Template(
        issuing_body=issuing_body,
        parent_body=parent_body,
        symbol="BC-BCH",
        title=_TITLE,
        opening=_OPENING,
        closing=_CLOSING,
        recipients="\n".join(recipients),
        signer_authority="",
        signer_title="Chỉ huy trưởng",
    )


DEFAULTS: dict[str, Template] = {level: _shipped(*own) for level, own in _LEVELS.items()}


def template_level(unit: Unit) -> str:
    return unit.level if unit.level in DEFAULTS else Level.COMMUNE


def template_for(unit: Unit, on: datetime.date | None = None) -> Template:
    """The shipped default of the unit's level, overridden by the nearest administrator's row
    (the unit's own, else the closest unit above it)."""
    level = template_level(unit)
    base = DEFAULTS[level]
    ancestors = UnitScope.objects.filter(descendant=unit).values("ancestor_id")
    # Ordered by pk: a later row for the same unit replaces an earlier one.
    rows = {t.unit_id: t for t in ReportTemplate.objects.filter(level=level, unit_id__in=ancestors).order_by("pk")}
    if not rows:
        return base
    # Nearest first: the unit itself, then the ancestor with the smallest subtree.
    sizes = {uid: UnitScope.objects.filter(ancestor_id=uid).count() for uid in rows}
    row = rows[min(rows, key=lambda uid: (uid != unit.pk, sizes[uid]))]
    changes: dict[str, object] = {}
    for f in fields(Template):
        value = getattr(row, f.name)
        if isinstance(value, Decimal):
            value = float(value)
        if value not in ("", None):
            changes[f.name] = value
    return replace(base, **changes)  # type: ignore[arg-type]
