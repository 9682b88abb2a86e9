"""Query counts of every generic list, detail and API list, so an N+1 cannot land unnoticed.

Two checks per registered model, as a commune user:
- the list page and the API list cost the same number of queries with 2 records as with 6
  (a query per row is an N+1: add select_related/prefetch_related to the config's queryset);
- list, detail and API list cost no more queries than `query_baselines.json` records (the
  counts are the same on SQLite and PostgreSQL: caches are warmed by a first request).

When a change legitimately costs more (or fewer) queries, regenerate the baselines and review
the diff:

    PHONGTHU_UPDATE_QUERY_BASELINES=1 pytest phongthu/core/tests/test_query_counts.py -k baseline
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from phongthu.core.crud import CrudConfig, registry
from phongthu.core.tests.factories import sample
from phongthu.units.crud import UnitCrud

pytestmark = pytest.mark.django_db

CONFIGS = sorted(registry.values(), key=lambda c: f"{c.app_label}.{c.slug}")
IDS = [f"{c.app_label}.{c.slug}" for c in CONFIGS]
BASELINES = Path(__file__).with_name("query_baselines.json")
UPDATE_ENV = "PHONGTHU_UPDATE_QUERY_BASELINES"
REGENERATE = f"{UPDATE_ENV}=1 pytest phongthu/core/tests/test_query_counts.py -k baseline"


@pytest.fixture(params=CONFIGS, ids=IDS)
def config(request: Any) -> type[CrudConfig]:
    return request.param  # type: ignore[no-any-return]


def _api_url(config: type[CrudConfig]) -> str:
    return f"/api/v1/{config.app_label}/{config.slug}/"


def _count(client: Any, url: str, **params: Any) -> int:
    client.get(url, params)  # warm the process-wide caches (content types, choices, ...)
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url, params)
    assert resp.status_code == 200, (url, resp.status_code)
    return len(ctx.captured_queries)


def _clients(user: Any) -> tuple[Client, APIClient]:
    html = Client()
    html.force_login(user)
    api = APIClient()
    api.force_authenticate(user)
    return html, api


def _grow(config: type[CrudConfig], unit: Any, n: int) -> None:
    for _ in range(n):
        sample(config, unit)


def test_list_costs_the_same_queries_for_2_and_6_records(
    config: type[CrudConfig], commune_a: Any, user_a: Any, region_user: Any, monkeypatch: Any
) -> None:
    if config is UnitCrud:
        # A unit "belongs" to itself: a region officer sees the region and its communes; the
        # page size decides how many rows are drawn.
        html, api = _clients(region_user)
        monkeypatch.setattr(config, "paginate_by", 2)
        few = (_count(html, config.url("list")), _count(api, _api_url(config), limit=2))
        monkeypatch.setattr(config, "paginate_by", 6)
        many = (_count(html, config.url("list")), _count(api, _api_url(config), limit=6))
    else:
        html, api = _clients(user_a)
        _grow(config, commune_a, 2)
        few = (_count(html, config.url("list")), _count(api, _api_url(config)))
        _grow(config, commune_a, 4)
        many = (_count(html, config.url("list")), _count(api, _api_url(config)))
    assert many == few, (
        f"{config.__name__}: (list page, API list) cost {few} queries with 2 records but {many} with 6 — "
        "a query per row (N+1); add select_related/prefetch_related for the columns shown"
    )


def _measure(config: type[CrudConfig], commune_a: Any, user_a: Any) -> dict[str, int]:
    html, api = _clients(user_a)
    records = [sample(config, commune_a) for _ in range(3)]
    return {
        "list": _count(html, config.url("list")),
        "detail": _count(html, config.url("detail", records[0].pk)),
        "api_list": _count(api, _api_url(config)),
    }


def _update_baseline(key: str, counts: dict[str, int]) -> None:
    # Read-modify-write under a lock: parallel workers (pytest -n) each add their own rows.
    with open(Path(tempfile.gettempdir()) / "phongthu-query-baselines.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        data = json.loads(BASELINES.read_text()) if BASELINES.exists() else {}
        data[key] = counts
        data = dict(sorted(data.items()))
        BASELINES.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def test_page_queries_stay_within_the_baseline(config: type[CrudConfig], commune_a: Any, user_a: Any) -> None:
    key = f"{config.app_label}.{config.slug}"
    vendor = connection.vendor
    counts = _measure(config, commune_a, user_a)
    if os.environ.get(UPDATE_ENV) == "1":
        _update_baseline(key, counts)
        return
    baseline = json.loads(BASELINES.read_text()).get(key)
    assert baseline is not None, f"No query baseline for {key}: run {REGENERATE}"
    over = {page: (n, baseline.get(page)) for page, n in counts.items() if page not in baseline or n > baseline[page]}
    assert not over, (
        f"{key} on {vendor}: queries (now, baseline) {over} exceed query_baselines.json. Fix the extra "
        f"queries, or if they are intended, regenerate with {REGENERATE} and commit the diff"
    )
