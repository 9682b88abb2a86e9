"""Acceptance: for each of the five seed reports (shared/seeds/facts.yaml), the DOCX generated
for its unit and year (and for the multi-year period it speaks of, where it does) states every
one of its facts — each number as Vietnamese text writes it ("1.925", "01", "5/7"), each
statement, target, name and place in its words — read back from the file with python-docx."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from phongthu.activities.choices import AwardTitle
from phongthu.activities.seed_facts import load_seed_facts, read_facts, title_from_text
from phongthu.core.context import change_context
from phongthu.core.docx import all_text
from phongthu.core.periods import Period
from phongthu.core.text import search_key
from phongthu.reports.docx import render
from phongthu.reports.selectors import review_report
from phongthu.reports.wording import number
from phongthu.units.loader import load_admin_units

pytestmark = pytest.mark.django_db
FACTS = Path(settings.BASE_DIR).parent / "shared" / "seeds" / "facts.yaml"

# The multi-year period a report speaks of (besides its year).
TERMS = {"000_80840fc949d2daea.txt": "2015-2019", "001_2f38612b917a98b2.txt": "2013-2022"}

# Words of each fact kind the report must carry, as the fact gives them.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "meeting": ("host", "chair", "scope", "attendees"),
    "meeting_report": ("presenter",),
    "meeting_person": ("name", "rank", "position"),
    "drill": ("type", "unit", "result", "of_total_text"),
    "foreign_affairs": ("period", "delegation_from", "tourists"),
    "foreigner_residence_check": ("by", "text"),
    "target": ("text",),
    "readiness_duty": ("text",),
    "rear_policy": ("text",),
    "party_building": ("text",),
    "covid_response": ("by",),
    "training_course": ("category", "result", "organizer"),
    "student_education": ("schools",),
    "cadre_training": ("organizer", "role"),
    "conscription": ("quality_text",),
    "patrol": ("partner", "scope"),
    "award": ("issuer", "reason"),
    "award_received": ("recipient", "issuer", "status"),
    "grassroots_rating": ("rating",),
    "coordination": ("basis", "forces"),
    "coordination_program": ("text",),
    "commitment": ("text",),
    "security_movement": ("text",),
}
NUMBER_FIELDS = (
    "trainees", "classes", "students", "courses_attended", "count", "of_total", "delegations", "persons",
    "team_turns", "person_turns", "collectives", "individuals", "bases_strong", "bases_total",
    "clusters_strong", "clusters_total", "pct", "parties", "groups", "violations",
)  # fmt: skip


def _norm(text: str) -> str:
    return " ".join(text.replace("–", "-").replace("—", "-").split()).lower()


def expected_words(fact: dict[str, Any]) -> list[str]:
    kind = fact["kind"]
    words: list[str] = []
    for name in TEXT_FIELDS.get(kind, ()):
        value = fact.get(name)
        if value in (None, ""):
            continue
        words += [str(v) for v in value] if isinstance(value, list) else [str(value)]
    if kind == "meeting":
        y, m, d = str(fact["date"]).split("-")
        words.append(f"{d}/{m}/{y}")
    if kind == "award" and "/" in str(fact.get("form", "")):
        words += [part.split("(")[0].strip() for part in str(fact["form"]).split("/")]  # one title per line
    elif kind == "award" and fact.get("form") and not fact.get("reason"):
        words.append(str(fact["form"]))
    if kind in ("award", "award_received"):
        for title in [fact.get("title"), *(fact.get("individuals_by_title") or {})]:
            if title:
                code = title_from_text(str(title))
                label = str(AwardTitle(code).label).split(" (")[0]
                words.append(
                    label if code not in (AwardTitle.KHEN_THUONG_KHAC, AwardTitle.DANH_HIEU_KHAC) else str(title)
                )
    if kind == "conscription" and fact.get("pct") is not None:
        words.append(f"{number(fact['pct'])}%")
    if kind == "drill" and fact.get("of_total"):
        words.append(f"{fact['count']}/{fact['of_total']}")
    if kind == "grassroots_rating":
        words += [
            f"{fact['bases_strong']}/{fact['bases_total']}",
            f"{fact['clusters_strong']}/{fact['clusters_total']}",
        ]
    return words


def expected_numbers(fact: dict[str, Any]) -> list[int | float]:
    values = [
        fact[n] for n in NUMBER_FIELDS if isinstance(fact.get(n), int | float) and not isinstance(fact.get(n), bool)
    ]
    values += list((fact.get("individuals_by_title") or {}).values())
    # Nought is written in words ("không để xảy ra các vi phạm"), which the text fields check.
    return [v for v in values if v or not fact.get("text")]


def states_number(text: str, value: int | float) -> bool:
    """The number as Vietnamese text writes it: "1.925", "98,01"; a small count may be "01"."""
    written = number(value)
    pattern = rf"(?<![\d.,]){'0?' if value < 10 else ''}{re.escape(written)}(?![\d]|[.,]\d)"
    return re.search(pattern, text) is not None


@pytest.fixture
def seeded(admin_user: Any) -> dict[str, Any]:
    with change_context(job_id="test-seed-units"):
        load_admin_units(province_code="40")  # Nghệ An (thị xã Cửa Lò)
        load_admin_units(province_code="22")  # Quảng Ninh (TP Móng Cái)
    report = load_seed_facts(actor=admin_user, path=FACTS)
    units: dict[str, Any] = {}
    for f in report.facts:
        units.setdefault(f.file, f.unit)
    return units


def test_seed_reports(seeded, admin_user):
    """One test: loading the seed facts is the expensive part, so every check shares it."""
    every_seed_fact_is_stated_in_the_generated_docx(seeded, admin_user)
    the_report_is_an_official_document(seeded, admin_user)
    award_figures_agree_with_the_award_lines(seeded, admin_user)


def award_figures_agree_with_the_award_lines(seeded: dict[str, Any], admin_user: Any) -> None:
    """The figures' "Tập thể / Cá nhân được khen thưởng" equal the report's award lines (Dương Kinh
    2019: 5 + 10 + 11 = 26 individuals), read from the live aggregates (no recompute)."""
    from phongthu.reports.sentences import total_awards

    for file, unit in seeded.items():
        facts = read_facts(FACTS)[file]["facts"]
        for year in {f["year"] for f in facts if f.get("kind") == "award" and f.get("year")}:
            report = review_report(unit, Period.parse(str(year)), user=admin_user)
            collectives, individuals = total_awards(list(report.awards))
            stated = {r.code: r.value for r in report.appendix}
            assert stated.get("award.individuals") == number(individuals), (unit.name, year, stated)
            assert stated.get("award.collectives", "0") == number(collectives), (unit.name, year, stated)


def every_seed_fact_is_stated_in_the_generated_docx(seeded, admin_user):
    data = read_facts(FACTS)
    missing: list[str] = []
    for file, block in data.items():
        unit = seeded[file]
        meeting = next(f for f in block["facts"] if f["kind"] == "meeting")
        year = int(str(meeting["date"])[:4])
        texts = {}
        for code in [str(year), *([TERMS[file]] if file in TERMS else [])]:
            report = review_report(unit, Period.parse(code), user=admin_user)
            texts[code] = all_text(render(report))
            if os.environ.get("PHONGTHU_REPORT_DUMP"):  # keep the text to read it (docs, review)
                Path(tempfile.gettempdir()) / f"rep-{file[:3]}-{code}.txt".write_text(texts[code])
        for index, fact in enumerate(block["facts"], start=1):
            # Each fact must be stated by the report for the year, or by the term report it belongs to.
            ok = False
            problems: list[str] = []
            for text in texts.values():
                lowered = _norm(text)
                problems = [f"“{w}”" for w in expected_words(fact) if _norm(w) not in lowered]
                problems += [f"số {n}" for n in expected_numbers(fact) if not states_number(text, n)]
                if not problems:
                    ok = True
                    break
            if not ok:
                missing.append(f"{file} #{index} ({fact['kind']}, {unit.name}): thiếu {', '.join(problems)}")
    assert not missing, "\n".join(missing)


def the_report_is_an_official_document(seeded, admin_user):  # type: ignore[no-untyped-def]
    import io

    from docx import Document

    unit = seeded["002_28e9931a7adba90d.txt"]  # quận Dương Kinh
    report = review_report(unit, Period.parse("2019"), user=admin_user)
    raw = render(report)
    text = all_text(raw)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "BAN CHỈ HUY QUÂN SỰ QUẬN DƯƠNG KINH" in text and "BỘ CHỈ HUY QUÂN SỰ THÀNH PHỐ HẢI PHÒNG" in text
    assert "DỰ THẢO" in text and "Số:      /BC-BCH" in text
    assert "Nơi nhận:" in text and "Lưu: VT." in text
    assert "Tổng kết công tác quân sự, quốc phòng địa phương năm 2019" in text
    # The 2019 map: Dương Kinh's wards of 2019 (the district ended in 2025).
    assert search_key("phường Anh Dũng") in search_key(text)
    document = Document(io.BytesIO(raw))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert 20 <= round(section.top_margin.mm) <= 25 and 30 <= round(section.left_margin.mm) <= 35
    assert 15 <= round(section.right_margin.mm) <= 20 and 20 <= round(section.bottom_margin.mm) <= 25
    assert document.styles["Normal"].font.name == "Times New Roman"
    place = next(
        p
        for t in document.tables
        for c in t.rows[0].cells
        for p in c.paragraphs
        if "ngày" in p.text and "năm" in p.text
    )
    assert place.text.startswith("Dương Kinh, ngày") and all(r.italic for r in place.runs)
    # Section headings in order, empty sections left out.
    headings = [p.text for p in document.paragraphs if re.match(r"^[IVX]+\. ", p.text)]
    assert headings[0].startswith("I. ĐẶC ĐIỂM TÌNH HÌNH")
    assert not any("ĐỐI NGOẠI" in h for h in headings)  # nothing recorded for Dương Kinh's foreign affairs
