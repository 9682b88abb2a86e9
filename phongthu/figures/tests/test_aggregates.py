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


def test_a_status_transition_moves_the_maintained_figure(commune_a, hai_phong, make_user):
    """Awards change status through core.transitions (an update, not a save): the audit row of
    the transition recounts the buckets."""
    from django.db.models import Q

    from phongthu.accounts.models import Role
    from phongthu.activities.choices import AwardStatus
    from phongthu.activities.crud.awards import AwardCrud
    from phongthu.activities.services.awards import award_review
    from phongthu.figures import signals
    from phongthu.figures.registry import Counted, Indicator, Source

    code = "test.award_reviewed"
    registry.register(
        Indicator(code, "Đã xét", "hồ sơ", 14, False, Source.COUNTED,
                  counted=Counted("activities.Award", filter=Q(status=AwardStatus.COUNCIL_REVIEWED)))
    )  # fmt: skip
    signals._by_model.cache_clear()
    try:
        award = sample(AwardCrud, commune_a)
        assert award.status == AwardStatus.PROPOSED
        year = Period.year(award.year)
        council = make_user(Role.COUNCIL_MEMBER, commune_a)
        award_review(award, actor=council)
        award.refresh_from_db()
        assert award.status == AwardStatus.COUNCIL_REVIEWED
        total, _b, exists = engine.counted_total(registry.get(code), hai_phong.pk, year)
        assert exists and total == 1
        maintained = rows_for(code)
        call_command("recompute_figures", indicator=[code])
        assert rows_for(code) == maintained
    finally:
        registry._indicators.pop(code, None)
        registry._order.remove(code)
        signals._by_model.cache_clear()


def rows_for(code):
    return sorted(Aggregate.objects.filter(indicator=code).values_list("unit_id", "year", "month", "option", "value"))
