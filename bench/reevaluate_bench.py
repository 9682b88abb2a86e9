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
            copy_s_read = time.perf_counter() - t0
        print(f"raw read, COPY TO: {size / 2**20:.0f} MB in {copy_s_read:.1f} s → {n_raw / copy_s_read:,.0f} rows/s")
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
        first_population = args.clear_stored and write and day == as_of
        since = _last_history_id() if first_population else 0
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
        rest = total - sum(summary.seconds.get(k, 0.0) for k in ("group", "evaluate", "write"))
        print(f"  rest (the run's audit row and the commit, with its deferred foreign-key checks): {rest:.1f} s")
        if first_population and connection.vendor == "postgresql":
            copy_s, commit_s = raw_write(since)
            write_s = copy_s + commit_s
            for label, read_s in (
                ("16-column cursor", cursor_s),
                ("COPY TO", copy_s_read),
                ("19-column cursor", wide_s),
            ):
                print(
                    f"  vs raw read ({label}) {read_s:.1f} s + raw write {write_s:.1f} s = {read_s + write_s:.1f} s: "
                    f"the re-evaluation ({total:.1f} s) is at {(read_s + write_s) / total:.0%} of that floor"
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


def _last_history_id() -> int:
    from phongthu.core.models import StatusChange

    return StatusChange.objects.order_by("-id").values_list("id", flat=True).first() or 0


def raw_write(since: int) -> tuple[float, float]:
    """The physical floor of the first population, in the same run: the 1,000,000 answers and
    history rows the re-evaluation has just written (taken back out by COPY TO, untimed) COPYed
    into two new tables shaped like `military_service_storedeligibility` and `core_statuschange`
    (`LIKE … INCLUDING ALL`: columns, NOT NULL, defaults, identity, CHECKs, primary keys and
    indexes; the foreign keys added with the originals' definitions, so deferred checks run at
    commit). One transaction, timed to its commit; the tables are dropped after. What differs:
    the history copy starts empty (the real table holds the rows written before the run), and
    the real history table's triggers (append-only, BEFORE UPDATE/DELETE/TRUNCATE) are not
    copied — they do not fire on INSERT. Returns (COPY seconds, commit seconds)."""
    import tempfile

    from django.db import connection, transaction

    from phongthu.core.models import StatusChange
    from phongthu.military_service.models import StoredEligibility

    tables = {"h_floor_answers": StoredEligibility._meta.db_table, "h_floor_history": StatusChange._meta.db_table}
    history_columns = ", ".join(f.column for f in StatusChange._meta.concrete_fields if not f.primary_key)
    answers_columns = ", ".join(f.column for f in StoredEligibility._meta.concrete_fields)
    sources = {
        "h_floor_answers": (answers_columns, f'SELECT {answers_columns} FROM "{tables["h_floor_answers"]}" ORDER BY 1'),
        "h_floor_history": (
            history_columns,
            f'SELECT {history_columns} FROM "{tables["h_floor_history"]}" '
            f"WHERE id > {since:d} AND field = 'eligibility' ORDER BY id",
        ),
    }
    files = {}
    with connection.cursor() as cursor:
        for floor, real in tables.items():
            cursor.execute(f'DROP TABLE IF EXISTS "{floor}"')
            cursor.execute(f'CREATE TABLE "{floor}" (LIKE "{real}" INCLUDING ALL)')
            cursor.execute(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
                [real],
            )
            for i, (definition,) in enumerate(cursor.fetchall()):
                cursor.execute(f'ALTER TABLE "{floor}" ADD CONSTRAINT "{floor}_fk{i}" {definition}')
            files[floor] = tempfile.TemporaryFile()  # noqa: SIM115 (closed on exit)
            with cursor.cursor.copy(f"COPY ({sources[floor][1]}) TO STDOUT") as copy:
                for block in copy:
                    files[floor].write(block)
            files[floor].seek(0)
        cursor.execute(
            "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid IN ('h_floor_answers'::regclass, 'h_floor_history'::regclass) AND contype = 'f'"
        )
        fks = cursor.fetchall()
        cursor.execute(
            "SELECT (SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'h_floor_answers'), "
            "(SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'h_floor_history'), "
            f'(SELECT COUNT(*) FROM "{tables["h_floor_history"]}" WHERE id <= {since:d})'
        )
        n_answers_indexes, n_history_indexes, history_before = cursor.fetchone()
    counts = {}
    t0 = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            for floor, (columns, _sql) in sources.items():
                with cursor.cursor.copy(f'COPY "{floor}" ({columns}) FROM STDIN') as copy:
                    while block := files[floor].read(1 << 20):
                        copy.write(block)
                counts[floor] = cursor.rowcount
        copy_s = time.perf_counter() - t0
        t1 = time.perf_counter()
    commit_s = time.perf_counter() - t1
    with connection.cursor() as cursor:
        for floor in tables:
            cursor.execute(f'DROP TABLE "{floor}"')
    print(
        f"raw write, COPY FROM in one transaction: {counts['h_floor_answers']:,} answers "
        f"({n_answers_indexes} indexes) + {counts['h_floor_history']:,} history rows ({n_history_indexes} indexes; "
        f"the real table held {history_before:,} rows before), foreign keys {fks}: COPY {copy_s:.1f} s, "
        f"commit {commit_s:.1f} s; load {' '.join(Path('/proc/loadavg').read_text().split()[:3])}"
    )
    return copy_s, commit_s


if __name__ == "__main__":
    main()
