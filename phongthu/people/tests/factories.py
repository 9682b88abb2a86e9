"""Test factories for people: a valid record of each registered model inside a given unit.
The inherited suite (core/tests/test_scope_matrix.py) builds its records with them; a new
registered model adds its factory here."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.db import models

from phongthu.core.tests.factories import factory, sample
from phongthu.people.crud import FamilyRelationCrud, PersonCrud
from phongthu.people.models import FamilyRelation, Person

_seq = itertools.count(1)


@factory(PersonCrud)
def person(unit: models.Model, *, save: bool = True) -> models.Model:
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


@factory(FamilyRelationCrud)
def family_relation(unit: models.Model, *, save: bool = True) -> models.Model:
    person: Any = sample(PersonCrud, unit)
    rel = FamilyRelation(person=person, relation="FATHER", relative_name="Nguyễn Văn Cha", relative_status="MARTYR")
    if save:
        rel.save()
    return rel
