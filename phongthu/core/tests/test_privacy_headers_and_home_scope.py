"""Pages and API answers with personal data are never cached; home ratios stay in scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from phongthu.accounts import tokens
from phongthu.core.crud import registry
from phongthu.core.current_unit import SESSION_UNIT
from phongthu.core.tests.factories import sample

pytestmark = pytest.mark.django_db


def _no_store(resp: Any) -> bool:
    return "no-store" in resp.get("Cache-Control", "")


def test_signed_in_pages_are_no_store(user_a, commune_a):
    c = Client()
    c.force_login(user_a)
    for path in ("/", "/r/people/person/", f"/r/units/unit/{commune_a.pk}/", "/accounts/tokens/"):
        resp = c.get(path)
        assert resp.status_code == 200, path
        assert _no_store(resp), path


def test_api_answers_are_no_store_with_token_and_session(user_a):
    _token, key = tokens.issue(user_a)
    resp = Client().get("/api/v1/people/person/", HTTP_AUTHORIZATION=f"Token {key}")
    assert resp.status_code == 200 and _no_store(resp)
    c = Client()
    c.force_login(user_a)
    resp = c.get("/api/v1/people/person/")
    assert resp.status_code == 200 and _no_store(resp)


def test_static_files_may_be_cached_even_for_signed_in_users(user_a):
    c = Client()
    c.force_login(user_a)
    resp = c.get("/static/css/app.css")
    assert resp.status_code == 200 and not _no_store(resp)


def _serving_member(unit):
    from phongthu.forces.models import MilitiaMember

    member = sample(registry["forces.militiamember"], unit)
    MilitiaMember.objects.filter(pk=member.pk).update(status="SERVING")  # test setup, not a workflow
    return member


def test_home_militia_ratio_divides_by_the_population_in_reach(user_a, commune_a, commune_a2, two_regions):
    from phongthu.forces import selectors
    from phongthu.forces.models import UnitPopulation

    year = selectors.today().year
    UnitPopulation.objects.create(unit=commune_a, year=year, population=1000)
    UnitPopulation.objects.create(unit=commune_a2, year=year, population=9000)  # not user_a's
    _serving_member(commune_a)
    _serving_member(commune_a2)  # not counted either: both sides of the ratio are scoped
    region = two_regions[0]
    figure = dict(selectors.home_figure(user=user_a, unit=region)["rows"])
    label = f"Tỷ lệ DQTV so với dân số năm {year}"
    assert figure[label] == "0.10%"  # 1 member / 1,000 people in reach; unscoped it was 1 / 10,000
    c = Client()
    c.force_login(user_a)
    session = c.session
    session[SESSION_UNIT] = region.pk
    session.save()
    body = c.get("/").content.decode()
    assert "0.10%" in body and "0.01%" not in body
