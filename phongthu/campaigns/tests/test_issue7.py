"""Issue 7 reproductions for the campaign: reach is not authority. Each of these succeeded before
(201/200, status DECIDED); each must now be refused with nothing written."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from phongthu.accounts.models import Role
from phongthu.campaigns.choices import CandidateStatus, DefermentStatus
from phongthu.campaigns.models import Campaign, DefermentDecision, Quota

pytestmark = pytest.mark.django_db
S = CandidateStatus
day = datetime.date


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


NEW_CAMPAIGN = {"year": 2027, "exam_from": "2026-11-01", "exam_to": "2026-12-31"}


@pytest.mark.parametrize("unit_name", ["commune_a", "hai_phong"])
def test_ward_cannot_create_a_campaign_through_the_api(unit_name, request, user_a):
    unit = request.getfixturevalue(unit_name)
    before = Campaign.objects.count()
    resp = api(user_a).post("/api/v1/campaigns/campaign/", {**NEW_CAMPAIGN, "unit": unit.pk}, format="json")
    assert resp.status_code in (400, 403), resp.content.decode()
    assert Campaign.objects.count() == before


def test_ward_cannot_create_a_campaign_through_the_form(client, user_a, commune_a):
    client.force_login(user_a)
    before = Campaign.objects.count()
    resp = client.post(reverse("crud:campaigns-campaign-add"), {**NEW_CAMPAIGN, "unit": commune_a.pk, "round": 1})
    assert resp.status_code in (400, 403)
    assert Campaign.objects.count() == before


def test_region_staff_cannot_organise_a_campaign(make_user, two_regions, hai_phong):
    region_staff = make_user(Role.REGION_STAFF, two_regions[0])
    resp = api(region_staff).post("/api/v1/campaigns/campaign/", {**NEW_CAMPAIGN, "unit": hai_phong.pk}, format="json")
    assert resp.status_code in (400, 403)
    assert not Campaign.objects.filter(year=2027).exists()


def test_province_staff_organise_the_provinces_campaign_only(province_user, hai_phong, commune_a):
    resp = api(province_user).post("/api/v1/campaigns/campaign/", {**NEW_CAMPAIGN, "unit": commune_a.pk}, format="json")
    assert resp.status_code == 400 and "cấp tỉnh" in str(resp.json())
    resp = api(province_user).post("/api/v1/campaigns/campaign/", {**NEW_CAMPAIGN, "unit": hai_phong.pk}, format="json")
    assert resp.status_code == 201, resp.content.decode()
    campaign = Campaign.objects.get(year=2027)
    resp = api(province_user).patch(f"/api/v1/campaigns/campaign/{campaign.pk}/", {"note": "Kế hoạch"}, format="json")
    assert resp.status_code == 200


@pytest.mark.parametrize(
    "change", [{"official_count": 0}, {"official_count": 500}, {"parent": None}], ids=["zero", "500", "no-parent"]
)
def test_ward_cannot_rewrite_the_quota_it_received(change, quotas, user_a):
    quota = quotas["a"]
    resp = api(user_a).patch(f"/api/v1/campaigns/quota/{quota.pk}/", change, format="json")
    assert resp.status_code in (400, 403), resp.content.decode()
    fresh = Quota.objects.get(pk=quota.pk)
    assert (fresh.official_count, fresh.parent_id) == (5, quotas["ra"].pk)


def test_ward_cannot_give_itself_a_police_quota_or_delete_its_quota(campaign, quotas, user_a, commune_a):
    client = api(user_a)
    resp = client.post(
        "/api/v1/campaigns/quota/",
        {"campaign": campaign.pk, "unit": commune_a.pk, "branch": "POLICE", "official_count": 3},
        format="json",
    )
    assert resp.status_code == 403, resp.content.decode()
    assert "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng" in resp.json()["detail"]
    assert not Quota.objects.filter(unit=commune_a, branch="POLICE").exists()
    assert client.delete(f"/api/v1/campaigns/quota/{quotas['a'].pk}/").status_code == 403
    assert Quota.objects.filter(pk=quotas["a"].pk).exists()


def test_ward_cannot_edit_its_quota_in_the_form(client, quotas, user_a):
    client.force_login(user_a)
    quota = quotas["a"]
    data = {
        "campaign": quota.campaign_id, "unit": quota.unit_id, "parent": quota.parent_id, "branch": "ARMY",
        "official_count": 500, "reserve_count": 0, "note": "",
    }  # fmt: skip
    resp = client.post(reverse("crud:campaigns-quota-edit", args=[quota.pk]), data)
    assert resp.status_code in (400, 403)
    assert Quota.objects.get(pk=quota.pk).official_count == 5


def test_only_the_allocating_level_sets_quotas(quotas, province_user, make_user, two_regions):
    region_staff = make_user(Role.REGION_STAFF, two_regions[0])
    url = f"/api/v1/campaigns/quota/{quotas['a'].pk}/"
    assert api(region_staff).patch(url, {"official_count": 4}, format="json").status_code == 403
    assert Quota.objects.get(pk=quotas["a"].pk).official_count == 5
    assert api(province_user).patch(url, {"official_count": 4}, format="json").status_code == 200
    assert Quota.objects.get(pk=quotas["a"].pk).official_count == 4


def test_ward_cannot_decide_a_deferment_in_the_name_of_the_provincial_chairman(make_candidate, commune_a, user_a):
    candidate = make_candidate(commune_a, status=S.PROPOSED_DEFERMENT)
    deferment = DefermentDecision.objects.create(
        candidate=candidate, ground="TH_G", evidence="Giấy xác nhận", proposed_on=day(2025, 9, 1)
    )
    resp = api(user_a).post(
        f"/api/v1/campaigns/defermentdecision/{deferment.pk}/actions/decide/",
        {
            "on": "2025-12-01",
            "decision_ref": "1/QĐ-UBND",
            "decided_by": "Chủ tịch Ủy ban nhân dân cấp tỉnh",
            "signer_name": "Nguyễn Văn Giả",
        },
        format="json",
    )
    assert resp.status_code == 403
    deferment.refresh_from_db()
    assert deferment.status == DefermentStatus.PROPOSED
    assert (deferment.decided_by, deferment.signer_name, deferment.decision_ref) == ("", "", "")
    candidate.refresh_from_db()
    assert candidate.status == S.PROPOSED_DEFERMENT


OTHER_ROLES = [Role.ADMIN, Role.REGION_STAFF, Role.COMMUNE_STAFF, Role.COUNCIL_MEMBER, Role.AUDITOR]


def _home(role, hai_phong, two_regions, commune_a):
    return {Role.REGION_STAFF: two_regions[0], Role.COMMUNE_STAFF: commune_a}.get(role, hai_phong)


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_quota_allocate_refused_to_every_other_demo_role(
    role, quotas, make_user, client, hai_phong, two_regions, commune_a
):
    user = make_user(role, _home(role, hai_phong, two_regions, commune_a))
    quota = quotas["a"]
    resp = api(user).patch(f"/api/v1/campaigns/quota/{quota.pk}/", {"official_count": 4}, format="json")
    assert resp.status_code in (403, 404)
    client.force_login(user)
    data = {
        "campaign": quota.campaign_id, "unit": quota.unit_id, "parent": quota.parent_id, "branch": "ARMY",
        "official_count": 4, "reserve_count": 0, "note": "",
    }  # fmt: skip
    assert client.post(reverse("crud:campaigns-quota-edit", args=[quota.pk]), data).status_code in (400, 403, 404)
    assert Quota.objects.get(pk=quota.pk).official_count == 5


def test_quota_allocate_through_the_form_by_the_province(quotas, province_user, client):
    quota = quotas["a"]
    client.force_login(province_user)
    data = {
        "campaign": quota.campaign_id, "unit": quota.unit_id, "parent": quota.parent_id, "branch": "ARMY",
        "official_count": 4, "reserve_count": 0, "note": "",
    }  # fmt: skip
    assert client.post(reverse("crud:campaigns-quota-edit", args=[quota.pk]), data).status_code == 302
    assert Quota.objects.get(pk=quota.pk).official_count == 4


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_campaign_organise_refused_to_every_other_demo_role(role, make_user, hai_phong, two_regions, commune_a):
    user = make_user(role, _home(role, hai_phong, two_regions, commune_a))
    resp = api(user).post("/api/v1/campaigns/campaign/", {**NEW_CAMPAIGN, "unit": hai_phong.pk}, format="json")
    assert resp.status_code in (400, 403)
    assert not Campaign.objects.filter(year=2027).exists()
