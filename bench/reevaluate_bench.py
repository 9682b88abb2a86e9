"""Bulk eligibility re-evaluation of everyone in the database: read people and their NVQS files
(`selectors.bulk_facts`, no model instances), build the engine's facts, evaluate on one date.
The pure engine throughput is measured by bench/eligibility_bench.py (the engine's own bench).

    .venv/bin/python bench/reevaluate_bench.py --db postgres://postgres:postgres@127.0.0.1:5432/phongthu_bench
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
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    province.setup_django(args.db)
    import datetime

    from bench.import_bench import machine
    from phongthu.military_service.eligibility import evaluate_all
    from phongthu.military_service.selectors import bulk_facts
    from phongthu.people.models import Person

    print(machine())
    as_of = datetime.date.fromisoformat(args.as_of)
    people = Person.objects.filter(date_of_birth__lte=as_of)
    for _ in range(args.repeats):
        gc.collect()
        t0 = time.perf_counter()
        facts = [f for _pk, f in bulk_facts(people, as_of)]
        read = time.perf_counter() - t0
        t1 = time.perf_counter()
        counts = collections.Counter(e.status for e in evaluate_all(facts, as_of))
        evaluated = time.perf_counter() - t1
        n = len(facts)
        total = read + evaluated
        print(
            f"{n:,} people: read + facts {read:.1f} s, evaluate {evaluated:.2f} s ({n / evaluated:,.0f} people/s), "
            f"end to end {n / total:,.0f} people/s"
        )
    print("  ", ", ".join(f"{status}: {count:,}" for status, count in counts.most_common()))


if __name__ == "__main__":
    main()
