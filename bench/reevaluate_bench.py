"""Bulk eligibility re-evaluation of everyone in the database, against a raw read of the same
columns in the same run:
- the old path: `selectors.bulk_facts` (one PersonFacts per person), then `evaluate_all`;
- `services.reevaluation.reevaluate` without writing (answers remembered per distinct facts);
- `reevaluate` end to end with the write-back (StoredEligibility + status history), first on an
  empty store (every answer written), then again a month later (only changed answers).
The pure engine throughput is measured by bench/eligibility_bench.py (the engine's own bench).

Writes to the database: run it on a copy (`createdb -T phongthu_bench phongthu_<you>_bench`).

    .venv/bin/python bench/reevaluate_bench.py --db postgres://postgres:postgres@127.0.0.1:5432/phongthu_imp_bench
"""

from __future__ import annotations

import argparse
import collections
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import province  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="postgres://postgres:postgres@127.0.0.1:5432/phongthu_bench")
    parser.add_argument("--as-of", default="2026-01-15")
    parser.add_argument("--repeats", type=int, default=2, help="runs of the old path (bulk_facts + evaluate_all)")
    parser.add_argument(
        "--clear-stored", action="store_true", help="empty StoredEligibility first: the first run writes every answer"
    )
    args = parser.parse_args()
    province.setup_django(args.db)
    import datetime

    from django.db import connection

    from bench.import_bench import machine
    from phongthu.military_service.eligibility import evaluate_all
    from phongthu.military_service.selectors import FACT_COLUMNS, bulk_facts
    from phongthu.people.models import Person

    print(machine())
    print(f"load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    as_of = datetime.date.fromisoformat(args.as_of)
    people = Person.objects.filter(date_of_birth__lte=as_of)
    # Same-run baselines: the same columns read raw — a server-side cursor of tuples (what
    # bulk_facts iterates, without building facts) and COPY TO (the database's floor).
    columns = people.order_by().values_list(*FACT_COLUMNS)
    t0 = time.perf_counter()
    n_raw = sum(1 for _row in columns.iterator(chunk_size=20_000))
    cursor_s = time.perf_counter() - t0
    print(f"raw read, server-side cursor: {n_raw:,} rows in {cursor_s:.1f} s → {n_raw / cursor_s:,.0f} rows/s")
    if connection.vendor == "postgresql":
        sql, params = columns.query.sql_with_params()
        with connection.cursor() as cursor:
            t0 = time.perf_counter()
            size = 0
            with cursor.cursor.copy(f"COPY ({cursor.mogrify(sql, params)}) TO STDOUT") as copy:
                for block in copy:
                    size += len(block)
            copy_s = time.perf_counter() - t0
        print(f"raw read, COPY TO: {size / 2**20:.0f} MB in {copy_s:.1f} s → {n_raw / copy_s:,.0f} rows/s")
    from phongthu.core.context import change_context
    from phongthu.military_service.services.reevaluation import COLUMNS, reevaluate

    # The re-evaluation reads 19 columns (its unit, file id and stored answer too): its own raw read.
    wide = people.order_by().values_list(*COLUMNS)
    t0 = time.perf_counter()
    n_wide = sum(1 for _row in wide.iterator(chunk_size=20_000))
    wide_s = time.perf_counter() - t0
    print(f"raw read of the re-evaluation's 19 columns, server-side cursor: {n_wide / wide_s:,.0f} rows/s")
    base = n_raw / cursor_s
    if args.clear_stored:
        from phongthu.military_service.models import StoredEligibility

        StoredEligibility.objects.all().delete()
    for write, day in ((False, as_of), (True, as_of), (True, as_of + datetime.timedelta(days=31))):
        gc.collect()
        t0 = time.perf_counter()
        with change_context(job_id="bench-reevaluate"):
            summary = reevaluate(
                people if day == as_of else Person.objects.filter(date_of_birth__lte=day), day, write=write
            )
        total = time.perf_counter() - t0
        n = summary.evaluated
        print(
            f"reevaluate({'write' if write else 'no write'}, {day}): {n:,} people, {summary.changed:,} changed, "
            f"{summary.distinct_facts:,} distinct facts, {total:.1f} s → {n / total:,.0f} people/s = "
            f"{(n / total) / base:.0%} of the 16-column cursor read, {(n / total) / (n_wide / wide_s):.0%} of the "
            f"19-column read; {', '.join(f'{k} {v:.1f} s' for k, v in summary.seconds.items())}; "
            f"load {' '.join(Path('/proc/loadavg').read_text().split()[:3])}"
        )
    for _ in range(args.repeats):
        gc.collect()
        t0 = time.perf_counter()
        facts = [f for _pk, f in bulk_facts(people, as_of)]
        read = time.perf_counter() - t0
        t1 = time.perf_counter()
        collections.deque(evaluate_all(facts, as_of), maxlen=0)
        evaluated = time.perf_counter() - t1
        n = len(facts)
        total = read + evaluated
        print(
            f"{n:,} people: read + facts {read:.1f} s, evaluate {evaluated:.2f} s ({n / evaluated:,.0f} people/s), "
            f"end to end {n / total:,.0f} people/s = {(n / total) / (n_raw / cursor_s):.0%} of the cursor read"
        )
    print("  ", ", ".join(f"{status}: {count:,}" for status, count in summary.by_status.most_common()))


if __name__ == "__main__":
    main()
