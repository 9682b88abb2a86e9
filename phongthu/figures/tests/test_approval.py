"""Submission and approval: the right role at the right level only (every other demo role is
refused through the API and the UI), bottom-up, freezing, unlock with a reason."""

from __future__ import annotations

from decimal import Decimal
from itertools import count

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phongthu.accounts.models import Role
from phongthu.activities.crud.exercises import PatrolCrud
from phongthu.core.models import ObjectChange, StatusChange
from phongthu.core.periods import Period
from phongthu.core.tests.action_refusals import assert_matrix, demo_users
from phongthu.core.tests.factories import sample
from phongthu.figures import approval, services
from phongthu.figures.models import Approval, EnteredValue
from phongthu.figures.selectors import unit_figures

pytestmark = pytest.mark.django_db
MONTHS = count(1)


def next_period() -> Period:
    return Period.parse(f"2026{next(MONTHS):02d}")


@pytest.fixture
def users(make_user, hai_phong, two_regions, commune_a, commune_a2):
    return demo_users(make_user, province=hai_phong, region=two_regions[0], ward=commune_a, other_ward=commune_a2)


def test_commune_submits_only_its_own(users, commune_a):
    def make():
        return approval.approval_row(commune_a, next_period())

    assert_matrix(users, "COMMUNE_STAFF", make, "submit", {}, after="submitted", field="state")


def test_region_approves_its_communes_only(users, commune_a):
    def make():
        row = approval.approval_row(commune_a, next_period())
        return approval.act("submit", commune_a, row.period_obj, users["COMMUNE_STAFF"])

    assert_matrix(users, "REGION_STAFF", make, "approve", {}, after="approved", field="state")


def test_return_needs_a_reason_and_is_the_regions(users, commune_a):
    def make():
        row = approval.approval_row(commune_a, next_period())
        return approval.act("submit", commune_a, row.period_obj, users["COMMUNE_STAFF"])

    assert_matrix(
        users, "REGION_STAFF", make, "return", {"reason": "Thiếu số liệu dân vận"}, after="returned", field="state"
    )
    row = make()
    with pytest.raises(ValidationError):
        approval.act("return", commune_a, row.period_obj, users["REGION_STAFF"], {"reason": ""})


def test_approval_freezes_and_unlock_is_audited(users, commune_a, two_regions):
    period = Period.parse("2026Q1")
    patrol = sample(PatrolCrud, commune_a, save=False)
    patrol.year, patrol.date, patrol.team_turns = 2026, None, 4
    patrol.save()
    period = Period.year(2026)
    ward, region = users["COMMUNE_STAFF"], users["REGION_STAFF"]
    services.enter_values(unit=commune_a, period=period, values={"mass.workdays": "120"}, user=ward)
    approval.act("submit", commune_a, period, ward)
    with pytest.raises(PermissionDenied):
        approval.act("approve", commune_a, period, ward)  # not its own approver
    approval.act("approve", commune_a, period, region)
    row = Approval.objects.get(unit=commune_a, period="2026")
    assert row.state == "approved" and row.snapshot["patrol.team_turns"] == "4"
    # a later record does not change the approved figure; entered values are locked
    late = sample(PatrolCrud, commune_a, save=False)
    late.year, late.date, late.team_turns = 2026, None, 10
    late.save()
    fig = {f.indicator.code: f for f in unit_figures(commune_a, period, indicators=["patrol.team_turns"])}
    assert fig["patrol.team_turns"].value == 4 and fig["patrol.team_turns"].approval == "approved"
    with pytest.raises(ValidationError, match="đã được cấp trên duyệt"):
        services.enter_values(unit=commune_a, period=period, values={"mass.workdays": "130"}, user=ward)
    assert EnteredValue.objects.get(unit=commune_a, period="2026", indicator="mass.workdays").value == Decimal(120)
    with pytest.raises(ValidationError):
        approval.act("unlock", commune_a, period, region, {"reason": ""})
    approval.act("unlock", commune_a, period, region, {"reason": "Bổ sung số liệu tuần tra tháng 12"})
    assert StatusChange.objects.filter(object_id=str(row.pk), to_status="open", reason__contains="Bổ sung").exists()
    assert ObjectChange.objects.filter(object_id=str(row.pk)).count() >= 3
    fig = unit_figures(commune_a, period, indicators=["patrol.team_turns"])[0]
    assert fig.value == 14


def test_a_level_approves_only_after_its_units(users, two_regions, hai_phong, make_user):
    period = Period.parse("2026S1")
    region = two_regions[0]
    region_staff = users["REGION_STAFF"]
    approval.act("submit", region, period, region_staff)
    province_staff = make_user(Role.PROVINCE_STAFF, hai_phong)
    with pytest.raises(ValidationError, match="chưa được duyệt"):
        approval.act("approve", region, period, province_staff)
    board = approval.status_board(region, period)
    assert board.reported == 0 and board.total >= 2
    assert f"0/{board.total} đơn vị đã báo cáo" in board.summary
