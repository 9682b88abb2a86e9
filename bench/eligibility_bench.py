"""Throughput of the call-up eligibility engine (people evaluated per second).

Usage: .venv/bin/python bench/eligibility_bench.py [--people N] [--seed S] [--repeats R]

Builds N synthetic people (not timed), then times bulk evaluation on one reference date
(`evaluate_all`) and on mixed dates across both rule sets (`evaluate_many`), printing the
median people/s of R runs.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from phongthu.military_service.eligibility import (
    Code,
    HealthFacts,
    HigherEducation,
    LegalStatus,
    PersonFacts,
    Sex,
    Studying,
    evaluate_all,
    evaluate_many,
)

AS_OF = date(2026, 1, 15)
GROUNDS = (Code.TH_B, Code.TH_C, Code.TH_D, Code.MI_A, Code.MI_B)


def synthetic_people(n: int, seed: int) -> list[PersonFacts]:
    """A population shaped roughly like a commune's register: mostly examined young men."""
    rnd = random.Random(seed)
    start = date(1995, 1, 1)
    span = (date(2010, 12, 31) - start).days
    healths = [
        HealthFacts(
            health_class=rnd.choice((1, 2, 2, 3, 3, 4)),
            bmi=round(rnd.uniform(16.5, 32.0), 1),
            myopia_diopters=rnd.choice((0.0, 0.0, 0.5, 1.5, 2.0)),
            hyperopia=rnd.random() < 0.02,
            drug_addiction=rnd.random() < 0.01,
        )
        for _ in range(500)
    ]
    studying = (None, None, None, Studying.GENERAL, Studying.UNIVERSITY_REGULAR, Studying.OTHER)
    people = []
    for _ in range(n):
        r = rnd.random()
        people.append(
            PersonFacts(
                date_of_birth=start + timedelta(days=rnd.randrange(span)),
                sex=Sex.FEMALE if r < 0.05 else Sex.MALE,
                volunteer=r > 0.98,
                legal_status=LegalStatus.PROBATION if r < 0.01 else None,
                education_grade=rnd.choice((None, 6, 9, 12, 12, 12)),
                studying=rnd.choice(studying),
                higher_education_completed=HigherEducation.UNIVERSITY_REGULAR if r > 0.9 else None,
                standing_militia=r > 0.97,
                health=None if r < 0.2 else rnd.choice(healths),
                grounds=(rnd.choice(GROUNDS),) if r > 0.95 else (),
            )
        )
    return people


def _measure(label: str, run: Callable[[], Iterable[object]], n: int, repeats: int) -> float:
    rates = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        deque(run(), maxlen=0)  # consume without keeping the results
        rates.append(n / (time.perf_counter() - t0))
    median = statistics.median(rates)
    runs = ", ".join(f"{r:,.0f}" for r in rates)
    print(f"{label}: {median:,.0f} people/s (median of {repeats}; runs: {runs})")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20260115)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    people = synthetic_people(args.people, args.seed)
    dates = (date(2025, 3, 1), date(2025, 11, 1), AS_OF)
    pairs = [(person, dates[i % 3]) for i, person in enumerate(people)]
    # The input is a million long-lived objects that a real job would stream from the
    # database; freezing keeps the cyclic GC from rescanning them on every collection.
    gc.collect()
    gc.freeze()

    n = len(people)
    _measure(f"evaluate_all, as_of {AS_OF}", lambda: evaluate_all(people, AS_OF), n, args.repeats)
    _measure("evaluate_many, 3 dates / 2 rule sets", lambda: evaluate_many(pairs), n, args.repeats)


if __name__ == "__main__":
    main()
