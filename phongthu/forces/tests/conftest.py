"""Fixtures for the forces tests: people of a chosen age, militia units, reserve units."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from typing import Any

import pytest

from phongthu.forces.choices import (
    MilitiaCategory,
    MilitiaPosition,
    MilitiaUnitLevel,
    Rank,
    ReserveGrade,
    ReserveUnitKind,
    ReservistType,
)
from phongthu.forces.models import MilitiaMember, MilitiaUnit, ReserveUnit, Reservist
from phongthu.people.models import Person

_n = itertools.count(1)


def born_for_age(age: int, on: datetime.date, *, days_after: int = 0) -> datetime.date:
    """A birth date that makes the person exactly `age` on `on` (their birthday), shifted by days."""
    return datetime.date(on.year - age, on.month, on.day) + datetime.timedelta(days=days_after)


@pytest.fixture
def make_person(db: Any, commune_a: Any) -> Callable[..., Person]:
    def make(*, born: datetime.date = datetime.date(1998, 5, 10), sex: str = "male", unit: Any = None) -> Person:
        person: Person = Person.objects.create(
            full_name=f"Phạm Văn Kiểm Thử {next(_n)}", date_of_birth=born, sex=sex, residence_unit=unit or commune_a
        )
        return person

    return make


@pytest.fixture
def make_militia_unit(db: Any, commune_a: Any) -> Callable[..., MilitiaUnit]:
    def make(
        *,
        unit: Any = None,
        level: str = MilitiaUnitLevel.TRUNG_DOI,
        category: str = MilitiaCategory.CO_DONG,
        is_self_defense: bool = False,
    ) -> MilitiaUnit:
        return MilitiaUnit.objects.create(
            name=f"Trung đội kiểm thử {next(_n)}",
            unit=unit or commune_a,
            level=level,
            category=category,
            is_self_defense=is_self_defense,
        )

    return make


@pytest.fixture
def militia_unit(make_militia_unit: Callable[..., MilitiaUnit]) -> MilitiaUnit:
    return make_militia_unit()


@pytest.fixture
def make_member(make_person: Callable[..., Person], militia_unit: MilitiaUnit) -> Callable[..., MilitiaMember]:
    def make(
        *,
        person: Person | None = None,
        unit: MilitiaUnit | None = None,
        category: str = MilitiaCategory.CO_DONG,
        start: datetime.date = datetime.date(2024, 3, 1),
        position: str = MilitiaPosition.CHIEN_SI,
        volunteer: bool = False,
        save: bool = True,
        **extra: Any,
    ) -> MilitiaMember:
        member = MilitiaMember(
            person=person or make_person(),
            militia_unit=unit or militia_unit,
            category=category,
            position=position,
            start_date=start,
            volunteer=volunteer,
            **extra,
        )
        if save:
            member.full_clean()
            member.save()
        return member

    return make


@pytest.fixture
def make_reserve_unit(db: Any, commune_a: Any) -> Callable[..., ReserveUnit]:
    def make(*, kind: str = ReserveUnitKind.COMBAT, establishment: int = 10, unit: Any = None) -> ReserveUnit:
        return ReserveUnit.objects.create(
            name=f"Đại đội dự bị kiểm thử {next(_n)}",
            unit=unit or commune_a,
            kind=kind,
            establishment_strength=establishment,
        )

    return make


@pytest.fixture
def make_reservist(make_person: Callable[..., Person], commune_a: Any) -> Callable[..., Reservist]:
    def make(
        *,
        person: Person | None = None,
        born: datetime.date = datetime.date(1998, 5, 10),
        sex: str = "male",
        personnel_type: str = ReservistType.NCO_SOLDIER,
        grade: int = ReserveGrade.ONE,
        rank: str = Rank.HA_SI,
        code: str = "BB01",
        unit: Any = None,
    ) -> Reservist:
        reservist = Reservist(
            person=person or make_person(born=born, sex=sex, unit=unit),
            unit=unit or commune_a,
            personnel_type=personnel_type,
            grade=grade,
            rank=rank,
            speciality_code=code,
            registration_date=datetime.date(2020, 6, 1),
        )
        reservist.full_clean()
        reservist.save()
        return reservist

    return make
