"""Figures of old units roll up under today's map along lineage; splits follow the designated
successor unless a record is re-attributed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from phongthu.people.models import Person
from phongthu.units import selectors
from phongthu.units.choices import LineageKind
from phongthu.units.models import LineageLink, Unit
from phongthu.units.rollup import reattribute, rollup_counts

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 22)
D2019 = datetime.date(2019, 11, 21)


def person(unit, n=1):
    return [
        Person.objects.create(full_name=f"Người {unit.pk}-{i}", date_of_birth="2001-01-01", residence_unit=unit)
        for i in range(n)
    ]


def test_records_of_an_old_ward_count_in_its_successor_today(hai_phong):
    anh_dung = Unit.objects.get(name="Phường Anh Dũng")
    person(anh_dung, 3)
    successor = selectors.designated_successor_map()[anh_dung.pk]
    today = rollup_counts(Person.objects.all(), unit_path="residence_unit", parent=hai_phong, on=TODAY)
    assert today == {successor: 3}
    # and under the 2019 map they count in quận Dương Kinh
    duong_kinh = Unit.objects.get(name="Quận Dương Kinh")
    assert rollup_counts(Person.objects.all(), unit_path="residence_unit", parent=hai_phong, on=D2019) == {
        duong_kinh.pk: 3
    }


def test_split_ward_goes_to_designated_successor_unless_reattributed(hai_phong, admin_user):
    link = (
        LineageLink.objects.filter(event__kind=LineageKind.SPLIT, designated=False)
        .select_related("predecessor", "successor")
        .first()
    )
    old, other = link.predecessor, link.successor
    designated = LineageLink.objects.get(predecessor=old, designated=True).successor
    _first, second = person(old, 2)
    counts = rollup_counts(Person.objects.all(), unit_path="residence_unit", parent=hai_phong, on=TODAY)
    assert counts == {designated.pk: 2}
    reattribute(obj=second, to_unit=other, actor=admin_user, reason="Địa bàn thôn về xã mới")
    counts = rollup_counts(Person.objects.all(), unit_path="residence_unit", parent=hai_phong, on=TODAY)
    assert counts == {designated.pk: 1, other.pk: 1}


def test_reattribution_only_to_a_successor(hai_phong, admin_user, commune_b):
    old = Unit.objects.get(name="Phường Anh Dũng")
    (p,) = person(old)
    with pytest.raises(ValidationError):
        reattribute(
            obj=p,
            to_unit=commune_b
            if commune_b.pk not in selectors.successors(old).values_list("pk", flat=True)
            else hai_phong,
            actor=admin_user,
        )


def test_region_rollup_equals_sum_of_its_communes(hai_phong, regions):
    communes = selectors.children(regions[0], hierarchy="MILITARY")
    for c in communes[:3]:
        person(c, 2)
    by_region = rollup_counts(
        Person.objects.all(), unit_path="residence_unit", parent=hai_phong, on=TODAY, hierarchy="MILITARY"
    )
    by_commune = rollup_counts(
        Person.objects.all(), unit_path="residence_unit", parent=regions[0], on=TODAY, hierarchy="MILITARY"
    )
    assert by_region == {regions[0].pk: 6}
    assert sum(by_commune.values()) == 6
