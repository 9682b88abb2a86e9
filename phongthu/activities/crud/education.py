from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from phongthu.activities.choices import CadreTrainingMode, CourseCategory
from phongthu.activities.crud.common import sums
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
