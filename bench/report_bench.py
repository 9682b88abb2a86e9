"""The province-wide review report: DOCX render vs the figures query alone.

    .venv/bin/python bench/report_bench.py --db postgres://postgres:postgres@127.0.0.1:5432/phongthu_rep \
        --unit "thành phố Hải Phòng" --period 2025 --runs 3

Times, in the same run and process (warm caches after the first run):
  - figures: `figures.selectors.unit_figures` + `sub_unit_figures` for the unit (what the
    appendix needs), alone;
  - report: `reports.selectors.review_report` (figures + sentences + narratives + template);
  - render: `reports.docx.render` of that object (python-docx);
and the number of queries of each. Figures are printed; nothing is asserted about speed.
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--unit", default="thành phố Hải Phòng")
    parser.add_argument("--period", default="2025")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from phongthu.core.periods import Period
    from phongthu.figures import selectors as figures
    from phongthu.reports.docx import render
    from phongthu.reports.lookup import resolve_unit
    from phongthu.reports.selectors import review_report

    period = Period.parse(args.period)
    unit = resolve_unit(args.unit, period)
    print(f"{unit.name} — {period.label}; runs: {args.runs}")
    timings: dict[str, list[float]] = {"figures": [], "report": [], "render": []}
    queries: dict[str, int] = {}
    size = 0
    for _ in range(args.runs):
        with CaptureQueriesContext(connection) as q:
            t0 = time.perf_counter()
            values = figures.unit_figures(unit, period)
            kept = [
                v.indicator.code
                for v in values
                if v.value is not None or v.previous is not None or v.target is not None
            ]
            figures.sub_unit_figures(unit, period, indicators=kept)
            t1 = time.perf_counter()
        timings["figures"].append(t1 - t0)
        queries["figures"] = len(q)
        with CaptureQueriesContext(connection) as q:
            t0 = time.perf_counter()
            report = review_report(unit, period)
            t1 = time.perf_counter()
        timings["report"].append(t1 - t0)
        queries["report"] = len(q)
        t0 = time.perf_counter()
        data = render(report)
        timings["render"].append(time.perf_counter() - t0)
        size = len(data)
    for name, values in timings.items():
        print(
            f"{name:8} median {statistics.median(values):7.2f} s  min {min(values):7.2f} s  queries {queries.get(name, 0)}"
        )
    print(
        f"DOCX {size:,} bytes; sections {len(report.numbered_sections)}; appendix rows {len(report.appendix)}; sub-units {len(report.sub_units)}"
    )


if __name__ == "__main__":
    main()
