"""Python cost of validating an import, per row: the NVQS register spec (people + files) over the
bench CSV, reading and validating only — parse every cell, build the records, in-file duplicate
keys — with a writer that keeps nothing, so no database time is counted.

    .venv/bin/python bench/import_profile.py --db sqlite:////tmp/pyval_profile.sqlite3 --rows 20000
    .venv/bin/python bench/import_profile.py ... --profile 25     # cProfile, top 25 by own time

Prints CPU seconds (process time) for reading the CSV alone and for read + validate, best of
`--repeats`, and µs per row.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import province  # noqa: E402
from bench.import_bench import bench_user  # noqa: E402


def validate_only(path: Path, user: Any) -> Any:
    from phongthu.core.bulk import FastImportSpec, staging
    from phongthu.core.imports import ImportContext, ImportResult, open_table
    from phongthu.military_service.importers import RegisterImportSpec

    class NullWriter(staging._Writer):
        def stage(self, records: list[Any], write: bool = False) -> None:
            return None

        def duplicates_in_db(self) -> list[tuple[int, str]]:
            return []

        def commit(self, skip_lines: set[int]) -> int:
            return 0

    reader = open_table(path.name, path, hints=RegisterImportSpec.hints())
    mapping = RegisterImportSpec.auto_map(reader.headers)
    ctx = ImportContext(user=user, commit=False)
    spec = RegisterImportSpec()
    assert isinstance(spec, FastImportSpec)
    spec.prepare(ctx)
    spec._plan(mapping)
    return spec._run(reader, mapping, ctx, NullWriter(spec, ctx), ImportResult())


def read_only(path: Path) -> int:
    from phongthu.core.imports import open_table
    from phongthu.military_service.importers import RegisterImportSpec

    reader = open_table(path.name, path, hints=RegisterImportSpec.hints())
    return sum(1 for _ in reader.rows())


def best_cpu(fn: Any, repeats: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeats):
        t0 = time.process_time()
        out = fn()
        best = min(best, time.process_time() - t0)
    return best, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="sqlite:////tmp/pyval_profile.sqlite3")
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions by own time")
    args = parser.parse_args()
    province.ensure_database(args.db)
    path = Path(f"/tmp/phongthu_bench_{args.rows}.csv")
    if not path.exists():
        province.write_csv(path, province.citizens(args.rows, province.communes(), seed=args.seed))
    user = bench_user()  # type: ignore[no-untyped-call]  # bench_user (import_bench) is untyped
    print(f"load average before: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    read_s, n = best_cpu(lambda: read_only(path), args.repeats)
    total_s, result = best_cpu(lambda: validate_only(path, user), args.repeats)
    r = result.as_dict()
    print(f"{n:,} rows, {r['valid']:,} valid, {r['error_count']} errors")
    print(f"read CSV only:      {read_s:.3f} s CPU = {read_s / n * 1e6:.1f} µs/row")
    print(f"read + validate:    {total_s:.3f} s CPU = {total_s / n * 1e6:.1f} µs/row")
    print(f"validate (the diff): {total_s - read_s:.3f} s CPU = {(total_s - read_s) / n * 1e6:.1f} µs/row")
    if args.profile:
        prof = cProfile.Profile()
        prof.runcall(validate_only, path, user)
        pstats.Stats(prof).sort_stats("tottime").print_stats(args.profile)
    print(f"load average after: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")


if __name__ == "__main__":
    main()
