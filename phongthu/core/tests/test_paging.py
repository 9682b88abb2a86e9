"""Lists at scale (core/paging.py, core/scoping.scope_unit_ids): exact totals up to the cap,
"more than" above it with next/previous paging, and the user's reach read as unit ids."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from phongthu.core import paging, scoping
from phongthu.people.crud import PersonCrud
from phongthu.people.models import Person

pytestmark = pytest.mark.django_db


def _people(unit, n):
    Person.objects.bulk_create(
        Person(full_name=f"Nguyễn Văn {i:03d}", date_of_birth=datetime.date(2006, 1, 1), residence_unit=unit)
        for i in range(n)
    )


def test_exact_total_up_to_the_cap(commune_a):
    _people(commune_a, 12)
    paginator = paging.CappedPaginator(Person.objects.order_by("pk"), 5, cap=12)
    assert paginator.exact and paginator.count == 12 and paginator.num_pages == 3
    assert paging.summary(paginator) == "12 bản ghi"
    page = paginator.get_page(3)
    assert len(page.object_list) == 2 and not page.has_next()


def test_above_the_cap_pages_move_without_a_total(commune_a):
    _people(commune_a, 13)
    paginator = paging.CappedPaginator(Person.objects.order_by("pk"), 5, cap=12)
    assert not paginator.exact and paginator.count == 13
    assert paging.summary(paginator).startswith("Hơn 12 bản ghi")
    first = paginator.get_page(1)
    assert first.has_next() and not first.has_previous() and len(first.object_list) == 5
    last = paginator.get_page(3)
    assert len(last.object_list) == 3 and not last.has_next() and last.has_previous()
    assert last.start_index() == 11 and last.end_index() == 13
    seen = [p.pk for n in (1, 2, 3) for p in paginator.get_page(n).object_list]
    assert seen == list(Person.objects.order_by("pk").values_list("pk", flat=True))
    assert paginator.get_page("abc").number == 1
    beyond = paginator.get_page(4)  # past the end: an empty page that links back
    assert list(beyond.object_list) == [] and beyond.has_previous()


def test_estimate_is_never_below_what_was_counted(commune_a):
    _people(commune_a, 13)
    paginator = paging.CappedPaginator(Person.objects.order_by("pk"), 5, cap=12)
    estimate = paginator.estimate
    if Person.objects.db == "default" and paging.connections["default"].vendor == "postgresql":
        assert estimate is not None and estimate >= 13
        assert "ước tính khoảng" in paging.summary(paginator)
    else:
        assert estimate is None


def test_list_page_over_the_cap(commune_a, user_a, monkeypatch):
    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 10)
    _people(commune_a, 60)
    client = Client()
    client.force_login(user_a)
    first = client.get(PersonCrud.url("list"))
    assert first.status_code == 200
    body = first.content.decode()
    assert "Hơn 10 bản ghi" in body and "Trang 1</span>" in body and "page=2" in body
    second = client.get(PersonCrud.url("list"), {"page": "2"})
    assert second.status_code == 200 and len(second.context["rows"]) == 10
    assert "page=3" not in second.content.decode()


def test_scope_is_read_as_unit_ids(commune_a, commune_a2, commune_b, user_a, region_user):
    ids = scoping.scope_unit_ids(user_a, scoping.VIEW)
    assert isinstance(ids, list) and commune_a.pk in ids and commune_b.pk not in ids
    region_ids = scoping.scope_unit_ids(region_user, scoping.VIEW)
    assert {commune_a.pk, commune_a2.pk} <= set(region_ids) and commune_b.pk not in region_ids
    _people(commune_a, 1)
    _people(commune_b, 1)
    seen = set(Person.objects.restrict(user_a).values_list("residence_unit_id", flat=True))
    assert seen == {commune_a.pk}


def test_a_wide_reach_stays_a_sub_query(commune_a, region_user, monkeypatch):
    monkeypatch.setattr(scoping, "RESOLVED_SCOPE_LIMIT", 1)
    scope = scoping.scope_unit_ids(region_user, scoping.VIEW)
    assert not isinstance(scope, list)
    _people(commune_a, 1)
    assert Person.objects.restrict(region_user).count() == 1
