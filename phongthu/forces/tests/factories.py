"""Test factories for forces: a valid record of each registered model inside a given unit.
The inherited suite (core/tests/test_scope_matrix.py) builds its records with them; a new
registered model adds its factory here."""

from __future__ import annotations

import datetime
import itertools
from typing import Any, cast

from django.db import models

from phongthu.core.tests.factories import factory, sample
from phongthu.forces.choices import (
    EquipmentOwnerKind,
    EquipmentType,
    MilitiaCategory,
    MilitiaPosition,
    MilitiaUnitLevel,
    Rank,
    ReserveGrade,
    ReserveTrainingKind,
    ReserveUnitKind,
    ReservistStatus,
    ReservistType,
    SpecialityMatch,
)
from phongthu.forces.crud import (
    MilitiaMemberCrud,
    MilitiaTrainingCrud,
    MilitiaUnitCrud,
    ReserveAssignmentCrud,
    ReserveEquipmentCrud,
    ReserveTrainingSessionCrud,
    ReserveUnitCrud,
    ReservistCrud,
    UnitPopulationCrud,
)
from phongthu.forces.models import (
    MilitiaMember,
    MilitiaTraining,
    MilitiaUnit,
    ReserveAssignment,
    ReserveEquipment,
    ReserveTrainingSession,
    ReserveUnit,
    Reservist,
    UnitPopulation,
)

_seq = itertools.count(1)


def _person(unit: models.Model, *, born: datetime.date, sex: str = "male") -> Any:
    from phongthu.people.models import Person

    n = next(_seq)
    return Person.objects.create(
        full_name=f"Trần Văn Mẫu Lực Lượng {n}", date_of_birth=born, sex=sex, residence_unit=unit
    )


@factory(MilitiaUnitCrud)
def militia_unit(unit: Any, *, save: bool = True) -> models.Model:
    n = next(_seq)
    obj = MilitiaUnit(
        name=f"Trung đội dân quân cơ động mẫu {n}",
        unit=unit,
        level=MilitiaUnitLevel.TRUNG_DOI,
        category=MilitiaCategory.CO_DONG,
        established_date=datetime.date(2021, 1, 15),
    )
    if save:
        obj.save()
    return obj


@factory(MilitiaMemberCrud)
def militia_member(unit: Any, *, save: bool = True) -> models.Model:
    obj = MilitiaMember(
        person=_person(unit, born=datetime.date(1999, 4, 12)),
        militia_unit=cast(MilitiaUnit, sample(MilitiaUnitCrud, unit)),
        category=MilitiaCategory.CO_DONG,
        position=MilitiaPosition.CHIEN_SI,
        start_date=datetime.date(2024, 3, 1),
        term_years=4,
    )
    if save:
        obj.save()
    return obj


@factory(MilitiaTrainingCrud)
def militia_training(unit: Any, *, save: bool = True) -> models.Model:
    member = cast(MilitiaMember, sample(MilitiaMemberCrud, unit))
    obj = MilitiaTraining(member=member, year=2025, days_done=10, note="Huấn luyện điều lệnh")
    if save:
        obj.save()
    return obj


@factory(UnitPopulationCrud)
def unit_population(unit: Any, *, save: bool = True) -> models.Model:
    obj = UnitPopulation(unit=unit, year=2001 + next(_seq) % 99, population=25000, source="Thống kê mẫu")
    if save:
        obj.save()
    return obj


@factory(ReservistCrud)
def reservist(unit: Any, *, save: bool = True) -> models.Model:
    n = next(_seq)
    obj = Reservist(
        person=_person(unit, born=datetime.date(1998, 8, 20)),
        unit=unit,
        personnel_type=ReservistType.NCO_SOLDIER,
        grade=ReserveGrade.ONE,
        rank=Rank.HA_SI,
        speciality_code=f"BB{n:03d}",
        speciality_name="Bộ binh",
        registration_date=datetime.date(2020, 6, 1),
    )
    if save:
        obj.save()
    return obj


@factory(ReserveUnitCrud)
def reserve_unit(unit: Any, *, save: bool = True) -> models.Model:
    obj = ReserveUnit(
        name=f"Đại đội bộ binh dự bị mẫu {next(_seq)}",
        unit=unit,
        kind=ReserveUnitKind.COMBAT,
        establishment_strength=100,
        receiving_unit="Trung đoàn mẫu",
    )
    if save:
        obj.save()
    return obj


@factory(ReserveAssignmentCrud)
def reserve_assignment(unit: Any, *, save: bool = True) -> models.Model:
    # A sample reservist registered as already assigned (its initial state, not a status change).
    reservist = sample(ReservistCrud, unit, save=False)
    assert isinstance(reservist, Reservist)
    reservist.status = ReservistStatus.ASSIGNED_TO_UNIT
    reservist.save()
    obj = ReserveAssignment(
        reservist=reservist,
        reserve_unit=cast(ReserveUnit, sample(ReserveUnitCrud, unit)),
        post="Chiến sĩ bộ binh",
        post_speciality_code=reservist.speciality_code,
        speciality_match=SpecialityMatch.EXACT,
        assigned_date=datetime.date(2024, 5, 1),
    )
    if save:
        obj.save()
    return obj


@factory(ReserveTrainingSessionCrud)
def reserve_training_session(unit: Any, *, save: bool = True) -> models.Model:
    obj = ReserveTrainingSession(
        reservist=cast(Reservist, sample(ReservistCrud, unit)),
        kind=ReserveTrainingKind.TRAINING,
        start_date=datetime.date(2025, 6, 1),
        end_date=datetime.date(2025, 6, 10),
        organiser="Ban CHPTKV mẫu",
    )
    if save:
        obj.save()
    return obj


@factory(ReserveEquipmentCrud)
def reserve_equipment(unit: Any, *, save: bool = True) -> models.Model:
    n = next(_seq)
    obj = ReserveEquipment(
        owner_kind=EquipmentOwnerKind.ORGANISATION,
        owner_name=f"Công ty TNHH Vận tải Mẫu {n}",
        equipment_type=EquipmentType.TRUCK,
        plate_number=f"15C-{n:05d}",
        specs="Tải trọng 5 tấn",
        registered_at=unit,
        first_registration_date=datetime.date(2023, 4, 10),
        annual_report_year=2025,
    )
    if save:
        obj.save()
    return obj
