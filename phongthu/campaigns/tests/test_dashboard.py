"""Live figures: equal to a direct count, a region = the sum of its communes, scoped per user."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Q
from django.urls import reverse

from phongthu.campaigns.choices import HANDED_OVER_STATUSES, CandidateStatus
from phongthu.campaigns.models import Candidate
from phongthu.campaigns.selectors import FIGURES, current_campaign, dashboard
from phongthu.campaigns.services import deferments
from phongthu.campaigns.tests.conftest import advance, advance_all
from phongthu.units.models import UnitScope

pytestmark = pytest.mark.django_db
S = CandidateStatus
day = datetime.date
NAMES = [n for n, _ in FIGURES] + ["quota", "delivered", "enlisted"]


@pytest.fixture
def scene(campaign, quotas, make_candidate, commune_a, commune_a2, commune_b, user_a, user_b, make_user, two_regions,
          province_user):  # fmt: skip
    from phongthu.accounts.models import Role

    a2_user = make_user(Role.COMMUNE_STAFF, commune_a2)
    a = [make_candidate(commune_a) for _ in range(4)]
    advance_all(a[:2], S.ENLISTED, user_a, province_actor=province_user)
    advance(a[2], S.FIT, user_a)
    a2 = [make_candidate(commune_a2) for _ in range(2)]
    advance(a2[0], S.SCREENED, a2_user)
    b = [make_candidate(commune_b) for _ in range(3)]
    advance(b[0], S.REVIEWED, user_b)
    d = deferments.deferment_propose(
        candidate=b[0], ground="TH_G", actor=user_b, on=day(2025, 9, 2), evidence="Giấy xác nhận"
    )
    deferments.deferment_decide(deferment=d, actor=province_user, decision_ref="15/QĐ-UBND", on=day(2025, 12, 1))
    advance(b[1], S.REVIEWED, user_b)
    e = deferments.deferment_propose(
        candidate=b[1], ground="MI_A", actor=user_b, on=day(2025, 9, 2), evidence="Giấy báo tử"
    )
    deferments.deferment_decide(deferment=e, actor=province_user, decision_ref="16/QĐ-UBND", on=day(2025, 12, 1))
    return {"a": a, "a2": a2, "b": b}


def _direct(campaign, unit):
    qs = Candidate.objects.filter(
        campaign=campaign, commune_id__in=UnitScope.objects.filter(ancestor=unit).values("descendant_id")
    )
    return {
        "pool": qs.count(),
        "fit": qs.filter(fit=True).count(),
        "examined": qs.exclude(health_class=None).count(),
        "screened": qs.exclude(screening_result="").count(),
        "called": qs.exclude(call_decision_no="").count(),
        "handed_over": qs.filter(status__in=HANDED_OVER_STATUSES).count(),
        "deferred": qs.filter(
            deferments__status__in=["DECIDED", "PUBLISHED", "ACTIVE"], deferments__kind="DEFERMENT"
        ).count(),
        "exempted": qs.filter(
            Q(deferments__status__in=["DECIDED", "PUBLISHED", "ACTIVE"]), deferments__kind="EXEMPTION"
        ).count(),
    }


def test_figures_equal_a_direct_count(scene, campaign, hai_phong, two_regions, commune_a, commune_b, province_user):
    for unit in (hai_phong, two_regions[0], two_regions[1], commune_a, commune_b):
        total = dashboard(campaign=campaign, unit=unit, user=province_user).total
        for name, value in _direct(campaign, unit).items():
            assert getattr(total, name) == value, (unit.name, name)
    board = dashboard(campaign=campaign, unit=two_regions[0], user=province_user)
    assert board.total.pool == 6 and board.total.handed_over == 2 and board.total.fit == 3
    assert board.total.quota == 10


def test_region_is_the_sum_of_its_communes(scene, campaign, hai_phong, two_regions, province_user):
    region_a = two_regions[0]
    region_board = dashboard(campaign=campaign, unit=region_a, user=province_user)
    assert region_board.rows, "a region's rows are its communes"
    assert region_board.other is None
    for name in NAMES:
        assert getattr(region_board.total, name) == sum(getattr(r.figures, name) for r in region_board.rows), name
    province_board = dashboard(campaign=campaign, unit=hai_phong, user=province_user)
    row = next(r for r in province_board.rows if r.unit.pk == region_a.pk)
    for name in NAMES:
        assert getattr(row.figures, name) == getattr(region_board.total, name), name
    for name in (n for n, _ in FIGURES):
        assert getattr(province_board.total, name) == sum(getattr(r.figures, name) for r in province_board.rows) + (
            getattr(province_board.other, name) if province_board.other else 0
        )
    assert province_board.total.quota == 100
    assert dict((code, n) for code, _label, n in province_board.by_ground) == {"TH_G": 1, "MI_A": 1}


def test_commune_sees_only_its_own(scene, campaign, hai_phong, commune_a, user_a):
    board = dashboard(campaign=campaign, unit=hai_phong, user=user_a)
    assert board.total.pool == 4
    assert board.total.deferred == 0  # commune B's deferment is out of reach


def test_quota_met(scene, campaign, quotas, commune_a, province_user):
    from phongthu.campaigns.models import Quota

    board = dashboard(campaign=campaign, unit=commune_a, user=province_user)
    assert board.total.quota == 5 and board.total.handed_over == 2 and not board.total.quota_met
    Quota.objects.filter(pk=quotas["a"].pk).update(official_count=2)
    assert dashboard(campaign=campaign, unit=commune_a, user=province_user).total.quota_met


def test_dashboard_page(scene, campaign, two_regions, client, region_user, user_b):
    url = reverse("campaigns:dashboard", args=[campaign.pk])
    client.force_login(region_user)
    resp = client.get(url, {"unit": two_regions[0].pk})
    assert resp.status_code == 200
    body = resp.content.decode()
    assert 'id="campaign-chart-data"' in body and "<script>" not in body
    assert resp.context["board"].total.pool == 6
    client.force_login(user_b)
    assert client.get(url, {"unit": 999999}).status_code == 404


def test_home_figure(scene, campaign, commune_a, client, user_a):
    from phongthu.campaigns.crud import CampaignCrud

    assert current_campaign(commune_a, user_a) == campaign
    figure = CampaignCrud.home_figure(user_a, commune_a)
    rows = dict(figure["rows"])
    assert rows["Nguồn"] == 4
    assert rows["Đã giao quân"] == "2 (40%)"


def test_home_page_shows_the_campaign(scene, client, user_a):
    client.force_login(user_a)
    body = client.get("/").content.decode()
    assert "Tuyển quân năm 2026" in body and "Đã giao quân" in body


def test_police_quota_is_kept_apart_from_the_army(scene, campaign, hai_phong, province_user, client):
    """The total's quota and % are the army's; the police quota and its handovers stand apart, and
    the percentages the page states come from the figures layer (candidate.army_pct / police_pct)."""
    from phongthu.campaigns.choices import Branch
    from phongthu.campaigns.models import Quota
    from phongthu.core import audit

    Quota.objects.create(campaign=campaign, unit=hai_phong, branch=Branch.POLICE, official_count=4, reserve_count=0)
    police = scene["a2"][1]
    audit.audited_update(Candidate.objects.filter(pk=police.pk), status=S.ENLISTED, branch=Branch.POLICE)
    army = Candidate.objects.filter(campaign=campaign, status__in=HANDED_OVER_STATUSES).exclude(branch=Branch.POLICE)
    audit.audited_update(army, branch=Branch.ARMY)
    board = dashboard(campaign=campaign, unit=hai_phong, user=province_user, indicators=True)
    t = board.total
    assert (t.quota, t.quota_army, t.quota_police) == (100, 100, 4)  # the police quota is not in the total
    assert (t.handed_over, t.handed_over_army, t.handed_over_police) == (3, 2, 1)
    assert t.percent == 2 and t.police_percent == 25 and not t.quota_met
    assert board.army_pct.value == 2 and board.police_pct.value == 25
    client.force_login(province_user)
    body = client.get(reverse("campaigns:dashboard", args=[campaign.pk]), {"unit": hai_phong.pk}).content.decode()
    assert 'id="police-quota-summary" data-quota="4" data-handed-over="1"' in body
    assert 'data-indicator="candidate.police_pct">25' in body
