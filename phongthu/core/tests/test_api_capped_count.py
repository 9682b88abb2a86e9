"""The API list counts as the HTML lists do (core/api_input.BoundedLimitOffsetPagination over
core/paging.CappedPaginator): exactly up to the cap, above it an estimate marked
`count_is_exact: false`; `next` follows the rows, never the count; scope holds throughout."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from phongthu.core import paging
from phongthu.core.api_input import BoundedLimitOffsetPagination
from phongthu.people.models import Person

pytestmark = pytest.mark.django_db

URL = "/api/v1/people/person/"
CAP = 3


def _people(unit: Any, n: int, name: str = "Nguyễn Văn") -> list[int]:
    made = Person.objects.bulk_create(
        Person(full_name=f"{name} {i:03d}", date_of_birth=datetime.date(2006, 1, 1), residence_unit=unit)
        for i in range(n)
    )
    return [p.pk for p in made]


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _walk(client: APIClient, url: str, **params: Any) -> list[dict[str, Any]]:
    """Every page of the list, following `next` from the first (the bodies, in order)."""
    pages = []
    response = client.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        pages.append(response.json())
        if pages[-1]["next"] is None:
            return pages
        assert len(pages) < 50, "next never ends"
        response = client.get(pages[-1]["next"])


@pytest.fixture
def low_cap(monkeypatch: Any) -> None:
    monkeypatch.setattr(BoundedLimitOffsetPagination, "count_cap", CAP)


def test_a_short_list_is_counted_exactly(commune_a, commune_b, user_a):
    mine = _people(commune_a, 3)
    _people(commune_b, 4, "Trần Thị")
    body = _api(user_a).get(URL).json()
    assert body["count"] == 3 and body["count_is_exact"] is True
    assert body["next"] is None and body["previous"] is None
    assert sorted(row["id"] for row in body["results"]) == sorted(mine)


def test_exact_count_pages_as_before(commune_a, user_a, low_cap):
    mine = _people(commune_a, CAP)
    pages = _walk(_api(user_a), URL, limit=2)
    assert [len(p["results"]) for p in pages] == [2, 1]
    assert all(p["count"] == CAP and p["count_is_exact"] is True for p in pages)
    assert pages[1]["previous"] is not None and "offset" not in pages[1]["previous"]
    assert sorted(row["id"] for p in pages for row in p["results"]) == sorted(mine)


def test_above_the_cap_the_count_says_so_and_next_follows_the_rows(commune_a, commune_b, user_a, low_cap):
    mine = _people(commune_a, 8)
    _people(commune_b, 20, "Trần Thị")  # another commune's people: never counted, never listed
    pages = _walk(_api(user_a), URL, limit=2)
    # DRF's own next link (offset + limit < count) stopped after the 2nd page with a count of 4.
    assert [len(p["results"]) for p in pages] == [2, 2, 2, 2]
    assert all(p["count_is_exact"] is False and p["count"] >= CAP + 1 for p in pages)
    assert [row["id"] for p in pages for row in p["results"]] == [
        row["id"] for row in _api(user_a).get(URL, {"limit": 100}).json()["results"]
    ]
    assert sorted(row["id"] for p in pages for row in p["results"]) == sorted(mine)
    assert pages[0]["previous"] is None and pages[2]["previous"].endswith("offset=2")
    # Past the end: no rows, no next; the way back stays.
    beyond = _api(user_a).get(URL, {"limit": 2, "offset": 8}).json()
    assert beyond["results"] == [] and beyond["next"] is None and beyond["previous"] is not None


def test_the_last_page_has_no_next_when_the_estimate_says_more(commune_a, user_a, low_cap, monkeypatch):
    # The planner's guess can be far above the truth (a stale pg_class, a skewed column): fix
    # it at a million; the rows come from the database as always.
    monkeypatch.setattr(paging.CappedPaginator, "estimate", property(lambda self: 1_000_000))
    _people(commune_a, 5)
    last = _api(user_a).get(URL, {"limit": 2, "offset": 4}).json()
    assert last["count"] == 1_000_000 and last["count_is_exact"] is False
    assert len(last["results"]) == 1 and last["next"] is None
    middle = _api(user_a).get(URL, {"limit": 2, "offset": 2}).json()
    assert len(middle["results"]) == 2 and middle["next"].endswith("offset=4")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner estimate")
def test_a_stale_planner_estimate_is_shown_but_does_not_make_pages(commune_a, user_a, low_cap):
    """A real overestimate: statistics taken while the commune held 200 people, 195 gone since."""
    ids = _people(commune_a, 200)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Person._meta.db_table}")
    Person.objects.filter(pk__in=ids[5:]).delete()
    last = _api(user_a).get(URL, {"limit": 2, "offset": 4}).json()
    assert last["count_is_exact"] is False and last["count"] > 5
    assert len(last["results"]) == 1 and last["next"] is None


def test_a_commune_count_ignores_the_rest_of_the_province(commune_a, commune_b, user_a, user_b, low_cap):
    _people(commune_a, CAP - 1)
    theirs = _people(commune_b, 4 * CAP, "Trần Thị")
    body = _api(user_a).get(URL).json()
    assert body["count"] == CAP - 1 and body["count_is_exact"] is True and body["next"] is None
    assert not {row["id"] for row in body["results"]} & set(theirs)
    other = _api(user_b).get(URL, {"limit": 2}).json()
    assert other["count_is_exact"] is False and other["next"] is not None
    assert {row["id"] for p in _walk(_api(user_b), URL, limit=5) for row in p["results"]} == set(theirs)


def test_the_schema_describes_count_is_exact(admin_user):
    schema = _api(admin_user).get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    listed = schema.json()["components"]["schemas"]["PaginatedPersonRecordList"]
    assert listed["properties"]["count_is_exact"]["type"] == "boolean"
    assert "count_is_exact" in listed["required"]


def test_namesakes_are_paged_once_each(commune_a, user_a):
    """Equal names and birth dates: the order ends in the primary key, so no OFFSET page repeats
    or skips one of them."""
    mine = Person.objects.bulk_create(
        Person(full_name="Nguyễn Văn An", date_of_birth=datetime.date(2006, 1, 1), residence_unit=commune_a)
        for _ in range(7)
    )
    client = _api(user_a)
    with CaptureQueriesContext(connection) as ctx:
        pages = _walk(client, URL, limit=3)
    seen = [row["id"] for p in pages for row in p["results"]]
    assert seen == sorted(p.pk for p in mine)
    listed = [q["sql"] for q in ctx.captured_queries if "LIMIT" in q["sql"] and "COUNT" not in q["sql"].upper()]
    # The primary key closes the ORDER BY (Django may spell it by its select position, "1 ASC").
    assert listed and all(re.search(r'ORDER BY .*, ("people_person"\."id"|1) ASC LIMIT', q) for q in listed)
