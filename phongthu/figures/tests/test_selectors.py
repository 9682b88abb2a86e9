"""The contract selectors: counted values over the reach, sub-units, scope, entered fallback,
and the maintained aggregates equal to a recount."""

from __future__ import annotations

from decimal import Decimal

import pytest

from phongthu.activities.crud.exercises import PatrolCrud
from phongthu.core.periods import Period
from phongthu.core.tests.factories import sample
from phongthu.figures import registry, selectors
from phongthu.figures.models import EnteredValue
from phongthu.figures.registry import Source

pytestmark = pytest.mark.django_db
Y2024 = Period.year(2025)


def values(unit, period=Y2024, user=None, codes=("patrol.team_turns",)):
    return {f.indicator.code: f for f in selectors.unit_figures(unit, period, user=user, indicators=list(codes))}


def test_catalogue_declares_every_kind():
    codes = {i.code for i in registry.all_indicators()}
    assert {"patrol.team_turns", "course.trainees", "exercise.coverage", "mass.workdays"} <= codes
    assert registry.get("patrol.team_turns").source is Source.COUNTED
    with pytest.raises(KeyError):
        registry.get("no.such")


def test_counted_rolls_up_and_respects_scope(commune_a, commune_a2, commune_b, two_regions, user_a, region_user):
    p1 = sample(PatrolCrud, commune_a, save=False)
    p1.year, p1.team_turns = 2025, 5
    p1.save()
    p2 = sample(PatrolCrud, commune_a2, save=False)
    p2.year, p2.team_turns = 2025, 7
    p2.save()
    region = two_regions[0]
    fig = values(region)["patrol.team_turns"]
    assert fig.value == 12 and fig.source is Source.COUNTED
    assert values(region, user=region_user)["patrol.team_turns"].value == 12
    # the commune user sees only their own commune's records
    assert values(region, user=user_a)["patrol.team_turns"].value == 5
    assert values(commune_b)["patrol.team_turns"].value is None
    subs = dict(
        (u.pk, f[0].value) for u, f in selectors.sub_unit_figures(region, Y2024, indicators=["patrol.team_turns"])
    )
    assert subs[commune_a.pk] == 5 and subs[commune_a2.pk] == 7
    # half-year: year-only records do not fall into 2025S1
    assert values(region, period=Period.parse("2025S1"))["patrol.team_turns"].value is None


def test_entered_stands_only_without_records(commune_a, commune_a2):
    ev = EnteredValue(unit=commune_a, indicator="patrol.team_turns", value=Decimal(40))
    ev.set_period(Y2024)
    ev.save()
    fig = values(commune_a)["patrol.team_turns"]
    assert (fig.value, fig.source) == (40, Source.ENTERED)
    p = sample(PatrolCrud, commune_a, save=False)
    p.year, p.team_turns = 2025, 3
    p.save()
    fig = values(commune_a)["patrol.team_turns"]
    assert (fig.value, fig.source) == (3, Source.COUNTED)  # never 43


@pytest.mark.parametrize("code", ["2025", "2025S2", "2025Q3", "202508", "2021-2025", "2025-07-01..2025-09-15"])
def test_every_indicator_evaluates_for_every_period_form(hai_phong, two_regions, code):
    from django.core.management import call_command

    call_command("recompute_figures")
    period = Period.parse(code)
    figures = selectors.unit_figures(hai_phong, period)
    assert len(figures) == len(registry.all_indicators())
    assert all(f.period == period and f.approval == "open" for f in figures)
    rows = selectors.sub_unit_figures(two_regions[0], period, indicators=["exercise.coverage", "militia.strength"])
    assert rows and all(len(f) == 2 for _u, f in rows)


def test_record_links_keep_the_unit_and_year(commune_a):
    url = selectors.record_list_url(registry.get("patrol.team_turns"), commune_a, Y2024)
    assert f"within={commune_a.pk}" in url and "year=2025" in url


def test_batched_reads_equal_single_reads(commune_a, commune_a2, two_regions, hai_phong):
    from phongthu.figures import engine

    p = sample(PatrolCrud, commune_a, save=False)
    p.year, p.date, p.team_turns = 2025, None, 4
    p.save()
    ev = EnteredValue(unit=commune_a2, indicator="mass.workdays", value=Decimal(9))
    ev.set_period(Y2024)
    ev.save()
    units = [commune_a.pk, commune_a2.pk, two_regions[0].pk, hai_phong.pk]
    mapping = engine.reach_map(units)
    for ind in registry.all_indicators():
        if ind.counted is None:
            continue
        many = engine.counted_many(ind, units, Y2024, mapping)
        for unit_id in units:
            assert many[unit_id] == engine.counted_total(ind, unit_id, Y2024), (ind.code, unit_id)
    batched = {
        (u.pk, f.indicator.code): f.value for u, fs in selectors.sub_unit_figures(two_regions[0], Y2024) for f in fs
    }
    for (unit_id, code), value in batched.items():
        if unit_id in (commune_a.pk, commune_a2.pk):
            from phongthu.units.models import Unit

            single = selectors.unit_figures(Unit.objects.get(pk=unit_id), Y2024, indicators=[code])[0].value
            assert single == value, (unit_id, code)
