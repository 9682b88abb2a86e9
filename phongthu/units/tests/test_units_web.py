"""The unit screens and API: as-of views, lazy tree, search, lineage, OpenAPI schema."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from phongthu.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def province_client(province_user):
    c = Client()
    c.force_login(province_user)
    return c


def test_unit_page_as_of_2019_and_today(province_client, hai_phong):
    old = province_client.get(f"/r/units/unit/{hai_phong.pk}/", {"on": "2019-11-21"}).content.decode()
    assert "Quận Dương Kinh" in old
    now = province_client.get(f"/r/units/unit/{hai_phong.pk}/", {"on": "2026-11-22"}).content.decode()
    children_part = now.split("Biến động")[0]  # the lineage section lists the dissolved districts
    assert "Quận Dương Kinh" not in children_part
    assert "Phường Hải An" in children_part
    assert "Ban CHPTKV 1" in now  # military children side by side


def test_lineage_shown_on_old_and_new_units(province_client):
    anh_dung = Unit.objects.get(name="Phường Anh Dũng")
    page = province_client.get(f"/r/units/unit/{anh_dung.pk}/").content.decode()
    assert "Được thay thế bởi" in page
    new = anh_dung.successor_links.first().successor
    page = province_client.get(f"/r/units/unit/{new.pk}/").content.decode()
    assert "Hình thành từ" in page and "Phường Anh Dũng" in page


def test_tree_loads_one_level_at_a_time(province_client, hai_phong):
    top = province_client.get("/units/tree/", {"on": "2019-11-21"}).content.decode()
    assert "Thành phố Hải Phòng" in top
    assert "Quận Dương Kinh" not in top  # lazy: children come on demand
    kids = province_client.get(f"/units/tree/{hai_phong.pk}/children/", {"on": "2019-11-21"}).content.decode()
    assert "Quận Dương Kinh" in kids
    assert "Phường Anh Dũng" not in kids


def test_search_without_diacritics(province_client):
    page = province_client.get("/units/search/", {"q": "anh dung"}).content.decode()
    assert "Phường Anh Dũng" in page


def test_commune_user_tree_shows_only_its_branch(user_a, commune_a, commune_b, hai_phong):
    c = Client()
    c.force_login(user_a)
    kids = c.get(f"/units/tree/{hai_phong.pk}/children/").content.decode()
    assert commune_a.name in kids
    assert commune_b.name not in kids
    assert commune_b.name not in c.get("/units/search/", {"q": commune_b.name}).content.decode()


def test_api_as_of_children_subtree_and_lineage(province_user, hai_phong):
    api = APIClient()
    api.force_authenticate(province_user)
    old = {u["name"] for u in api.get(f"/api/v1/units/unit/{hai_phong.pk}/children/", {"on": "2019-11-21"}).json()}
    assert "Quận Dương Kinh" in old
    now = {u["name"] for u in api.get(f"/api/v1/units/unit/{hai_phong.pk}/children/").json()}
    assert "Quận Dương Kinh" not in now and len(now) == 114
    sub = {
        u["name"]
        for u in api.get(
            f"/api/v1/units/unit/{hai_phong.pk}/subtree/", {"on": "2019-11-21", "hierarchy": "CIVIL"}
        ).json()
    }
    assert "Phường Anh Dũng" in sub
    anh_dung = Unit.objects.get(name="Phường Anh Dũng")
    succ = api.get(f"/api/v1/units/unit/{anh_dung.pk}/successors/").json()
    assert succ
    back = {u["name"] for u in api.get(f"/api/v1/units/unit/{succ[0]['id']}/predecessors/").json()}
    assert "Phường Anh Dũng" in back
    listed = api.get("/api/v1/units/unit/", {"on": "2019-11-21", "level": "DISTRICT", "limit": 100}).json()
    assert "Quận Dương Kinh" in {u["name"] for u in listed["results"]}


def test_openapi_schema_and_docs(province_client):
    schema = province_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    body = schema.content.decode()
    assert "/api/v1/units/unit/" in body and "/api/v1/military-service/evaluate" in body
    docs = province_client.get("/api/docs/")
    assert docs.status_code == 200
    assert "cdn" not in docs.content.decode().lower()


def test_home_page_and_unit_switcher(province_client, province_user, hai_phong, commune_a, commune_b):
    home = province_client.get("/").content.decode()
    assert "Thành phố Hải Phòng" in home
    resp = province_client.post("/switch-unit/", {"unit": commune_a.pk, "next": "/"})
    assert resp.status_code == 302
    assert commune_a.name in province_client.get("/").content.decode()
    c = Client()
    from phongthu.accounts.models import Role

    c.force_login(province_user)
    other = Client()
    from django.contrib.auth import get_user_model

    commune_user = get_user_model().objects.create_user("xa-khac", password="Mat-khau-2025")
    from phongthu.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=commune_user, role=Role.COMMUNE_STAFF, unit=commune_a)
    other.force_login(commune_user)
    assert other.post("/switch-unit/", {"unit": commune_b.pk}).status_code == 403


def test_language_switch_to_english(province_client):
    resp = province_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert resp.status_code == 302
    page = province_client.get("/").content.decode()
    assert 'lang="en"' in page


def test_vietnamese_by_default_even_for_english_browsers(province_client):
    page = province_client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in page and "Trang chủ" in page


def test_english_interface_when_chosen(province_client):
    province_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = province_client.get("/").content.decode()
    assert "Unit tree" in page and "Log out" in page
