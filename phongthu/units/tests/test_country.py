"""The whole country on the real data: 63 provinces before 1/7/2025, 34 after, every commune
under exactly one parent, lineage over every commune of both maps.

The country is loaded once for this module, inside a transaction rolled back at the end, so
the other modules keep the session's Hải Phòng-only database.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count, Q
from django.test import Client

from phongthu.core.context import change_context
from phongthu.units.choices import Hierarchy, Level
from phongthu.units.loader import LEGACY_END, REFORM_DATE, load_admin_units
from phongthu.units.models import LineageLink, Unit, UnitLink, valid_on

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def country(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    # The load time is measured in bench/RESULTS.md §5, not asserted here (a shared machine).
    with django_db_blocker.unblock(), transaction.atomic():
        with change_context(job_id="test-country"):
            load_admin_units()
        yield
        transaction.set_rollback(True)


def provinces_on(day: datetime.date) -> list[Unit]:
    return list(Unit.objects.filter(valid_on(day), level=Level.PROVINCE))


def test_63_provinces_before_the_reform_and_34_after():
    before, after = provinces_on(LEGACY_END), provinces_on(REFORM_DATE)
    assert len(before) == 63
    assert len(after) == 34
    assert len({u.code for u in before}) == 63 and len({u.code for u in after}) == 34


def test_a_merged_province_that_took_a_name_or_code_is_a_new_unit():
    gia_lai_old = Unit.objects.get(level=Level.PROVINCE, name="Tỉnh Gia Lai", valid_to=LEGACY_END)
    gia_lai_new = Unit.objects.get(level=Level.PROVINCE, name="Tỉnh Gia Lai", valid_from=REFORM_DATE)
    assert (gia_lai_old.code, gia_lai_new.code) == ("64", "52")  # it took Bình Định's code
    binh_dinh = Unit.objects.get(level=Level.PROVINCE, name="Tỉnh Bình Định")
    assert binh_dinh.valid_to == LEGACY_END
    for old in (gia_lai_old, binh_dinh):
        assert LineageLink.objects.filter(predecessor=old, successor=gia_lai_new).exists()
    for name in ("Tỉnh Tây Ninh", "Tỉnh An Giang", "Tỉnh Lào Cai", "Tỉnh Bắc Ninh", "Tỉnh Quảng Trị", "Tỉnh Đồng Tháp"):
        units = Unit.objects.filter(level=Level.PROVINCE, name=name)
        assert {(u.valid_from, u.valid_to) for u in units} == {(None, LEGACY_END), (REFORM_DATE, None)}, name
    # Long An, Yên Bái, Kiên Giang keep their own names and end with the reform.
    for name in ("Tỉnh Long An", "Tỉnh Yên Bái", "Tỉnh Kiên Giang"):
        assert Unit.objects.get(level=Level.PROVINCE, name=name).valid_to == LEGACY_END
    # Hải Phòng kept both name and code: one unit through the reform.
    hai_phong = Unit.objects.get(level=Level.PROVINCE, code="31")
    assert (hai_phong.valid_from, hai_phong.valid_to) == (None, None)


def test_pleiku_sits_under_gia_lai_on_both_maps():
    gia_lai_new = Unit.objects.get(level=Level.PROVINCE, name="Tỉnh Gia Lai", valid_from=REFORM_DATE)
    pleiku_2025 = Unit.objects.get(level=Level.COMMUNE, name="Phường Pleiku", valid_from=REFORM_DATE)
    assert UnitLink.objects.get(child=pleiku_2025, hierarchy=Hierarchy.CIVIL).parent == gia_lai_new
    old_city = Unit.objects.get(level=Level.DISTRICT, name="Thành phố Pleiku")
    assert UnitLink.objects.get(child=old_city, hierarchy=Hierarchy.CIVIL).parent.code == "64"


def _parents(day: datetime.date, children: Any, hierarchy: str = Hierarchy.CIVIL) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for child, parent in UnitLink.objects.filter(valid_on(day), hierarchy=hierarchy, child__in=children).values_list(
        "child_id", "parent_id"
    ):
        out.setdefault(child, []).append(parent)
    return out


def test_every_2025_commune_under_exactly_one_2025_province():
    communes = Unit.objects.filter(level=Level.COMMUNE, valid_from=REFORM_DATE)
    assert communes.count() == 3321
    parents = _parents(REFORM_DATE, communes)
    provinces = {u.pk for u in provinces_on(REFORM_DATE)}
    assert len(parents) == 3321
    assert all(len(p) == 1 and p[0] in provinces for p in parents.values())


def test_every_pre_2025_commune_under_exactly_one_district_and_province():
    communes = Unit.objects.filter(valid_on(LEGACY_END), level=Level.COMMUNE)
    assert communes.count() == 10035
    districts = _parents(LEGACY_END, communes)
    assert len(districts) == 10035 and all(len(p) == 1 for p in districts.values())
    district_ids = {p[0] for p in districts.values()}
    assert set(Unit.objects.filter(pk__in=district_ids).values_list("level", flat=True)) == {Level.DISTRICT}
    provinces = _parents(LEGACY_END, district_ids)
    valid_provinces = {u.pk for u in provinces_on(LEGACY_END)}
    assert len(provinces) == len(district_ids) == 691  # 696 districts, 5 island ones without communes
    assert all(len(p) == 1 and p[0] in valid_provinces for p in provinces.values())


def test_lineage_covers_every_commune_of_both_maps():
    old = Unit.objects.filter(level=Level.COMMUNE, valid_to__lte=LEGACY_END)
    missing_succ = old.annotate(n=Count("successor_links")).filter(n=0)
    assert list(missing_succ.values_list("name", flat=True)) == []
    new = Unit.objects.filter(level=Level.COMMUNE, valid_from=REFORM_DATE)
    missing_pred = new.annotate(n=Count("predecessor_links")).filter(n=0)
    assert list(missing_pred.values_list("name", flat=True)) == []
    # A split commune's figures go to exactly one designated successor.
    designated = (
        LineageLink.objects.filter(predecessor__in=old, event__date=REFORM_DATE)
        .values("predecessor")
        .annotate(d=Count("id", filter=Q(designated=True)))
    )
    assert all(row["d"] == 1 for row in designated)


def test_api_lists_63_then_34_provinces(make_user, hai_phong):
    admin = make_user("ADMIN", hai_phong)
    c = Client()
    c.force_login(admin)
    url = "/api/v1/units/unit/"
    before = c.get(url, {"on": "2025-06-30", "level": "PROVINCE", "page_size": 100}).json()
    after = c.get(url, {"on": "2025-07-01", "level": "PROVINCE", "page_size": 100}).json()
    assert before["count"] == 63
    assert after["count"] == 34


def test_loading_again_adds_nothing():
    before = Unit.objects.count()
    with change_context(job_id="test-country-again"):
        report = load_admin_units()
    assert report.created_units == 0 and report.created_links == 0 and report.lineage_events == 0
    assert Unit.objects.count() == before
