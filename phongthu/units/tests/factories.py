"""Test factories for units: a valid record of each registered model inside a given unit.
The inherited suite (core/tests/test_scope_matrix.py) builds its records with them; a new
registered model adds its factory here."""

from __future__ import annotations

from django.db import models

from phongthu.core.tests.factories import factory
from phongthu.units.crud import OfficeHolderCrud, UnitCrud
from phongthu.units.models import OfficeHolder


@factory(UnitCrud)
def unit(unit: models.Model, *, save: bool = True) -> models.Model:
    return unit  # a unit "belongs" to itself


@factory(OfficeHolderCrud)
def office_holder(unit: models.Model, *, save: bool = True) -> models.Model:
    import datetime

    obj = OfficeHolder(
        unit=unit,  # type: ignore[misc]
        office="PC_CHAIR",
        full_name="Nguyễn Văn Mẫu",
        valid_from=datetime.date(2025, 7, 1),
    )
    if save:
        obj.full_clean()
        obj.save()
    return obj
