"""The API person list at scale (`/api/v1/people/person/`): p50/p95 of the list as DRF counted it
(an exact `count(*)` of everything in reach) against the capped count (core/paging), in the same
process, request by request alternately, through Django's test client.

    .venv/bin/python bench/api_list_bench.py --db postgres://postgres:postgres@127.0.0.1:5432/apicount_bench
    .venv/bin/python bench/api_list_bench.py --before /work/main/phongthu/core/api_input.py ...

"before" is the pagination class of another checkout's `phongthu/core/api_input.py` (main's by
default; it imports nothing of phongthu), "after" this checkout's. Main's class ignores the view's
`list_paginator` (core/api.py): it pages the view's queryset in its name order, as main's API did,
so a search's "before" is main's (the name index walked) and its "after" the HTML list's strategy
(core/filtering.list_paginator). Users as bench/list_bench.py
(created when missing). The database must already hold the province (bench/list_bench.py fills
it); the API list writes its VIEW audit rows there, so use a copy.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import list_bench  # noqa: E402

URL = "/api/v1/people/person/"


def scenarios() -> list[tuple[str, str, dict[str, str]]]:
    p, c, s, r = "bench-province", "bench-commune", "bench-small", "bench-region"
    return [
        (s, "xã nhỏ nhất, trang 1", {}),
        (c, "cán bộ xã: danh sách", {}),
        (r, "Ban CHPTKV lớn nhất: danh sách", {}),
        (p, "toàn tỉnh, trang 1", {}),
        (p, "toàn tỉnh, offset=10000", {"offset": "10000"}),
        (p, "toàn tỉnh, năm sinh", {"birth_year": str(time.localtime().tm_year - 18)}),
    ]


def searches() -> list[tuple[str, str, dict[str, str]]]:
    """`q` through the API: seconds at a million before core/filtering.list_paginator (RESULTS §0.2)."""
    c, r = "bench-commune", "bench-region"
    return [(c, "cán bộ xã: tìm", {"q": "tran"}), (r, "Ban CHPTKV lớn nhất: tìm", {"q": "nguyen van"})]


def pagination_from(path: str) -> type:
    spec = importlib.util.spec_from_file_location("before_api_input", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.BoundedLimitOffsetPagination  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="postgres://postgres:postgres@127.0.0.1:5432/apicount_bench")
    parser.add_argument("--before", default="/work/main/phongthu/core/api_input.py")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--search", action="store_true", help="also the searches (slow: seconds a request)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    from bench import province

    province.ensure_database(args.db)
    from django.db import connection
    from django.urls import resolve

    from phongthu.core.api_input import BoundedLimitOffsetPagination

    clients = list_bench.start()
    gc.collect()
    gc.freeze()
    viewset = resolve(URL).func.cls  # type: ignore[attr-defined]
    variants = {"before": pagination_from(args.before), "after": BoundedLimitOffsetPagination}
    print(f"before: {args.before}; after: {ROOT}/phongthu/core/api_input.py")
    for who, label, params in scenarios() + (searches() if args.search else []):
        client = clients[who]
        times: dict[str, list[float]] = {name: [] for name in variants}
        sql: dict[str, list[float]] = {name: [] for name in variants}
        bodies = {}
        for name, pagination in variants.items():  # warm-up, checked
            viewset.pagination_class = pagination
            response = client.get(URL, params)
            assert response.status_code == 200, (label, name, response.status_code)
            bodies[name] = response.json()
        # The same rows in the same order (both close the order by the primary key), same count.
        assert [r["id"] for r in bodies["before"]["results"]] == [r["id"] for r in bodies["after"]["results"]], label
        assert bodies["before"]["next"] == bodies["after"]["next"], label
        for i in range(args.repeats):
            order = list(variants) if i % 2 == 0 else list(reversed(variants))
            for name in order:
                viewset.pagination_class = variants[name]
                spent = [0.0]
                t0 = time.perf_counter()
                with connection.execute_wrapper(list_bench.sql_timer(spent)):
                    response = client.get(URL, params)
                times[name].append((time.perf_counter() - t0) * 1000)
                sql[name].append(spent[0] * 1000)
        after = bodies["after"]
        print(
            f"{label:<32} count {bodies['before']['count']:>9,} → {after['count']:>9,}"
            f" ({'exact' if after['count_is_exact'] else 'estimate'})",
            flush=True,
        )
        for name in variants:
            print(
                f"    {name:<6} p50 {statistics.median(times[name]):7.1f} ms  p95 "
                f"{list_bench.percentile(times[name], 0.95):7.1f} ms  SQL p50 {statistics.median(sql[name]):7.1f} ms"
                f"  load {list_bench.load()}",
                flush=True,
            )


if __name__ == "__main__":
    main()
