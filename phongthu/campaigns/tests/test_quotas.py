"""Quotas down the tree: children may not exceed the parent; the screen reports what is left."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from phongthu.campaigns.choices import Branch
from phongthu.campaigns.models import Quota
from phongthu.campaigns.selectors import balance_problems, quota_overview
from phongthu.campaigns.services.campaigns import QuotaInput, quotas_allocate

pytestmark = pytest.mark.django_db


def test_balanced_tree_has_no_problems(campaign, quotas):
    # Region B gives only 60 of its 90 to commune B: that one is reported, nothing else.
    problems = balance_problems(campaign=campaign)
    assert len(problems) == 1
    assert "60 / 90 chính thức" in problems[0] and "còn 30" in problems[0]
    quotas["b"].official_count = 90
    quotas["b"].reserve_count = 2
    quotas["b"].full_clean()
    quotas["b"].save()
    assert balance_problems(campaign=campaign) == []


def test_children_may_not_exceed_parent(campaign, quotas, commune_a, province_user):
    q = quotas["a"]
    q.official_count = 6  # 6 + 5 > region A's 10
    with pytest.raises(ValidationError) as info:
        q.full_clean()
    assert "vượt chỉ tiêu" in str(info.value)
    assert "official_count" in info.value.message_dict


def test_allocation_service_is_all_or_nothing(campaign, quotas, two_regions, commune_a, commune_a2, province_user):
    region_a = two_regions[0]
    with pytest.raises(ValidationError) as info:
        quotas_allocate(
            campaign=campaign,
            parent_unit=region_a,
            rows=[QuotaInput(commune_a, Branch.ARMY, 3), QuotaInput(commune_a2, Branch.ARMY, 9)],
            actor=province_user,
        )
    assert commune_a2.name in " ".join(info.value.messages)
    assert Quota.objects.get(pk=quotas["a"].pk).official_count == 5  # unchanged
    quotas_allocate(
        campaign=campaign,
        parent_unit=region_a,
        rows=[QuotaInput(commune_a, Branch.ARMY, 3), QuotaInput(commune_a2, Branch.ARMY, 7)],
        actor=province_user,
    )
    assert Quota.objects.get(pk=quotas["a"].pk).official_count == 3
    assert balance_problems(campaign=campaign, units=[region_a]) == []


def test_parent_quota_required_and_same_branch(campaign, quotas, two_regions, commune_a, province_user):
    with pytest.raises(ValidationError) as info:
        quotas_allocate(
            campaign=campaign,
            parent_unit=two_regions[0],
            rows=[QuotaInput(commune_a, Branch.POLICE, 1)],
            actor=province_user,
        )
    assert "chưa có chỉ tiêu Công an" in " ".join(info.value.messages)


def test_child_must_be_under_parent(campaign, quotas, commune_b):
    q = Quota(campaign=campaign, unit=commune_b, parent=quotas["ra"], branch=Branch.ARMY, official_count=1)
    with pytest.raises(ValidationError) as info:
        q.full_clean()
    assert "trực thuộc" in str(info.value)


def test_commune_reserve_share_is_configurable(campaign, quotas):
    q = quotas["b"]  # 60 official → 5 % = 3 reserves at most
    q.reserve_count = 3
    q.parent.reserve_count = 3
    q.parent.save()
    q.full_clean()
    q.reserve_count = 4
    with pytest.raises(ValidationError) as info:
        q.full_clean()
    assert "không được vượt 5%" in str(info.value)
    campaign.reserve_max_percent = 10
    campaign.save()
    q.campaign.refresh_from_db()
    q.parent.reserve_count = 4
    q.parent.save()
    q.full_clean()


def test_overview_shows_pool_beside_quota(
    campaign, quotas, two_regions, commune_a, commune_a2, make_candidate, province_user
):
    for status in ("IN_SOURCE_POOL", "REVIEWED", "FIT"):
        make_candidate(commune_a, status=status)
    make_candidate(commune_a, status="DEFERRED")  # still part of the year's source (issue 12: one "Nguồn")
    make_candidate(commune_a2, status="SCREENED")
    overview = quota_overview(campaign=campaign, unit=two_regions[0], user=province_user)
    lines = {line.unit.pk: line for line in overview.lines}
    assert lines[commune_a.pk].pool == 4
    assert lines[commune_a.pk].army is not None and lines[commune_a.pk].army.official_count == 5
    assert lines[commune_a2.pk].pool == 1
    assert overview.own_army is not None and overview.own_army.official_count == 10
    assert overview.sum_army == 10


def test_parent_may_not_drop_below_what_it_gave(campaign, quotas):
    ra = quotas["ra"]
    ra.official_count = 9  # its communes already hold 5 + 5
    with pytest.raises(ValidationError) as info:
        ra.full_clean()
    assert "không được nhỏ hơn" in str(info.value)
