"""Person list with filters at scale: p50/p95 latency of the real list view (scoped, sorted the
Vietnamese way, paginated with a count) through Django's test client, in process.

    .venv/bin/python bench/list_bench.py --db postgres://postgres:postgres@127.0.0.1:5432/phongthu_bench --people 1000000
    .venv/bin/python bench/list_bench.py --db sqlite:////tmp/phongthu_bench.sqlite3 --people 1000000

Each scenario's p50 is printed next to the baseline's (the same page for the commune nearest
1,000 people, measured first and last in the same run). Deep pages are measured both as a user
reaches them ("Sau ›": an `after=` cursor) and through an old `page=N` link (an OFFSET).

The database is (re)filled with bench/province.py's synthetic province when it holds fewer
people than asked (`--fresh` starts from an empty database).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import province  # noqa: E402


def prepare(db: str, people: int, fresh: bool, seed: int) -> None:
    if fresh:
        if db.startswith("postgres"):
            from bench.import_bench import drop_database

            drop_database(db)
        elif db.startswith("sqlite:///"):
            Path(db.removeprefix("sqlite:///")).unlink(missing_ok=True)
    province.ensure_database(db)
    from phongthu.people.models import Person

    have = Person.objects.count()
    if have == 0:
        t0 = time.perf_counter()
        n = province.load_direct(province.citizens(people, province.communes(), seed=seed))
        print(f"loaded {n:,} people in {time.perf_counter() - t0:.0f} s")
    elif have < people:
        print(f"the database holds {have:,} people (< {people:,}); use --fresh to reload")


def small_commune(target: int = 1_000) -> int:
    """The commune whose population is nearest `target` (the same-run baseline's list)."""
    from django.db.models import Count

    from phongthu.people.models import Person

    ids = [c for c, _n in province.communes()]
    sizes = Person.objects.filter(residence_unit_id__in=ids).values("residence_unit_id").annotate(n=Count("id"))
    return min(sizes, key=lambda r: abs(r["n"] - target))["residence_unit_id"]


def big_region() -> int:
    """The defense region holding the most people (≈ 100,000 at a million: a district's load)."""
    from phongthu.people.models import Person
    from phongthu.units.choices import Hierarchy
    from phongthu.units.models import Unit
    from phongthu.units.selectors import children

    hai_phong = Unit.objects.get(level="PROVINCE", code="31", valid_to__isnull=True)
    regions = list(children(hai_phong, hierarchy=Hierarchy.MILITARY))

    def size(region: Unit) -> int:
        ids = [c.pk for c in children(region, hierarchy=Hierarchy.MILITARY)]
        return Person.objects.filter(residence_unit_id__in=ids).count()

    return max(regions, key=size).pk


def users():
    from phongthu.accounts.models import Role, RoleAssignment, User
    from phongthu.units.models import Unit

    hai_phong = Unit.objects.get(level="PROVINCE", code="31", valid_to__isnull=True)
    commune_id = province.communes()[0][0]
    result = {}
    for name, role, unit_id in (
        ("bench-province", Role.PROVINCE_STAFF, hai_phong.pk),
        ("bench-commune", Role.COMMUNE_STAFF, commune_id),
        ("bench-small", Role.COMMUNE_STAFF, small_commune()),
        ("bench-region", Role.REGION_STAFF, big_region()),
    ):
        user, created = User.objects.get_or_create(username=name)
        if created:
            RoleAssignment.objects.create(user=user, role=role, unit_id=unit_id)
        result[name] = user
    return result


def scenarios() -> list[tuple[str, str, dict[str, str]]]:
    from phongthu.units.choices import Hierarchy
    from phongthu.units.models import Unit
    from phongthu.units.selectors import children

    hai_phong = Unit.objects.get(level="PROVINCE", code="31", valid_to__isnull=True)
    region = children(hai_phong, hierarchy=Hierarchy.MILITARY).first()
    communes = province.communes()
    big = communes[len(communes) // 2][0]
    year = time.localtime().tm_year
    p, c, s, r = "bench-province", "bench-commune", "bench-small", "bench-region"
    return [
        (s, "BASELINE: xã nhỏ nhất (≈ 1.000–4.000 người), trang 1", {}),
        (p, "toàn tỉnh, trang 1", {}),
        (p, "toàn tỉnh, trang 200 (con trỏ after=)", {"cursor_to": "200"}),
        (p, "toàn tỉnh, trang 200 (OFFSET, page=)", {"page": "200"}),
        (p, "một Ban CHPTKV", {"unit": str(region.pk)}),
        (p, "một xã", {"unit": str(big)}),
        (p, "năm sinh", {"birth_year": str(year - 18)}),
        (p, "chưa có hồ sơ NVQS", {"registration_status": "NONE"}),
        (p, "sẵn sàng nhập ngũ + xã + năm sinh", {"registration_status": "REGISTERED_READY", "unit": str(big), "birth_year": str(year - 19)}),
        (p, "sức khỏe loại 4", {"health_class": "4"}),
        (p, "dưới lớp 8", {"education": "lt8"}),
        (p, "diện TH_D", {"ground": "TH_D"}),
        (p, "tìm không dấu", {"q": "nguyen van hung"}),
        (p, "sắp theo ngày sinh", {"sort": "-date_of_birth"}),
        (c, "cán bộ xã: danh sách", {}),
        (c, "cán bộ xã: tìm", {"q": "tran"}),
        (r, "Ban CHPTKV lớn nhất: danh sách", {}),
        (r, "Ban CHPTKV lớn nhất: trang 100 (con trỏ)", {"cursor_to": "100"}),
        (r, "Ban CHPTKV lớn nhất: trang 100 (OFFSET)", {"page": "100"}),
        (r, "Ban CHPTKV lớn nhất: tìm", {"q": "nguyen van"}),
        (r, "Ban CHPTKV lớn nhất: sức khỏe loại 4", {"health_class": "4"}),
        (s, "BASELINE (lần 2): xã nhỏ nhất, trang 1", {}),
    ]  # fmt: skip


def sql_timer(spent: list[float]):
    """Adds each query's wall time to spent[0] (psycopg and sqlite3 read the result inside execute)."""

    def wrapper(execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[0] += time.perf_counter() - t0

    return wrapper


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def start() -> dict:
    """Print the machine, its load and the people count; a logged-in test client per bench user."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from bench.import_bench import machine
    from phongthu.people.models import Person

    setup_test_environment()
    print(machine())
    print(f"load average {load()}")
    print(f"{Person.objects.count():,} people; {connection.vendor}")
    clients = {}
    for name, user in users().items():
        client = Client()
        client.force_login(user)
        clients[name] = client
    return clients


def timed(client, url: str, params: dict[str, str], repeats: int):
    """A warm-up GET (checked), then `repeats` timed ones: (wall ms, SQL ms, last response)."""
    from django.db import connection

    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code)
    times, sql_times = [], []
    for _ in range(repeats):
        spent = [0.0]
        t0 = time.perf_counter()
        with connection.execute_wrapper(sql_timer(spent)):
            response = client.get(url, params)
        times.append((time.perf_counter() - t0) * 1000)
        sql_times.append(spent[0] * 1000)
    return times, sql_times, response


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="postgres://postgres:postgres@127.0.0.1:5432/phongthu_bench")
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--who", help="only these users' scenarios, e.g. bench-small,bench-commune,bench-region")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    prepare(args.db, args.people, args.fresh, args.seed)
    from phongthu.people.crud import PersonCrud

    clients = start()
    # As a production worker does after loading the application (config/wsgi.py).
    gc.collect()
    gc.freeze()
    url = PersonCrud.url("list")
    overall: list[float] = []
    baselines: list[float] = []
    wanted = set(args.who.split(",")) if args.who else None
    for who, label, params in scenarios():
        if wanted is not None and who not in wanted:
            continue
        client = clients[who]
        if "cursor_to" in params:
            # What a user reaches by "Sau ›" from page N-1: its next link holds the cursor.
            before = client.get(url, {"page": str(int(params["cursor_to"]) - 1)})
            params = dict(urllib.parse.parse_qsl(before.context["pager"]["next"].lstrip("?")))
        times, sql_times, response = timed(client, url, params, args.repeats)
        overall += times
        paginator = response.context["page"].paginator
        shown = f"{paginator.count:>9,}" if getattr(paginator, "exact", True) else f"> {paginator.cap:,}"
        if label.startswith("BASELINE"):
            baselines.append(statistics.median(times))
        print(
            f"{label:<42} {shown:>9} rows  p50 {statistics.median(times):6.1f} ms  p95 {percentile(times, 0.95):6.1f} ms"
            f"  SQL p50 {statistics.median(sql_times):6.1f} ms  ({statistics.median(times) / baselines[0]:.1f}× baseline p50)  load {load()}",
            flush=True,
        )
    print(
        f"{'ALL':<42} {'':>9}       p50 {statistics.median(overall):6.1f} ms  p95 {percentile(overall, 0.95):6.1f} ms"
    )


if __name__ == "__main__":
    main()
