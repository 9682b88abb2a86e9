from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils import timezone

from phongthu.core.crud import CrudConfig, register
from phongthu.people.filters import PERSON_FILTERS
from phongthu.people.models import FamilyRelation, Person


@register
class PersonCrud(CrudConfig):
    model = Person
    fields: ClassVar[list[str]] = [
        "full_name", "date_of_birth", "sex", "id_number", "ethnicity", "religion", "residence_unit",
        "residence_address", "temporary_unit", "temporary_address", "education_grade", "training_level",
        "studying", "higher_education_completed", "occupation", "workplace", "party_member", "union_member",
        "phone", "note",
    ]  # fmt: skip
    list_columns: ClassVar[list[str]] = [
        "full_name", "date_of_birth", "sex", "id_number", "residence_unit", "education_grade", "registration_status",
    ]  # fmt: skip
    export_fields: ClassVar[list[str] | None] = [*fields, "registration_status", "health_class"]
    # `unit` takes a unit id and covers its whole subtree (UnitScope); see people/filters.py.
    filter_fields: ClassVar[list[str]] = [
        "unit", "birth_year", "registration_status", "ground", "education", "health_class", "sex",
    ]  # fmt: skip
    search_fields: ClassVar[list[str]] = ["name_search", "id_number"]
    default_ordering: ClassVar[list[str]] = ["name_sort", "date_of_birth"]
    log_views = True
    detail_template = "people/person_detail.html"

    @classmethod
    def field(cls, name: str) -> Any:
        virtual = PERSON_FILTERS.get(name)
        return virtual if virtual is not None else super().field(name)

    @classmethod
    def detail_context(cls, obj: models.Model, request: Any) -> dict[str, Any]:
        from phongthu.military_service.views import person_panel_context

        assert isinstance(obj, Person)
        return person_panel_context(obj, request)

    @classmethod
    def home_figure(cls, user: Any, unit: Any) -> dict[str, Any]:
        from phongthu.military_service.selectors import subtree

        year = timezone.localdate().year
        people = Person.objects.restrict(user, "view").filter(residence_unit__in=subtree(unit))
        return {
            "title": "Công dân trong độ tuổi",
            "rows": [
                ("Nam đủ 17 tuổi trong năm", people.filter(sex="male", birth_year=year - 17).count()),
                (
                    "Nam 18–25 tuổi",
                    people.filter(sex="male", date_of_birth__year__range=(year - 25, year - 18)).count(),
                ),
            ],
        }


@register
class FamilyRelationCrud(CrudConfig):
    model = FamilyRelation
    fields: ClassVar[list[str]] = [
        "person",
        "relation",
        "relative_name",
        "relative_birth_year",
        "relative_status",
        "disability_percent",
        "note",
    ]
    list_columns: ClassVar[list[str]] = ["person", "relation", "relative_name", "relative_status"]
    filter_fields: ClassVar[list[str]] = ["relation", "relative_status"]
    search_fields: ClassVar[list[str]] = ["person__name_search"]
    default_ordering: ClassVar[list[str]] = ["person__name_sort", "relation", "pk"]
