"""Imports and bulk writes keep the live aggregates right (`core.audit.bulk_written`): records
written by `audited_bulk_create`, `audited_update` and the fast import path show in the figures
at once, and the maintained rows equal a full recompute."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

import pytest
from django.core.management import call_command
from django.db import connection, models

from phongthu.activities.crud.exercises import PatrolCrud
from phongthu.activities.models import Patrol
from phongthu.core import audit
from phongthu.core.bulk import FastImportSpec, Record, _MemoryWriter, _PostgresWriter
from phongthu.core.imports import ImportContext
from phongthu.core.periods import Period
from phongthu.core.tests.factories import sample
from phongthu.figures import engine, registry
from phongthu.figures.models import Aggregate

pytestmark = pytest.mark.django_db
CODES = ["patrol.team_turns", "patrol.person_turns"]


def rows() -> list[Any]:
    return sorted(
        Aggregate.objects.filter(indicator__in=CODES).values_list(
            "indicator", "unit_id", "year", "month", "option", "value"
        )
    )


def total(unit: Any, period: str) -> Any:
    return engine.counted_total(registry.get("patrol.team_turns"), unit.pk, Period.parse(period))[0]


def patrol(unit: Any, day: datetime.date | None, turns: int) -> Patrol:
    p = sample(PatrolCrud, unit, save=False)
    assert isinstance(p, Patrol)
    p.year, p.date, p.team_turns = (day.year if day else 2025), day, turns
    return p


def equals_recompute() -> None:
    maintained = rows()
    call_command("recompute_figures")
    assert rows() == maintained


def test_audited_bulk_create_and_update_keep_the_aggregates(commune_a, commune_a2, hai_phong):
    audit.audited_bulk_create(Patrol, [patrol(commune_a, datetime.date(2025, 8, 3), 6), patrol(commune_a2, None, 9)])
    assert total(hai_phong, "2025") == 15 and total(hai_phong, "202508") == 6
    equals_recompute()
    # an update moving records to another unit and year: the old buckets empty, the new fill
    audit.audited_update(
        Patrol.objects.filter(unit=commune_a), unit=commune_a2, date=datetime.date(2024, 3, 1), year=2024
    )
    assert total(hai_phong, "2025") == 9 and total(hai_phong, "2024") == 6 and total(commune_a, "2025") == 0
    equals_recompute()


class PatrolSpec(FastImportSpec):
    targets: ClassVar[list[type[models.Model]]] = [Patrol]
    owning_unit = (Patrol, "unit_id")


def test_the_fast_import_path_keeps_the_aggregates(commune_a, commune_a2, hai_phong, admin_user):
    fields = [f.attname for f in Patrol._meta.concrete_fields if f.attname != "id"]
    records = [
        Record(line=i + 2, values={Patrol: {a: getattr(p, a) for a in fields}}, reprs={Patrol: str(p)})
        for i, p in enumerate(
            [patrol(commune_a, datetime.date(2025, 2, 1), 4), patrol(commune_a2, datetime.date(2025, 11, 5), 7)]
        )
    ]
    ctx = ImportContext(user=admin_user, commit=True)
    spec = PatrolSpec()
    writer = _PostgresWriter(spec, ctx) if connection.vendor == "postgresql" else _MemoryWriter(spec, ctx)
    writer.start()
    writer.stage(records, write=True)  # the import can still commit: the writer inserts as it goes
    assert writer.commit(set()) == 2
    assert total(hai_phong, "2025") == 11 and total(hai_phong, "2025S2") == 7 and total(commune_a, "2025S1") == 4
    equals_recompute()
