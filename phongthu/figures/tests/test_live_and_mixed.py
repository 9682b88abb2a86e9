"""Live counts in one grouped query per model (more indicators or periods cost no more queries,
same values as counting each indicator alone), per-record re-attribution in the batched sums,
and a parent's mixed sum where some units below count records and others entered a total."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from phongthu.activities.crud.exercises import PatrolCrud
from phongthu.core.periods import Period
from phongthu.core.tests.factories import sample
from phongthu.figures import engine, registry, selectors, services
from phongthu.figures.registry import Source
from phongthu.forces.choices import MilitiaStatus
from phongthu.forces.crud import MilitiaMemberCrud, ReservistCrud
from phongthu.units.models import LineageLink
from phongthu.units.rollup import reattribute

pytestmark = pytest.mark.django_db
Y = Period.year(2025)

SMALL = ["militia.strength", "reservist.total"]
BIG = [
    "militia.strength",
    "militia.party_members",
    "militia.core",
    "militia.new_members",
    "reservist.total",
    "reservist.assigned",
]
PERIODS = [Y, Period.year(2024), Period.parse("2025S1"), Period.parse("2025Q4")]


def count_queries(fn):
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    return len(ctx), result


def member(unit):
    m = sample(MilitiaMemberCrud, unit, save=False)
    m.status = MilitiaStatus.SERVING
    m.save()
    return m


@pytest.fixture
def forces_data(commune_a, commune_a2, two_regions):
    for unit, n in ((commune_a, 2), (commune_a2, 1)):
        for _i in range(n):
            member(unit)
            sample(ReservistCrud, unit)
    return two_regions[0]


def prefetched(codes, unit_ids, periods):
    reader = selectors._Reader(None)
    inds = [registry.get(c) for c in codes]
    n, _none = count_queries(lambda: reader.prefetch(inds, unit_ids, periods))
    return n, reader


def test_more_live_indicators_and_periods_cost_no_more_queries(forces_data, commune_a, commune_a2):
    units = [commune_a.pk, commune_a2.pk]
    n_small, _r = prefetched(SMALL, units, [Y])
    n_big, reader = prefetched(BIG, units, PERIODS)
    # before: one query per live indicator and period (2 → 24 here); now one per model
    assert n_big == n_small, (n_small, n_big)
    # the values equal each indicator counted alone over the unit's reach
    for code in BIG:
        ind = registry.get(code)
        c = ind.counted
        for p in PERIODS:
            for unit_id in units:
                alone = engine.records(ind, p, reach=engine.reach_ids(unit_id)).aggregate(
                    n=engine.Count("pk"), v=engine.aggregate_expr(c)
                )
                got = reader.value(ind, unit_id, p)
                expected = Decimal(alone["v"] or 0) if alone["n"] else None
                assert got.value == expected, (code, p.code, unit_id, got, alone)
    assert reader.value(registry.get("militia.strength"), commune_a.pk, Y).value == 2
    assert reader.value(registry.get("reservist.total"), commune_a2.pk, Y).value == 1


def test_dashboard_page_live_counts_do_not_grow_with_the_catalogue(forces_data, region_user, client_for):
    """The page for section 4 alone, then for sections 4 and 5 (more live indicators of the
    same models): the same number of queries."""
    c = client_for(region_user)
    url = reverse("figures:dashboard", args=[forces_data.pk, "2025"])
    c.get(url)
    with CaptureQueriesContext(connection) as small:
        assert c.get(url + "?section=4").status_code == 200
    with CaptureQueriesContext(connection) as both:
        assert c.get(url + "?section=4&section=5").status_code == 200
    live = [
        q["sql"] for q in both.captured_queries if q["sql"].partition(" FROM ")[2].startswith('"forces_militiamember"')
    ]
    assert len(live) <= 2, live  # the page's unit read and the sub-units' read
    assert len(both) <= len(small) + 2, (len(small), len(both))  # section 5's own models, once each


# -- re-attribution -----------------------------------------------------------------------------


@pytest.fixture
def split():
    link = (
        LineageLink.objects.filter(event__kind="SPLIT", designated=False)
        .select_related("predecessor", "successor")
        .first()
    )
    designated = LineageLink.objects.get(predecessor=link.predecessor, designated=True).successor
    return link.predecessor, designated, link.successor


def patrol(unit, turns):
    p = sample(PatrolCrud, unit, save=False)
    p.year, p.date, p.team_turns = 2025, None, turns
    p.save()
    return p


def values(code, units, user=None):
    ind = registry.get(code)
    one = {u.pk: selectors.unit_figures(u, Y, user=user, indicators=[ind])[0].value for u in units}
    return one


def test_reattributed_record_counts_in_its_new_unit_in_batched_sums(split, hai_phong, admin_user):
    old, designated, other = split
    first = patrol(old, 3)
    second = patrol(old, 4)
    m1, m2 = member(old), member(old)
    assert values("patrol.team_turns", [designated, other, hai_phong]) == {
        designated.pk: 7,
        other.pk: None,  # a split's records count in the designated successor only
        hai_phong.pk: 7,
    }
    reattribute(obj=second, to_unit=other, actor=admin_user, reason="Địa bàn thôn về xã mới")
    reattribute(obj=m2, to_unit=other, actor=admin_user, reason="Địa bàn thôn về xã mới")
    for code, (mine, theirs) in {"patrol.team_turns": (3, 4), "militia.strength": (1, 1)}.items():
        # one unit at a time (maintained aggregates for patrols, a live count for militia)
        assert values(code, [designated, other, hai_phong]) == {
            designated.pk: mine,
            other.pk: theirs,
            hai_phong.pk: mine + theirs,
        }, code
        # side by side under the province (the grouped queries for all communes)
        side = {u.pk: fs[0].value for u, fs in selectors.sub_unit_figures(hai_phong, Y, indicators=[code])}
        assert (side[designated.pk], side[other.pk]) == (mine, theirs), code
        assert sum(v for v in side.values() if v) == mine + theirs, code
    assert engine.counted_total(registry.get("patrol.team_turns"), other.pk, Y)[:1] == (4,)
    assert first.pk and m1.pk


# -- mixed sources --------------------------------------------------------------------------------


def test_parent_sums_each_sub_units_own_source(commune_a, commune_a2, two_regions, hai_phong):
    region = two_regions[0]
    patrol(commune_a, 5)
    # commune_a2 keeps no patrol records: it enters its total
    services.enter_values(unit=commune_a2, period=Y, values={"patrol.team_turns": "7"}, user=None, system=True)
    side = {u.pk: fs[0] for u, fs in selectors.sub_unit_figures(region, Y, indicators=["patrol.team_turns"])}
    assert (side[commune_a.pk].value, side[commune_a.pk].source) == (5, Source.COUNTED)
    assert (side[commune_a2.pk].value, side[commune_a2.pk].source) == (7, Source.ENTERED)
    for parent in (region, hai_phong):
        fig = selectors.unit_figures(parent, Y, indicators=["patrol.team_turns"])[0]
        assert (fig.value, fig.source) == (12, Source.MIXED), parent  # not 5 (records only), not 19
        assert fig.source_label == "hỗn hợp: từ sổ sách và nhập tổng hợp"
        with translation.override("en"):
            assert fig.source_label == "mixed: from records and aggregate entry"
    # a unit whose reach counts records but whose units below entered nothing stays "counted"
    assert selectors.unit_figures(commune_a, Y, indicators=["patrol.team_turns"])[0].source is Source.COUNTED


def test_mixed_sum_takes_the_topmost_entry_and_freezes_on_approval(commune_a, commune_a2, two_regions, hai_phong):
    """A region that entered its own total (no records in it) stands for its communes' entries
    below it (no double count); the province adds it to the other region's records."""
    region, other = two_regions
    counted_commune = selectors.sub_units(other, Y)[0]
    patrol(counted_commune, 6)
    services.enter_values(unit=commune_a, period=Y, values={"patrol.team_turns": "2"}, user=None, system=True)
    services.enter_values(unit=region, period=Y, values={"patrol.team_turns": "10"}, user=None, system=True)
    fig = selectors.unit_figures(hai_phong, Y, indicators=["patrol.team_turns"])[0]
    assert (fig.value, fig.source) == (16, Source.MIXED)
    from phongthu.figures.approval import frozen_values

    frozen = frozen_values(hai_phong, Y)
    assert frozen["patrol.team_turns"] == "16" and "patrol.team_turns" in frozen[selectors.MIXED_KEY]


def test_entries_below_count_once_without_records(commune_a, commune_a2, two_regions, hai_phong):
    """No records anywhere: the province adds the region's own total and not also the entries
    of that region's communes (before: 10 + 2 + 3 = 15)."""
    region, other = two_regions
    enter = services.enter_values
    enter(unit=commune_a, period=Y, values={"patrol.team_turns": "2"}, user=None, system=True)
    enter(unit=region, period=Y, values={"patrol.team_turns": "10"}, user=None, system=True)
    enter(unit=selectors.sub_units(other, Y)[0], period=Y, values={"patrol.team_turns": "3"}, user=None, system=True)
    fig = selectors.unit_figures(hai_phong, Y, indicators=["patrol.team_turns"])[0]
    assert (fig.value, fig.source) == (13, Source.ENTERED)
    assert selectors.unit_figures(region, Y, indicators=["patrol.team_turns"])[0].value == 10  # its own stands
    side = {u.pk: fs[0].value for u, fs in selectors.sub_unit_figures(region, Y, indicators=["patrol.team_turns"])}
    assert (side[commune_a.pk], side[commune_a2.pk]) == (2, None)
