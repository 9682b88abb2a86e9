"""The person and unit pickers' search (core/pickers.py, GET /pick/<kind>/) at a million people:
p50/p95 of the real endpoint through Django's test client, in process, for a commune, the
largest defense region and the province, against the person list's own search in the same run
(the same-run baseline).

    .venv/bin/python bench/picker_bench.py --db postgres://postgres:postgres@127.0.0.1:5432/phongthu_ux_bench

Use a copy of the benchmark province (`createdb -T phongthu_bench phongthu_<you>_bench`): the
bench users are added to it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import province  # noqa: E402
from bench.list_bench import load, percentile, start, timed  # noqa: E402


def scenarios() -> list[tuple[str, str, str, dict[str, str]]]:
    from phongthu.people.models import Person

    commune_id = province.communes()[0][0]
    sample = Person.objects.filter(residence_unit_id=commune_id).exclude(id_number=None).order_by("pk").first()
    assert sample is not None and sample.id_number
    year = str(sample.date_of_birth.year)
    cccd, part = sample.id_number, sample.id_number[-7:]
    first_word = sample.name_search.split()[-1]
    p, c, r = "bench-province", "bench-commune", "bench-region"
    person, unit, lst = "person", "unit", "list"
    return [
        (p, lst, "BASELINE: danh sách công dân, tìm “nguyen van hung” (tỉnh)", {"q": "nguyen van hung"}),
        (p, person, "tỉnh: “nguyen van hung”", {"q": "nguyen van hung"}),
        (p, person, "tỉnh: “nguyen” (rất phổ biến)", {"q": "nguyen"}),
        (p, person, f"tỉnh: tên + năm sinh “{first_word} {year}”", {"q": f"{first_word} {year}"}),
        (p, person, "tỉnh: CCCD đủ 12 số", {"q": cccd}),
        (p, person, "tỉnh: 7 số cuối CCCD", {"q": part}),
        (p, person, "tỉnh: tên hiếm “xyzq”", {"q": "xyzq"}),
        (r, person, "Ban CHPTKV lớn nhất: “nguyen van”", {"q": "nguyen van"}),
        (r, person, "Ban CHPTKV lớn nhất: “tran thi”", {"q": "tran thi"}),
        (c, person, "xã: “tran”", {"q": "tran"}),
        (c, person, f"xã: “{sample.name_search}”", {"q": sample.name_search}),
        (c, unit, "xã: đơn vị, chưa gõ", {"action": "add"}),
        (p, unit, "tỉnh: đơn vị, chưa gõ", {"action": "add"}),
        (p, unit, "tỉnh: đơn vị “an”", {"action": "add", "q": "an"}),
        (p, lst, "BASELINE (lần 2): danh sách, tìm “nguyen van hung”", {"q": "nguyen van hung"}),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="postgres://postgres:postgres@127.0.0.1:5432/phongthu_ux_bench")
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    province.ensure_database(args.db)
    from django.urls import reverse

    from phongthu.people.crud import PersonCrud

    clients = start()
    baselines: list[float] = []
    for who, kind, label, params in scenarios():
        url = PersonCrud.url("list") if kind == "list" else reverse("pick", args=[kind])
        client = clients[who]
        times, sql_times, response = timed(client, url, params, args.repeats)
        shown = "" if kind == "list" else f"{len(response.json()['results']):>3} rows"
        if label.startswith("BASELINE"):
            baselines.append(statistics.median(times))
        print(
            f"{label:<58} {shown:>8}  p50 {statistics.median(times):7.1f} ms  p95 {percentile(times, 0.95):7.1f} ms"
            f"  (SQL p50 {statistics.median(sql_times):6.1f} ms)"
        )
    print(f"baseline drift: {baselines[0]:.1f} → {baselines[-1]:.1f} ms")
    print(f"load average {load()}")


if __name__ == "__main__":
    main()
