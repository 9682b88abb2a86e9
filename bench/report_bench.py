"""The province-wide review report: DOCX render vs the figures query alone, next to
PostgreSQL's own GROUP BY over the same rows.

    # the Hải Phòng demo (seed_demo + load_seed_facts), or the 1,000,000-person province
    # prepared by bench/figures_bench.py (2027 pool and patrols):
    .venv/bin/python bench/report_bench.py --db postgres://postgres:postgres@127.0.0.1:5432/phongthu_rep \
        --unit "thành phố Hải Phòng" --period 2025 --runs 3

Times, in the same run and process (warm caches after the first run):
  - baseline (PostgreSQL only): one GROUP BY commune over the period's candidates with the
    dashboard's filtered counts and one GROUP BY unit over its patrols (no scope, no lineage);
  - figures: `figures.selectors.unit_figures` + `sub_unit_figures` for the unit (what the
    appendix needs), alone;
  - report figures: `reports.figures.figures_for` (the appendix rows and the values the
    comparison sentences use);
  - sentences: `reports.sentences.narrate` (the sentences written from the records);
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
    from phongthu.reports import figures as report_figures
    from phongthu.reports.docx import render
    from phongthu.reports.lookup import resolve_unit
    from phongthu.reports.selectors import _sub_kind, review_report
    from phongthu.reports.sentences import narrate
    from phongthu.units import selectors as unit_selectors

    period = Period.parse(args.period)
    unit = resolve_unit(args.unit, period)
    children = list(unit_selectors.children(unit, on=period.end)) or list(
        unit_selectors.children(unit, on=period.end, hierarchy="MILITARY")
    )
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM activities_patrol WHERE year = ANY(%s)", [list(period.years)])
        n_patrols = cur.fetchone()[0]
        cur.execute(
            "SELECT count(*) FROM campaigns_candidate c JOIN campaigns_campaign k ON k.id = c.campaign_id "
            "WHERE k.year = ANY(%s)",
            [list(period.years)],
        )
        n_candidates = cur.fetchone()[0]
    print(
        f"{unit.name} — {period.label}; {len(children)} sub-units; {n_candidates:,} candidates, "
        f"{n_patrols:,} patrols in the period; runs: {args.runs}"
    )

    def baseline() -> int:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT c.commune_id, count(*), count(*) FILTER (WHERE c.reviewed_on IS NOT NULL), "
                "count(*) FILTER (WHERE c.screening_result <> ''), count(*) FILTER (WHERE c.health_class IS NOT NULL), "
                "count(*) FILTER (WHERE c.fit), count(*) FILTER (WHERE c.call_decision_no <> ''), "
                "count(*) FILTER (WHERE c.status IN ('HANDED_OVER','RECHECKED_OK','ENLISTED')), "
                "count(*) FILTER (WHERE c.status = 'ENLISTED'), count(*) FILTER (WHERE c.status = 'RETURNED') "
                "FROM campaigns_candidate c JOIN campaigns_campaign k ON k.id = c.campaign_id "
                "WHERE k.year = ANY(%s) GROUP BY c.commune_id",
                [list(period.years)],
            )
            a = cur.fetchall()
            cur.execute(
                "SELECT unit_id, sum(team_turns), sum(person_turns) FROM activities_patrol "
                "WHERE year = ANY(%s) GROUP BY unit_id",
                [list(period.years)],
            )
            return len(a) + len(cur.fetchall())

    def figures_alone() -> None:
        values = figures.unit_figures(unit, period)
        kept = [
            v.indicator.code
            for v in values
            if v.value is not None or v.previous is not None or v.target is not None or v.coverage is not None
        ]
        figures.sub_unit_figures(unit, period, indicators=kept)

    steps = {
        "baseline": baseline,
        "figures": figures_alone,
        "report figures": lambda: report_figures.figures_for(unit, period, children=children),
        "sentences": lambda: narrate(unit, period, sub_kind=_sub_kind(children)),
        "report": lambda: review_report(unit, period),
    }
    timings: dict[str, list[float]] = {name: [] for name in [*steps, "render"]}
    queries: dict[str, int] = {}
    size = 0
    report = None
    for _ in range(args.runs):
        for name, fn in steps.items():
            with CaptureQueriesContext(connection) as q:
                t0 = time.perf_counter()
                result = fn()
                timings[name].append(time.perf_counter() - t0)
            queries[name] = len(q)
            if name == "report":
                report = result
        t0 = time.perf_counter()
        data = render(report)  # type: ignore[arg-type]
        timings["render"].append(time.perf_counter() - t0)
        size = len(data)
    for name, values in timings.items():
        q = "" if name in ("baseline", "render") else f"  queries {queries.get(name, 0)}"
        print(f"{name:15} median {statistics.median(values):8.3f} s  min {min(values):8.3f} s{q}")
    assert report is not None
    print(
        f"DOCX {size:,} bytes; sections {len(report.numbered_sections)}; appendix rows {len(report.appendix)}; "
        f"sub-units {len(report.sub_units)}; sentences {sum(len(s.sentences) for s in report.sections):,}"
    )


if __name__ == "__main__":
    main()
