from __future__ import annotations

from typing import Any, ClassVar

from django.utils import timezone
from django.utils.translation import gettext as _

from phongthu.core.crud import CrudConfig, register
from phongthu.core.filtering import within
from phongthu.people.filters import PersonFilterSet, birth_year_q
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
    # `unit` takes a unit id and covers its whole subtree (like `within`); see people/filters.py.
    # `registration_status`, `ground` and `health_class` are contributed by military_service
    # (military_service/person_panels.py), as is the NVQS panel of the detail page.
    filterset_class = PersonFilterSet
    filter_fields: ClassVar[list[str]] = [
        "unit", "birth_year", "registration_status", "ground", "education", "health_class", "eligibility", "sex",
    ]  # fmt: skip
    search_fields: ClassVar[list[str]] = ["name_search", "id_number"]
    default_ordering: ClassVar[list[str]] = ["name_sort", "date_of_birth"]
    sort_keys: ClassVar[dict[str, str | list[str]]] = {
        "full_name": ["name_sort", "date_of_birth"],
        "registration_status": "registration__status",
    }
    unindexed_order_when_searching = True
    log_views = True
    detail_template = "people/person_detail.html"

    @classmethod
    def home_figure(cls, user: Any, unit: Any) -> dict[str, Any]:
        year = timezone.localdate().year
        people = within(Person.objects.restrict(user, "view"), unit.pk)
        return {
            "title": _("Công dân trong độ tuổi"),
            "rows": [
                (_("Nam đủ 17 tuổi trong năm"), people.filter(birth_year_q(year - 17), sex="male").count()),
                (
                    _("Nam 18–25 tuổi"),
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
