"""Every generic list, HTML (/r/<app>/<model>/, its XLSX export included) and API, fed hostile
query parameters on every filter it has: huge and negative numbers, text where a number, a
yes/no or a date belongs, unknown sort columns, NUL bytes, broken UTF-8 (a lone surrogate's
bytes), over-long search terms. The answer is a page or a 400, never a 500, and nothing is
written (row counts of every registered table unchanged). Hand-picked values first, then
hypothesis-generated ones (deterministic)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from phongthu.core import filtering
from phongthu.core.crud import CrudConfig, registry
from phongthu.core.tests.factories import sample

pytestmark = pytest.mark.django_db

CONFIGS = sorted(registry.values(), key=lambda c: f"{c.app_label}.{c.slug}")
IDS = [f"{c.app_label}.{c.slug}" for c in CONFIGS]

# Each request sets every filter of the list to one of these at once (the valid filters still
# apply, so one bad value cannot hide another's crash).
HOSTILE = [
    "99999999999999999999999",
    "-99999999999999999999999",
    "zzz",
    "1.5",
    "2026-13-45",
    "\x00",
    "9" * 5000,
    "Nguyễn' OR 1=1 --%",
]
# Raw, already-encoded values: invalid UTF-8 such as a lone surrogate's bytes (ED A0 80).
RAW = ["%ED%A0%80", "%FF%FE"]


def _params(config: type[CrudConfig]) -> list[str]:
    filterset = filtering.filterset_for(config)
    return [*filterset.base_filters, "sort", "page", "col", "limit", "offset"]


def _table_counts() -> tuple[int, ...]:
    tables = sorted({c.model._meta.db_table for c in registry.values()})
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def _query(config: type[CrudConfig], value: str, *, raw: bool = False) -> str:
    encoded = value if raw else quote(value, safe="")
    return "&".join(f"{name}={encoded}" for name in _params(config))


def _urls(config: type[CrudConfig]) -> list[str]:
    return [config.url("list"), f"/api/v1/{config.app_label}/{config.slug}/"]


def _get(client: Any, url: str, query: str) -> Any:
    return client.get(url, QUERY_STRING=query)


@pytest.fixture
def clients(user_a):
    html = Client(raise_request_exception=False)
    html.force_login(user_a)
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(user_a)
    return {"html": html, "api": api}


@pytest.fixture(params=CONFIGS, ids=IDS)
def config(request: Any, commune_a: Any) -> type[CrudConfig]:
    sample(request.param, commune_a)  # one row, so sorting and display run on real data
    return request.param  # type: ignore[no-any-return]


def _check(clients: dict[str, Any], config: type[CrudConfig], query: str, *, export: bool = False) -> None:
    html_url, api_url = _urls(config)
    for client, url in ((clients["html"], html_url), (clients["api"], api_url)):
        resp = _get(client, url, query)
        assert resp.status_code in (200, 400), f"{url}?{query[:200]} → {resp.status_code}"
    if export:
        resp = _get(clients["html"], html_url, query + "&export=xlsx")
        assert resp.status_code in (200, 400), f"{html_url}?{query[:200]}&export=xlsx → {resp.status_code}"


def test_hostile_values_on_every_filter_of_every_list(config, clients):
    before = _table_counts()
    for i, value in enumerate(HOSTILE):
        _check(clients, config, _query(config, value), export=i < 2)
    for value in RAW:
        _check(clients, config, _query(config, value, raw=True))
    for column in [*config.list_columns, "pk__nonexistent"]:  # sortable or not, never a 500
        resp = clients["html"].get(config.url("list"), {"sort": f"-{column}"})
        assert resp.status_code == 200, f"{config.url('list')}?sort=-{column} → {resp.status_code}"
    assert _table_counts() == before


def test_an_invalid_filter_shows_the_list_with_a_message_next_to_it(user_a):
    from phongthu.people.crud import PersonCrud

    c = Client()
    c.force_login(user_a)
    resp = c.get(PersonCrud.url("list"), {"birth_year": "abc", "within": "99999999999999999999999"})
    assert resp.status_code == 400
    body = resp.content.decode()
    assert 'id="f-birth_year-errors"' in body and "Hãy nhập một số nguyên." in body
    assert "Thuộc đơn vị (gồm trực thuộc)" in body  # the `within` error names its filter
    resp = c.get(PersonCrud.url("list"), {"birth_year": "abc", "export": "xlsx"})
    assert resp.status_code == 400 and resp["Content-Type"].startswith("text/html")  # no file of the wrong rows


text_values = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)
values = st.one_of(
    text_values,
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["True", "False", "true", "null", "NONE", "lt8"]),
)


@pytest.mark.parametrize("config_key", ["people.person", "campaigns.healthexam", "forces.reservist", "units.unit"])
def test_generated_values_on_busy_lists(config_key, clients, commune_a):
    """Generated values on the lists with the most filters (a few examples each: all lists
    already take the hand-picked ones above)."""
    config = registry[config_key]
    sample(config, commune_a)
    names = _params(config)
    before = _table_counts()

    @settings(max_examples=10, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.dictionaries(st.sampled_from(names), values, min_size=1, max_size=4))
    def run(params):  # hypothesis's decorators are untyped for mypy
        query = "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items())
        _check(clients, config, query)

    run()
    assert _table_counts() == before
