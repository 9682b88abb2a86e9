"""Every authority row the campaign uses: the right role at the right level succeeds; every other
demo role, the right role at the wrong level and another commune's staff are refused — through the
API (`POST /api/v1/…/actions/<name>/`) and the UI (`POST /r/…/actions/<name>/`), with nothing changed."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from phongthu.accounts.models import Role
from phongthu.campaigns.choices import CandidateStatus, DefermentStatus
from phongthu.campaigns.models import CallUpDecision, Campaign, Candidate, DefermentDecision

pytestmark = pytest.mark.django_db
S = CandidateStatus
day = datetime.date

DEMO_ROLES = (Role.ADMIN, Role.PROVINCE_STAFF, Role.REGION_STAFF, Role.COMMUNE_STAFF, Role.COUNCIL_MEMBER, Role.AUDITOR)


@dataclass(frozen=True)
class Row:
    code: str
    action: str
    right_role: str
    data: dict[str, str]
    make: Callable[[dict[str, Any]], Any]  # the record, in the state that offers the action
    state: Callable[[Any], Any]  # what must change on success and stay unchanged on refusal


def _candidate(status: str, **kw: Any) -> Callable[[dict[str, Any]], Any]:
    return lambda env: env["make_candidate"](env["commune_a"], status=status, **kw)


def _status(obj: Any) -> Any:
    return type(obj)._default_manager.get(pk=obj.pk).status


def _deferment(ground: str) -> Callable[[dict[str, Any]], Any]:
    def make(env: dict[str, Any]) -> Any:
        status = S.PROPOSED_EXEMPTION if ground.startswith("MI_") else S.PROPOSED_DEFERMENT
        candidate = env["make_candidate"](env["commune_a"], status=status)
        return DefermentDecision.objects.create(
            candidate=candidate, ground=ground, evidence="Giấy tờ", proposed_on=day(2025, 9, 1)
        )

    return make


def _shortlisted_campaign(env: dict[str, Any]) -> Any:
    env["make_candidate"](env["commune_a"], status=S.SHORTLISTED, branch="ARMY", list_kind="OFFICIAL")
    return env["campaign"]


def _listed(campaign: Campaign) -> Any:
    return (
        list(campaign.candidates.values_list("status", flat=True)),
        CallUpDecision.objects.filter(campaign=campaign).count(),
    )


ROWS = [
    Row("CANDIDATE_REVIEW", "review", Role.COMMUNE_STAFF, {"on": "2025-09-01"}, _candidate(S.IN_SOURCE_POOL), _status),
    Row("PRESCREEN_CALL", "call_screening", Role.COMMUNE_STAFF, {"on": "2025-10-01"}, _candidate(S.REVIEWED), _status),
    Row("HEALTH_EXAM_RECORD", "screening_pass", Role.COMMUNE_STAFF, {"on": "2025-10-05"},
        _candidate(S.CALLED_TO_SCREENING), _status),
    Row("HEALTH_EXAM_CALL", "call_exam", Role.COMMUNE_STAFF, {"on": "2025-11-12"}, _candidate(S.NOMINATED), _status),
    Row("CALLUP_ORDER", "call_order", Role.COMMUNE_STAFF, {"on": "2026-01-25"},
        _candidate(S.DECIDED_BY_PROVINCE, branch="ARMY", list_kind="OFFICIAL"),
        lambda c: Candidate.objects.get(pk=c.pk).call_decision_no),
    Row("CALLUP_EXECUTE", "enlist", Role.COMMUNE_STAFF, {"on": "2026-03-11"}, _candidate(S.RECHECKED_OK), _status),
    Row("DEFERMENT_DECIDE", "decide", Role.PROVINCE_STAFF, {"on": "2025-12-01", "decision_ref": "15/QĐ-UBND"},
        _deferment("TH_G"), _status),
    Row("EXEMPTION_DECIDE", "decide_exemption", Role.PROVINCE_STAFF,
        {"on": "2025-12-01", "decision_ref": "16/QĐ-UBND"}, _deferment("MI_A"), _status),
    Row("CALLUP_LIST_DECIDE", "province_list", Role.PROVINCE_STAFF, {"on": "2026-01-20", "branch": "ARMY"},
        _shortlisted_campaign, _listed),
    Row("CAMPAIGN_ORGANISE", "close", Role.PROVINCE_STAFF, {"on": "2026-04-01", "confirmed": "1"},
        lambda env: env["campaign"], _status),
]  # fmt: skip


@pytest.fixture
def env(campaign, quotas, make_candidate, hai_phong, two_regions, commune_a, commune_b):
    return {
        "campaign": campaign,
        "make_candidate": make_candidate,
        "hai_phong": hai_phong,
        "region": two_regions[0],
        "commune_a": commune_a,
        "commune_b": commune_b,
    }


def _home(role: str, env: dict[str, Any]) -> Any:
    """Where each demo role sits: the province, except the region's and the commune's staff."""
    homes: dict[str, Any] = {Role.REGION_STAFF: env["region"], Role.COMMUNE_STAFF: env["commune_a"]}
    return homes.get(role, env["hai_phong"])


def refused_users(row: Row, env: dict[str, Any], make_user: Any) -> list[tuple[str, Any]]:
    users = [(str(role), make_user(role, _home(role, env))) for role in DEMO_ROLES if role != row.right_role]
    users.append((f"{row.right_role} of the region", make_user(row.right_role, env["region"])))
    users.append(("commune B staff", make_user(Role.COMMUNE_STAFF, env["commune_b"])))
    return users


def right_user(row: Row, env: dict[str, Any], make_user: Any) -> Any:
    return make_user(row.right_role, _home(row.right_role, env))


def api_post(user: Any, obj: Any, name: str, data: dict[str, str]) -> Any:
    client = APIClient()
    client.force_authenticate(user)
    meta = obj._meta
    return client.post(f"/api/v1/{meta.app_label}/{meta.model_name}/{obj.pk}/actions/{name}/", data, format="json")


def ui_post(user: Any, obj: Any, name: str, data: dict[str, str]) -> Any:
    client = Client()
    client.force_login(user)
    meta = obj._meta
    url = reverse("record-action", kwargs={"app": meta.app_label, "model": meta.model_name, "pk": obj.pk, "name": name})
    return client.post(url, data, follow=True)


def ui_messages(resp: Any) -> str:
    from django.contrib.messages import get_messages

    return " ".join(str(m) for m in get_messages(resp.wsgi_request))


IDS = [f"{r.code}-{r.action}" for r in ROWS]


@pytest.mark.parametrize("row", ROWS, ids=IDS)
@pytest.mark.parametrize("channel", ["api", "ui"])
def test_right_role_at_right_level_succeeds(row, channel, env, make_user):
    obj = row.make(env)
    before = row.state(obj)
    user = right_user(row, env, make_user)
    if channel == "api":
        resp = api_post(user, obj, row.action, row.data)
        assert resp.status_code == 200, resp.content.decode()
    else:
        resp = ui_post(user, obj, row.action, row.data)
        assert "Đã thực hiện" in ui_messages(resp), ui_messages(resp)
    assert row.state(obj) != before


@pytest.mark.parametrize("row", ROWS, ids=IDS)
@pytest.mark.parametrize("channel", ["api", "ui"])
def test_every_other_role_and_level_is_refused(row, channel, env, make_user):
    obj = row.make(env)
    before = row.state(obj)
    for who, user in refused_users(row, env, make_user):
        if channel == "api":
            resp = api_post(user, obj, row.action, row.data)
            assert resp.status_code in (403, 404), (who, resp.status_code, resp.content.decode())
        else:
            resp = ui_post(user, obj, row.action, row.data)
            text = ui_messages(resp)
            assert resp.status_code in (403, 404) or (text and "Đã thực hiện" not in text), (who, resp.status_code)
        assert row.state(obj) == before, who


def test_refusal_names_who_may(env, make_user):
    obj = _deferment("TH_G")(env)
    resp = api_post(make_user(Role.COMMUNE_STAFF, env["commune_a"]), obj, "decide", ROWS[6].data)
    assert resp.status_code == 403
    assert "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng" in resp.json()["detail"]
    assert "Khoản 4 Điều 41" in resp.json()["detail"]


def test_offered_actions_follow_authority(env, make_user):
    """The API lists what this user may do now, and why the rest is missing."""
    obj = _deferment("TH_G")(env)
    commune = APIClient()
    commune.force_authenticate(make_user(Role.COMMUNE_STAFF, env["commune_a"]))
    body = commune.get(f"/api/v1/campaigns/defermentdecision/{obj.pk}/actions/").json()
    assert "decide" not in {a["name"] for a in body["offered"]}
    assert "decide" in {a["name"] for a in body["withheld"]}
    province = APIClient()
    province.force_authenticate(make_user(Role.PROVINCE_STAFF, env["hai_phong"]))
    body = province.get(f"/api/v1/campaigns/defermentdecision/{obj.pk}/actions/").json()
    offered = {a["name"]: a for a in body["offered"]}
    assert set(offered) == {"decide", "reject"}
    assert "signer_name" not in {f["name"] for f in offered["decide"]["fields"]}  # the signer is never typed


def test_bulk_board_refuses_a_commune_step_for_the_province(env, make_user, client):
    c = env["make_candidate"](env["commune_a"], status=S.IN_SOURCE_POOL)
    client.force_login(make_user(Role.PROVINCE_STAFF, env["hai_phong"]))
    url = reverse("campaigns:board", args=[env["campaign"].pk])
    page = client.get(url, {"unit": env["commune_a"].pk}).content.decode()
    assert 'value="review"' not in page  # not offered where the user holds no authority
    resp = client.post(url, {"action": "review", "on": "2025-09-01", "ids": [c.pk]}, follow=True)
    assert "Hội đồng nghĩa vụ quân sự" in ui_messages(resp)
    assert _status(c) == S.IN_SOURCE_POOL


def test_deferment_decided_and_published_status_only_through_actions(env, make_user):
    """The generic edit form and API of a deferment never carry its status or its signer."""
    obj = _deferment("TH_G")(env)
    client = APIClient()
    client.force_authenticate(make_user(Role.COMMUNE_STAFF, env["commune_a"]))
    resp = client.patch(
        f"/api/v1/campaigns/defermentdecision/{obj.pk}/",
        {"status": DefermentStatus.DECIDED, "decided_by": "Chủ tịch Ủy ban nhân dân cấp tỉnh", "signer_name": "X"},
        format="json",
    )
    assert resp.status_code in (200, 400)
    obj.refresh_from_db()
    assert obj.status == DefermentStatus.PROPOSED and obj.decided_by == "" and obj.signer_name == ""
