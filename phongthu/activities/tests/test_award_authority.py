"""Each authority row of the award steps (activities/authority.py, V-AWARD-1): the council of the
record's unit reviews, the office the award is addressed to decides, the receiving unit pays,
revokes and records decisions taken outside the system. Every other demo role, and the right
role at the wrong level, is refused through the API and the UI — and issue 7's reproduction."""

from __future__ import annotations

import datetime

import pytest

from phongthu.activities.choices import AwardAuthority, AwardStatus, AwardTitle, RecipientKind
from phongthu.activities.models import Award
from phongthu.core.tests.action_refusals import api_post, assert_matrix, assert_refused, demo_users, ui_post

pytestmark = pytest.mark.django_db
DAY = "2025-12-20"
DECISION = {"decision_number": "9/QĐ", "decision_date": DAY, "confirmed": "1"}


@pytest.fixture
def users(make_user, hai_phong, two_regions, commune_a, commune_b):
    return demo_users(make_user, province=hai_phong, region=two_regions[0], ward=commune_a, other_ward=commune_b)


def award_maker(unit, *, title=AwardTitle.GIAY_KHEN, authority=AwardAuthority.CHU_TICH_UBND_XA, status=None):
    def make():
        record = Award(
            unit=unit,
            year=2025,
            title=title,
            recipient_kind=RecipientKind.INDIVIDUAL,
            recipient_name="Lê Văn Gương Mẫu",
            authority=authority,
        )
        record.full_clean()
        record.save()
        if status is not None:  # test setup: the earlier steps are covered by their own rows
            Award.objects.filter(pk=record.pk).update(
                status=status,
                decision_number="1/QĐ" if status == AwardStatus.DECIDED else "",
                decision_date=datetime.date(2025, 12, 1) if status == AwardStatus.DECIDED else None,
            )
        return record

    return make


def test_award_review_is_the_councils(users, commune_a):
    assert_matrix(
        users, "COUNCIL_MEMBER", award_maker(commune_a), "review", {"on": DAY}, after=AwardStatus.COUNCIL_REVIEWED
    )


@pytest.mark.parametrize(
    "title, authority, right, issuer",
    [
        # the ward chairman's Giấy khen
        (AwardTitle.GIAY_KHEN, AwardAuthority.CHU_TICH_UBND_XA, "COMMUNE_STAFF", "Chủ tịch Ủy ban nhân dân phường"),
        # the city chairman's Bằng khen
        (
            AwardTitle.BANG_KHEN,
            AwardAuthority.CHU_TICH_UBND_TINH,
            "PROVINCE_STAFF",
            "Chủ tịch Ủy ban nhân dân thành phố",
        ),
        # the chairman may grant it too, but the proposal is addressed to the commander
        (
            AwardTitle.CSTD_CO_SO,
            AwardAuthority.CHI_HUY_TRUONG_BO_CHQS_TINH,
            "PROVINCE_STAFF",
            "Chỉ huy trưởng Bộ Chỉ huy quân sự thành phố",
        ),
    ],
)
def test_award_decide_by_the_issuing_office(users, commune_a, title, authority, right, issuer):
    maker = award_maker(commune_a, title=title, authority=authority, status=AwardStatus.COUNCIL_REVIEWED)
    assert_matrix(users, right, maker, "decide", DECISION, after=AwardStatus.DECIDED)
    for decided in Award.objects.filter(status=AwardStatus.DECIDED):
        assert decided.issuer_name.startswith(issuer), decided.issuer_name  # from the office, not typed


def test_award_pay_and_revoke_are_the_receiving_units(users, commune_a):
    decided = award_maker(commune_a, status=AwardStatus.DECIDED)
    assert_matrix(users, "COMMUNE_STAFF", decided, "pay", {"on": DAY}, after=AwardStatus.PAID)
    assert_matrix(
        users,
        "COMMUNE_STAFF",
        decided,
        "revoke",
        {"on": DAY, "reason": "Hồ sơ không đúng", "confirmed": "1"},
        after=AwardStatus.REVOKED,
    )


def test_award_record_external_is_the_receiving_units(users, commune_a):
    maker = award_maker(commune_a, title=AwardTitle.BANG_KHEN, authority=AwardAuthority.BO_TRUONG_BQP)
    data = {"issuer_name": "Bộ trưởng Bộ Quốc phòng", "decision_number": "45/QĐ-BQP", "decision_date": DAY}
    assert_matrix(users, "COMMUNE_STAFF", maker, "record_external", data, after=AwardStatus.DECIDED)
    recorded = Award.objects.filter(status=AwardStatus.DECIDED).latest("pk")
    assert (recorded.issuer_name, recorded.decision_number) == ("Bộ trưởng Bộ Quốc phòng", "45/QĐ-BQP")


def test_issue_7_a_ward_user_alone_cannot_decide_a_minister_of_defence_award(users, commune_a):
    """Reproduction: a ward user moved a Minister-of-Defence award through council review to
    DECIDED. Now the ward cannot review it, nobody decides it in the system, and the
    province's staff cannot decide it as a provincial Bằng khen either."""
    ward = users["COMMUNE_STAFF"]
    award = award_maker(commune_a, title=AwardTitle.BANG_KHEN, authority=AwardAuthority.BO_TRUONG_BQP)()
    assert_refused("ward reviews", ward, award, "review", {"on": DAY})
    Award.objects.filter(pk=award.pk).update(status=AwardStatus.COUNCIL_REVIEWED)  # as if the council had met
    for who in ("COMMUNE_STAFF", "PROVINCE_STAFF", "ADMIN"):
        response = api_post(users[who], award, "decide", DECISION)
        assert response.status_code in (400, 403), (who, response.content)
        status, texts = ui_post(users[who], award, "decide", DECISION)
        assert status == 302 and not any(t.startswith("Đã thực hiện") for t in texts), (who, texts)
        assert Award.objects.get(pk=award.pk).status == AwardStatus.COUNCIL_REVIEWED, who
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(users["PROVINCE_STAFF"])
    offered = client.get(f"/api/v1/activities/award/{award.pk}/actions/").json()["offered"]
    assert "decide" not in {a["name"] for a in offered}


def test_a_giay_khen_addressed_to_the_ward_chairman_is_not_decided_by_the_province(users, commune_a):
    """The province's commander may also grant a Giấy khen, but this one is addressed to the ward."""
    award = award_maker(commune_a, status=AwardStatus.COUNCIL_REVIEWED)()
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(users["PROVINCE_STAFF"])
    listed = client.get(f"/api/v1/activities/award/{award.pk}/actions/").json()
    assert "decide" not in {a["name"] for a in listed["offered"]}  # no button that would then fail
    why = {a["name"]: a["why"] for a in listed["withheld"]}["decide"]
    assert "Chủ tịch Ủy ban nhân dân phường" in why and "Bộ Chỉ huy quân sự" not in why
    response = api_post(users["PROVINCE_STAFF"], award, "decide", DECISION)
    assert response.status_code == 403
    assert "Chủ tịch Ủy ban nhân dân phường" in str(response.json())
    assert Award.objects.get(pk=award.pk).status == AwardStatus.COUNCIL_REVIEWED
