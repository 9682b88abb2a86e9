"""Lists, call decisions, handover, re-check and replacements (V-NVQS-11, V-NVQS-13)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phongthu.campaigns.choices import CandidateStatus, ListKind
from phongthu.campaigns.models import Candidate, Quota
from phongthu.campaigns.services import calls, pipeline
from phongthu.campaigns.tests.conftest import advance, advance_all
from phongthu.core.transitions import history_of

pytestmark = pytest.mark.django_db
S = CandidateStatus
day = datetime.date


def test_main_path_to_enlisted(make_candidate, commune_a, quotas, user_a, province_user):
    c = make_candidate(commune_a)
    advance_all([c], S.ENLISTED, user_a, province_actor=province_user)
    c.refresh_from_db()
    assert c.status == S.ENLISTED
    assert c.handover_point == "Ban CHPTKV 1" and c.receiving_unit == "Sư đoàn 395"
    path = [h.to_status for h in history_of(c)]
    assert path == [
        "REVIEWED", "CALLED_TO_SCREENING", "SCREENED", "NOMINATED", "CALLED_TO_EXAM", "EXAMINED", "FIT",
        "POLITICAL_CHECK", "SHORTLISTED", "DECIDED_BY_PROVINCE", "CALL_DELIVERED", "HANDED_OVER", "RECHECKED_OK",
        "ENLISTED",
    ]  # fmt: skip
    decided = history_of(c).get(to_status="DECIDED_BY_PROVINCE")
    assert decided.decision_ref == c.province_decision.symbol
    assert history_of(c).get(to_status="CALL_DELIVERED").decision_ref == c.call_decision_no


def test_shortlist_respects_the_commune_quota(make_candidate, commune_a, quotas, user_a):
    Quota.objects.filter(pk=quotas["a"].pk).update(official_count=1)
    first, second = make_candidate(commune_a), make_candidate(commune_a)
    advance(first, S.SHORTLISTED, user_a)
    advance(second, S.POLITICAL_CHECK, user_a)
    with pytest.raises(ValidationError) as info:
        pipeline.candidate_shortlist(candidate=second, actor=user_a, on=day(2026, 1, 15), branch="ARMY")
    assert "đã đủ 1 người" in str(info.value)
    with pytest.raises(ValidationError) as info:
        pipeline.candidate_shortlist(candidate=second, actor=user_a, on=day(2026, 1, 15), branch="POLICE")
    assert "chưa được giao chỉ tiêu Công an" in str(info.value)


def test_shortlist_needs_political_pass(make_candidate, commune_a, quotas, user_a):
    c = make_candidate(commune_a, status=S.POLITICAL_CHECK)
    with pytest.raises(ValidationError) as info:
        pipeline.candidate_shortlist(candidate=c, actor=user_a, on=day(2026, 1, 15), branch="ARMY")
    assert "thẩm tra chính trị" in str(info.value)
    pipeline.candidate_record_political_check(
        candidate=c, actor=user_a, on=day(2026, 1, 2), passed=False, note="Tiền án"
    )
    c.refresh_from_db()
    assert c.status == S.NOT_SELECTED and c.political_check == "FAIL"


def test_province_list_needs_province_scope(make_candidate, commune_a, quotas, user_a):
    c = make_candidate(commune_a)
    advance(c, S.SHORTLISTED, user_a)
    with pytest.raises(PermissionDenied):
        calls.callup_list_decide(campaign=c.campaign, actor=user_a, branch="ARMY", on=day(2026, 1, 20))
    c.refresh_from_db()
    assert c.status == S.SHORTLISTED


def test_delivery_notice_period(make_candidate, commune_a, quotas, user_a, province_user):
    c = make_candidate(commune_a)
    advance_all([c], S.DECIDED_BY_PROVINCE, user_a, province_actor=province_user)
    calls.call_orders_issue(campaign=c.campaign, commune=commune_a, actor=user_a, on=day(2026, 1, 25))
    c.refresh_from_db()
    with pytest.raises(ValidationError) as info:
        calls.candidate_deliver(candidate=c, actor=user_a, on=day(2026, 2, 18))
    assert "ít nhất 15 ngày" in str(info.value) and "17/02/2026" in str(info.value)
    with pytest.raises(ValidationError):
        calls.candidate_deliver(candidate=c, actor=user_a, on=day(2026, 1, 24))  # before signing
    calls.candidate_deliver(candidate=c, actor=user_a, on=day(2026, 2, 17))
    c.refresh_from_db()
    assert c.status == S.CALL_DELIVERED
    with pytest.raises(ValidationError) as info:
        calls.candidate_hand_over(candidate=c, actor=user_a, on=day(2026, 3, 10), point="P", receiving_unit="U")
    assert "thời gian giao quân" in str(info.value)


def test_recheck_within_seven_days(make_candidate, commune_a, quotas, user_a, province_user):
    c = make_candidate(commune_a)
    advance_all([c], S.HANDED_OVER, user_a, province_actor=province_user)
    c.refresh_from_db()
    with pytest.raises(ValidationError) as info:
        calls.candidate_recheck_ok(candidate=c, actor=user_a, on=day(2026, 3, 12))
    assert "trong 7 ngày" in str(info.value) and "11/03/2026" in str(info.value)
    with pytest.raises(ValidationError):
        calls.candidate_return(candidate=c, actor=user_a, on=day(2026, 3, 12), reason="HEALTH", note="Viêm gan B")
    calls.candidate_return(candidate=c, actor=user_a, on=day(2026, 3, 11), reason="HEALTH", note="Viêm gan B")
    c.refresh_from_db()
    assert c.status == S.RETURNED and c.return_reason == "HEALTH"


@pytest.fixture
def returned_and_reserves(make_candidate, commune_b, quotas, user_b, province_user):
    """Two soldiers of commune B handed over on 4/3/2026 and returned; two reserve-list citizens."""
    returned = [make_candidate(commune_b) for _ in range(2)]
    advance_all(returned, S.HANDED_OVER, user_b, province_actor=province_user)
    for c in returned:
        c.refresh_from_db()
        calls.candidate_return(candidate=c, actor=user_b, on=day(2026, 3, 8), reason="HEALTH", note="Bệnh")
        c.refresh_from_db()
    reserves = [make_candidate(commune_b) for _ in range(2)]
    for r in reserves:
        advance(r, S.SHORTLISTED, user_b, list_kind=ListKind.RESERVE)
    return returned, reserves


def test_replacement_within_15_days(returned_and_reserves, user_b):
    (gone, _), (sub, _) = returned_and_reserves
    with pytest.raises(ValidationError) as info:
        calls.candidate_replace(returned=gone, replacement=sub, actor=user_b, on=day(2026, 3, 20))
    assert "Quá hạn bù đổi" in str(info.value) and "19/03/2026" in str(info.value)
    calls.candidate_replace(returned=gone, replacement=sub, actor=user_b, on=day(2026, 3, 19))
    gone.refresh_from_db()
    sub.refresh_from_db()
    assert gone.replaced_by_id == sub.pk
    assert sub.status == S.HANDED_OVER and sub.handover_date == day(2026, 3, 19)
    assert sub.handover_point == gone.handover_point
    row = history_of(sub).get(to_status="HANDED_OVER")
    assert row.from_status == "SHORTLISTED" and "Bù đổi" in row.reason


def test_replacements_at_most_two_percent(returned_and_reserves, quotas, user_b):
    (gone1, gone2), (sub1, sub2) = returned_and_reserves
    Quota.objects.filter(pk=quotas["top"].pk).update(official_count=50)  # 2 % of 50 = 1
    calls.candidate_replace(returned=gone1, replacement=sub1, actor=user_b, on=day(2026, 3, 10))
    with pytest.raises(ValidationError) as info:
        calls.candidate_replace(returned=gone2, replacement=sub2, actor=user_b, on=day(2026, 3, 10))
    assert "Vượt giới hạn bù đổi" in str(info.value) and "là 1 người" in str(info.value)
    assert Candidate.objects.get(pk=sub2.pk).status == S.SHORTLISTED
    Quota.objects.filter(pk=quotas["top"].pk).update(official_count=100)  # 2 % of 100 = 2
    calls.candidate_replace(returned=gone2, replacement=sub2, actor=user_b, on=day(2026, 3, 10))
    assert Candidate.objects.get(pk=sub2.pk).status == S.HANDED_OVER


def test_only_reserve_list_citizens_replace(returned_and_reserves, make_candidate, commune_b, user_b):
    (gone, _), _ = returned_and_reserves
    official = make_candidate(commune_b, status=S.SHORTLISTED, branch="ARMY", list_kind=ListKind.OFFICIAL)
    with pytest.raises(ValidationError) as info:
        calls.candidate_replace(returned=gone, replacement=official, actor=user_b, on=day(2026, 3, 10))
    assert "danh sách dự phòng" in str(info.value)


def test_no_show_needs_a_note(make_candidate, commune_a, user_a):
    c = make_candidate(commune_a, status=S.CALLED_TO_EXAM)
    with pytest.raises(ValidationError):
        pipeline.candidate_mark_absent(candidate=c, actor=user_a, on=day(2025, 11, 20))
    pipeline.candidate_mark_absent(
        candidate=c, actor=user_a, on=day(2025, 11, 20), refused=True, note="Không chấp hành lệnh"
    )
    c.refresh_from_db()
    assert c.status == S.REFUSED
    assert "Khoản 8 Điều 3" in history_of(c).get().legal_ground
