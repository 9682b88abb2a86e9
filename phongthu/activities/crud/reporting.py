from __future__ import annotations

from typing import ClassVar

from phongthu.activities.models import ConscriptionResult, Meeting, PeriodTarget, ReportStatement
from phongthu.core.crud import CrudConfig, register


@register
class MeetingCrud(CrudConfig):
    model = Meeting
    fields: ClassVar[list[str]] = [
        "unit", "kind", "date", "title", "host", "chair", "presenter", "period_label", "scope", "attendees", "note",
    ]  # fmt: skip
    list_columns: ClassVar[list[str]] = ["date", "kind", "host", "chair", "unit"]
    filter_fields: ClassVar[list[str]] = ["year", "kind"]
    search_fields: ClassVar[list[str]] = ["search_text"]
    default_ordering: ClassVar[list[str]] = ["-date", "pk"]
    year_lookup = "year"


@register
class PeriodTargetCrud(CrudConfig):
    model = PeriodTarget
    fields: ClassVar[list[str]] = [
        "unit",
        "year",
        "period_from",
        "period_to",
        "topic",
        "value",
        "value_unit",
        "text",
        "note",
    ]
    list_columns: ClassVar[list[str]] = ["text", "year", "period_from", "period_to", "value", "value_unit", "unit"]
    filter_fields: ClassVar[list[str]] = ["year", "topic"]
    search_fields: ClassVar[list[str]] = ["search_text"]
    default_ordering: ClassVar[list[str]] = ["-year", "pk"]
    year_lookup = "year"


@register
class ReportStatementCrud(CrudConfig):
    model = ReportStatement
    fields: ClassVar[list[str]] = ["unit", "year", "topic", "quantified", "number", "number_unit", "text", "note"]
    list_columns: ClassVar[list[str]] = ["topic", "year", "text", "number", "number_unit", "unit"]
    filter_fields: ClassVar[list[str]] = ["year", "topic", "quantified"]
    search_fields: ClassVar[list[str]] = ["search_text"]
    default_ordering: ClassVar[list[str]] = ["-year", "topic", "pk"]
    year_lookup = "year"


@register
class ConscriptionResultCrud(CrudConfig):
    model = ConscriptionResult
    fields: ClassVar[list[str]] = [
        "unit", "year", "quota", "delivered", "police_quota", "police_delivered", "pct", "quality_text", "note",
    ]  # fmt: skip
    list_columns: ClassVar[list[str]] = ["year", "quota", "delivered", "pct", "quality_text", "unit"]
    filter_fields: ClassVar[list[str]] = ["year"]
    search_fields: ClassVar[list[str]] = []
    default_ordering: ClassVar[list[str]] = ["-year", "pk"]
    year_lookup = "year"
