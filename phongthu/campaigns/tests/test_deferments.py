"""Deferment / exemption (SM-3): proposal, decision by the regime's authority, 20-day publication."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phongthu.campaigns.choices import CandidateStatus, DefermentStatus, LegalRegime
from phongthu.campaigns.models import Campaign, DefermentDecision
from phongthu.campaigns.services import deferments, pipeline
from phongthu.campaigns.tests.conftest import PROVINCE_CHAIR
from phongthu.core.transitions import history_of

pytestmark = pytest.mark.django_db
S = CandidateStatus
D = DefermentStatus
day = datetime.date


@pytest.fixture
def reviewed(make_candidate, commune_a):
    return make_candidate(commune_a, status=S.REVIEWED)


def _propose(candidate, actor, ground="TH_G"):
    return deferments.deferment_propose(
        candidate=candidate, ground=ground, actor=actor, on=day(2025, 9, 1), evidence="Giấy xác nhận học sinh"
    )


def test_full_cycle_with_20_day_window(reviewed, user_a, province_user):
    d = _propose(reviewed, user_a)
    reviewed.refresh_from_db()
    assert reviewed.status == S.PROPOSED_DEFERMENT
    assert d.kind == "DEFERMENT" and d.status == D.PROPOSED
    deferments.deferment_decide(deferment=d, actor=province_user, decision_ref="1520/QĐ-UBND", on=day(2025, 12, 2))
    d.refresh_from_db()
    reviewed.refresh_from_db()
    assert d.status == D.DECIDED
    assert d.decided_by == "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng"
    assert d.signer_name == PROVINCE_CHAIR  # from the office holders, never typed
    assert reviewed.status == S.DEFERRED
    deferments.deferment_publish(deferment=d, actor=user_a)
    d.refresh_from_db()
    reviewed.refresh_from_db()
    assert d.posted_from == day(2025, 12, 2)
    assert d.posted_to == day(2025, 12, 22)
    assert (d.posted_to - d.posted_from).days == 20
    assert reviewed.status == S.PUBLISHED
    # Still inside the window: nothing to activate.
    assert deferments.deferments_activate(campaign=reviewed.campaign, actor=user_a, on=day(2025, 12, 21)) == 0
    assert deferments.deferments_activate(campaign=reviewed.campaign, actor=user_a, on=day(2025, 12, 22)) == 1
    d.refresh_from_db()
    assert d.status == D.ACTIVE
    steps = [(h.from_status, h.to_status) for h in history_of(d)]
    assert steps == [("PROPOSED", "DECIDED"), ("DECIDED", "PUBLISHED"), ("PUBLISHED", "ACTIVE")]
    decided = history_of(d).get(to_status="DECIDED")
    assert decided.decision_ref == "1520/QĐ-UBND"
    assert "Điều 41" in decided.legal_ground


def test_publication_cannot_start_before_signing(reviewed, user_a, province_user):
    d = _propose(reviewed, user_a)
    deferments.deferment_decide(deferment=d, actor=province_user, decision_ref="1/QĐ", on=day(2025, 12, 2))
    with pytest.raises(ValidationError) as info:
        deferments.deferment_publish(deferment=d, actor=user_a, on=day(2025, 12, 1))
    assert "không được trước ngày ký" in str(info.value)
    deferments.deferment_publish(deferment=d, actor=user_a, on=day(2025, 12, 5))
    d.refresh_from_db()
    assert d.posted_to == day(2025, 12, 25)


def test_window_length_is_configurable(reviewed, user_a, province_user):
    Campaign.objects.filter(pk=reviewed.campaign_id).update(publication_days=30)
    reviewed.campaign.refresh_from_db()
    d = _propose(reviewed, user_a)
    deferments.deferment_decide(deferment=d, actor=province_user, decision_ref="1/QĐ", on=day(2025, 12, 2))
    deferments.deferment_publish(deferment=DefermentDecision.objects.get(pk=d.pk), actor=user_a)
    assert DefermentDecision.objects.get(pk=d.pk).posted_to == day(2026, 1, 1)


def test_commune_cannot_decide(reviewed, user_a):
    d = _propose(reviewed, user_a)
    with pytest.raises(PermissionDenied):
        deferments.deferment_decide(deferment=d, actor=user_a, decision_ref="1/QĐ", on=day(2025, 12, 2))
    assert DefermentDecision.objects.get(pk=d.pk).status == D.PROPOSED


def test_before_cutover_the_district_of_the_commune_decides(hai_phong, make_candidate, make_user):
    """Inside a provincial campaign, a decision dated before 1/7/2025 is the district chairman's:
    the district the candidate's commune belonged to on that date."""
    from phongthu.accounts.models import Role
    from phongthu.core.tests.test_authority import old_ward_with_district
    from phongthu.units.models import OfficeHolder

    ward, district = old_ward_with_district()
    OfficeHolder.objects.create(
        unit=district, office="PC_CHAIR", full_name="Trần Văn Huyện", valid_from=day(2021, 6, 1)
    )
    old = Campaign.objects.create(
        unit=hai_phong, year=2025, legal_regime=LegalRegime.PRE_2025, exam_from=day(2024, 11, 1)
    )
    c = make_candidate(ward, campaign=old, status=S.REVIEWED)
    ward_staff = make_user(Role.COMMUNE_STAFF, ward)
    district_staff = make_user(Role.REGION_STAFF, district)
    province_staff = make_user(Role.PROVINCE_STAFF, hai_phong)
    d = deferments.deferment_propose(c, actor=ward_staff, on=day(2024, 9, 1), ground="TH_G", evidence="Giấy")
    for refused in (province_staff, ward_staff):
        with pytest.raises(PermissionDenied) as info:
            deferments.deferment_decide(d, actor=refused, decision_ref="9/QĐ", on=day(2024, 12, 2))
        assert district.name[1:] in str(info.value)
    assert DefermentDecision.objects.get(pk=d.pk).status == D.PROPOSED
    deferments.deferment_decide(d, actor=district_staff, decision_ref="9/QĐ", on=day(2024, 12, 2))
    d.refresh_from_db()
    assert d.status == D.DECIDED
    assert d.decided_by.startswith("Chủ tịch Ủy ban nhân dân ") and district.name[1:] in d.decided_by
    assert d.signer_name == "Trần Văn Huyện"


def test_a_ward_of_2025_has_no_decision_dated_before_it_existed(reviewed, user_a, province_user):
    d = _propose(reviewed, user_a)
    d.proposed_on = None
    d.save()
    with pytest.raises(PermissionDenied) as info:
        deferments.deferment_decide(d, actor=province_user, decision_ref="9/QĐ", on=day(2025, 6, 30))
    assert "không tồn tại" in str(info.value)
    assert DefermentDecision.objects.get(pk=d.pk).status == D.PROPOSED


def test_no_holder_on_record_no_decision(reviewed, user_a, province_user):
    from phongthu.units.models import OfficeHolder

    d = _propose(reviewed, user_a)
    OfficeHolder.objects.filter(unit=reviewed.campaign.unit).delete()
    with pytest.raises(ValidationError) as info:
        deferments.deferment_decide(d, actor=province_user, decision_ref="9/QĐ", on=day(2025, 12, 2))
    assert "Chưa có người giữ chức vụ Chủ tịch Ủy ban nhân dân thành phố Hải Phòng" in str(info.value)
    assert DefermentDecision.objects.get(pk=d.pk).status == D.PROPOSED


def test_th_a_only_after_a_health_failure(reviewed, user_a):
    with pytest.raises(ValidationError) as info:
        _propose(reviewed, user_a, ground="TH_A")
    assert "TH_A" in str(info.value)


def test_exemption_and_rejection(reviewed, user_a, province_user):
    d = _propose(reviewed, user_a, ground="MI_A")
    reviewed.refresh_from_db()
    assert d.kind == "EXEMPTION" and reviewed.status == S.PROPOSED_EXEMPTION
    deferments.deferment_reject(deferment=d, actor=province_user, on=day(2025, 10, 1), note="Không đủ giấy tờ")
    reviewed.refresh_from_db()
    assert reviewed.status == S.REVIEWED
    assert DefermentDecision.objects.get(pk=d.pk).status == D.REJECTED


def test_unknown_ground_and_missing_evidence(reviewed, user_a):
    with pytest.raises(ValidationError):
        deferments.deferment_propose(candidate=reviewed, ground="TH_Z", actor=user_a, on=day(2025, 9, 1))
    with pytest.raises(ValidationError) as info:
        deferments.deferment_propose(candidate=reviewed, ground="TH_D", actor=user_a, on=day(2025, 9, 1))
    assert "giấy tờ" in str(info.value)


def test_volunteer_waives_th_g_but_not_th_a(reviewed, make_candidate, commune_a, user_a, province_user):
    d = _propose(reviewed, user_a)
    pipeline.candidate_volunteer(candidate=reviewed, actor=user_a, on=day(2025, 10, 1), note="Đơn tình nguyện")
    reviewed.refresh_from_db()
    assert reviewed.status == S.VOLUNTEER_OVERRIDE and reviewed.volunteer
    assert DefermentDecision.objects.get(pk=d.pk).status == D.OVERRIDDEN
    unfit = make_candidate(commune_a, status=S.SCREEN_FAIL)
    deferments.deferment_propose(candidate=unfit, ground="TH_A", actor=user_a, on=day(2025, 10, 6))
    with pytest.raises(ValidationError) as info:
        pipeline.candidate_volunteer(candidate=unfit, actor=user_a, on=day(2025, 10, 7))
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
    deferments.deferment_propose(
        candidate=reviewed,
        ground="TH_C",
        actor=user_a,
        on=day(2025, 9, 1),
        evidence="Giấy chứng nhận bệnh binh",
    )
    with pytest.raises(ValidationError) as info:
        deferments.deferment_propose(
            candidate=brother, ground="TH_C", actor=user_a, on=day(2025, 9, 1), evidence="Giấy chứng nhận"
        )
    assert "một người con" in str(info.value)
