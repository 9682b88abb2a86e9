"""Lists at scale (core/paging.py, core/scoping.scope_unit_ids): exact totals up to the cap,
"more than" above it with next/previous paging, and the user's reach read as unit ids."""

from __future__ import annotations

import base64
import datetime
import json

import pytest
from django.test import Client

from phongthu.core import paging, scoping
from phongthu.core.filtering import within
from phongthu.core.text import search_key, sort_key
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
    assert "Hơn 10 bản ghi" in body and "Trang 1</span>" in body and "after=" in body and "page=" not in body
    second = client.get(PersonCrud.url("list") + first.context["pager"]["next"])
    assert (
        second.status_code == 200 and len(second.context["rows"]) == 10 and "Trang 2</span>" in second.content.decode()
    )
    # an old page-number link still answers (an OFFSET, bounded), then moves by cursor
    third = client.get(PersonCrud.url("list"), {"page": "2"})
    assert third.status_code == 200 and _pks(third) == _pks(second) and "next" not in third.context["pager"]


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


# -- keyset paging above the cap (`after=` / `before=` cursors) ---------------------------------


def _named_people(unit, n, *, offset=0):
    """n people with only 4 distinct names and 3 birth dates: the order has many ties, which the
    primary key must break the same way on every page."""
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Đặng Đức Anh"]
    people = []
    for i in range(offset, offset + n):
        name = names[i % 4]
        people.append(
            Person(
                full_name=name,
                name_search=search_key(name),
                name_sort=sort_key(name),
                date_of_birth=datetime.date(2006, 1 + i % 3, 1),
                residence_unit=unit,
            )
        )
    Person.objects.bulk_create(people)


def _walk(client, params, direction="next"):
    """Every page reached by following the pager's links from the first one."""
    response = client.get(PersonCrud.url("list"), params)
    assert response.status_code == 200
    pages = [response]
    while direction in response.context["pager"]:
        href = response.context["pager"][direction]
        response = client.get(PersonCrud.url("list") + href)
        assert response.status_code == 200, href
        pages.append(response)
        assert len(pages) < 50, "the pager loops"
    return pages


def _pks(response):
    return [obj.pk for obj in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("params", "order"),
    [
        ({}, ["name_sort", "date_of_birth", "pk"]),
        ({"sort": "-date_of_birth"}, ["-date_of_birth", "pk"]),
        ({"sort": "full_name"}, ["name_sort", "date_of_birth", "pk"]),
        ({"q": "van"}, ["name_sort", "date_of_birth", "pk"]),  # a search: sorted after filtering
    ],
)
def test_cursor_pages_cover_the_list_once_in_order(
    commune_a, commune_a2, commune_b, region_user, monkeypatch, params, order
):
    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 10)
    monkeypatch.setattr(PersonCrud, "paginate_by", 7)
    _named_people(commune_a, 37)
    _named_people(commune_b, 30, offset=37)  # another region: out of the user's reach
    _named_people(commune_a2, 20, offset=67)
    client = Client()
    client.force_login(region_user)
    pages = _walk(client, params)
    expected = list(
        within(Person.objects.all(), _region_of(commune_a))
        .filter(**({"name_search__contains": "van"} if "q" in params else {}))
        .order_by(*order)
        .values_list("pk", flat=True)
    )
    seen = [pk for response in pages for pk in _pks(response)]
    assert seen == expected  # no duplicate, no skip, the same total order
    assert len(expected) > 10 and not set(seen) & set(
        Person.objects.filter(residence_unit=commune_b).values_list("pk", flat=True)
    )
    assert all("after=" in r.context["pager"].get("next", "after=") for r in pages)
    assert [r.context["page"].number for r in pages] == list(range(1, len(pages) + 1))
    # and back: the previous links give the same pages in reverse
    back = [pages[-1]]
    while "previous" in back[-1].context["pager"]:
        back.append(client.get(PersonCrud.url("list") + back[-1].context["pager"]["previous"]))
    assert [_pks(r) for r in reversed(back)] == [_pks(r) for r in pages]


def _region_of(commune):
    from phongthu.units.choices import Hierarchy
    from phongthu.units.models import UnitLink

    return UnitLink.objects.get(child=commune, hierarchy=Hierarchy.MILITARY).parent_id


def test_a_cursor_is_only_a_filter_on_the_users_own_list(commune_a, commune_b, user_a, monkeypatch):
    """A cursor made from a record out of reach (or forged) moves within the user's own rows."""
    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 5)
    monkeypatch.setattr(PersonCrud, "paginate_by", 7)
    _named_people(commune_a, 20)
    _named_people(commune_b, 20, offset=20)
    outsider = Person.objects.filter(residence_unit=commune_b).order_by("name_sort", "date_of_birth", "pk")[3]
    keys = paging._order_keys(paging.totally_ordered(Person.objects.order_by("name_sort", "date_of_birth")))
    assert keys is not None
    cursor = paging.make_cursor(keys, outsider, 2)
    client = Client()
    client.force_login(user_a)
    response = client.get(PersonCrud.url("list"), {"after": cursor})
    assert response.status_code == 200
    shown = Person.objects.filter(pk__in=_pks(response))
    assert shown and set(shown.values_list("residence_unit_id", flat=True)) == {commune_a.pk}


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "%%%",
        "eyJvIjoibmFtZV9zb3J0In0",  # {"o":"name_sort"}: another order
        "x" * 5000,
        "W10",  # []
        "bnVsbA",  # null
    ],
)
def test_a_bad_cursor_opens_page_one_with_a_message(commune_a, user_a, monkeypatch, cursor):
    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 5)
    monkeypatch.setattr(PersonCrud, "paginate_by", 7)
    _named_people(commune_a, 20)
    client = Client()
    client.force_login(user_a)
    for name in ("after", "before"):
        response = client.get(PersonCrud.url("list"), {name: cursor})
        assert response.status_code == 200
        assert response.context["page"].number == 1
        assert "Liên kết tới trang này không dùng được nữa" in response.content.decode()
        assert _pks(response) == _pks(client.get(PersonCrud.url("list")))


def test_a_cursor_with_values_of_the_wrong_type(commune_a, user_a, monkeypatch):
    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 5)
    monkeypatch.setattr(PersonCrud, "paginate_by", 7)
    _named_people(commune_a, 20)
    client = Client()
    client.force_login(user_a)
    first = client.get(PersonCrud.url("list"))
    good = first.context["pager"]["next"].split("after=")[1]
    keys = paging._order_keys(first.context["page"].paginator.object_list)
    for values in ([{"b": "zz"}, {"d": "2006-01-01"}, 1], [{"b": "00"}, {"d": "not a date"}, 1],
                   [{"b": "00"}, {"d": "2006-01-01"}, "x"], [{"b": "00"}, {"d": "2006-01-01"}, 10**30]):  # fmt: skip
        payload = {"o": paging._signature(keys), "p": 2, "v": values}
        forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()
        response = client.get(PersonCrud.url("list"), {"after": forged})
        assert response.status_code == 200 and response.context["page"].number == 1, values
    assert client.get(PersonCrud.url("list"), {"after": good}).context["page"].number == 2


def test_a_small_list_keeps_its_page_numbers(commune_a, user_a, monkeypatch):
    monkeypatch.setattr(PersonCrud, "paginate_by", 7)
    _named_people(commune_a, 20)
    client = Client()
    client.force_login(user_a)
    first = client.get(PersonCrud.url("list"))
    assert first.context["page"].paginator.exact and first.context["pager"]["next"].endswith("page=2")
    assert "Trang 1/3" in first.content.decode() and "after=" not in first.content.decode()
    # a cursor on a list that fits under the cap is ignored: the page number rules
    assert client.get(PersonCrud.url("list"), {"after": "junk", "page": "2"}).context["page"].number == 2


def test_an_order_with_a_nullable_key_keeps_offset_pages(commune_a, user_a, monkeypatch):
    """Sorting by the NVQS status (an outer join, NULL for people without a file): no cursor."""
    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 5)
    monkeypatch.setattr(PersonCrud, "paginate_by", 7)
    _named_people(commune_a, 20)
    client = Client()
    client.force_login(user_a)
    first = client.get(PersonCrud.url("list"), {"sort": "registration_status"})
    assert first.context["pager"]["next"].endswith("page=2")
    pages = _walk(client, {"sort": "registration_status"})
    seen = [pk for r in pages for pk in _pks(r)]
    assert sorted(seen) == sorted(Person.objects.values_list("pk", flat=True)) and len(set(seen)) == 20


def _queries(run):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = run()
    return result, [q["sql"] for q in captured.captured_queries]


def test_in_ids_is_one_array_parameter_with_the_same_rows(commune_a, commune_b):
    _people(commune_a, 3)
    _people(commune_b, 2)
    wanted = list(Person.objects.filter(residence_unit=commune_a).values_list("pk", flat=True))[:2]
    rows, sql = _queries(lambda: sorted(Person.objects.filter(pk__in_ids=wanted).values_list("pk", flat=True)))
    assert rows == sorted(wanted)
    units, _sql = _queries(lambda: Person.objects.filter(residence_unit__in_ids=[commune_b.pk]).count())
    assert units == 2 and Person.objects.filter(pk__in_ids=[]).count() == 0
    if paging.connections["default"].vendor == "postgresql":
        assert "= ANY(" in sql[0] and "IN (" not in sql[0]
    else:
        assert " IN (" in sql[0]


def test_a_short_list_reads_its_page_and_total_in_one_pass(commune_a, user_a, monkeypatch):
    """PostgreSQL: when the planner expects a short list, no separate count runs; the page and
    the total are right. Elsewhere (no planner estimate) the count runs as before."""
    # Ask the planner even of a small, never analysed table (pg_class says -1 rows).
    monkeypatch.setattr(paging, "TRUST_ESTIMATE_ABOVE", -2)
    monkeypatch.setattr(paging, "_table_sizes", {})
    monkeypatch.setattr(PersonCrud, "paginate_by", 7)
    _people(commune_a, 17)
    client = Client()
    client.force_login(user_a)
    response, sql = _queries(lambda: client.get(PersonCrud.url("list"), {"page": "3"}))
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 17 and page.paginator.exact and page.number == 3
    expected = list(Person.objects.order_by("name_sort", "date_of_birth", "pk").values_list("pk", flat=True))[14:]
    assert _pks(response) == expected
    counts = [q for q in sql if "COUNT(*)" in q.upper() and "OVER" not in q.upper()]
    if paging.connections["default"].vendor == "postgresql":
        assert counts == [] and any("OVER ()" in q for q in sql)
    else:
        assert counts
    # past the end: the usual count answers (the last page)
    beyond = client.get(PersonCrud.url("list"), {"page": "9"})
    assert beyond.status_code == 200 and beyond.context["page"].number == 3 and _pks(beyond) == expected
