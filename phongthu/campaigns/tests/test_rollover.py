"""Closing a campaign locks it; the rollover fills next year's pool and leaves the closed year alone."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from phongthu.campaigns.choices import CandidateStatus
from phongthu.campaigns.models import Campaign, Candidate, DefermentDecision, Quota
from phongthu.campaigns.services import campaigns as campaign_services
from phongthu.campaigns.services import pipeline
from phongthu.campaigns.services.common import move
from phongthu.campaigns.tests.conftest import advance, advance_all
from phongthu.core.audit import snapshot
from phongthu.core.models import ObjectChange

pytestmark = pytest.mark.django_db
S = CandidateStatus
day = datetime.date


def _state(campaign):
    return {
        "campaign": snapshot(Campaign.objects.get(pk=campaign.pk)),
        "candidates": {c.pk: snapshot(c) for c in Candidate.objects.filter(campaign=campaign)},
        "quotas": {q.pk: snapshot(q) for q in Quota.objects.filter(campaign=campaign)},
        "deferments": {d.pk: snapshot(d) for d in DefermentDecision.objects.filter(candidate__campaign=campaign)},
    }


@pytest.fixture
def closed(campaign, quotas, make_candidate, make_person, commune_a, user_a, province_user):
    enlisted = make_candidate(commune_a)
    advance_all([enlisted], S.ENLISTED, user_a, province_actor=province_user)
    waiting = make_candidate(commune_a, person=make_person(commune_a, dob=day(2006, 3, 1)))
    advance(waiting, S.FIT, user_a)
    over_age = make_candidate(commune_a, person=make_person(commune_a, dob=day(2000, 5, 1)))  # 26 on 1/11/2026
    student = make_candidate(commune_a, person=make_person(commune_a, dob=day(2007, 1, 1)), status=S.REVIEWED)
    d = pipeline_propose(student, user_a)
    from phongthu.campaigns.services import deferments

    deferments.deferment_decide(deferment=d, actor=province_user, decision_ref="15/QĐ-UBND", on=day(2025, 12, 1))
    campaign_services.campaign_close(campaign=campaign, actor=province_user, on=day(2026, 4, 1))
    campaign.refresh_from_db()
    return {"enlisted": enlisted, "waiting": waiting, "over_age": over_age, "student": student}


def pipeline_propose(candidate, actor):
    from phongthu.campaigns.services import deferments

    return deferments.deferment_propose(
        candidate=candidate, ground="TH_G", actor=actor, on=day(2025, 9, 1), evidence="Đang học lớp 12"
    )


def test_closed_campaign_refuses_writes(closed, campaign, quotas, user_a, province_user):
    assert campaign.is_closed
    waiting = closed["waiting"]
    with pytest.raises(ValidationError) as info:
        pipeline.candidate_start_political_check(candidate=waiting, actor=user_a, on=day(2026, 4, 2))
    assert "đã kết thúc" in str(info.value)
    with pytest.raises(ValidationError):
        move(waiting, S.POLITICAL_CHECK, actor=user_a, authority="CANDIDATE_REVIEW")
    q = quotas["a"]
    q.official_count = 4
    with pytest.raises(ValidationError):
        q.save()
    with pytest.raises(ValidationError):
        q.delete()
    campaign.note = "sửa"
    with pytest.raises(ValidationError):
        campaign.full_clean()
    with pytest.raises(ValidationError):
        campaign_services.campaign_close(campaign=campaign, actor=province_user, on=day(2026, 4, 2))


def test_closed_campaign_refuses_edit_screens(closed, campaign, client, user_a, province_user):
    waiting = closed["waiting"]
    client.force_login(user_a)
    url = reverse("crud:campaigns-candidate-edit", args=[waiting.pk])
    resp = client.post(url, {"note": "sửa sau khi khóa"})
    assert resp.status_code == 400
    assert "đã kết thúc" in resp.content.decode()
    assert Candidate.objects.get(pk=waiting.pk).note == ""
    client.force_login(province_user)
    resp = client.post(
        reverse("crud:campaigns-campaign-edit", args=[campaign.pk]),
        {"unit": campaign.unit_id, "year": 2026, "round": 1},
    )
    assert resp.status_code == 400
    assert "đã kết thúc" in resp.content.decode()


def test_rollover_leaves_the_closed_year_unchanged(closed, campaign, province_user):
    before = _state(campaign)
    result = campaign_services.campaign_rollover(campaign=campaign, actor=province_user)
    assert _state(campaign) == before
    new = result.campaign
    assert (new.year, new.unit_id, new.status, new.previous_id) == (2027, campaign.unit_id, "OPEN", campaign.pk)
    carried = {c.rolled_over_from_id: c for c in Candidate.objects.filter(campaign=new)}
    assert set(carried) == {closed["waiting"].pk, closed["student"].pk}
    assert result.carried == 2 and result.not_eligible == 1  # over age
    fresh = carried[closed["waiting"].pk]
    assert (
        fresh.status == S.IN_SOURCE_POOL
        and fresh.health_class is None
        and fresh.commune_id == closed["waiting"].commune_id
    )
    assert ObjectChange.objects.filter(object_id=str(fresh.pk), action="create").exists()
    assert ObjectChange.objects.filter(object_id=str(new.pk), reason__startswith="Kết chuyển").exists()
    # A second run adds nobody twice.
    again = campaign_services.campaign_rollover(campaign=campaign, actor=province_user)
    assert again.campaign == new and again.carried == 0 and again.already_there == 2
    assert _state(campaign) == before


def test_rollover_needs_a_closed_campaign(campaign, province_user, user_a):
    with pytest.raises(ValidationError) as info:
        campaign_services.campaign_rollover(campaign=campaign, actor=province_user)
    assert "kết thúc" in str(info.value)


def test_rollover_needs_write_access_to_the_province(closed, campaign, user_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        campaign_services.campaign_rollover(campaign=campaign, actor=user_a)
    assert not Campaign.objects.filter(year=2027).exists()


def test_rollover_preview_says_who_moves_and_why(closed, campaign, client, province_user):
    from phongthu.campaigns.services.rollover_plan import rollover_plan

    plan = rollover_plan(campaign)
    why = {line.candidate.pk: (line.carried, line.reason) for line in plan.lines}
    assert why[closed["enlisted"].pk] == (False, "Đã nhập ngũ")
    assert why[closed["over_age"].pk] == (False, "Quá tuổi gọi nhập ngũ")
    assert why[closed["waiting"].pk][0] and why[closed["student"].pk][0]
    client.force_login(province_user)
    page = client.get(reverse("crud:campaigns-campaign-detail", args=[campaign.pk])).content.decode()
    assert 'id="rollover-preview"' in page and "Quá tuổi gọi nhập ngũ" in page
    # What the preview promised is what the rollover does.
    result = campaign_services.campaign_rollover(campaign=campaign, actor=province_user)
    assert result.carried == len(plan.carried)
    again = rollover_plan(campaign)
    assert not again.carried and all(
        line.reason.startswith("Đã có trong nguồn") for line in again.lines if line.candidate.pk in {
            closed["waiting"].pk, closed["student"].pk}
    )  # fmt: skip


def test_rollover_leaves_unregistered_people_behind(closed, campaign, province_user):
    waiting = closed["waiting"]
    waiting.person.registration.delete()
    result = campaign_services.campaign_rollover(campaign=campaign, actor=province_user)
    assert not Candidate.objects.filter(campaign=result.campaign, person=waiting.person).exists()
    assert result.not_eligible == 2  # over age + not in the ready book
