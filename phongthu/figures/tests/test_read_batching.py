"""The batched read: sub-units side by side in a number of queries that does not grow with the
number of sub-units, with the same values as one unit at a time (last year's value, target,
% achieved, approval-frozen values, coverage over each sub-unit's own sub-units)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phongthu.activities.crud.exercises import PatrolCrud
from phongthu.core.periods import Period
from phongthu.core.tests.factories import sample
from phongthu.figures import registry, selectors
from phongthu.figures.models import Approval, ApprovalState, EnteredValue, Target
from phongthu.figures.registry import Source
from phongthu.units.models import UnitLink
from phongthu.units.services import rebuild_scope

pytestmark = pytest.mark.django_db
Y = Period.year(2025)
LAST = Period.year(2024)


def patrol(unit, year, turns):
    p = sample(PatrolCrud, unit, save=False)
    p.year, p.date, p.team_turns = year, None, turns
    p.save()
    return p


def entered(unit, code, period, value):
    ev = EnteredValue(unit=unit, indicator=code, value=Decimal(value))
    ev.set_period(period)
    ev.save()


def period_row(model, unit, period, **kw):
    row = model(unit=unit, **kw)
    row.set_period(period)
    row.save()
    return row


@pytest.fixture
def figures_data(commune_a, commune_a2, two_regions):
    patrol(commune_a, 2025, 5)
    patrol(commune_a, 2024, 4)
    patrol(commune_a2, 2025, 7)
    entered(commune_a2, "mass.workdays", Y, 9)
    entered(commune_a2, "mass.workdays", LAST, 3)
    period_row(Target, commune_a, Y, indicator="patrol.team_turns", value=Decimal(10))
    # commune_a2's 2025 is approved with a frozen value that differs from its records
    period_row(Approval, commune_a2, Y, state=ApprovalState.APPROVED, snapshot={"patrol.team_turns": "70"})
    return two_regions[0]


def fresh(user):
    """The user as a new request loads it (no scope resolved and cached on the object yet)."""
    user.__dict__.pop("_phongthu_scope_cache", None)
    return user


def count_queries(fn):
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    return len(ctx), result


def test_side_by_side_values_equal_one_unit_at_a_time(figures_data, commune_a, commune_a2, region_user):
    codes = ["patrol.team_turns", "mass.workdays", "exercise.coverage"]
    rows = {
        u.pk: {f.indicator.code: f for f in fs}
        for u, fs in selectors.sub_unit_figures(figures_data, Y, user=region_user, indicators=codes)
    }
    a = rows[commune_a.pk]["patrol.team_turns"]
    assert (a.value, a.previous, a.target, a.achieved_pct, a.source) == (5, 4, 10, Decimal("50.00"), Source.COUNTED)
    assert a.approval == "open"
    a2 = rows[commune_a2.pk]["patrol.team_turns"]
    assert (a2.value, a2.approval) == (70, "approved")  # the approved period answers its frozen value
    work = rows[commune_a2.pk]["mass.workdays"]
    assert (work.value, work.previous, work.source) == (9, 3, Source.ENTERED)
    for unit in (commune_a, commune_a2):
        single = {f.indicator.code: f for f in selectors.unit_figures(unit, Y, user=region_user, indicators=codes)}
        assert single == rows[unit.pk]


def test_coverage_of_many_units_in_one_batch(figures_data, regions):
    """Each region's "x/y" over its own communes, read for all regions at once: after the
    batch no value needs a query, and each equals the region read alone."""
    coverage = registry.Indicator(
        "test.patrol_coverage",
        "Đơn vị cấp dưới có tuần tra",
        "đơn vị",
        3,
        False,
        Source.DERIVED,
        derived=registry.Derived("coverage", ("patrol.team_turns",)),
    )
    reader = selectors._Reader(None)
    reader.prefetch([coverage], [r.pk for r in regions], [Y, LAST])
    n, batched = count_queries(lambda: {r.pk: reader.value(coverage, r.pk, Y).coverage for r in regions})
    assert n == 0
    first = figures_data
    assert batched[first.pk] == (2, len(selectors.sub_units(first, Y)))
    for region in regions:
        alone = selectors.unit_figures(region, Y, indicators=[coverage])[0]
        assert alone.coverage == batched[region.pk]
    assert reader.value(coverage, first.pk, LAST) == selectors._Reader(None).value(coverage, first.pk, LAST)


def test_scope_filter_applies_when_the_user_sees_less(figures_data, commune_a, commune_a2, user_a):
    rows = {
        u.pk: {f.indicator.code: f.value for f in fs}
        for u, fs in selectors.sub_unit_figures(
            figures_data, Y, user=user_a, indicators=["mass.workdays", "patrol.team_turns"]
        )
    }
    assert rows[commune_a.pk]["patrol.team_turns"] == 5
    assert rows[commune_a2.pk]["mass.workdays"] is None  # another commune's entry: out of scope


def test_province_read_queries_do_not_grow_with_sub_units(figures_data, two_regions, province_user):
    """One region, then the same region with the other region's communes linked under it too
    (2N sub-units): the whole catalogue side by side issues the same number of queries."""
    region, other = two_regions
    small = selectors.sub_units(region, Y)
    n_small, rows = count_queries(lambda: selectors.sub_unit_figures(region, Y, user=fresh(province_user)))
    assert len(rows) == len(small) >= 2
    for kid in selectors.sub_units(other, Y):
        UnitLink.objects.create(parent=region, child=kid, hierarchy="MILITARY")
    rebuild_scope()
    big = selectors.sub_units(region, Y)
    assert len(big) >= 2 * len(small) - 1
    n_big, rows = count_queries(lambda: selectors.sub_unit_figures(region, Y, user=fresh(province_user)))
    assert len(rows) == len(big)
    assert n_big == n_small, (n_small, n_big)
    # and a bound: a few per kind of source, one per model counted live (all its indicators and
    # both periods in one query)
    live = {i.counted.model for i in registry.all_indicators() if i.counted is not None and not i.counted.summable}
    assert n_big <= len(live) + 15, (n_big, len(live))
