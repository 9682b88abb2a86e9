"""Deferment / exemption (SM-3): proposal, decision by the regime's authority, 20-day publication."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phongthu.campaigns.choices import CandidateStatus, DefermentStatus, LegalRegime
from phongthu.campaigns.models import Campaign, DefermentDecision
from phongthu.campaigns.services import deferments, pipeline
from phongthu.core.transitions import history_of

pytestmark = pytest.mark.django_db
S = CandidateStatus
D = DefermentStatus
day = datetime.date


@pytest.fixture
def reviewed(make_candidate, commune_a):
    return make_candidate(commune_a, status=S.REVIEWED)


def _propose(candidate, actor, ground="TH_G"):
    return deferments.propose_deferment(
        candidate=candidate, ground=ground, actor=actor, proposed_on=day(2025, 9, 1), evidence="Giấy xác nhận học sinh"
    )


def test_full_cycle_with_20_day_window(reviewed, user_a, province_user):
    d = _propose(reviewed, user_a)
    reviewed.refresh_from_db()
    assert reviewed.status == S.PROPOSED_DEFERMENT
    assert d.kind == "DEFERMENT" and d.status == D.PROPOSED
    deferments.decide_deferment(
        deferment=d, actor=province_user, decision_ref="1520/QĐ-UBND", decision_date=day(2025, 12, 2), signer_name="A"
    )
    d.refresh_from_db()
    reviewed.refresh_from_db()
    assert d.status == D.DECIDED
    assert d.decided_by == "Chủ tịch Ủy ban nhân dân cấp tỉnh"
    assert reviewed.status == S.DEFERRED
    deferments.publish_deferment(deferment=d, actor=user_a)
    d.refresh_from_db()
    reviewed.refresh_from_db()
    assert d.posted_from == day(2025, 12, 2)
    assert d.posted_to == day(2025, 12, 22)
    assert (d.posted_to - d.posted_from).days == 20
    assert reviewed.status == S.PUBLISHED
    # Still inside the window: nothing to activate.
    assert deferments.activate_published(campaign=reviewed.campaign, actor=user_a, on=day(2025, 12, 21)) == 0
    assert deferments.activate_published(campaign=reviewed.campaign, actor=user_a, on=day(2025, 12, 22)) == 1
    d.refresh_from_db()
    assert d.status == D.ACTIVE
    steps = [(h.from_status, h.to_status) for h in history_of(d)]
    assert steps == [("PROPOSED", "DECIDED"), ("DECIDED", "PUBLISHED"), ("PUBLISHED", "ACTIVE")]
    decided = history_of(d).get(to_status="DECIDED")
    assert decided.decision_ref == "1520/QĐ-UBND"
    assert "Điều 41" in decided.legal_ground


def test_publication_cannot_start_before_signing(reviewed, user_a, province_user):
    d = _propose(reviewed, user_a)
    deferments.decide_deferment(
        deferment=d, actor=province_user, decision_ref="1/QĐ", decision_date=day(2025, 12, 2), signer_name="A"
    )
    with pytest.raises(ValidationError) as info:
        deferments.publish_deferment(deferment=d, actor=user_a, posted_from=day(2025, 12, 1))
    assert "không được trước ngày ký" in str(info.value)
    deferments.publish_deferment(deferment=d, actor=user_a, posted_from=day(2025, 12, 5))
    d.refresh_from_db()
    assert d.posted_to == day(2025, 12, 25)


def test_window_length_is_configurable(reviewed, user_a, province_user):
    Campaign.objects.filter(pk=reviewed.campaign_id).update(publication_days=30)
    reviewed.campaign.refresh_from_db()
    d = _propose(reviewed, user_a)
    deferments.decide_deferment(
        deferment=d, actor=province_user, decision_ref="1/QĐ", decision_date=day(2025, 12, 2), signer_name="A"
    )
    deferments.publish_deferment(deferment=DefermentDecision.objects.get(pk=d.pk), actor=user_a)
    assert DefermentDecision.objects.get(pk=d.pk).posted_to == day(2026, 1, 1)


def test_commune_cannot_decide(reviewed, user_a):
    d = _propose(reviewed, user_a)
    with pytest.raises(PermissionDenied):
        deferments.decide_deferment(
            deferment=d, actor=user_a, decision_ref="1/QĐ", decision_date=day(2025, 12, 2), signer_name="A"
        )
    assert DefermentDecision.objects.get(pk=d.pk).status == D.PROPOSED


def test_authority_follows_the_legal_regime(hai_phong, make_candidate, commune_a, user_a, province_user):
    old = Campaign.objects.create(
        unit=hai_phong, year=2025, legal_regime=LegalRegime.PRE_2025, exam_from=day(2024, 11, 1)
    )
    c = make_candidate(commune_a, campaign=old, status=S.REVIEWED)
    d = _propose(c, user_a)
    with pytest.raises(ValidationError) as info:
        deferments.decide_deferment(
            deferment=d, actor=province_user, decision_ref="9/QĐ", decision_date=day(2025, 7, 2), signer_name="A"
        )
    assert "không còn cấp huyện" in str(info.value)
    d.proposed_on = day(2024, 9, 1)
    deferments.decide_deferment(
        deferment=d, actor=province_user, decision_ref="9/QĐ", decision_date=day(2024, 12, 2), signer_name="A"
    )
    d.refresh_from_db()
    assert d.decided_by == "Chủ tịch Ủy ban nhân dân cấp huyện"


def test_new_regime_refuses_a_pre_cutover_date(reviewed, user_a, province_user):
    d = _propose(reviewed, user_a)
    with pytest.raises(ValidationError) as info:
        deferments.decide_deferment(
            deferment=d, actor=province_user, decision_ref="9/QĐ", decision_date=day(2025, 6, 30), signer_name="A"
        )
    assert "Chủ tịch UBND cấp huyện" in str(info.value)


def test_th_a_only_after_a_health_failure(reviewed, user_a):
    with pytest.raises(ValidationError) as info:
        _propose(reviewed, user_a, ground="TH_A")
    assert "TH_A" in str(info.value)


def test_exemption_and_rejection(reviewed, user_a, province_user):
    d = _propose(reviewed, user_a, ground="MI_A")
    reviewed.refresh_from_db()
    assert d.kind == "EXEMPTION" and reviewed.status == S.PROPOSED_EXEMPTION
    deferments.reject_deferment(deferment=d, actor=province_user, on=day(2025, 10, 1), note="Không đủ giấy tờ")
    reviewed.refresh_from_db()
    assert reviewed.status == S.REVIEWED
    assert DefermentDecision.objects.get(pk=d.pk).status == D.REJECTED


def test_unknown_ground_and_missing_evidence(reviewed, user_a):
    with pytest.raises(ValidationError):
        deferments.propose_deferment(candidate=reviewed, ground="TH_Z", actor=user_a, proposed_on=day(2025, 9, 1))
    with pytest.raises(ValidationError) as info:
        deferments.propose_deferment(candidate=reviewed, ground="TH_D", actor=user_a, proposed_on=day(2025, 9, 1))
    assert "giấy tờ" in str(info.value)


def test_volunteer_waives_th_g_but_not_th_a(reviewed, make_candidate, commune_a, user_a, province_user):
    d = _propose(reviewed, user_a)
    pipeline.volunteer_override(candidate=reviewed, actor=user_a, on=day(2025, 10, 1), note="Đơn tình nguyện")
    reviewed.refresh_from_db()
    assert reviewed.status == S.VOLUNTEER_OVERRIDE and reviewed.volunteer
    assert DefermentDecision.objects.get(pk=d.pk).status == D.OVERRIDDEN
    unfit = make_candidate(commune_a, status=S.SCREEN_FAIL)
    deferments.propose_deferment(candidate=unfit, ground="TH_A", actor=user_a, proposed_on=day(2025, 10, 6))
    with pytest.raises(ValidationError) as info:
        pipeline.volunteer_override(candidate=unfit, actor=user_a, on=day(2025, 10, 7))
    assert "TH_A" in str(info.value)


def test_one_child_per_parent_for_th_c(reviewed, make_person, make_candidate, commune_a, user_a):
    from phongthu.people.models import FamilyRelation

    father = make_person(commune_a, dob=day(1970, 1, 1), full_name="Bệnh Binh Cha")
    brother = make_candidate(commune_a, status=S.REVIEWED)
    for child in (reviewed.person, brother.person):
        FamilyRelation.objects.create(
            person=child, relation="FATHER", relative=father, relative_name=father.full_name,
            relative_status="SICK_SOLDIER_61_80",
        )  # fmt: skip
    deferments.propose_deferment(
        candidate=reviewed,
        ground="TH_C",
        actor=user_a,
        proposed_on=day(2025, 9, 1),
        evidence="Giấy chứng nhận bệnh binh",
    )
    with pytest.raises(ValidationError) as info:
        deferments.propose_deferment(
            candidate=brother, ground="TH_C", actor=user_a, proposed_on=day(2025, 9, 1), evidence="Giấy chứng nhận"
        )
    assert "một người con" in str(info.value)
