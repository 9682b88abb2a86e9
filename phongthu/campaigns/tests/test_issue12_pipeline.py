"""Issue 12, the pipeline fixes: only registered citizens are in the source; the pool's
evaluation follows the facts; "Nguồn" is one figure everywhere; quotas stay in the province."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from phongthu.campaigns.choices import Branch, CandidateStatus
from phongthu.campaigns.models import Candidate, Quota
from phongthu.campaigns.selectors import dashboard, home_rows, quota_overview, source_counts
from phongthu.campaigns.services import calls
from phongthu.campaigns.services.pool import candidate_add, pool_add_commune
from phongthu.campaigns.tests.conftest import advance

pytestmark = pytest.mark.django_db
D = datetime.date
S = CandidateStatus


# (a) -------------------------------------------------------------- registered citizens only


def test_pool_leaves_out_people_without_registration(campaign, make_person, commune_a, user_a):
    registered = make_person(commune_a, dob=D(2005, 6, 15))
    imported = make_person(commune_a, dob=D(2005, 6, 15), registered=False)
    result = pool_add_commune(campaign=campaign, commune=commune_a, actor=user_a)
    people = set(Candidate.objects.filter(campaign=campaign).values_list("person_id", flat=True))
    assert people == {registered.pk}
    assert imported.pk not in people
    assert result.skipped == {"NOT_REGISTERED": 1}


def test_barred_or_reservist_file_is_not_in_the_source(campaign, make_person, commune_a, user_a):
    barred = make_person(commune_a, dob=D(2005, 6, 15))
    barred.registration.status = "EXEMPT_FROM_REGISTRATION"
    barred.registration.save()
    pool_add_commune(campaign=campaign, commune=commune_a, actor=user_a)
    assert not Candidate.objects.filter(person=barred).exists()


def test_one_unregistered_citizen_cannot_be_added(campaign, make_person, commune_a, user_a):
    person = make_person(commune_a, registered=False)
    with pytest.raises(ValidationError) as info:
        candidate_add(campaign=campaign, person=person, commune=commune_a, actor=user_a)
    assert "chưa đăng ký nghĩa vụ quân sự" in str(info.value).lower()


def test_no_call_up_decision_without_registration(
    campaign, quotas, make_candidate, make_person, commune_a, user_a, province_user
):
    ok = make_candidate(commune_a)
    legacy = make_candidate(commune_a, person=make_person(commune_a, registered=False))
    advance(ok, S.SHORTLISTED, user_a)
    advance(legacy, S.SHORTLISTED, user_a)
    with pytest.raises(ValidationError) as info:
        calls.callup_list_decide(campaign=campaign, actor=province_user, branch=Branch.ARMY, on=D(2026, 1, 20))
    assert legacy.person.full_name in str(info.value)
    legacy.refresh_from_db()
    assert legacy.status == S.SHORTLISTED and legacy.province_decision_id is None


# (b) -------------------------------------------------------------- evaluation stays current


def test_exam_refreshes_the_pool_evaluation(campaign, make_person, commune_a, user_a):
    person = make_person(commune_a, dob=D(2005, 6, 15))
    pool_add_commune(campaign=campaign, commune=commune_a, actor=user_a)
    c = Candidate.objects.get(campaign=campaign, person=person)
    assert c.eligibility_status == "NEEDS_EXAM" and "NO_HEALTH_EXAM" in c.eligibility_codes
    advance(c, S.FIT, user_a)
    c.refresh_from_db()
    assert c.eligibility_status == "ELIGIBLE" and "NO_HEALTH_EXAM" not in c.eligibility_codes
    person.registration.refresh_from_db()
    assert person.registration.health_class == c.health_class


def test_a_new_ground_and_new_facts_refresh_the_pool(campaign, make_person, commune_a, user_a):
    from phongthu.military_service.models import RegistrationGround

    person = make_person(commune_a, dob=D(2005, 6, 15))
    pool_add_commune(campaign=campaign, commune=commune_a, actor=user_a)
    ground = RegistrationGround.objects.create(registration=person.registration, code="TH_D", evidence="Giấy xác nhận")
    c = Candidate.objects.get(campaign=campaign, person=person)
    assert c.eligibility_status == "DEFERRED" and c.eligibility_codes.startswith("TH_D")
    ground.delete()
    c.refresh_from_db()
    assert c.eligibility_status == "NEEDS_EXAM"
    person.education_grade = 6
    person.save()
    c.refresh_from_db()
    assert c.eligibility_status == "NOT_QUALIFIED" and "EDU_MIN" in c.eligibility_codes and c.education_ok is False


def test_health_record_service_refreshes_in_the_same_transaction(campaign, make_person, commune_a, user_a):
    from django.db import transaction

    from phongthu.military_service.services import registration_health_record

    person = make_person(commune_a, dob=D(2005, 6, 15))
    pool_add_commune(campaign=campaign, commune=commune_a, actor=user_a)
    with pytest.raises(RuntimeError), transaction.atomic():
        registration_health_record(
            person.registration, actor=user_a, health_class=5, exam_date=D(2025, 11, 20), bmi=Decimal("21.45")
        )
        assert Candidate.objects.get(person=person).eligibility_status == "DEFERRED"
        raise RuntimeError("roll back")
    assert Candidate.objects.get(person=person).eligibility_status == "NEEDS_EXAM"


# (c) -------------------------------------------------------------- one "Nguồn"


def test_source_is_the_same_on_every_page(
    campaign, quotas, make_candidate, commune_a, commune_a2, commune_b, hai_phong, two_regions, province_user, user_a
):
    a = [make_candidate(commune_a) for _ in range(3)]
    make_candidate(commune_a2)
    make_candidate(commune_b)
    make_candidate(commune_b)
    advance(a[0], S.SHORTLISTED, user_a)  # past "đủ sức khỏe": still part of the source
    board = dashboard(campaign=campaign, unit=hai_phong, user=province_user)
    home = dict(home_rows(campaign, hai_phong, province_user))
    overview = quota_overview(campaign=campaign, unit=hai_phong, user=province_user)
    assert board.total.pool == home["Nguồn"] == overview.pool_total == 6
    assert sum(line.pool for line in overview.lines) == 6
    region_a = two_regions[0]
    by_region = {line.unit.pk: line.pool for line in overview.lines}
    assert by_region[region_a.pk] == 4
    assert source_counts(campaign, region_a, province_user).total == 4
    assert dashboard(campaign=campaign, unit=region_a, user=province_user).total.pool == 4


# (d) -------------------------------------------------------------- quotas inside the province


def _foreign_commune(hai_phong):
    """A ward of another province (the test tree holds only Hải Phòng)."""
    from phongthu.units.models import Unit, UnitLink
    from phongthu.units.services import rebuild_scope

    province = Unit.objects.create(name="Tỉnh Kiểm Thử", code="T99", kind="PROVINCE")
    ward = Unit.objects.create(name="Phường Ngoài Tỉnh", code="T99001", kind="WARD")
    UnitLink.objects.create(child=ward, parent=province)
    rebuild_scope()
    return ward


def test_quota_outside_the_province_is_refused(campaign, hai_phong):
    foreign = _foreign_commune(hai_phong)
    assert foreign is not None
    q = Quota(campaign=campaign, unit=foreign, branch=Branch.ARMY, official_count=3)
    with pytest.raises(ValidationError) as info:
        q.full_clean()
    assert "không thuộc địa bàn" in info.value.message_dict["unit"][0]


def test_quota_api_outside_the_province_answers_400(campaign, hai_phong, make_user):
    from phongthu.accounts.models import Role

    foreign = _foreign_commune(hai_phong)
    user = make_user(Role.PROVINCE_STAFF, hai_phong)
    from phongthu.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=user, role=Role.PROVINCE_STAFF, unit=foreign)
    client = APIClient()
    client.force_authenticate(user)
    resp = client.post(
        "/api/v1/campaigns/quota/",
        {"campaign": campaign.pk, "unit": foreign.pk, "branch": "ARMY", "official_count": 3, "reserve_count": 0},
        format="json",
    )
    assert resp.status_code == 400, resp.content
    assert "không thuộc địa bàn" in resp.content.decode()
    assert not Quota.objects.filter(unit=foreign).exists()


# Second age check at the handover date ------------------------------------------------------


def test_no_handover_after_the_age_ceiling(
    campaign, quotas, make_candidate, make_person, commune_a, user_a, province_user
):
    # 25 on the reference date (1/11/2025), 26 on the handover day (4/3/2026).
    c = make_candidate(commune_a, person=make_person(commune_a, dob=D(2000, 3, 1)))
    from phongthu.campaigns.tests.conftest import advance_all

    advance_all([c], S.CALL_DELIVERED, user_a, province_actor=province_user)
    with pytest.raises(ValidationError) as info:
        calls.candidate_hand_over(
            candidate=c, actor=user_a, on=D(2026, 3, 4), point="Ban CHPTKV 1", receiving_unit="Sư đoàn 395"
        )
    assert "quá tuổi gọi nhập ngũ" in str(info.value)
    c.refresh_from_db()
    assert c.status == S.CALL_DELIVERED


# Education standard: grade-7 allowance and the 25 % primary cap (P14) -------------------------


def _to_political_check(c, actor):
    from phongthu.campaigns.tests.conftest import advance

    advance(c, S.POLITICAL_CHECK, actor)


def test_grade_7_needs_the_unit_allowance(campaign, quotas, make_candidate, make_person, commune_a, user_a):
    from phongthu.campaigns.services import pipeline

    c = make_candidate(commune_a, person=make_person(commune_a, grade=7))
    _to_political_check(c, user_a)
    with pytest.raises(ValidationError) as info:
        pipeline.candidate_shortlist(candidate=c, actor=user_a, on=D(2026, 1, 15), branch=Branch.ARMY)
    assert "lớp 7" in str(info.value)
    q = quotas["a"]
    q.grade7_allowed = True
    with pytest.raises(ValidationError):
        q.full_clean()  # the allowance names its document
    q.grade7_decision_ref = "12/QĐ-UBND"
    q.full_clean()
    q.save()
    pipeline.candidate_shortlist(candidate=c, actor=user_a, on=D(2026, 1, 15), branch=Branch.ARMY)
    c.refresh_from_db()
    assert c.status == S.SHORTLISTED


def test_primary_education_cap_of_25_percent(campaign, quotas, make_candidate, make_person, commune_b, user_b):
    from phongthu.campaigns.services import pipeline

    q = quotas["b"]  # 60 official: at most 15 with primary education
    q.official_count, q.reserve_count = 8, 0  # 25 % of 8 = 2
    q.primary_cap_applies = True
    q.save()
    people = [make_candidate(commune_b, person=make_person(commune_b, grade=5)) for _ in range(3)]
    for c in people:
        _to_political_check(c, user_b)
    for c in people[:2]:
        pipeline.candidate_shortlist(candidate=c, actor=user_b, on=D(2026, 1, 15), branch=Branch.ARMY)
    with pytest.raises(ValidationError) as info:
        pipeline.candidate_shortlist(candidate=people[2], actor=user_b, on=D(2026, 1, 15), branch=Branch.ARMY)
    assert "25%" in str(info.value)
    six = make_candidate(commune_b, person=make_person(commune_b, grade=6))
    _to_political_check(six, user_b)
    pipeline.candidate_shortlist(candidate=six, actor=user_b, on=D(2026, 1, 15), branch=Branch.ARMY)
