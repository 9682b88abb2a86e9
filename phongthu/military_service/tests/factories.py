"""Test factories for military_service: a valid record of each registered model inside a given unit.
The inherited suite (core/tests/test_scope_matrix.py) builds its records with them; a new
registered model adds its factory here."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models

from phongthu.core.tests.factories import factory, sample
from phongthu.military_service.choices import Procedure, RegisterBook, RegistrationStatus
from phongthu.military_service.crud import (
    MilitaryServiceRegistrationCrud,
    RegistrationEventCrud,
    RegistrationGroundCrud,
)
from phongthu.military_service.models import MilitaryServiceRegistration, RegistrationEvent, RegistrationGround


def _sample_registration(unit: Any) -> MilitaryServiceRegistration:
    from phongthu.people.crud import PersonCrud

    person: Any = sample(PersonCrud, unit)
    return MilitaryServiceRegistration.objects.create(
        person=person,
        registering_unit=unit,
        status=RegistrationStatus.REGISTERED_READY,
        first_registration_date=datetime.date(2023, 4, 10),
        register_book=RegisterBook.SAN_SANG_NHAP_NGU,
        certificate_no=f"GCN-{person.pk}",
    )


@factory(MilitaryServiceRegistrationCrud)
def military_service_registration(unit: models.Model, *, save: bool = True) -> models.Model:
    if not save:
        from phongthu.people.crud import PersonCrud

        return MilitaryServiceRegistration(person=sample(PersonCrud, unit), registering_unit=unit)  # type: ignore[misc]
    return _sample_registration(unit)


@factory(RegistrationGroundCrud)
def registration_ground(unit: models.Model, *, save: bool = True) -> models.Model:
    registration = _sample_registration(unit)
    ground = RegistrationGround(registration=registration, code="TH_D", evidence="Giấy xác nhận của đơn vị")
    if save:
        ground.save()
    return ground


@factory(RegistrationEventCrud)
def registration_event(unit: models.Model, *, save: bool = True) -> models.Model:
    registration = _sample_registration(unit)
    event = RegistrationEvent(
        registration=registration,
        unit=unit,  # type: ignore[misc]
        procedure=Procedure.REG_FIRST,
        event_date=datetime.date(2023, 4, 10),
        deadline=datetime.date(2023, 4, 30),
        on_time=True,
    )
    if save:
        event.save()
    return event
