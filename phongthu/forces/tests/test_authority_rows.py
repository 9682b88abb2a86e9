"""Each authority row the forces steps use (forces/authority.py): the commune chairman's staff of
the member's or reservist's ward perform it; every other demo role, and staff of another level
or ward, are refused through the API and the UI."""

from __future__ import annotations

import datetime

import pytest

from phongthu.core.tests.action_refusals import assert_matrix, demo_users
from phongthu.forces.choices import MilitiaStatus, ReservistStatus
from phongthu.forces.models import MilitiaMember

pytestmark = pytest.mark.django_db
START = datetime.date(2025, 8, 1)


@pytest.fixture
def users(make_user, hai_phong, two_regions, commune_a, commune_b):
    return demo_users(make_user, province=hai_phong, region=two_regions[0], ward=commune_a, other_ward=commune_b)


def test_militia_record_start(users, make_member):
    assert_matrix(
        users,
        "COMMUNE_STAFF",
        lambda: make_member(start=START),
        "start",
        {"on": "2025-08-01", "decision_ref": "3/QĐ-UBND"},
        after=MilitiaStatus.SERVING,
    )


def test_militia_record_defer(users, make_member):
    assert_matrix(
        users,
        "COMMUNE_STAFF",
        lambda: make_member(start=START),
        "defer",
        {"ground": "DEFER_STUDYING", "on": "2025-08-01"},
        after=MilitiaStatus.DEFERRED,
    )


def test_militia_term_extend(users, make_member):
    def serving():
        member = make_member(start=START)
        MilitiaMember.objects.filter(pk=member.pk).update(status=MilitiaStatus.SERVING)  # test setup
        return member

    assert_matrix(users, "COMMUNE_STAFF", serving, "extend", {"months": 12, "on": "2029-08-01"}, after="EXTENDED")


def test_reserve_record_assign(users, make_reservist, make_reserve_unit):
    unit = make_reserve_unit(establishment=50)
    assert_matrix(
        users,
        "COMMUNE_STAFF",
        make_reservist,
        "assign",
        {"reserve_unit": unit.pk, "post": "Xạ thủ", "speciality_match": "NEAR", "on": "2025-08-01"},
        after=ReservistStatus.ASSIGNED_TO_UNIT,
        scoped_choices=True,  # the reserve unit is chosen among those the user may write to
    )


def test_reserve_record_remove(users, make_reservist):
    assert_matrix(
        users,
        "COMMUNE_STAFF",
        make_reservist,
        "remove",
        {"reason": "Hết tuổi phục vụ", "on": "2025-09-01", "confirmed": "1"},
        after=ReservistStatus.REMOVED,
    )


def test_an_irreversible_step_asks_for_confirmation(users, make_reservist):
    from phongthu.core.tests.action_refusals import api_post

    reservist = make_reservist()
    response = api_post(users["COMMUNE_STAFF"], reservist, "remove", {"reason": "Hết tuổi", "on": "2025-09-01"})
    assert response.status_code == 400 and "confirmed" in response.json()
    reservist.refresh_from_db()
    assert reservist.status == ReservistStatus.REGISTERED


def test_the_member_page_says_who_decides(users, make_member, client_for):
    member = make_member(start=START)
    page = client_for(users["PROVINCE_STAFF"]).get(f"/r/forces/militiamember/{member.pk}/").content.decode()
    assert f"/r/forces/militiamember/{member.pk}/actions/start/" not in page
    assert "Chủ tịch Ủy ban nhân dân phường" in page  # "why is a button missing"
