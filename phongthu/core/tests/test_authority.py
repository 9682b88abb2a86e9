"""The authority table and its HTTP contract (codes.md §4): who performs an action, on a date."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from phongthu.accounts.models import AccessMode, Role
from phongthu.core import authority
from phongthu.units.models import Unit, UnitLink, valid_on

AFTER = datetime.date(2025, 8, 1)
BEFORE = datetime.date(2024, 12, 1)


def old_ward_with_district() -> tuple[Unit, Unit]:
    """A pre-2025 commune of Hải Phòng and its district, as the tree stood on BEFORE."""
    link = (
        UnitLink.objects.filter(valid_on(BEFORE), hierarchy="CIVIL", child__level="COMMUNE", parent__level="DISTRICT")
        .filter(child__valid_to__lt=AFTER)
        .select_related("child", "parent")
        .order_by("child__code")
        .first()
    )
    assert link is not None, "Hải Phòng data holds pre-2025 communes under districts"
    return link.child, link.parent


def api_get(user, **params):
    client = APIClient()
    client.force_authenticate(user)
    return client.get("/api/v1/authority/", params)


@pytest.mark.django_db
def test_deferment_after_cutover_is_the_province_chairman(hai_phong, commune_a, user_a):
    response = api_get(user_a, action="DEFERMENT_DECIDE", unit=commune_a.pk, on="2025-08-01")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["rule_set"] == "FROM_2025_07"
    first = body["offices"][0]
    assert (first["office"], first["level"], first["unit"]) == ("PC_CHAIR", "PROVINCE", hai_phong.pk)
    assert first["title"] == "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng"
    assert "Luật số 98/2025/QH15" in first["citation"]


@pytest.mark.django_db
def test_deferment_before_cutover_is_the_district_chairman(user_a):
    ward, district = old_ward_with_district()
    body = api_get(user_a, action="DEFERMENT_DECIDE", unit=ward.pk, on=BEFORE.isoformat()).json()
    assert body["rule_set"] == "PRE_2025"
    assert [(o["office"], o["level"], o["unit"]) for o in body["offices"]] == [("PC_CHAIR", "DISTRICT", district.pk)]
    assert body["offices"][0]["title"].startswith("Chủ tịch Ủy ban nhân dân ")
    assert district.name[1:] in body["offices"][0]["title"]


@pytest.mark.django_db
def test_commune_chairman_certifies_registration_after_cutover(commune_a, user_a):
    body = api_get(user_a, action="REGISTRATION_CERTIFY", unit=commune_a.pk, on="2025-09-01").json()
    assert [(o["office"], o["unit"]) for o in body["offices"]] == [("PC_CHAIR", commune_a.pk)]


@pytest.mark.django_db
def test_award_decide_lists_every_office_that_may_grant_the_title(commune_a, hai_phong, user_a):
    body = api_get(user_a, action="AWARD_DECIDE", unit=commune_a.pk, on="2025-09-01", title="GIAY_KHEN").json()
    pairs = {(o["office"], o["unit"]) for o in body["offices"]}
    assert ("PC_CHAIR", commune_a.pk) in pairs
    assert ("MC_COMMANDER", hai_phong.pk) in pairs
    assert all(o["level"] != "DISTRICT" for o in body["offices"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, field",
    [
        ({"action": "NO_SUCH_ACTION"}, "action"),
        ({"action": "AWARD_DECIDE"}, "title"),
        ({"action": "AWARD_DECIDE", "title": "NO_SUCH_TITLE"}, "title"),
        ({"action": "DEFERMENT_DECIDE", "on": "2025-13-45"}, "on"),
        ({"action": "DEFERMENT_DECIDE", "unit": "abc"}, "unit"),
        ({"action": "DEFERMENT_DECIDE", "unit": "99999999999999999999999"}, "unit"),
    ],
)
def test_bad_questions_get_a_vietnamese_400(commune_a, user_a, params, field):
    query = {"unit": commune_a.pk, "on": "2025-08-01", **params}
    response = api_get(user_a, **query)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.django_db
def test_a_unit_that_did_not_exist_on_the_date_is_a_400(user_a):
    ward, _district = old_ward_with_district()
    response = api_get(user_a, action="DEFERMENT_DECIDE", unit=ward.pk, on="2025-08-01")
    assert response.status_code == 400
    assert "không tồn tại" in response.json()["unit"][0]


@pytest.mark.django_db
def test_anonymous_may_not_ask(commune_a):
    response = APIClient().get("/api/v1/authority/", {"action": "DEFERMENT_DECIDE", "unit": commune_a.pk})
    assert response.status_code in (401, 403)


@pytest.mark.django_db
def test_only_province_staff_record_the_province_chairmans_deferment(
    make_user, hai_phong, commune_a, two_regions, user_a, region_user, province_user, admin_user, auditor
):
    assert authority.require(province_user, "DEFERMENT_DECIDE", commune_a.pk, AFTER).unit.id == hai_phong.pk
    council = make_user(Role.COUNCIL_MEMBER, hai_phong)
    viewer = make_user(Role.PROVINCE_STAFF, hai_phong, mode=AccessMode.VIEW)
    for other in (user_a, region_user, admin_user, auditor, council, viewer):
        with pytest.raises(PermissionDenied) as refused:
            authority.require(other, "DEFERMENT_DECIDE", commune_a.pk, AFTER)
        assert "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng" in str(refused.value)


@pytest.mark.django_db
def test_before_cutover_only_the_districts_staff_decide(make_user, province_user):
    ward, district = old_ward_with_district()
    district_staff = make_user(Role.REGION_STAFF, district)
    assert authority.require(district_staff, "DEFERMENT_DECIDE", ward.pk, BEFORE).unit.id == district.pk
    with pytest.raises(PermissionDenied):
        authority.require(province_user, "DEFERMENT_DECIDE", ward.pk, BEFORE)


@pytest.mark.django_db
def test_every_contract_action_answers_for_a_current_ward(commune_a, user_a):
    contract = [c for c in authority.codes() if c.contract]
    assert {c.code for c in contract} >= {
        "QUOTA_ALLOCATE", "REGISTRATION_CALL", "REGISTRATION_CERTIFY", "REGISTRATION_REMOVE", "DEFERMENT_DECIDE",
        "EXEMPTION_DECIDE", "PRESCREEN_CALL", "HEALTH_EXAM_CALL", "CALLUP_LIST_DECIDE", "CALLUP_ORDER",
        "MILITIA_SERVICE_COMPLETION", "MILITIA_TERM_EXTEND", "RESERVE_CALL_TRAINING", "AWARD_DECIDE",
    }  # fmt: skip
    for spec in contract:
        params = {"action": spec.code, "unit": commune_a.pk, "on": "2025-09-01"}
        if spec.needs_title:
            params["title"] = "GIAY_KHEN"
        body = api_get(user_a, **params).json()
        assert body["offices"], spec.code
        assert all(o["title"] and o["citation"] for o in body["offices"]), spec.code


@pytest.mark.django_db
def test_authority_page_lists_every_action(client, user_a):
    client.force_login(user_a)
    page = client.get("/authority/").content.decode()
    for spec in authority.codes():
        assert spec.label in page
    assert "Khoản 4 Điều 41" in page


ALL_ROLES = [r.value for r in Role]


def _rule_id(rule: authority.Rule) -> str:
    regimes_ = "+".join(sorted(rule.regimes))
    titles = f"-{len(rule.titles)}titles" if rule.titles else ""
    return f"{rule.action}-{rule.office}-{rule.level}-{regimes_}{titles}"


@pytest.mark.django_db
@pytest.mark.parametrize("rule", authority.rules(), ids=_rule_id)
def test_every_authority_row_right_role_at_right_level_only(rule, commune_a, commune_b, hai_phong):
    """Each declared row: its roles at the office's unit may act; every other role there, and its
    roles at another unit (wrong level or wrong place), may not."""
    from phongthu.accounts.models import RoleAssignment, User

    def make_user(role, unit, mode=AccessMode.ENTER):  # no password: hashing would dominate the run
        user = User.objects.create(username=f"row-{User.objects.count()}", is_system_admin=role == Role.ADMIN)
        RoleAssignment.objects.create(user=user, role=role, unit=unit, mode=mode, include_descendants=True)
        return user

    if "FROM_2025_07" in rule.regimes:
        unit, on = commune_a, AFTER
    else:
        unit, on = old_ward_with_district()[0], BEFORE
    title = sorted(rule.titles)[0] if rule.titles else None
    answers = [a for a in authority.offices(rule.action, unit.pk, on, title) if a.rule == rule]
    assert len(answers) == 1, "the row answers for a ward of its regime"
    answer = answers[0]
    only_this = lambda a: a.rule == rule  # noqa: E731 — several rows may grant the same title
    level = answer.unit.level if answer.unit else None
    roles = rule.recording_roles(level) if answer.unit else frozenset()
    if answer.unit is None or not roles:
        # An office outside the system: nobody decides in the system (entered as data instead).
        for role in ALL_ROLES:
            user = make_user(role, hai_phong)
            assert not authority.allowed(user, rule.action, unit.pk, on, title, only_this)
        return
    office_unit = Unit.objects.get(pk=answer.unit.id)
    for role in ALL_ROLES:
        user = make_user(role, office_unit)
        assert authority.allowed(user, rule.action, unit.pk, on, title, only_this) == (role in roles), role
        view_only = make_user(role, office_unit, mode=AccessMode.VIEW)
        assert not authority.allowed(view_only, rule.action, unit.pk, on, title, only_this)
    elsewhere = commune_b if office_unit.level != "PROVINCE" else commune_a
    for role in roles:
        wrong_place = make_user(role, elsewhere if elsewhere.pk != office_unit.pk else hai_phong)
        assert not authority.allowed(wrong_place, rule.action, unit.pk, on, title, only_this), role
