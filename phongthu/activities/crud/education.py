from __future__ import annotations

from typing import ClassVar

from phongthu.activities.models import CadreTraining, Course, CourseParticipant, StudentEducation
from phongthu.core.crud import CrudConfig, register


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
