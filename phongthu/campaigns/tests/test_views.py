"""Screens: each step is a declared action posted to `/r/…/actions/<name>/`; every read is scoped."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from phongthu.campaigns.choices import CandidateStatus
from phongthu.campaigns.models import Candidate, DefermentDecision, Quota
from phongthu.campaigns.tests.conftest import advance_all
from phongthu.core.docx import all_text
from phongthu.core.models import ObjectChange

pytestmark = pytest.mark.django_db
S = CandidateStatus
day = datetime.date


@pytest.fixture
def people_ab(make_candidate, commune_a, commune_b):
    return make_candidate(commune_a), make_candidate(commune_b)


def act(obj, name):
    meta = obj._meta
    return reverse(
        "record-action", kwargs={"app": meta.app_label, "model": meta.model_name, "pk": obj.pk, "name": name}
    )


def messages_of(resp):
    return " ".join(str(m) for m in resp.context["messages"]) if resp.context else resp.content.decode()


def test_commune_a_cannot_see_commune_b(campaign, people_ab, client, user_a):
    mine, theirs = people_ab
    client.force_login(user_a)
    board = client.get(reverse("campaigns:board", args=[campaign.pk])).content.decode()
    assert mine.person.full_name in board and theirs.person.full_name not in board
    assert client.get(reverse("crud:campaigns-candidate-detail", args=[theirs.pk])).status_code == 404
    resp = client.post(act(theirs, "review"), {"on": "2025-09-01"})
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
    assert act(mine, "propose") in page and act(mine, "call_screening") in page
    assert act(mine, "nominate") not in page  # only the steps valid in this state are offered
    resp = client.post(
        act(mine, "propose"),
        {"on": "2025-09-02", "ground": "TH_G", "evidence": "Đang học lớp 12"},
        follow=True,
    )
    assert Candidate.objects.get(pk=mine.pk).status == S.PROPOSED_DEFERMENT
    assert DefermentDecision.objects.get(candidate=mine).ground == "TH_G"
    # A step the state does not offer shows a Vietnamese message and changes nothing.
    resp = client.post(act(mine, "nominate"), {"on": "2025-09-03"}, follow=True)
    assert "Không thể “Bình cử đi khám” khi hồ sơ đang ở trạng thái “Đề nghị tạm hoãn”" in messages_of(resp)
    resp = client.post(act(mine, "review"), {"on": "2025-09-03"}, follow=True)
    assert "Không thể “Xét duyệt cấp xã”" in messages_of(resp)
    # A malformed date names the field.
    resp = client.post(act(mine, "volunteer"), {"on": "ngày 5"}, follow=True)
    assert "Ngày:" in messages_of(resp)
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
    page = resp.content.decode()
    assert resp.status_code == 400 and "vượt chỉ tiêu" in page
    assert Quota.objects.get(pk=quotas["a"].pk).official_count == 5
    # Every box keeps what was typed (not the saved 5), so one correction suffices.
    assert f'name="o-{commune_a.pk}-ARMY" data-quota-col="0" inputmode="numeric" value="8"' in page
    assert f'name="o-{commune_a2.pk}-ARMY" data-quota-col="0" inputmode="numeric" value="5"' in page
    assert 'data-quota-total="0"' in page and "js/quotas.js" in page
    # A non-number in one box: the message names it and the other boxes keep their values.
    resp = client.post(
        url + f"?unit={two_regions[0].pk}",
        {f"o-{commune_a.pk}-ARMY": "3", f"r-{commune_a.pk}-ARMY": "2", f"o-{commune_a2.pk}-ARMY": "ba"},
    )
    page = resp.content.decode()
    assert (
        resp.status_code == 400
        and f"{commune_a2.name}, Quân đội chính thức: số lượng phải là số nguyên không âm" in page
    )
    assert f'name="r-{commune_a.pk}-ARMY" data-quota-col="1" inputmode="numeric" value="2"' in page
    assert f'name="o-{commune_a2.pk}-ARMY" data-quota-col="0" inputmode="numeric" value="ba"' in page
    assert Quota.objects.get(pk=quotas["a"].pk).official_count == 5
    client.post(url + f"?unit={two_regions[0].pk}", {f"o-{commune_a.pk}-ARMY": "4", f"o-{commune_a2.pk}-ARMY": "6"})
    assert Quota.objects.get(pk=quotas["a2"].pk).official_count == 6


def test_deferment_screens(campaign, make_candidate, commune_a, client, user_a, province_user):
    from phongthu.campaigns.services import deferments

    c = make_candidate(commune_a, status=S.REVIEWED)
    d = deferments.deferment_propose(
        candidate=c, ground="TH_G", actor=user_a, on=day(2025, 9, 1), evidence="Giấy xác nhận"
    )
    detail = reverse("crud:campaigns-defermentdecision-detail", args=[d.pk])
    client.force_login(user_a)
    page = client.get(detail).content.decode()
    assert act(d, "decide") not in page and "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng" in page  # why not
    resp = client.post(act(d, "decide"), {"decision_ref": "1/QĐ", "on": "2025-12-01"}, follow=True)
    assert "thuộc thẩm quyền của: Chủ tịch Ủy ban nhân dân thành phố Hải Phòng" in messages_of(resp)
    assert DefermentDecision.objects.get(pk=d.pk).status == "PROPOSED"
    client.force_login(province_user)
    assert act(d, "decide") in client.get(detail).content.decode()
    resp = client.post(act(d, "decide"), {"decision_ref": "1/QĐ", "on": "2025-12-01"}, follow=True)
    assert "Đã thực hiện" in messages_of(resp)
    client.force_login(user_a)  # the commune posts the list
    client.post(act(d, "publish"), {})
    d.refresh_from_db()
    assert d.status == "PUBLISHED" and d.posted_to == day(2025, 12, 21)
    assert d.decided_by == "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng" and d.signer_name == "Nguyễn Văn Tỉnh"


def test_exports(campaign, quotas, make_candidate, commune_a, commune_b, client, user_a, user_b, province_user):
    from phongthu.campaigns.services import deferments

    called = make_candidate(commune_a)
    advance_all([called], S.HANDED_OVER, user_a, province_actor=province_user)
    called.refresh_from_db()
    deferred = make_candidate(commune_a, status=S.REVIEWED)
    d = deferments.deferment_propose(
        candidate=deferred, ground="TH_G", actor=user_a, on=day(2025, 9, 1), evidence="Giấy xác nhận"
    )
    deferments.deferment_decide(deferment=d, actor=province_user, decision_ref="15/QĐ-UBND", on=day(2025, 12, 1))
    deferments.deferment_publish(deferment=d, actor=user_a)
    hidden = make_candidate(commune_b, status=S.REVIEWED)
    d2 = deferments.deferment_propose(
        candidate=hidden, ground="TH_G", actor=user_b, on=day(2025, 9, 1), evidence="Giấy"
    )
    deferments.deferment_decide(deferment=d2, actor=province_user, decision_ref="16/QĐ-UBND", on=day(2025, 12, 1))
    client.force_login(user_a)

    def get(kind, fmt):
        resp = client.get(reverse("campaigns:export", args=[campaign.pk, kind, fmt]), {"unit": commune_a.pk})
        assert resp.status_code == 200, (kind, fmt)
        return resp.content

    posting = all_text(get("posting", "docx"))
    assert "THÔNG BÁO" in posting and deferred.person.full_name in posting and hidden.person.full_name not in posting
    assert "từ ngày 01/12/2025 đến ngày 21/12/2025" in posting
    assert "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng" in posting
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
    resp = client.post(reverse("campaigns:pool", args=[campaign.pk]), {"commune": commune_a.pk}, follow=True)
    assert "Đã đưa 1 công dân" in resp.content.decode()
    resp = client.post(act(campaign, "close"), {"on": "2026-04-01", "confirmed": "1"}, follow=True)
    assert resp.status_code == 200 and "Đã thực hiện" not in messages_of(resp)
    campaign.refresh_from_db()
    assert not campaign.is_closed
    client.force_login(province_user)
    resp = client.post(act(campaign, "close"), {"on": "2026-04-01"}, follow=True)
    assert "Đánh dấu xác nhận" in messages_of(resp)  # an irreversible step asks first
    client.post(act(campaign, "close"), {"on": "2026-04-01", "confirmed": "1"})
    campaign.refresh_from_db()
    assert campaign.is_closed
    resp = client.post(act(campaign, "rollover"), {}, follow=True)
    assert "Đã thực hiện: Kết chuyển sang năm sau" in messages_of(resp)
    detail = client.get(reverse("crud:campaigns-campaign-detail", args=[campaign.pk])).content.decode()
    assert "đã kết thúc" in detail
