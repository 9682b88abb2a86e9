from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext as _

from phongthu.activities.choices import ActivityLevel, DutyType, ExerciseType
from phongthu.activities.crud.common import SAMPLE_YEAR, seq, sums
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

    @classmethod
    def year_figures(cls, queryset: Any) -> list[tuple[str, Any]]:
        return sums(queryset, [(_("Số cuộc diễn tập, luyện tập"), "count")])

    @classmethod
    def sample(cls, unit: models.Model, *, save: bool = True) -> models.Model:
        record = Exercise(
            unit=unit,  # type: ignore[misc]
            year=SAMPLE_YEAR,
            exercise_type=ExerciseType.CHIEN_DAU_PHONG_THU_XA,
            level=ActivityLevel.COMMUNE,
            date=datetime.date(SAMPLE_YEAR, 9, 12),
            party_term="2020–2025",
            result_text=f"Đạt yêu cầu, bảo đảm an toàn (mẫu {next(seq)})",
        )
        if save:
            record.full_clean()
            record.save()
        return record


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

    @classmethod
    def sample(cls, unit: models.Model, *, save: bool = True) -> models.Model:
        record = DutyLog(
            unit=unit,  # type: ignore[misc]
            date=datetime.date(SAMPLE_YEAR, 2, 9),
            year=SAMPLE_YEAR,
            duty_type=DutyType.HOLIDAY,
            persons_count=6,
            notes=f"Trực Tết, tình hình ổn định (mẫu {next(seq)})",
        )
        if save:
            record.full_clean()
            record.save()
        return record


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

    @classmethod
    def year_figures(cls, queryset: Any) -> list[tuple[str, Any]]:
        return sums(queryset, [(_("Lượt tổ tuần tra"), "team_turns"), (_("Lượt cán bộ, chiến sĩ"), "person_turns")])

    @classmethod
    def sample(cls, unit: models.Model, *, save: bool = True) -> models.Model:
        record = Patrol(
            unit=unit,  # type: ignore[misc]
            year=SAMPLE_YEAR,
            period_start=datetime.date(SAMPLE_YEAR, 1, 1),
            period_end=datetime.date(SAMPLE_YEAR, 6, 30),
            period_label="6 tháng đầu năm",
            team_turns=120,
            person_turns=480,
            partner_forces="Công an xã",
            scope=f"Bảo vệ ANTT địa bàn (mẫu {next(seq)})",
        )
        if save:
            record.full_clean()
            record.save()
        return record
