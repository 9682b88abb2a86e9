"""The commune's NVQS council performs the candidate steps its authority row names (CANDIDATE_REVIEW:
review, propose a deferment) from its queue, through the UI and the API, with history naming it —
without generic write: the province's council, another commune's council, a view-only council and
every other demo role are refused, and nothing changes (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from rest_framework.test import APIClient

from phongthu.accounts.models import AccessMode, Role
from phongthu.campaigns.choices import CandidateStatus
from phongthu.campaigns.models import Candidate, DefermentDecision
from phongthu.campaigns.tests.test_authority_rows import api_post, ui_messages, ui_post
from phongthu.core import scoping
from phongthu.core.models import StatusChange

pytestmark = pytest.mark.django_db
S = CandidateStatus

REVIEW = {"on": "2025-09-01"}
PROPOSE = {"on": "2025-09-10", "ground": "TH_G", "evidence": "Giấy xác nhận đang học lớp 12"}
STEPS = [("review", S.IN_SOURCE_POOL, REVIEW, S.REVIEWED), ("propose", S.REVIEWED, PROPOSE, S.PROPOSED_DEFERMENT)]


@pytest.fixture
def council(make_user, commune_a):
    return make_user(Role.COUNCIL_MEMBER, commune_a)


def _state(c: Candidate) -> tuple[str, int, int]:
    fresh = Candidate.objects.get(pk=c.pk)
    return fresh.status, DefermentDecision.objects.filter(candidate=c).count(), _history(c).count()


def _history(c: Candidate) -> Any:
    return StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(Candidate), object_id=str(c.pk))


@pytest.mark.parametrize(("name", "start", "data", "end"), STEPS, ids=[s[0] for s in STEPS])
@pytest.mark.parametrize("channel", ["api", "ui"])
def test_commune_council_performs_its_step(
    campaign, make_candidate, commune_a, council, name, start, data, end, channel
):
    c = make_candidate(commune_a, status=start)
    if channel == "api":
        resp = api_post(council, c, name, data)
        assert resp.status_code == 200, resp.content.decode()
    else:
        resp = ui_post(council, c, name, data)
        assert "Đã thực hiện" in ui_messages(resp), ui_messages(resp)
    assert Candidate.objects.get(pk=c.pk).status == end
    last = _history(c).order_by("-pk").first()
    assert last is not None and last.actor_id == council.pk and last.to_status == end
    if name == "propose":
        assert DefermentDecision.objects.get(candidate=c).proposed_on.isoformat() == "2025-09-10"


def _refused(make_user: Any, hai_phong: Any, two_regions: Any, commune_a: Any, commune_b: Any) -> list[tuple[str, Any]]:
    return [
        ("province council (hoidong)", make_user(Role.COUNCIL_MEMBER, hai_phong)),
        ("commune B council", make_user(Role.COUNCIL_MEMBER, commune_b)),
        ("view-only council of the commune", make_user(Role.COUNCIL_MEMBER, commune_a, mode=AccessMode.VIEW)),
        ("region council", make_user(Role.COUNCIL_MEMBER, two_regions[0])),
        ("province staff", make_user(Role.PROVINCE_STAFF, hai_phong)),
        ("region staff", make_user(Role.REGION_STAFF, two_regions[0])),
        ("commune B staff", make_user(Role.COMMUNE_STAFF, commune_b)),
        ("auditor", make_user(Role.AUDITOR, hai_phong)),
        ("province admin", make_user(Role.PROVINCE_ADMIN, hai_phong)),
        ("system admin", make_user(Role.ADMIN, hai_phong)),
    ]


@pytest.mark.parametrize(("name", "start", "data", "end"), STEPS, ids=[s[0] for s in STEPS])
@pytest.mark.parametrize("channel", ["api", "ui"])
def test_other_councils_and_roles_are_refused(
    campaign, make_candidate, make_user, hai_phong, two_regions, commune_a, commune_b, name, start, data, end, channel
):
    c = make_candidate(commune_a, status=start)
    before = _state(c)
    for who, user in _refused(make_user, hai_phong, two_regions, commune_a, commune_b):
        if channel == "api":
            resp = api_post(user, c, name, data)
            assert resp.status_code in (403, 404), (who, resp.status_code, resp.content.decode())
        else:
            resp = ui_post(user, c, name, data)
            text = ui_messages(resp)
            assert resp.status_code in (403, 404) or (text and "Đã thực hiện" not in text), (who, text)
        assert _state(c) == before, who


def test_province_council_is_told_who_reviews(campaign, make_candidate, make_user, hai_phong, commune_a):
    c = make_candidate(commune_a, status=S.IN_SOURCE_POOL)
    resp = api_post(make_user(Role.COUNCIL_MEMBER, hai_phong), c, "review", REVIEW)
    assert resp.status_code == 403
    assert "Hội đồng nghĩa vụ quân sự" in resp.json()["detail"] and commune_a.name[1:] in resp.json()["detail"]


def test_council_gets_no_generic_write(campaign, make_candidate, commune_a, council):
    """The step reaches the record; the CRUD edit and the API's PATCH do not."""
    c = make_candidate(commune_a, status=S.IN_SOURCE_POOL)
    assert not Candidate.objects.restrict(council, scoping.CHANGE).exists()
    client = APIClient()
    client.force_authenticate(council)
    resp = client.patch(f"/api/v1/campaigns/candidate/{c.pk}/", {"note": "sửa"}, format="json")
    assert resp.status_code in (403, 404, 405), resp.status_code
    api_post(council, c, "review", REVIEW)
    # The acting reach ends with the step.
    assert not Candidate.objects.restrict(council, scoping.CHANGE).exists()


def test_offered_lists_the_councils_steps(campaign, make_candidate, make_user, commune_a, hai_phong, council):
    c = make_candidate(commune_a, status=S.REVIEWED)
    client = APIClient()
    client.force_authenticate(council)
    body = client.get(f"/api/v1/campaigns/candidate/{c.pk}/actions/").json()
    assert {"propose", "volunteer"} & {a["name"] for a in body["offered"]} == {"propose"}
    assert "call_screening" in {a["name"] for a in body["withheld"]}  # the chairman's call, not the council's
    client.force_authenticate(make_user(Role.COUNCIL_MEMBER, hai_phong))
    body = client.get(f"/api/v1/campaigns/candidate/{c.pk}/actions/").json()
    assert "propose" not in {a["name"] for a in body["offered"]}


def test_queue_shows_the_candidates_waiting_for_the_council(
    campaign, make_candidate, make_user, commune_a, commune_b, hai_phong, council, client
):
    mine = make_candidate(commune_a, status=S.IN_SOURCE_POOL)
    other = make_candidate(commune_b, status=S.IN_SOURCE_POOL)
    client.force_login(council)
    page = client.get("/queue/").content.decode()
    assert mine.person.full_name in page and other.person.full_name not in page
    assert "Xét duyệt cấp xã" in page and f"/r/campaigns/candidate/{mine.pk}/actions/review/" in page
    client.force_login(make_user(Role.COUNCIL_MEMBER, hai_phong))
    page = client.get("/queue/").content.decode()
    assert mine.person.full_name not in page
