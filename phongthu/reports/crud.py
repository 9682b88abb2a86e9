"""CRUD screens of the report app: the staff's paragraphs (drafts with history: every save is
audited) and the level templates administrators adjust; the issued reports are listed."""

from __future__ import annotations

from typing import ClassVar

from phongthu.core import scoping
from phongthu.core.crud import CrudConfig, register
from phongthu.reports.models import IssuedReport, ReportNarrative, ReportTemplate


@register
class ReportNarrativeCrud(CrudConfig):
    model = ReportNarrative
    fields: ClassVar[list[str]] = ["unit", "period", "section", "text", "finished", "note"]
    list_columns: ClassVar[list[str]] = ["period", "section", "finished", "unit"]
    filter_fields: ClassVar[list[str]] = ["period", "section", "finished"]
    search_fields: ClassVar[list[str]] = ["text"]
    default_ordering: ClassVar[list[str]] = ["-period", "section", "pk"]


@register
class ReportTemplateCrud(CrudConfig):
    model = ReportTemplate
    fields: ClassVar[list[str]] = [
        "unit", "level", "issuing_body", "parent_body", "symbol", "title", "opening", "closing", "recipients",
        "signer_authority", "signer_title", "font_size", "margin_top", "margin_bottom", "margin_left", "margin_right",
    ]  # fmt: skip
    list_columns: ClassVar[list[str]] = ["level", "unit", "issuing_body", "symbol"]
    filter_fields: ClassVar[list[str]] = ["level"]
    search_fields: ClassVar[list[str]] = ["issuing_body"]
    default_ordering: ClassVar[list[str]] = ["level", "pk"]
    write_reach = scoping.UNIT_ADMIN
    allow_import = False  # a handful of rows an administrator edits on screen


@register
class IssuedReportCrud(CrudConfig):
    model = IssuedReport
    fields: ClassVar[list[str]] = ["unit", "period", "symbol", "date", "title"]
    list_columns: ClassVar[list[str]] = ["date", "symbol", "title", "period", "unit"]
    filter_fields: ClassVar[list[str]] = ["period"]
    search_fields: ClassVar[list[str]] = ["title"]
    default_ordering: ClassVar[list[str]] = ["-date", "-seq"]
    allow_create = False
    allow_edit = False
    allow_delete = False
    allow_import = False
