"""Screens: each step is a POST to a small view calling a service; every read is scoped."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from phongthu.campaigns.choices import CandidateStatus
from phongthu.campaigns.documents.decree30 import all_text
from phongthu.campaigns.models import Candidate, DefermentDecision, Quota
from phongthu.campaigns.tests.conftest import advance_all
from phongthu.core.models import ObjectChange

pytestmark = pytest.mark.django_db
S = CandidateStatus
day = datetime.date


@pytest.fixture
def people_ab(make_candidate, commune_a, commune_b):
    return make_candidate(commune_a), make_candidate(commune_b)


def test_commune_a_cannot_see_commune_b(campaign, people_ab, client, user_a):
    mine, theirs = people_ab
    client.force_login(user_a)
    board = client.get(reverse("campaigns:board", args=[campaign.pk])).content.decode()
    assert mine.person.full_name in board and theirs.person.full_name not in board
    assert client.get(reverse("crud:campaigns-candidate-detail", args=[theirs.pk])).status_code == 404
    resp = client.post(
        reverse("campaigns:candidate-action", args=[theirs.pk]), {"action": "review", "on": "2025-09-01"}
    )
    assert resp.status_code == 404
    assert Candidate.objects.get(pk=theirs.pk).status == S.IN_SOURCE_POOL
    resp = client.post(
        reverse("campaigns:board", args=[campaign.pk]), {"action": "review", "on": "2025-09-01", "ids": [theirs.pk]}
    )
    assert Candidate.objects.get(pk=theirs.pk).status == S.IN_SOURCE_POOL
    # The campaign (province) is visible to the commune, but not editable.
    assert client.get(reverse("crud:campaigns-campaign-detail", args=[campaign.pk])).status_code == 200
    assert client.get(reverse("crud:campaigns-campaign-edit", args=[campaign.pk])).status_code == 404


def test_bulk_review_and_detail_action(campaign, people_ab, client, user_a):
    mine, _ = people_ab
    client.force_login(user_a)
    url = reverse("campaigns:board", args=[campaign.pk])
    resp = client.post(url, {"action": "review", "on": "2025-09-01", "ids": [mine.pk]}, follow=True)
    assert resp.status_code == 200
    assert Candidate.objects.get(pk=mine.pk).status == S.REVIEWED
    detail = reverse("crud:campaigns-candidate-detail", args=[mine.pk])
    page = client.get(detail).content.decode()
    assert 'data-action="propose"' in page and 'data-action="call_screening"' in page
    resp = client.post(
        reverse("campaigns:candidate-action", args=[mine.pk]),
        {"action": "propose", "on": "2025-09-02", "ground": "TH_G", "evidence": "Đang học lớp 12"},
        follow=True,
    )
    assert Candidate.objects.get(pk=mine.pk).status == S.PROPOSED_DEFERMENT
    assert DefermentDecision.objects.get(candidate=mine).ground == "TH_G"
    # A refused step shows a Vietnamese message and changes nothing.
    resp = client.post(
        reverse("campaigns:candidate-action", args=[mine.pk]), {"action": "nominate", "on": "2025-09-03"}, follow=True
    )
    assert "Không thể chuyển" in resp.content.decode()
    resp = client.post(
        reverse("campaigns:candidate-action", args=[mine.pk]), {"action": "review", "on": "2025-09-03"}, follow=True
    )
    assert "Chỉ xét duyệt công dân đang trong nguồn" in resp.content.decode()
    assert Candidate.objects.get(pk=mine.pk).status == S.PROPOSED_DEFERMENT


def test_exam_form_computes_class(campaign, make_candidate, commune_a, client, user_a):
    c = make_candidate(commune_a, status=S.CALLED_TO_EXAM)
    client.force_login(user_a)
    url = reverse("campaigns:exam", args=[c.pk])
    assert client.get(url).status_code == 200
    resp = client.post(url, {"exam_date": "2025-11-20", "height_cm": "abc", "weight_kg": "60"})
    assert resp.status_code == 400 and "Nhập một số" in resp.content.decode()
    resp = client.post(
        url,
        {
            "exam_date": "2025-11-20",
            "height_cm": "165,5",
            "weight_kg": "58.5",
            "score_eyes": "2",
            "score_internal": "1",
        },
    )
    assert resp.status_code == 302
    c.refresh_from_db()
    assert c.status == S.FIT and c.health_class == 2
    exam = c.health_exams.get()
    assert (exam.height_rounded, exam.weight_rounded) == (166, 59)


def test_quota_screen(campaign, quotas, two_regions, commune_a, commune_a2, client, province_user, user_a):
    client.force_login(province_user)
    url = reverse("campaigns:quotas", args=[campaign.pk])
    resp = client.get(url, {"unit": two_regions[0].pk})
    assert resp.status_code == 200
    assert f"o-{commune_a.pk}-ARMY" in resp.content.decode()
    resp = client.post(
        url + f"?unit={two_regions[0].pk}",
        {f"o-{commune_a.pk}-ARMY": "8", f"o-{commune_a2.pk}-ARMY": "5"},
        follow=True,
    )
    assert "vượt chỉ tiêu" in resp.content.decode()
    assert Quota.objects.get(pk=quotas["a"].pk).official_count == 5
    client.post(url + f"?unit={two_regions[0].pk}", {f"o-{commune_a.pk}-ARMY": "4", f"o-{commune_a2.pk}-ARMY": "6"})
    assert Quota.objects.get(pk=quotas["a2"].pk).official_count == 6


def test_deferment_screens(campaign, make_candidate, commune_a, client, user_a, province_user):
    from phongthu.campaigns.services import deferments

    c = make_candidate(commune_a, status=S.REVIEWED)
    d = deferments.propose_deferment(
        candidate=c, ground="TH_G", actor=user_a, proposed_on=day(2025, 9, 1), evidence="Giấy xác nhận"
    )
    url = reverse("campaigns:deferment-action", args=[d.pk])
    client.force_login(user_a)
    resp = client.post(
        url,
        {"action": "decide", "decision_ref": "1/QĐ", "decision_date": "2025-12-01", "signer_name": "A"},
        follow=True,
    )
    assert "thẩm quyền cấp tỉnh" in resp.content.decode()
    client.force_login(province_user)
    client.post(url, {"action": "decide", "decision_ref": "1/QĐ", "decision_date": "2025-12-01", "signer_name": "A"})
    client.post(url, {"action": "publish"})
    d.refresh_from_db()
    assert d.status == "PUBLISHED" and d.posted_to == day(2025, 12, 21)


def test_exports(campaign, quotas, make_candidate, commune_a, commune_b, client, user_a, province_user):
    from phongthu.campaigns.services import deferments

    called = make_candidate(commune_a)
    advance_all([called], S.HANDED_OVER, user_a, province_actor=province_user)
    called.refresh_from_db()
    deferred = make_candidate(commune_a, status=S.REVIEWED)
    d = deferments.propose_deferment(
        candidate=deferred, ground="TH_G", actor=user_a, proposed_on=day(2025, 9, 1), evidence="Giấy xác nhận"
    )
    deferments.decide_deferment(
        deferment=d, actor=province_user, decision_ref="15/QĐ-UBND", decision_date=day(2025, 12, 1), signer_name="A"
    )
    deferments.publish_deferment(deferment=d, actor=user_a)
    hidden = make_candidate(commune_b, status=S.REVIEWED)
    d2 = deferments.propose_deferment(
        candidate=hidden, ground="TH_G", actor=province_user, proposed_on=day(2025, 9, 1), evidence="Giấy"
    )
    deferments.decide_deferment(
        deferment=d2, actor=province_user, decision_ref="16/QĐ-UBND", decision_date=day(2025, 12, 1), signer_name="A"
    )
    client.force_login(user_a)

    def get(kind, fmt):
        resp = client.get(reverse("campaigns:export", args=[campaign.pk, kind, fmt]), {"unit": commune_a.pk})
        assert resp.status_code == 200, (kind, fmt)
        return resp.content

    posting = all_text(get("posting", "docx"))
    assert "THÔNG BÁO" in posting and deferred.person.full_name in posting and hidden.person.full_name not in posting
    assert "từ ngày 01/12/2025 đến ngày 21/12/2025" in posting
    assert "Chủ tịch Ủy ban nhân dân cấp tỉnh" in posting
    sheet = load_workbook(io.BytesIO(get("posting", "xlsx"))).active
    assert sheet.max_row == 2 and sheet.cell(2, 2).value == deferred.person.full_name
    calls_doc = all_text(get("calls", "docx"))
    assert "DANH SÁCH" in calls_doc and called.person.full_name in calls_doc and called.call_decision_no in calls_doc
    sheet = load_workbook(io.BytesIO(get("calls", "xlsx"))).active
    assert sheet.max_row == 2
    sheet = load_workbook(io.BytesIO(get("handover", "xlsx"))).active
    assert sheet.cell(2, 2).value == called.person.full_name and sheet.cell(2, 8).value == "Ban CHPTKV 1"
    assert ObjectChange.objects.filter(action="export", user_name=user_a.username).count() >= 5
    # Asking for commune B's lists as commune A: the unit is out of reach.
    assert (
        client.get(
            reverse("campaigns:export", args=[campaign.pk, "posting", "xlsx"]), {"unit": commune_b.pk}
        ).status_code
        == 404
    )
    assert client.get(reverse("campaigns:export", args=[campaign.pk, "handover", "docx"])).status_code == 404


def test_campaign_actions(campaign, make_person, commune_a, client, user_a, province_user):
    make_person(commune_a, dob=day(2005, 5, 5))
    client.force_login(user_a)
    url = reverse("campaigns:campaign-action", args=[campaign.pk])
    resp = client.post(url, {"action": "add_pool", "commune": commune_a.pk}, follow=True)
    assert "Đã đưa 1 công dân" in resp.content.decode()
    resp = client.post(url, {"action": "close"}, follow=True)
    assert "không có quyền" in resp.content.decode()
    campaign.refresh_from_db()
    assert not campaign.is_closed
    client.force_login(province_user)
    client.post(url, {"action": "close", "on": "2026-04-01"})
    resp = client.post(url, {"action": "rollover"}, follow=True)
    assert "Đã kết chuyển 1 công dân" in resp.content.decode()
    detail = client.get(reverse("crud:campaigns-campaign-detail", args=[campaign.pk])).content.decode()
    assert "đã kết thúc" in detail
