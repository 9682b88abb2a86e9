"""Aggregate entry and targets: bad input gets a Vietnamese message naming the field and
nothing is written; scope and authority hold; targets add up down the tree."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phongthu.activities.crud.exercises import PatrolCrud
from phongthu.core.models import ObjectChange
from phongthu.core.periods import Period
from phongthu.core.tests.factories import sample
from phongthu.figures import services
from phongthu.figures.models import EnteredValue, Target
from phongthu.figures.selectors import sub_units, unit_figures

pytestmark = pytest.mark.django_db
Y = Period.year(2025)


def messages(exc):
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


@pytest.mark.parametrize(
    ("values", "field", "text"),
    [
        ({"mass.workdays": "abc"}, "mass.workdays", "không phải là số"),
        ({"mass.workdays": "-3"}, "mass.workdays", "không được là số âm"),
        ({"mass.workdays": "2,5"}, "mass.workdays", "phải là số nguyên"),
        ({"no.such": "1"}, "no.such", "Không có chỉ số"),
        ({"exercise.coverage": "1"}, "exercise.coverage", "không nhập tay"),
        ({"party.cells_strong": "9", "party.cells_total": "7"}, "party.cells_strong", "không được lớn hơn tổng số"),
    ],
)
def test_bad_values_name_the_field_and_write_nothing(commune_a, user_a, values, field, text):
    with pytest.raises(ValidationError) as exc:
        services.enter_values(unit=commune_a, period=Y, values={"mass.households": "12", **values}, user=user_a)
    assert field in exc.value.message_dict and text in messages(exc)
    assert not EnteredValue.objects.exists()


def test_period_outside_the_data_set_and_unknown_period(commune_a, user_a):
    with pytest.raises(ValidationError) as exc:
        services.enter_values(unit=commune_a, period="2025Q3", values={"military_school.admitted": "3"}, user=user_a)
    assert "không thuộc loại đó" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        services.enter_values(unit=commune_a, period="2025X", values={"mass.workdays": "3"}, user=user_a)
    assert "period" in exc.value.message_dict and "không đúng dạng" in messages(exc)


def test_entry_is_scoped_audited_and_shown_with_its_source(commune_a, commune_b, user_a, user_b):
    services.enter_values(
        unit=commune_a, period=Y, values={"mass.workdays": "1.925", "mass.households": "7"}, user=user_a
    )
    row = EnteredValue.objects.get(indicator="mass.workdays")
    assert row.value == Decimal(1925)
    assert ObjectChange.objects.filter(object_id=str(row.pk)).exists()
    with pytest.raises(PermissionDenied):
        services.enter_values(unit=commune_a, period=Y, values={"mass.workdays": "1"}, user=user_b)
    fig = unit_figures(commune_a, Y, user=user_a, indicators=["mass.workdays"])[0]
    assert (fig.value, fig.source_label, fig.display) == (1925, "nhập tổng hợp", "1.925")
    # another commune's user does not see it
    assert unit_figures(commune_a, Y, user=user_b, indicators=["mass.workdays"])[0].value is None
    # clearing deletes
    services.enter_values(unit=commune_a, period=Y, values={"mass.workdays": ""}, user=user_a)
    assert not EnteredValue.objects.filter(indicator="mass.workdays").exists()


def test_counted_with_records_refuses_entry(commune_a, user_a):
    p = sample(PatrolCrud, commune_a, save=False)
    p.year, p.date = 2025, None
    p.save()
    with pytest.raises(ValidationError, match="sổ sách"):
        services.enter_values(unit=commune_a, period=Y, values={"patrol.team_turns": "5"}, user=user_a)


def test_targets_allocate_down_and_add_up(two_regions, make_user, hai_phong, commune_a, user_a):
    from phongthu.accounts.models import Role

    region = two_regions[0]
    province_staff = make_user(Role.PROVINCE_STAFF, hai_phong)
    region_staff = make_user(Role.REGION_STAFF, region)
    services.set_targets(unit=region, period=Y, indicator="mass.workdays", value="100", user=province_staff)
    kids = sub_units(region, Y)
    share = {k.pk: "10" for k in kids}
    with pytest.raises(ValidationError, match="phải bằng chỉ tiêu"):
        services.set_targets(
            unit=region, period=Y, indicator="mass.workdays", value=None, user=region_staff, allocations=share
        )
    assert Target.objects.count() == 1
    share = {k.pk: "0" for k in kids}
    share[kids[0].pk] = "100"
    services.set_targets(
        unit=region, period=Y, indicator="mass.workdays", value=None, user=region_staff, allocations=share
    )
    assert Target.objects.get(unit=kids[0], indicator="mass.workdays").value == 100
    # a commune cannot set the region's target
    with pytest.raises(PermissionDenied):
        services.set_targets(unit=region, period=Y, indicator="mass.workdays", value="5", user=user_a)
    services.enter_values(
        unit=kids[0], period=Y, values={"mass.workdays": "80"}, user=make_user(Role.COMMUNE_STAFF, kids[0])
    )
    fig = unit_figures(kids[0], Y, indicators=["mass.workdays"])[0]
    assert (fig.target, fig.achieved_pct) == (100, Decimal("80.00"))
