from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from phongthu.activities.choices import CadreTrainingMode, CourseCategory, CourseMode
from phongthu.activities.crud.common import SAMPLE_YEAR, seq, sums
from phongthu.activities.models import CadreTraining, Course, CourseParticipant, StudentEducation
from phongthu.core.crud import CrudConfig, register


def with_trainees(queryset: Any) -> Any:
    """Trainees of a course: the count typed for an aggregated course, else its named participants."""
    named = (
        CourseParticipant.objects.filter(course=OuterRef("pk"))
        .order_by()
        .values("course")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        trainees=Coalesce(
            "trainees_count", Subquery(named, output_field=IntegerField()), Value(0), output_field=IntegerField()
        )
    )


@register
class CourseCrud(CrudConfig):
    model = Course
    fields: ClassVar[list[str]] = [
        "unit", "year", "category", "mode", "title", "organiser", "level", "start_date", "end_date", "days",
        "place", "classes_count", "trainees_count", "result_grade", "result_text", "note",
    ]  # fmt: skip
    list_columns: ClassVar[list[str]] = [
        "category",
        "year",
        "mode",
        "classes_count",
        "trainees_count",
        "result_text",
        "unit",
    ]
    filter_fields: ClassVar[list[str]] = ["year", "category", "mode", "level"]
    search_fields: ClassVar[list[str]] = ["search_text"]
    default_ordering: ClassVar[list[str]] = ["-year", "category", "pk"]
    year_lookup = "year"

    @classmethod
    def year_figures(cls, queryset: Any) -> list[tuple[str, Any]]:
        annotated = with_trainees(queryset)
        agg: dict[str, Any] = {"all": Sum("trainees"), "classes": Sum("classes_count")}
        for code in CourseCategory.values:
            agg[code] = Sum("trainees", filter=Q(category=code))
        totals = annotated.aggregate(**agg)
        rows: list[tuple[str, Any]] = [
            (_("Học viên bồi dưỡng"), totals["all"] or 0),
            (_("Số lớp tự mở"), totals["classes"] or 0),
        ]
        rows += [(str(label), totals[code] or 0) for code, label in CourseCategory.choices if totals[code]]
        return rows

    @classmethod
    def sample(cls, unit: models.Model, *, save: bool = True) -> models.Model:
        course = Course(
            unit=unit,  # type: ignore[misc]
            year=SAMPLE_YEAR,
            category=CourseCategory.DT4,
            mode=CourseMode.OWN_CLASS,
            title=f"Lớp bồi dưỡng đối tượng 4 số {next(seq)}",
            start_date=datetime.date(SAMPLE_YEAR, 5, 6),
            end_date=datetime.date(SAMPLE_YEAR, 5, 10),
            days=5,
            classes_count=1,
            trainees_count=60,
            result_text="100% đạt yêu cầu",
        )
        if save:
            course.full_clean()
            course.save()
        return course


@register
class CourseParticipantCrud(CrudConfig):
    model = CourseParticipant
    fields: ClassVar[list[str]] = [
        "course",
        "person",
        "full_name",
        "position",
        "result_grade",
        "certificate_no",
        "note",
    ]
    list_columns: ClassVar[list[str]] = ["full_name", "course", "position", "result_grade", "certificate_no"]
    filter_fields: ClassVar[list[str]] = ["result_grade"]
    search_fields: ClassVar[list[str]] = ["name_search"]
    default_ordering: ClassVar[list[str]] = ["course", "name_search", "pk"]
    year_lookup = "course__year"

    @classmethod
    def sample(cls, unit: models.Model, *, save: bool = True) -> models.Model:
        course = CourseCrud.sample(unit)
        participant = CourseParticipant(
            course=course,  # type: ignore[misc]
            full_name=f"Trần Văn Học {next(seq)}",
            position="Trưởng thôn",
            result_grade="KHA",
            certificate_no=f"GCN-{next(seq):05d}",
        )
        if save:
            participant.full_clean()
            participant.save()
        return participant


@register
class StudentEducationCrud(CrudConfig):
    model = StudentEducation
    fields: ClassVar[list[str]] = [
        "unit", "year", "school_name", "period_label", "students_count", "passed_count", "certificates_count", "note",
    ]  # fmt: skip
    list_columns: ClassVar[list[str]] = ["school_name", "year", "period_label", "students_count", "unit"]
    filter_fields: ClassVar[list[str]] = ["year"]
    search_fields: ClassVar[list[str]] = ["search_text"]
    default_ordering: ClassVar[list[str]] = ["-year", "school_name", "pk"]
    year_lookup = "year"

    @classmethod
    def year_figures(cls, queryset: Any) -> list[tuple[str, Any]]:
        return sums(queryset, [(_("Học sinh, sinh viên được giáo dục QPAN"), "students_count")])

    @classmethod
    def sample(cls, unit: models.Model, *, save: bool = True) -> models.Model:
        record = StudentEducation(
            unit=unit,  # type: ignore[misc]
            year=SAMPLE_YEAR,
            school_name=f"Trường THPT số {next(seq)}",
            students_count=420,
        )
        if save:
            record.full_clean()
            record.save()
        return record


@register
class CadreTrainingCrud(CrudConfig):
    model = CadreTraining
    fields: ClassVar[list[str]] = [
        "unit", "year", "mode", "title", "organiser", "start_date", "courses_count", "trainees_count", "role", "note",
    ]  # fmt: skip
    list_columns: ClassVar[list[str]] = ["mode", "year", "organiser", "courses_count", "trainees_count", "role", "unit"]
    filter_fields: ClassVar[list[str]] = ["year", "mode"]
    search_fields: ClassVar[list[str]] = ["search_text"]
    default_ordering: ClassVar[list[str]] = ["-year", "mode", "pk"]
    year_lookup = "year"

    @classmethod
    def year_figures(cls, queryset: Any) -> list[tuple[str, Any]]:
        attended = queryset.filter(mode=CadreTrainingMode.ATTENDED)
        organised = queryset.filter(mode=CadreTrainingMode.ORGANISED)
        return [
            *sums(attended, [(_("Lớp tập huấn cấp trên đã tham gia"), "courses_count")]),
            *sums(organised, [(_("Cán bộ được tập huấn"), "trainees_count")]),
        ]

    @classmethod
    def sample(cls, unit: models.Model, *, save: bool = True) -> models.Model:
        record = CadreTraining(
            unit=unit,  # type: ignore[misc]
            year=SAMPLE_YEAR,
            mode=CadreTrainingMode.ORGANISED,
            title=f"Tập huấn cán bộ huấn luyện DQTV đợt {next(seq)}",
            trainees_count=30,
            role="cán bộ huấn luyện DQTV",
        )
        if save:
            record.full_clean()
            record.save()
        return record
