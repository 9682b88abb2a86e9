"""The administrators' screens: lineage entry, and a province's Ban CHPTKV (create, re-compose,
close) with a commune in exactly one region at a date."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from phongthu.accounts.models import Role
from phongthu.units import selectors, services
from phongthu.units.choices import Hierarchy
from phongthu.units.models import LineageEvent, Unit, UnitLink, valid_on

pytestmark = pytest.mark.django_db
D = datetime.date(2026, 1, 1)


@pytest.fixture
def padmin(make_user, hai_phong):
    return make_user(Role.PROVINCE_ADMIN, hai_phong)


@pytest.fixture
def admin_client(padmin):
    c = Client()
    c.force_login(padmin)
    return c


def test_lineage_entry_records_a_merge(admin_client, commune_a, commune_a2):
    page = admin_client.get("/units/lineage/new/")
    assert page.status_code == 200 and "Ghi biến động đơn vị" in page.content.decode()
    response = admin_client.post(
        "/units/lineage/new/",
        {
            "kind": "MERGE",
            "date": "2026-01-01",
            "predecessors": f"{commune_a.name}\n",
            "successors": commune_a2.code,
            "legal_basis": "Nghị quyết 9998/NQ-UBTVQH15",
            "note": "thử",
        },
    )
    assert response.status_code == 302
    event = LineageEvent.objects.latest("id")
    assert (event.kind, event.date, event.note) == ("MERGE", D, "thử")
    assert commune_a in selectors.predecessors(commune_a2)


def test_lineage_entry_names_the_bad_field(admin_client, commune_a):
    response = admin_client.post(
        "/units/lineage/new/",
        {
            "kind": "MERGE",
            "date": "2026-01-01",
            "predecessors": "Xã Không Có",
            "successors": commune_a.name,
            "legal_basis": "",
        },
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Không tìm thấy đơn vị" in text and "Hãy nhập căn cứ pháp lý" in text


def test_lineage_entry_is_for_administrators_only(user_a):
    c = Client()
    c.force_login(user_a)
    assert c.get("/units/lineage/new/").status_code == 403


def test_regions_create_recompose_close(admin_client, padmin, hai_phong, two_regions, commune_a):
    first, _second = two_regions
    page = admin_client.get(f"/units/{hai_phong.pk}/regions/", {"on": "2026-01-01"})
    assert page.status_code == 200 and first.name in page.content.decode()
    admin_client.post(
        f"/units/{hai_phong.pk}/regions/",
        {"op": "create", "name": "Ban CHPTKV 99 – Thử", "valid_from": "2026-01-01", "legal_basis": "QĐ 1/QĐ-BCH"},
    )
    new = Unit.objects.get(name="Ban CHPTKV 99 – Thử")
    assert new.valid_from == D and UnitLink.objects.filter(child=new, parent=hai_phong, hierarchy="MILITARY").exists()
    moved = admin_client.post(
        f"/units/{hai_phong.pk}/regions/",
        {"op": "members", "region": new.pk, "communes": commune_a.name, "on": "2026-01-01", "legal_basis": "QĐ 2"},
    )
    assert moved.status_code == 302
    assert UnitLink.objects.get(valid_on(D), child=commune_a, hierarchy=Hierarchy.MILITARY).parent == new
    refused = admin_client.post(
        f"/units/{hai_phong.pk}/regions/", {"op": "close", "region": new.pk, "on": "2026-06-01", "legal_basis": "QĐ 3"}
    )
    assert refused.status_code == 400 and "còn quản lý 1 xã, phường" in refused.content.decode()
    back = [*selectors.children(first, on=D, hierarchy="MILITARY"), commune_a]
    services.defense_region_set_members(
        region=first, communes=back, on=datetime.date(2026, 6, 1), actor=padmin, legal_basis="QĐ 4"
    )
    closed = admin_client.post(
        f"/units/{hai_phong.pk}/regions/", {"op": "close", "region": new.pk, "on": "2026-06-01", "legal_basis": "QĐ 5"}
    )
    assert closed.status_code == 302
    new.refresh_from_db()
    assert new.valid_to == datetime.date(2026, 5, 31)


def test_every_2025_commune_in_exactly_one_region(hai_phong):
    assert not services.communes_without_region(hai_phong, D).exists()
    covered = UnitLink.objects.filter(valid_on(D), hierarchy=Hierarchy.MILITARY, parent__kind="DEFENSE_REGION")
    assert covered.count() == covered.values("child_id").distinct().count()
