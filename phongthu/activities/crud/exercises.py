from __future__ import annotations

from typing import ClassVar

from phongthu.activities.models import DutyLog, Exercise, Patrol
from phongthu.core.crud import CrudConfig, register


@register
class ExerciseCrud(CrudConfig):
    model = Exercise
    fields: ClassVar[list[str]] = [
        "unit", "year", "exercise_type", "type_label", "level", "date", "party_term", "units_text",
        "directing_committee", "stages", "live_force_units", "evaluation", "result_text", "safety_note",
        "count", "of_total", "note",
    ]  # fmt: skip
    list_columns: ClassVar[list[str]] = ["type_label", "year", "level", "count", "of_total", "evaluation", "unit"]
    filter_fields: ClassVar[list[str]] = ["year", "exercise_type", "level", "evaluation"]
    search_fields: ClassVar[list[str]] = ["search_text"]
    default_ordering: ClassVar[list[str]] = ["-year", "-date", "pk"]
    year_lookup = "year"


@register
class DutyLogCrud(CrudConfig):
    model = DutyLog
    fields: ClassVar[list[str]] = [
        "unit", "year", "date", "period_start", "period_end", "period_label", "duty_type", "persons_count", "notes", "note",
    ]  # fmt: skip
    list_columns: ClassVar[list[str]] = ["duty_type", "date", "period_label", "persons_count", "unit"]
    filter_fields: ClassVar[list[str]] = ["year", "duty_type"]
    search_fields: ClassVar[list[str]] = ["search_text"]
    default_ordering: ClassVar[list[str]] = ["-year", "-date", "pk"]
    year_lookup = "year"


@register
class PatrolCrud(CrudConfig):
    model = Patrol
    fields: ClassVar[list[str]] = [
        "unit", "year", "date", "period_start", "period_end", "period_label", "team_turns", "person_turns",
        "partner_forces", "scope", "incidents", "note",
    ]  # fmt: skip
    list_columns: ClassVar[list[str]] = [
        "year",
        "period_label",
        "date",
        "team_turns",
        "person_turns",
        "partner_forces",
        "unit",
    ]
    filter_fields: ClassVar[list[str]] = ["year"]
    search_fields: ClassVar[list[str]] = ["search_text"]
    default_ordering: ClassVar[list[str]] = ["-year", "-date", "pk"]
    year_lookup = "year"
