"""A picker's "create one" link returns to the form it was followed from: after the new record
is saved the user lands on that form again, the new record chosen and what was typed kept; only
same-site relative paths are followed (core/returning.py, issue 13)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from phongthu.core import returning
from phongthu.forces.choices import MilitiaCategory, MilitiaUnitLevel
from phongthu.forces.crud import MilitiaMemberCrud, MilitiaUnitCrud
from phongthu.forces.models import MilitiaUnit

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _unit_data(commune: Any, **extra: str) -> dict[str, Any]:
    return {
        "name": "Trung đội dân quân cơ động mới",
        "unit": commune.pk,
        "level": MilitiaUnitLevel.values[0],
        "category": MilitiaCategory.values[0],
        "established_date": "2025-08-01",
        "_reason": "tạo để chọn",
        **extra,
    }


def _create_link(html: str) -> str:
    start = html.index(MilitiaUnitCrud.add_url() + "?")
    return html[start : html.index('"', start)].replace("&amp;", "&")


def test_create_one_link_carries_the_form_and_field(user_a):
    html = _client(user_a).get(MilitiaMemberCrud.add_url() + "?note=ghi+ch%C3%BA").content.decode()
    link = _create_link(html)
    query = parse_qs(urlsplit(link).query)
    assert query["next"] == [MilitiaMemberCrud.add_url() + "?note=ghi+ch%C3%BA"]
    assert query["next_field"] == ["militia_unit"]
    page = _client(user_a).get(link).content.decode()
    assert 'name="next_field" value="militia_unit"' in page


def test_saving_the_new_record_returns_to_the_form_with_it_chosen(user_a, commune_a):
    c = _client(user_a)
    back = MilitiaMemberCrud.add_url() + "?note=ghi+ch%C3%BA&decision_ref=12%2FQ%C4%90"
    resp = c.post(MilitiaUnitCrud.add_url(), {**_unit_data(commune_a), "next": back, "next_field": "militia_unit"})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    new = MilitiaUnit.objects.get()
    target = urlsplit(resp["Location"])
    assert target.path == MilitiaMemberCrud.add_url()
    assert parse_qs(target.query) == {"note": ["ghi chú"], "decision_ref": ["12/QĐ"], "militia_unit": [str(new.pk)]}
    form = c.get(resp["Location"]).content.decode()
    assert f'<option value="{new.pk}" selected>' in form  # the new unit is chosen
    assert "Trung đội dân quân cơ động mới" in form  # shown by name
    assert "ghi chú" in form and "12/QĐ" in form  # what was typed is kept
    assert MilitiaUnitCrud.add_url() + "?" not in form  # the unit list is no longer empty


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/r/", "//evil.example/r/", "/\\evil.example", "javascript:alert(1)", "r/forces/"],
)
def test_an_external_or_odd_next_is_refused(user_a, commune_a, target):
    resp = _client(user_a).post(
        MilitiaUnitCrud.add_url(), {**_unit_data(commune_a), "next": target, "next_field": "militia_unit"}
    )
    assert resp.status_code == 302
    assert resp["Location"] == MilitiaUnitCrud.url("detail", MilitiaUnit.objects.get().pk)


def test_a_bad_field_name_is_ignored(user_a, commune_a):
    resp = _client(user_a).post(
        MilitiaUnitCrud.add_url(), {**_unit_data(commune_a), "next": "/r/", "next_field": 'x" onload="1'}
    )
    assert resp["Location"] == MilitiaUnitCrud.url("detail", MilitiaUnit.objects.get().pk)


def test_safe_path_and_with_choice():
    assert returning.safe_path("/r/forces/?a=1") == "/r/forces/?a=1"
    for bad in ("http://x/", "//x", "/\\x", "", "x/y", "/a\nb"):
        assert returning.safe_path(bad) == ""
    assert returning.with_choice("/f/?unit=1&q=2", "unit", 9) == "/f/?q=2&unit=9"
