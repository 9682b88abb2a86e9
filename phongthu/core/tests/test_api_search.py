"""A search through the API list is the HTML list's search (core/filtering.list_paginator, one
function for both): the matches are found first, then sorted, instead of PostgreSQL walking the
name index through the whole table (5 s a request at a million people, RESULTS §0.2). Same rows,
same order (name, birth date, primary key) as the HTML list; `next` follows the rows; scope holds."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from phongthu.core import paging
from phongthu.core.api_input import BoundedLimitOffsetPagination
from phongthu.core.tests.test_api_capped_count import _walk as walk_pages
from phongthu.core.text import search_key, sort_key
from phongthu.people.crud import PersonCrud
from phongthu.people.models import Person

pytestmark = pytest.mark.django_db

URL = "/api/v1/people/person/"
# Few distinct names and birth dates: the primary key must break the ties the same way each time.
NAMES = ["Trần Văn An", "Nguyễn Thị Trang", "Trần Thị Bình", "Lê Văn Cường", "Đặng Trần Anh"]


def _people(unit: Any, n: int) -> list[Person]:
    # bulk_create skips save(): the search and sort keys are filled here as save() fills them.
    return Person.objects.bulk_create(
        Person(
            full_name=NAMES[i % len(NAMES)],
            name_search=search_key(NAMES[i % len(NAMES)]),
            name_sort=sort_key(NAMES[i % len(NAMES)]),
            date_of_birth=datetime.date(2000 + i % 2, 1, 1),
            residence_unit=unit,
        )
        for i in range(n)
    )


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _walk(client: APIClient, **params: Any) -> list[dict[str, Any]]:
    return walk_pages(client, URL, **params)


def _html_ids(user: Any, **params: str) -> list[int]:
    client = Client()
    client.force_login(user)
    response = client.get(PersonCrud.url("list"), params)
    assert response.status_code == 200
    return [obj.pk for obj in response.context["page"].object_list]


def _expected(unit: Any, key: str) -> list[int]:
    return list(
        Person.objects.filter(residence_unit=unit, name_search__contains=key)
        .order_by("name_sort", "date_of_birth", "pk")
        .values_list("pk", flat=True)
    )


def _row_queries(run: Any) -> list[str]:
    """The SQL of the person list's row reads (ordered and limited; not the count)."""
    with CaptureQueriesContext(connection) as ctx:
        run()
    return [
        q["sql"]
        for q in ctx.captured_queries
        if "LIMIT" in q["sql"]
        and '"people_person"' in q["sql"].rsplit("ORDER BY", 1)[-1]
        and "COUNT(" not in q["sql"].upper()
    ]


def test_the_api_search_gives_the_html_lists_rows_in_its_order(commune_a, commune_b, user_a):
    _people(commune_a, 23)
    theirs = {p.pk for p in _people(commune_b, 23)}  # the same names next door: never listed
    expected = _expected(commune_a, "tran")
    assert 5 < len(expected) < 23
    html = _html_ids(user_a, q="tran")
    pages = _walk(_api(user_a), q="tran", limit=4)
    api = [row["id"] for page in pages for row in page["results"]]
    assert api == html == expected
    assert not set(api) & theirs
    assert all(page["count"] == len(expected) and page["count_is_exact"] is True for page in pages)
    assert [len(page["results"]) for page in pages[:-1]] == [4] * (len(pages) - 1)
    assert "offset=8" in pages[1]["next"] and "q=tran" in pages[1]["next"]


def test_the_api_search_sorts_its_matches_as_the_html_list_does(commune_a, user_a):
    """The API's row query sorts the matches by the unindexed expression the HTML list uses
    (filtering._unindexed); before, it ordered by the indexed name and PostgreSQL walked
    person_vi_order through every row of the table."""
    _people(commune_a, 12)
    html = _row_queries(lambda: _html_ids(user_a, q="tran"))
    api = _row_queries(lambda: _api(user_a).get(URL, {"q": "tran"}))
    assert html and api

    def order_by(sql: str) -> str:
        """The ORDER BY's keys before the closing primary key (spelt "1" where only keys are read)."""
        return sql.rsplit("ORDER BY", 1)[1].split("LIMIT", 1)[0].strip().rsplit(",", 1)[0]

    assert "COALESCE" in order_by(api[0]).upper()
    assert order_by(api[0]) == order_by(html[0])


def test_a_long_search_above_the_cap_pages_in_order_within_scope(commune_a, commune_b, user_a, monkeypatch):
    """Above the exact-count cap (no count, `next` from the rows) the search is still sorted after
    it filters, pages cover it once in name order, and the other commune's matches stay out."""
    monkeypatch.setattr(BoundedLimitOffsetPagination, "count_cap", 3)
    _people(commune_a, 20)
    theirs = {p.pk for p in _people(commune_b, 20)}
    expected = _expected(commune_a, "tran")
    client = _api(user_a)
    queries = _row_queries(lambda: client.get(URL, {"q": "tran", "limit": 5}))
    assert queries and all("COALESCE" in q.split("ORDER BY", 1)[1].upper() for q in queries)
    pages = _walk(client, q="tran", limit=5)
    assert all(page["count_is_exact"] is False for page in pages)
    api = [row["id"] for page in pages for row in page["results"]]
    assert api == expected and not set(api) & theirs


def test_a_region_user_searches_all_its_communes_and_no_other(commune_a, commune_a2, commune_b, region_user):
    _people(commune_a, 10)
    _people(commune_a2, 10)
    theirs = {p.pk for p in _people(commune_b, 10)}
    api = [row["id"] for page in _walk(_api(region_user), q="tran", limit=3) for row in page["results"]]
    expected = list(
        Person.objects.filter(residence_unit__in=[commune_a, commune_a2], name_search__contains="tran")
        .order_by("name_sort", "date_of_birth", "pk")
        .values_list("pk", flat=True)
    )
    assert api == expected == _html_ids(region_user, q="tran")
    assert not set(api) & theirs


def test_a_sorted_search_keeps_the_asked_order(commune_a, user_a):
    _people(commune_a, 15)
    api = [row["id"] for row in _api(user_a).get(URL, {"q": "tran", "sort": "-date_of_birth"}).json()["results"]]
    expected = list(
        Person.objects.filter(residence_unit=commune_a, name_search__contains="tran")
        .order_by("-date_of_birth", "pk")
        .values_list("pk", flat=True)
    )
    assert api == expected == _html_ids(user_a, q="tran", sort="-date_of_birth")


def test_a_search_expected_short_reads_its_page_and_total_in_one_pass(commune_a, commune_b, user_a, monkeypatch):
    """PostgreSQL: when the planner expects a short list the API, as the HTML list, reads each
    page's keys with `count(*) OVER ()`, no separate count; `count`, `next` and the rows stay
    right up to the last page and past it. Elsewhere (no planner estimate) the count runs."""
    monkeypatch.setattr(paging, "TRUST_ESTIMATE_ABOVE", -2)  # ask the planner of a small table
    monkeypatch.setattr(paging, "_table_sizes", {})
    _people(commune_a, 23)
    theirs = {p.pk for p in _people(commune_b, 23)}
    expected = _expected(commune_a, "tran")
    with CaptureQueriesContext(connection) as ctx:
        pages = _walk(_api(user_a), q="tran", limit=4)
    sql = [q["sql"] for q in ctx.captured_queries]
    api = [row["id"] for page in pages for row in page["results"]]
    assert api == expected and not set(api) & theirs
    assert all(page["count"] == len(expected) and page["count_is_exact"] is True for page in pages)
    assert len(pages) == -(-len(expected) // 4) and pages[-1]["next"] is None
    counts = [q for q in sql if "COUNT(*)" in q.upper() and "OVER" not in q.upper()]
    if connection.vendor == "postgresql":
        assert counts == [] and sum("OVER ()" in q for q in sql) == len(pages)
    else:
        assert counts
    beyond = _api(user_a).get(URL, {"q": "tran", "limit": 4, "offset": 40}).json()
    assert beyond["results"] == [] and beyond["next"] is None and beyond["count"] == len(expected)


def _plan_nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    nodes = [plan]
    for child in plan.get("Plans", []):
        nodes += _plan_nodes(child)
    return nodes


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_the_search_plan_sorts_the_matches_and_never_walks_the_name_index(commune_a, user_a):
    """EXPLAIN of the API's row query, with sequential scans priced out (as on a big table): the
    matches are sorted by the unindexed key; the name index (person_vi_order) is not walked."""
    _people(commune_a, 30)
    queries = _row_queries(lambda: _api(user_a).get(URL, {"q": "tran"}))
    assert queries
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        try:
            cursor.execute("EXPLAIN (FORMAT JSON) " + queries[0])
            raw = cursor.fetchone()[0]
        finally:
            cursor.execute("RESET enable_seqscan")
    nodes = _plan_nodes((json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"])
    sorts = [n for n in nodes if n["Node Type"] in ("Sort", "Incremental Sort")]
    assert sorts and any(re.search("coalesce", " ".join(n["Sort Key"]), re.I) for n in sorts), nodes
    assert not [n for n in nodes if n.get("Index Name") == "person_vi_order"], nodes
