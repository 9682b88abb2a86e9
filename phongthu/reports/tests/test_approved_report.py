"""An approved period's report always gives the same figures (later records change nothing until
the figures are unlocked); a draft says "DỰ THẢO" in its header, an issued report does not."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from docx import Document

from phongthu.activities.crud.education import CourseCrud
from phongthu.activities.crud.exercises import PatrolCrud
from phongthu.activities.crud.external import ForeignDelegationCrud
from phongthu.core.docx import all_text
from phongthu.core.periods import Period
from phongthu.core.tests.action_refusals import demo_users
from phongthu.core.tests.factories import sample
from phongthu.figures import approval
from phongthu.forces.choices import MilitiaStatus
from phongthu.forces.crud import MilitiaMemberCrud
from phongthu.reports.docx import render
from phongthu.reports.models import ApprovedReportContent
from phongthu.reports.selectors import ReviewReport, review_report
from phongthu.reports.services import issue_report

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture
def users(make_user, hai_phong, two_regions, commune_a, commune_a2):
    return demo_users(make_user, province=hai_phong, region=two_regions[0], ward=commune_a, other_ward=commune_a2)


def _in_year(config, unit, **values):
    record = sample(config, unit, save=False)
    record.year = YEAR
    for name, value in values.items():
        setattr(record, name, value)
    record.save()
    return record


def _militia_member(unit):
    """A person serving in the militia (as after the enrolment steps)."""
    member = sample(MilitiaMemberCrud, unit, save=False)
    member.status = MilitiaStatus.SERVING
    member.save()
    return member


def figures(report: ReviewReport) -> tuple[Any, ...]:
    """Everything the report states from records and figures (the staff's words aside)."""
    return (
        report.appendix,
        tuple((s.number, s.sentences, s.statements, s.targets) for s in report.sections),
        report.awards,
    )


def test_an_approved_periods_report_keeps_its_figures(users, commune_a):
    period = Period.year(YEAR)
    ward, region = users["COMMUNE_STAFF"], users["REGION_STAFF"]
    _in_year(PatrolCrud, commune_a, period_start=datetime.date(YEAR, 1, 1), period_end=datetime.date(YEAR, 6, 30),
             team_turns=4, person_turns=12)  # fmt: skip
    _in_year(CourseCrud, commune_a, start_date=None, end_date=None, trainees_count=60)
    _militia_member(commune_a)  # serving since 2024
    draft = review_report(commune_a, period, user=ward)
    assert draft.approval == "open" and not draft.figures_frozen
    strength = {r.code: r.value for r in draft.appendix}
    assert strength["militia.strength"] == "1" and strength["patrol.team_turns"] == "4"

    approval.act("submit", commune_a, period, ward)
    approval.act("approve", commune_a, period, region)
    assert ApprovedReportContent.objects.filter(unit=commune_a, period="2026").exists()
    approved = review_report(commune_a, period, user=ward)
    assert approved.figures_frozen and figures(approved) == figures(draft)
    text = all_text(render(approved))

    # The records change after the approval: a person joins the militia, a patrol, a course and a
    # foreign delegation (a kind of record the period had none of) are added.
    _militia_member(commune_a)
    _in_year(PatrolCrud, commune_a, period_start=datetime.date(YEAR, 7, 1), period_end=datetime.date(YEAR, 12, 31),
             team_turns=10, person_turns=30)  # fmt: skip
    _in_year(CourseCrud, commune_a, start_date=None, end_date=None, trainees_count=47)
    _in_year(ForeignDelegationCrud, commune_a, date=datetime.date(YEAR, 5, 5))
    again = review_report(commune_a, period, user=ward)
    assert figures(again) == figures(approved)
    assert all_text(render(again)) == text
    assert "47 đồng chí" not in text and "10 lượt tổ" not in text

    # Unlocked, the report is live again; approved again, it keeps the new figures.
    approval.act("unlock", commune_a, period, region, {"reason": "Bổ sung số liệu cuối năm"})
    assert not ApprovedReportContent.objects.filter(unit=commune_a, period="2026").exists()
    live = review_report(commune_a, period, user=ward)
    values = {r.code: r.value for r in live.appendix}
    assert values["militia.strength"] == "2" and values["patrol.team_turns"] == "14"
    assert "47 đồng chí" in all_text(render(live))
    approval.act("submit", commune_a, period, ward)
    approval.act("approve", commune_a, period, region)
    assert figures(review_report(commune_a, period, user=ward)) == figures(live)


def _header_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    return "\n".join(p.text for s in document.sections for p in s.header.paragraphs)


def test_a_draft_says_du_thao_in_its_header(commune_a, user_a):
    period = Period.year(YEAR)
    draft = review_report(commune_a, period, user=user_a)
    assert draft.draft and "DỰ THẢO" in _header_text(render(draft))
    issued = issue_report(commune_a, period, actor=user_a, on=datetime.date(YEAR, 12, 20))
    assert "DỰ THẢO" not in _header_text(bytes(issued.docx))
    assert "Số: 01/" in all_text(bytes(issued.docx))
