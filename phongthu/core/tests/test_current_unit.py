"""The one "current unit" resolver: ?unit= within reach, a page's default, the switcher, the
first assignment; a unit out of reach is refused (or ignored where a page asks for that)."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.http import Http404
from django.test import RequestFactory

from phongthu.core.current_unit import SESSION_UNIT, current_unit

pytestmark = pytest.mark.django_db


def _request(user, query=None, chosen=None):
    request = RequestFactory().get("/", query or {})
    request.user = user
    request.session = SessionStore()
    if chosen is not None:
        request.session[SESSION_UNIT] = chosen.pk
    return request


def test_order_of_precedence(region_user, two_regions, commune_a, commune_a2):
    region = two_regions[0]
    assert current_unit(_request(region_user)) == region  # the first assignment
    assert current_unit(_request(region_user, chosen=commune_a2)) == commune_a2  # the switcher
    assert current_unit(_request(region_user, chosen=commune_a2), default=commune_a) == commune_a
    asked = _request(region_user, {"unit": commune_a.pk}, chosen=commune_a2)
    assert current_unit(asked, default=region) == commune_a
    assert current_unit(asked, from_request=False) == commune_a2


def test_a_unit_out_of_reach_is_refused_or_ignored(user_a, commune_a, commune_b):
    with pytest.raises(Http404):
        current_unit(_request(user_a, {"unit": commune_b.pk}))
    with pytest.raises(Http404):
        current_unit(_request(user_a, {"unit": "abc"}))
    assert current_unit(_request(user_a, {"unit": commune_b.pk}), refuse_out_of_reach=False) == commune_a


def test_a_user_without_units_has_none(make_user):
    nobody = make_user("COMMUNE_STAFF", None)
    assert current_unit(_request(nobody)) is None
    with pytest.raises(Http404):
        current_unit(_request(nobody), required=True)
