"""The province campaign dashboard at N candidates, live, vs PostgreSQL's own GROUP BY.

    # a PostgreSQL database holding the synthetic province (bench/province.py --load), e.g.
    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE phongthu_dash TEMPLATE phongthu_bench"
    .venv/bin/python bench/dashboard_bench.py --db postgres://postgres:postgres@127.0.0.1:5432/phongthu_dash

Puts every person of the province into one campaign's pool (one candidate row each, spread
over the pipeline's statuses), then times, in the same run:
  - baseline: `SELECT commune_id, status, count(*) FROM campaigns_candidate GROUP BY 1, 2`;
  - the dashboard selector for the province (as the province user: scoped, rolled up by region);
  - liveness: one candidate handed over, then the dashboard read again — the figure must move.
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

STATUS_MIX = [
    ("IN_SOURCE_POOL", 30), ("REVIEWED", 20), ("DEFERRED", 12), ("EXEMPTED", 2), ("SCREENED", 10), ("SCREEN_FAIL", 3),
    ("NOMINATED", 5), ("EXAMINED", 4), ("FIT", 6), ("UNFIT", 3), ("SHORTLISTED", 2), ("DECIDED_BY_PROVINCE", 1),
    ("CALL_DELIVERED", 1), ("HANDED_OVER", 1),
]  # fmt: skip


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from phongthu.accounts.models import Role, RoleAssignment
    from phongthu.campaigns import selectors
    from phongthu.campaigns.models import Campaign
    from phongthu.units.models import Unit

    province = Unit.objects.get(level="PROVINCE", code="31", valid_to__isnull=True)
    user, _ = get_user_model().objects.get_or_create(username="bench-tinh")
    RoleAssignment.objects.get_or_create(user=user, role=Role.PROVINCE_STAFF, unit=province)
    campaign, _created = Campaign.objects.get_or_create(unit=province, year=2027, defaults={"round": 1})
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM campaigns_candidate WHERE campaign_id = %s", [campaign.pk])
        have = cur.fetchone()[0]
        if have == 0:
            total = sum(w for _s, w in STATUS_MIX)
            cases, acc = [], 0
            for status, w in STATUS_MIX:
                acc += w
                cases.append(f"WHEN (p.id %% {total}) < {acc} THEN '{status}'")
            started = time.perf_counter()
            cur.execute(
                "INSERT INTO campaigns_candidate (status, volunteer, eligibility_status, eligibility_codes, "
                "eligibility_rule_set, screening_result, screening_note, political_check, political_note, branch, "
                "list_kind, call_decision_no, handover_point, receiving_unit, recheck_result, return_reason, note, "
                "campaign_id, commune_id, person_id) "
                f"SELECT CASE {' '.join(cases)} END, false, '', '', '', '', '', 'PENDING', '', "
                "CASE WHEN p.id %% 10 = 0 THEN 'POLICE' ELSE 'ARMY' END, 'OFFICIAL', '', '', '', '', '', '', "
                "%s, p.residence_unit_id, p.id FROM people_person p",
                [campaign.pk],
            )
            cur.execute("ANALYZE campaigns_candidate")
            print(
                f"loaded {cur.rowcount if cur.rowcount > 0 else 'n'} candidates in {time.perf_counter() - started:.1f} s"
            )
        cur.execute("SELECT count(*) FROM campaigns_candidate WHERE campaign_id = %s", [campaign.pk])
        n = cur.fetchone()[0]

    def baseline() -> float:
        t = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(
                "SELECT commune_id, status, count(*) FROM campaigns_candidate WHERE campaign_id = %s GROUP BY 1, 2",
                [campaign.pk],
            )
            cur.fetchall()
        return (time.perf_counter() - t) * 1000

    def dash() -> tuple[float, int]:
        t = time.perf_counter()
        d = selectors.dashboard(campaign=campaign, unit=province, user=user)
        return (time.perf_counter() - t) * 1000, d.total.handed_over

    baseline(), dash()  # warm caches
    base_ms = [baseline() for _ in range(args.repeats)]
    dash_ms = [dash()[0] for _ in range(args.repeats)]
    _t, before = dash()
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE campaigns_candidate SET status = 'HANDED_OVER' WHERE id = "
            "(SELECT id FROM campaigns_candidate WHERE campaign_id = %s AND status = 'CALL_DELIVERED' LIMIT 1)",
            [campaign.pk],
        )
    write_at = time.perf_counter()
    _t, after = dash()
    seen_ms = (time.perf_counter() - write_at) * 1000
    print(f"candidates: {n:,}; repeats: {args.repeats}")
    print(f"baseline GROUP BY  p50 {statistics.median(base_ms):8.1f} ms  p95 {pct(base_ms, 0.95):8.1f} ms")
    print(f"dashboard selector p50 {statistics.median(dash_ms):8.1f} ms  p95 {pct(dash_ms, 0.95):8.1f} ms")
    print(f"liveness: handed over {before} -> {after}, visible {seen_ms:.0f} ms after the write")


if __name__ == "__main__":
    main()
