"""One registry for several provinces: a table partitioned by province (PostgreSQL declarative
LIST partitioning) against the same rows in one plain table with the province leading each index.

    .venv/bin/python bench/partition_bench.py --db postgres://postgres:postgres@127.0.0.1:5432/phongthu_bench \
        --copies 5

The rows are bench/province.py's people (fill the database first), copied `--copies` times, each
copy one "province" (ids shifted). Both tables get the person list's indexes: (unit, birth date)
and the Vietnamese name order; the plain table leads them with the province. Measured, 10
repeats each, same run: a province's list page (50 rows in name order and the capped count the
list shows), one commune's page, and a national indicator table (people and "below grade 8" per
province). The tables are dropped at the end unless --keep.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

COLUMNS = (
    "full_name, name_sort, date_of_birth, sex, id_number, residence_unit_id, residence_address, "
    "education_grade, occupation, union_member"
)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def timed(conn, sql: str, params: list | None = None, repeats: int = 10) -> tuple[float, float]:
    conn.execute(sql, params or []).fetchall()  # warm
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        conn.execute(sql, params or []).fetchall()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def build(conn, copies: int) -> dict[str, float]:
    spent: dict[str, float] = {}
    conn.execute("DROP TABLE IF EXISTS bench_flat, bench_part")
    select = (
        f"SELECT p.id + k * 10000000 AS id, k::smallint AS province, {COLUMNS} "
        f"FROM people_person p, generate_series(0, {copies - 1}) k"
    )
    t0 = time.perf_counter()
    conn.execute(f"CREATE TABLE bench_flat AS {select}")
    conn.execute("ALTER TABLE bench_flat ADD PRIMARY KEY (id)")
    conn.execute("CREATE INDEX ON bench_flat (province, residence_unit_id, date_of_birth)")
    conn.execute("CREATE INDEX ON bench_flat (province, name_sort, date_of_birth)")
    conn.execute("VACUUM ANALYZE bench_flat")
    spent["plain table: load + index + vacuum"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    conn.execute(
        "CREATE TABLE bench_part (LIKE bench_flat INCLUDING DEFAULTS, PRIMARY KEY (province, id)) "
        "PARTITION BY LIST (province)"
    )
    for k in range(copies):
        conn.execute(f"CREATE TABLE bench_part_{k} PARTITION OF bench_part FOR VALUES IN ({k})")
    conn.execute("CREATE INDEX ON bench_part (residence_unit_id, date_of_birth)")
    conn.execute("CREATE INDEX ON bench_part (name_sort, date_of_birth)")
    conn.execute(f"INSERT INTO bench_part SELECT * FROM ({select}) s")
    conn.execute("VACUUM ANALYZE bench_part")
    spent["partitioned: load + index + vacuum"] = time.perf_counter() - t0
    return spent


def main() -> None:
    import psycopg

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="postgres://postgres:postgres@127.0.0.1:5432/phongthu_bench")
    parser.add_argument("--copies", type=int, default=5)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    with psycopg.connect(args.db, autocommit=True) as conn:
        print(f"load average {load_average()}")
        for what, seconds in build(conn, args.copies).items():
            print(f"{what}: {seconds:.0f} s")
        total = conn.execute("SELECT count(*) FROM bench_flat").fetchone()[0]
        commune = conn.execute(
            "SELECT residence_unit_id FROM people_person GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        k = args.copies // 2
        queries = {
            "province list page 1 (50 rows, name order)": (
                f"SELECT id, {COLUMNS} FROM {{t}} WHERE province = %s ORDER BY name_sort, date_of_birth, id LIMIT 50",
                [k],
            ),
            "province list count (capped at 10,001)": (
                "SELECT count(*) FROM (SELECT 1 FROM {t} WHERE province = %s LIMIT 10001) s",
                [k],
            ),
            "province list page 200 (OFFSET 9,950)": (
                f"SELECT id, {COLUMNS} FROM {{t}} WHERE province = %s ORDER BY name_sort, date_of_birth, id "
                "LIMIT 50 OFFSET 9950",
                [k],
            ),
            "commune list page 1": (
                f"SELECT id, {COLUMNS} FROM {{t}} WHERE province = %s AND residence_unit_id = %s "
                "ORDER BY name_sort, date_of_birth, id LIMIT 50",
                [k, commune],
            ),
            "national indicator table (people, below grade 8, per province)": (
                "SELECT province, count(*), count(*) FILTER (WHERE education_grade < 8) FROM {t} GROUP BY province",
                [],
            ),
            "one province's exact count": ("SELECT count(*) FROM {t} WHERE province = %s", [k]),
        }
        print(f"{total:,} rows ({args.copies} provinces)")
        print(
            "| query | plain p50 | plain p95 | partitioned p50 | partitioned p95 | load avg |\n|---|---:|---:|---:|---:|---|"
        )
        for label, (sql, params) in queries.items():
            flat = timed(conn, sql.format(t="bench_flat"), params)
            part = timed(conn, sql.format(t="bench_part"), params)
            print(
                f"| {label} | {flat[0]:.1f} ms | {flat[1]:.1f} ms | {part[0]:.1f} ms | {part[1]:.1f} ms | {load_average()} |",
                flush=True,
            )
        t0 = time.perf_counter()
        conn.execute(f"ALTER TABLE bench_part DETACH PARTITION bench_part_{args.copies - 1}")
        detach = time.perf_counter() - t0
        with conn.transaction(force_rollback=True):  # measured only: the plain table stays whole
            t0 = time.perf_counter()
            conn.execute("DELETE FROM bench_flat WHERE province = %s", [args.copies - 1])
            delete = time.perf_counter() - t0
        print(f"| take one province out (DETACH PARTITION vs DELETE, rolled back) | {delete * 1000:.0f} ms | | "
              f"{detach * 1000:.0f} ms | | {load_average()} |")  # fmt: skip
        if not args.keep:
            conn.execute("DROP TABLE IF EXISTS bench_flat, bench_part, " + ", ".join(
                f"bench_part_{i}" for i in range(args.copies)))  # fmt: skip


if __name__ == "__main__":
    main()
