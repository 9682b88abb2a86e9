"""Live aggregates: a write shows at once in the province's figures; the full recompute gives
the same rows as the maintained ones, and the aggregate path equals the live count."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from phongthu.activities.crud.exercises import ExerciseCrud, PatrolCrud
from phongthu.core.periods import Period
from phongthu.core.tests.factories import sample
from phongthu.figures import engine, registry
from phongthu.figures.models import Aggregate

pytestmark = pytest.mark.django_db
CODES = ["patrol.team_turns", "patrol.person_turns", "exercise.count"]


def rows():
    return sorted(
        Aggregate.objects.filter(indicator__in=CODES).values_list(
            "indicator", "unit_id", "year", "month", "option", "value"
        )
    )


def live(code, unit, period):
    ind = registry.get(code)
    qs = engine.records(ind, period, reach=engine.reach_ids(unit.pk))
    total = qs.aggregate(v=engine.aggregate_expr(ind.counted))["v"]
    return total or 0


def test_write_update_delete_keep_aggregates_equal_to_recompute(commune_a, commune_a2, hai_phong):
    p1 = sample(PatrolCrud, commune_a, save=False)
    p1.year, p1.date, p1.team_turns, p1.person_turns = 2025, datetime.date(2025, 8, 3), 6, 30
    p1.save()
    p2 = sample(PatrolCrud, commune_a2, save=False)
    p2.year, p2.date, p2.team_turns = 2025, None, 9
    p2.save()
    ex = sample(ExerciseCrud, commune_a)
    year = Period.year(2025)
    total, _b, exists = engine.counted_total(registry.get("patrol.team_turns"), hai_phong.pk, year)
    assert exists and total == 15 == live("patrol.team_turns", hai_phong, year)
    # month placement: August counts in 2025S2 and 202508, not in 2025S1
    for code, expected in (("2025S2", 6), ("202508", 6), ("2025Q3", 6)):
        t, _b, _e = engine.counted_total(registry.get("patrol.team_turns"), hai_phong.pk, Period.parse(code))
        assert t == expected == live("patrol.team_turns", hai_phong, Period.parse(code)), code
    # move a record to another unit and year: both buckets follow
    p1.unit, p1.date, p1.year = commune_a2, datetime.date(2024, 3, 1), 2024
    p1.save()
    maintained = rows()
    call_command("recompute_figures")
    assert rows() == maintained
    p2.delete()
    ex.delete()
    maintained = rows()
    call_command("recompute_figures")
    assert rows() == maintained
    t, _b, _e = engine.counted_total(registry.get("patrol.team_turns"), hai_phong.pk, Period.year(2024))
    assert t == 6 == live("patrol.team_turns", hai_phong, Period.year(2024))
