"""Call-up decisions: numbered per issuing body and year (V-DOC-1), rendered as a real .docx."""

from __future__ import annotations

import datetime
import io

import pytest
from docx import Document

from phongthu.campaigns.choices import CandidateStatus
from phongthu.campaigns.documents.builders import decision_document
from phongthu.campaigns.documents.decree30 import render
from phongthu.campaigns.models import CallUpDecision
from phongthu.campaigns.services import calls
from phongthu.campaigns.tests.conftest import advance, advance_all
from phongthu.core.docx import all_text, vn_date

pytestmark = pytest.mark.django_db
S = CandidateStatus
day = datetime.date


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (day(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
        (day(2026, 1, 15), "ngày 15 tháng 01 năm 2026"),
        (day(2026, 3, 4), "ngày 04 tháng 3 năm 2026"),
        (day(2025, 12, 31), "ngày 31 tháng 12 năm 2025"),
    ],
)
def test_vietnamese_date(value, text):
    assert vn_date(value) == text


def _decision(campaign, unit, date, **kw):
    return CallUpDecision.objects.create(
        campaign=campaign,
        kind="CALL_ORDER",
        issuer=unit,
        date=date,
        place="X",
        issuing_body="ỦY BAN NHÂN DÂN X",
        abstract="Về việc gọi công dân nhập ngũ",
        **kw,
    )


def test_numbering_per_body_and_year(campaign, commune_a, commune_b):
    a1 = _decision(campaign, commune_a, day(2025, 12, 30))
    a2 = _decision(campaign, commune_a, day(2025, 12, 31))
    b1 = _decision(campaign, commune_b, day(2025, 12, 31))
    a3 = _decision(campaign, commune_a, day(2026, 1, 1))  # restarts on 1 January
    a4 = _decision(campaign, commune_a, day(2026, 1, 2))
    assert [a1.seq, a2.seq, b1.seq, a3.seq, a4.seq] == [1, 2, 1, 1, 2]
    assert a3.symbol == "01/QĐ-UBND" and a3.year == 2026
    assert a2.year == 2025
    numbers = [_decision(campaign, commune_b, day(2026, 2, 1)).symbol for _ in range(10)]
    assert numbers[0] == "01/QĐ-UBND" and numbers[-1] == "10/QĐ-UBND"


def test_editing_keeps_the_number(campaign, commune_a):
    d = _decision(campaign, commune_a, day(2026, 2, 5))
    d.abstract = "Sửa trích yếu"
    d.save()
    d.refresh_from_db()
    assert d.seq == 1 and d.year == 2026


@pytest.fixture
def called(make_candidate, commune_a, quotas, user_a, province_user):
    c = make_candidate(commune_a)
    c.person.full_name = "Phạm Văn Nhập Ngũ"
    c.person.residence_address = "Thôn Đông"
    c.person.save()
    advance_all([c], S.DECIDED_BY_PROVINCE, user_a, province_actor=province_user)
    calls.call_orders_issue(campaign=c.campaign, commune=commune_a, actor=user_a, on=day(2026, 1, 25))
    c.refresh_from_db()
    return c


def test_call_order_docx(called, commune_a):
    decision = called.call_decision
    assert decision is not None and decision.issuer_id == commune_a.pk
    assert called.call_decision_no == decision.symbol == "01/QĐ-UBND"
    data = render(decision_document(decision))
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert round(section.top_margin.mm) == 20
    text = all_text(data)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        f"ỦY BAN NHÂN DÂN {commune_a.name.upper()}",
        "Số: 01/QĐ-UBND",
        "ngày 25 tháng 01 năm 2026",
        "QUYẾT ĐỊNH",
        "Về việc gọi công dân nhập ngũ năm 2026",
        "QUYẾT ĐỊNH:",
        "Điều 1. Gọi công dân Phạm Văn Nhập Ngũ",
        "Thôn Đông",
        "nhập ngũ vào Quân đội nhân dân Việt Nam năm 2026",
        "Thời gian có mặt: ngày 04 tháng 3 năm 2026",
        "Nơi nhận:",
        "- Lưu: VT.",
        "CHỦ TỊCH",
        "Lê Văn Xã",
        "Luật số 98/2025/QH15",
        "Căn cứ Quyết định số 01/QĐ-UBND ngày 20 tháng 01 năm 2026",
    ):
        assert expected in text, expected
    place_line = next(line for line in text.splitlines() if "ngày 25 tháng 01 năm 2026" in line)
    assert place_line.startswith(f"{commune_a.short_name or commune_a.name.split(' ', 1)[1]}, ")
    runs = [r for p in document.paragraphs for r in p.runs if r.text.strip()]
    assert runs and all(r.font.name == "Times New Roman" for r in runs)
    title = next(p for p in document.paragraphs if p.text == "QUYẾT ĐỊNH")
    assert title.runs[0].bold


def test_province_list_docx(called, hai_phong):
    decision = called.province_decision
    assert decision is not None and decision.issuer_id == hai_phong.pk and decision.kind == "PROVINCE_LIST"
    text = all_text(render(decision_document(decision)))
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG" in text
    assert "Điều 1. Gọi 1 công dân nhập ngũ năm 2026" in text
    assert "Căn cứ Quyết định số 4807/QĐ-BQP" in text
    assert "Phạm Văn Nhập Ngũ" in text  # the annexed list
    assert "Kèm theo Quyết định số 01/QĐ-UBND" in text
    # "Nơi nhận" names the real command, never the form's placeholder (issue 11 point 4).
    assert "Bộ Chỉ huy quân sự thành phố Hải Phòng;" in text
    assert "tỉnh (thành phố)" not in text


def test_docx_download_is_scoped_and_audited(called, client, user_a, user_b):
    from django.urls import reverse

    from phongthu.core.models import ObjectChange

    url = reverse("campaigns:decision-docx", args=[called.call_decision_id])
    client.force_login(user_b)
    assert client.get(url).status_code == 404
    client.force_login(user_a)
    resp = client.get(url)
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "Phạm Văn Nhập Ngũ" in all_text(resp.content)
    assert ObjectChange.objects.filter(action="export", user_name=user_a.username).exists()


def test_second_decision_of_the_commune_gets_the_next_number(called, make_candidate, commune_a, user_a, province_user):
    other = make_candidate(commune_a)
    advance(other, S.POLITICAL_CHECK, user_a)
    from phongthu.campaigns.services import pipeline

    pipeline.candidate_shortlist(candidate=other, actor=user_a, on=day(2026, 1, 16), branch="ARMY")
    calls.callup_list_decide(campaign=other.campaign, actor=province_user, branch="ARMY", on=day(2026, 1, 21))
    made = calls.call_orders_issue(campaign=other.campaign, commune=commune_a, actor=user_a, on=day(2026, 1, 26))
    assert [d.symbol for d in made] == ["02/QĐ-UBND"]
    assert (
        CallUpDecision.objects.get(pk=other.campaign.decisions.filter(kind="PROVINCE_LIST").order_by("-seq")[0].pk).seq
        == 2
    )


def test_call_list_names_the_province_command(called, commune_a):
    from phongthu.campaigns.documents.builders import call_list_document
    from phongthu.campaigns.models import Candidate

    listed = Candidate.objects.filter(commune=commune_a).exclude(call_decision_no="")
    doc = call_list_document(campaign=listed[0].campaign, unit=commune_a, candidates=listed)
    text = all_text(render(doc))
    assert "Bộ Chỉ huy quân sự thành phố Hải Phòng;" in text
    assert "tỉnh (thành phố)" not in text
