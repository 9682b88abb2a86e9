"""Dashboard, entry screen (one value saved without reload, Excel round trip) and the API:
scoped, Vietnamese 400s, nothing written on error."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from phongthu.activities.crud.exercises import PatrolCrud
from phongthu.core.tests.factories import sample
from phongthu.figures.models import EnteredValue

pytestmark = pytest.mark.django_db


def api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_values_api_scoped_and_bad_period(commune_a, commune_b, user_a):
    p = sample(PatrolCrud, commune_a, save=False)
    p.year, p.date, p.team_turns = 2025, None, 11
    p.save()
    c = api(user_a)
    r = c.get(
        "/api/v1/figures/values",
        {"unit": commune_a.pk, "period": "2025", "indicator": ["patrol.team_turns", "mass.workdays"]},
    )
    assert r.status_code == 200, r.content
    body = {row["indicator"]: row for row in r.json()}
    assert body["patrol.team_turns"]["value"] == "11" and body["patrol.team_turns"]["source"] == "counted"
    assert body["patrol.team_turns"]["approval"] == "open" and body["mass.workdays"]["value"] is None
    bad = c.get("/api/v1/figures/values", {"unit": commune_a.pk, "period": "2025X"})
    assert bad.status_code == 400 and "Kỳ báo cáo" in bad.json()["period"][0]
    assert (
        c.get("/api/v1/figures/values", {"unit": commune_a.pk, "period": "2025", "indicator": "nope"}).status_code
        == 400
    )
    assert c.get("/api/v1/figures/values", {"unit": commune_b.pk, "period": "2025"}).status_code == 404
    assert c.get("/api/v1/figures/values", {"unit": "x", "period": "2025"}).status_code == 400


def test_entry_and_approval_through_the_api(commune_a, user_a, region_user):
    c = api(user_a)
    bad = c.post(
        "/api/v1/figures/values",
        {"unit": commune_a.pk, "period": "2025", "values": {"mass.workdays": "12", "mass.households": "x"}},
        format="json",
    )
    assert bad.status_code == 400 and "mass.households" in bad.json()
    assert not EnteredValue.objects.exists()
    ok = c.post(
        "/api/v1/figures/values",
        {"unit": commune_a.pk, "period": "2025", "values": {"mass.workdays": "12"}},
        format="json",
    )
    assert ok.status_code == 200 and ok.json()[0]["source"] == "entered"
    assert (
        c.post("/api/v1/figures/approval/submit", {"unit": commune_a.pk, "period": "2025"}, format="json").status_code
        == 200
    )
    assert (
        c.post("/api/v1/figures/approval/approve", {"unit": commune_a.pk, "period": "2025"}, format="json").status_code
        == 403
    )
    r = api(region_user).post(
        "/api/v1/figures/approval/approve", {"unit": commune_a.pk, "period": "2025"}, format="json"
    )
    assert r.status_code == 200 and r.json()["approval"] == "approved"
    locked = c.post(
        "/api/v1/figures/values",
        {"unit": commune_a.pk, "period": "2025", "values": {"mass.workdays": "13"}},
        format="json",
    )
    assert locked.status_code == 400 and "duyệt" in str(locked.json())
    board = api(region_user).get("/api/v1/figures/approval/board", {"unit": commune_a.pk, "period": "2025"})
    assert board.status_code == 200


def test_dashboard_entry_and_excel_round_trip(commune_a, commune_b, two_regions, user_a, region_user, client_for):
    c = client_for(user_a)
    url = reverse("figures:dashboard", args=[commune_a.pk, "2025"])
    assert c.get(url).status_code == 200
    assert c.get(reverse("figures:dashboard", args=[commune_b.pk, "2025"])).status_code == 404
    entry = reverse("figures:entry", args=[commune_a.pk, "2025", "mass"])
    page = c.get(entry)
    assert page.status_code == 200 and "mass.workdays" in page.content.decode()
    one = c.post(entry, {"mass.workdays": "40"}, HTTP_HX_REQUEST="true")
    assert one.status_code == 200 and "Đã lưu" in one.content.decode()
    wrong = c.post(entry, {"mass.households": "-1"}, HTTP_HX_REQUEST="true")
    assert wrong.status_code == 422 and "không được là số âm" in wrong.content.decode()
    # Excel: download the sheet, fill a value, upload it back
    data = c.get(entry + "?format=xlsx").content
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    for row in sheet.iter_rows():
        if row[0].value == "mass.households":
            row[3].value = "25"
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "nhap.xlsx"
    resp = c.post(entry, {"file": out})
    assert resp.status_code == 302
    assert EnteredValue.objects.get(indicator="mass.households").value == 25
    assert EnteredValue.objects.get(indicator="mass.workdays").value == 40
    # the region's dashboard shows its communes side by side, its chart and the XLSX
    r = client_for(region_user)
    page = r.get(reverse("figures:dashboard", args=[two_regions[0].pk, "2025"]) + "?chart=mass.workdays")
    assert page.status_code == 200 and "<svg" in page.content.decode() and commune_a.name in page.content.decode()
    x = r.get(reverse("figures:dashboard", args=[two_regions[0].pk, "2025"]) + "?format=xlsx")
    assert x.status_code == 200 and load_workbook(io.BytesIO(x.content)).active.max_row > 10
