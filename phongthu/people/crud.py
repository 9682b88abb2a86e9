from __future__ import annotations

import datetime
import itertools
from typing import ClassVar

from django.db import models

from phongthu.core.crud import CrudConfig, register
from phongthu.people.models import FamilyRelation, Person

_seq = itertools.count(1)


@register
class PersonCrud(CrudConfig):
    model = Person
    fields: ClassVar[list[str]] = [
        "full_name", "date_of_birth", "sex", "id_number", "ethnicity", "religion", "residence_unit",
        "residence_address", "temporary_unit", "temporary_address", "education_grade", "training_level",
        "occupation", "workplace", "party_member", "union_member", "phone", "note",
    ]
    list_columns: ClassVar[list[str]] = ["full_name", "date_of_birth", "sex", "id_number", "residence_unit", "education_grade"]
    filter_fields: ClassVar[list[str]] = ["sex", "education_grade", "training_level"]
    search_fields: ClassVar[list[str]] = ["name_search", "id_number"]
    default_ordering: ClassVar[list[str]] = ["name_sort", "date_of_birth"]
    log_views = True

    @classmethod
    def sample(cls, unit: models.Model, *, save: bool = True) -> models.Model:
        n = next(_seq)
        person = Person(
            full_name=f"Nguyễn Văn Mẫu {n}",
            date_of_birth=datetime.date(2006, 1 + n % 12, 1 + n % 28),
            sex="male",
            id_number=f"031206{n:06d}",
            residence_unit=unit,  # type: ignore[misc]
            education_grade=12,
        )
        if save:
            person.save()
        return person


@register
class FamilyRelationCrud(CrudConfig):
    model = FamilyRelation
    fields: ClassVar[list[str]] = ["person", "relation", "relative_name", "relative_birth_year", "relative_status", "disability_percent", "note"]
    list_columns: ClassVar[list[str]] = ["person", "relation", "relative_name", "relative_status"]
    filter_fields: ClassVar[list[str]] = ["relation", "relative_status"]
    search_fields: ClassVar[list[str]] = ["person__name_search"]

    @classmethod
    def sample(cls, unit: models.Model, *, save: bool = True) -> models.Model:
        person = PersonCrud.sample(unit)
        rel = FamilyRelation(person=person, relation="FATHER", relative_name="Nguyễn Văn Cha", relative_status="MARTYR")
        if save:
            rel.save()
        return rel
