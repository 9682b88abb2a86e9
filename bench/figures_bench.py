"""A province-wide indicator table at N candidates and M patrol records, through the figures
layer (maintained per-commune, per-month aggregates), vs PostgreSQL's own GROUP BY over the
same rows, in the same run.

    # a PostgreSQL copy of the synthetic province (bench/province.py --load), e.g.
    createdb phongthu_fig && pg_dump phongthu_bench | psql phongthu_fig
    .venv/bin/python bench/figures_bench.py --db postgres://postgres:postgres@127.0.0.1:5432/phongthu_fig

Steps: migrate; put every person (or the first --people) into one campaign's pool (statuses
spread over the pipeline, 10 % police), add --patrols patrol records over the communes and
months; build the aggregates (`recompute_figures`); then time, --repeats times each:
  - baseline: one GROUP BY commune over the candidates with the same filtered counts, and one
    over the patrols (no scope, no roll-up, no lineage);
  - `sub_unit_figures(province, year)` for the candidate and patrol indicators, as the province
    user (scoped, rolled up to the regions along UnitScope, sources, targets, approval, last year);
  - `unit_figures(province, year)` for the whole catalogue (96+ indicators);
  - liveness: a candidate handed over through the ORM, then the province table read again;
  - recompute equality: the maintained rows equal a full recompute.
Figures are printed; nothing is asserted about speed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dashboard_bench import STATUS_MIX  # noqa: E402

YEAR = 2027


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn, repeats: int) -> tuple[list[float], object]:  # type: ignore[no-untyped-def]
    out, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = fn()
        out.append((time.perf_counter() - started) * 1000)
    return out, result


def report(name: str, ms: list[float]) -> None:
    print(f"{name:<62} p50 {statistics.median(ms):8.1f} ms   p95 {pct(ms, 0.95):8.1f} ms   (n={len(ms)})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--people", type=int, default=0, help="only the first N people (0: all)")
    parser.add_argument("--patrols", type=int, default=200_000)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s")

    from phongthu.accounts.models import Role, RoleAssignment
    from phongthu.campaigns.models import Campaign, Candidate
    from phongthu.core.periods import Period
    from phongthu.figures import engine, registry, selectors
    from phongthu.figures.models import Aggregate
    from phongthu.units.models import Unit

    province = Unit.objects.get(level="PROVINCE", code="31", valid_to__isnull=True)
    user, _ = get_user_model().objects.get_or_create(username="bench-tinh")
    RoleAssignment.objects.get_or_create(user=user, role=Role.PROVINCE_STAFF, unit=province)
    campaign, _created = Campaign.objects.get_or_create(unit=province, year=YEAR, defaults={"round": 1})
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM campaigns_candidate WHERE campaign_id = %s", [campaign.pk])
        if cur.fetchone()[0] == 0:
            total = sum(w for _s, w in STATUS_MIX)
            cases, acc = [], 0
            for status, w in STATUS_MIX:
                acc += w
                cases.append(f"WHEN (p.id %% {total}) < {acc} THEN '{status}'")
            limit = f"WHERE p.id <= {int(args.people)}" if args.people else ""
            t0 = time.perf_counter()
            cur.execute(
                "INSERT INTO campaigns_candidate (status, volunteer, eligibility_status, eligibility_codes, "
                "eligibility_rule_set, screening_result, screening_note, political_check, political_note, branch, "
                "list_kind, call_decision_no, handover_point, receiving_unit, recheck_result, return_reason, note, "
                "campaign_id, commune_id, person_id, health_class, fit) "
                f"SELECT CASE {' '.join(cases)} END, false, '', '', '', "
                "CASE WHEN p.id %% 3 = 0 THEN 'PASS' ELSE '' END, '', 'PENDING', '', "
                "CASE WHEN p.id %% 10 = 0 THEN 'POLICE' ELSE 'ARMY' END, 'OFFICIAL', '', '', '', '', '', '', "
                "%s, p.residence_unit_id, p.id, CASE WHEN p.id %% 2 = 0 THEN 1 + p.id %% 4 END, p.id %% 4 = 0 "
                f"FROM people_person p {limit}",
                [campaign.pk],
            )
            print(f"candidates inserted: {cur.rowcount:,} in {time.perf_counter() - t0:.1f} s")
        cur.execute("SELECT count(*) FROM activities_patrol")
        if cur.fetchone()[0] == 0 and args.patrols:
            t0 = time.perf_counter()
            cur.execute(
                "WITH c AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS n "
                "FROM units_unit WHERE level = 'COMMUNE' AND valid_to IS NULL) "
                "INSERT INTO activities_patrol (unit_id, year, date, team_turns, person_turns, partner_forces, scope, "
                "incidents, note, search_text, period_label) "
                "SELECT c.id, %s, make_date(%s, 1 + g %% 12, 1 + g %% 28), 1 + g %% 5, 3 + g %% 17, '', '', '', '', '', '' "
                "FROM generate_series(0, %s - 1) g JOIN c ON c.k = g %% c.n",
                [YEAR, YEAR, args.patrols],
            )
            print(f"patrols inserted: {cur.rowcount:,} in {time.perf_counter() - t0:.1f} s")
        cur.execute("ANALYZE campaigns_candidate; ANALYZE activities_patrol")
        cur.execute("SELECT count(*) FROM campaigns_candidate WHERE campaign_id = %s", [campaign.pk])
        n_candidates = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM activities_patrol WHERE year = %s", [YEAR])
        n_patrols = cur.fetchone()[0]
    print(f"data: {n_candidates:,} candidates, {n_patrols:,} patrols, year {YEAR}")

    t0 = time.perf_counter()
    rows = engine.recompute()
    print(f"recompute_figures (all indicators): {rows:,} aggregate rows in {time.perf_counter() - t0:.1f} s")
    with connection.cursor() as cur:
        # What autovacuum does on a production server after such a write (it is off on this
        # machine): without statistics the planner loops over the 1,710 rows one by one.
        cur.execute("ANALYZE figures_aggregate")

    period = Period.year(YEAR)
    codes = [i.code for i in registry.all_indicators() if i.code.startswith(("candidate.", "patrol.", "quota."))]
    print(f"indicators in the province table: {len(codes)}")

    def baseline() -> int:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT commune_id, count(*), count(*) FILTER (WHERE reviewed_on IS NOT NULL), "
                "count(*) FILTER (WHERE screening_result <> ''), count(*) FILTER (WHERE health_class IS NOT NULL), "
                "count(*) FILTER (WHERE fit), count(*) FILTER (WHERE call_decision_no <> ''), "
                "count(*) FILTER (WHERE status IN ('HANDED_OVER','RECHECKED_OK','ENLISTED')), "
                "count(*) FILTER (WHERE status = 'ENLISTED'), count(*) FILTER (WHERE status = 'RETURNED') "
                "FROM campaigns_candidate WHERE campaign_id = %s GROUP BY commune_id",
                [campaign.pk],
            )
            a = cur.fetchall()
            cur.execute(
                "SELECT unit_id, sum(team_turns), sum(person_turns) FROM activities_patrol WHERE year = %s GROUP BY unit_id",
                [YEAR],
            )
            return len(a) + len(cur.fetchall())

    def province_table() -> list:  # type: ignore[type-arg]
        return selectors.sub_unit_figures(province, period, user=user, indicators=codes)

    def whole_catalogue() -> list:  # type: ignore[type-arg]
        return selectors.unit_figures(province, period, user=user)

    def as_new_request() -> list:  # type: ignore[type-arg]
        # the user loaded afresh, as each request does: its scope is resolved again (one query)
        fresh = get_user_model().objects.get(pk=user.pk)
        return selectors.sub_unit_figures(province, period, user=fresh, indicators=codes)

    from django.test.utils import CaptureQueriesContext

    def cpu_and_queries(fn) -> str:  # type: ignore[no-untyped-def]
        cpu = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as q:
                c0 = time.process_time()
                fn()
                cpu.append((time.process_time() - c0) * 1000)
        sql = sum(float(x["time"]) for x in q.captured_queries) * 1000
        return f"{len(q)} queries, CPU in process p50 {statistics.median(cpu):.0f} ms, SQL as timed by the client {sql:.0f} ms"

    baseline()
    province_table()  # warm caches (connection, content types)
    ms, _ = timed(baseline, args.repeats)
    report("baseline: PostgreSQL GROUP BY commune (candidates + patrols)", ms)
    ms, table = timed(province_table, args.repeats)
    report(f"figures: province table by sub-unit ({len(codes)} indicators)", ms)
    print(f"   {cpu_and_queries(province_table)}")
    ms, _ = timed(as_new_request, args.repeats)
    report("figures: province table, user loaded afresh each read", ms)
    ms, cat = timed(whole_catalogue, max(3, args.repeats // 4))
    report(f"figures: province, whole catalogue ({len(registry.all_indicators())} indicators)", ms)
    print(f"   {cpu_and_queries(whole_catalogue)}")
    ms, _ = timed(baseline, args.repeats)
    report("baseline again (load drift check)", ms)

    from django.test import Client

    client = Client()
    client.force_login(user)
    url = f"/figures/{province.pk}/{period.code}/"
    assert client.get(url).status_code == 200

    def page() -> int:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return len(response.content)

    ms, size = timed(page, max(5, args.repeats // 2))
    report(f"page: figures dashboard {url} (view + template, {size:,} bytes)", ms)
    print(f"   {cpu_and_queries(page)}")

    def handed_over() -> int:
        return int(
            sum(
                next(f.value for f in fs if f.indicator.code == "candidate.handed_over") or 0
                for _u, fs in province_table()
            )
        )

    before = handed_over()
    cand = Candidate.objects.filter(campaign=campaign, status="IN_SOURCE_POOL").first()
    assert cand is not None
    t0 = time.perf_counter()
    cand.status = "HANDED_OVER"
    cand.save(update_fields=["status"])  # through the ORM: the signal recounts its buckets
    write_ms = (time.perf_counter() - t0) * 1000
    t1 = time.perf_counter()
    after = handed_over()
    read_ms = (time.perf_counter() - t1) * 1000
    print(f"liveness: handed over {before:,} → {after:,}; write {write_ms:.0f} ms, then read {read_ms:.0f} ms")

    maintained = sorted(Aggregate.objects.values_list("indicator", "unit_id", "year", "month", "option", "value"))
    t0 = time.perf_counter()
    engine.recompute()
    again = sorted(Aggregate.objects.values_list("indicator", "unit_id", "year", "month", "option", "value"))
    print(
        f"recompute equality: {'EQUAL' if maintained == again else 'DIFFERENT'} ({len(again):,} rows, {time.perf_counter() - t0:.1f} s)"
    )
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM figures_aggregate")
        print(f"aggregate rows read by the province table: ≤ {cur.fetchone()[0]:,}")
    print(f"sub-units: {len(table)}; catalogue values: {sum(1 for f in cat if f.value is not None)} non-empty")
    with connection.cursor() as cur:
        cur.execute(
            "SELECT sum(CASE WHEN status IN ('HANDED_OVER','RECHECKED_OK','ENLISTED') THEN 1 ELSE 0 END) FROM campaigns_candidate WHERE campaign_id = %s",
            [campaign.pk],
        )
        print(f"check: GROUP BY says handed over = {cur.fetchone()[0]:,}")


if __name__ == "__main__":
    main()
