"""Deferment lifecycle after the decision: the "cần rà soát lại hạn" list, renewal and conversion
by the competent chairman (authority rows, history), through the declared actions."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from phongthu.campaigns.choices import CandidateStatus, DefermentStatus
from phongthu.campaigns.models import DefermentDecision
from phongthu.campaigns.services import deferment_review, deferments
from phongthu.core import actions
from phongthu.core.transitions import history_of

pytestmark = pytest.mark.django_db
S = CandidateStatus
D = DefermentStatus
day = datetime.date


@pytest.fixture
def active(make_candidate, commune_a, user_a, province_user):
    """A student's TH_G deferment in force, to be reviewed on 31/05/2026."""
    c = make_candidate(commune_a, status=S.REVIEWED)
    c.person.studying = "general"
    c.person.save()
    d = deferments.deferment_propose(
        candidate=c, ground="TH_G", actor=user_a, on=day(2025, 9, 1), evidence="Giấy xác nhận học sinh",
        expected_end_date=day(2026, 5, 31),
    )  # fmt: skip
    deferments.deferment_decide(deferment=d, actor=province_user, decision_ref="1520/QĐ-UBND", on=day(2025, 12, 2))
    deferments.deferment_publish(deferment=d, actor=user_a)
    deferments.deferment_activate(deferment=d, actor=user_a, on=day(2025, 12, 22))
    d.refresh_from_db()
    assert d.status == D.ACTIVE and d.review_on == day(2026, 5, 31)
    return d


def test_due_list_by_date_and_by_facts(active, commune_a, user_a):
    due = deferment_review.deferments_due_for_review(user=user_a, unit=commune_a, on=day(2026, 1, 10))
    assert due == []
    due = deferment_review.deferments_due_for_review(user=user_a, unit=commune_a, on=day(2026, 5, 10))
    assert [line.deferment.pk for line in due] == [active.pk] and "Sắp đến hạn" in due[0].why
    person = active.candidate.person
    person.studying = ""
    person.save()
    due = deferment_review.deferments_due_for_review(user=user_a, unit=commune_a, on=day(2026, 1, 10))
    assert [line.deferment.pk for line in due] == [active.pk] and "tốt nghiệp" in due[0].why


def test_due_list_page_is_scoped(active, commune_a, commune_b, client, user_a, user_b):
    person = active.candidate.person
    person.studying = ""
    person.save()
    client.force_login(user_a)
    page = client.get(reverse("campaigns:review-due") + f"?unit={commune_a.pk}").content.decode()
    assert person.full_name in page and "tốt nghiệp" in page
    client.force_login(user_b)
    page = client.get(reverse("campaigns:review-due") + f"?unit={commune_b.pk}").content.decode()
    assert person.full_name not in page


def test_renewal_by_the_province_chairman(active, user_a, province_user):
    with pytest.raises(PermissionDenied):
        deferment_review.deferment_renew(active, actor=user_a, on=day(2026, 5, 20), decision_ref="9/QĐ",
                                         review_on=day(2027, 5, 31))  # fmt: skip
    with pytest.raises(ValidationError):
        deferment_review.deferment_renew(active, actor=province_user, on=day(2026, 5, 20), decision_ref="9/QĐ",
                                         review_on=day(2026, 5, 1))  # fmt: skip
    new = deferment_review.deferment_renew(
        active, actor=province_user, on=day(2026, 5, 20), decision_ref="88/QĐ-UBND", review_on=day(2027, 5, 31)
    )
    active.refresh_from_db()
    assert active.status == D.RENEWED
    assert (new.status, new.follows_id, new.ground, new.review_on) == (D.DECIDED, active.pk, "TH_G", day(2027, 5, 31))
    assert new.decided_by == "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng" and new.decision_ref == "88/QĐ-UBND"
    assert [(h.from_status, h.to_status) for h in history_of(active)][-1] == ("ACTIVE", "RENEWED")
    assert history_of(new).get(to_status="DECIDED").decision_ref == "88/QĐ-UBND"


def test_conversion_through_the_declared_action(active, province_user, user_a):
    offered = {a.name for a in actions.offered(active, province_user)}
    assert {"renew", "convert"} <= offered
    assert "convert" not in {a.name for a in actions.offered(active, user_a)}
    with pytest.raises(ValidationError):
        deferment_review.deferment_convert(active, actor=province_user, on=day(2026, 5, 20), ground="MI_A",
                                           decision_ref="9/QĐ", evidence="x")  # fmt: skip
    action = actions.get(DefermentDecision, "convert")
    actions.perform(
        action, active, province_user,
        {"on": "2026-05-20", "decision_ref": "90/QĐ-UBND", "ground": "TH_B", "evidence": "Xác nhận của UBND xã"},
    )  # fmt: skip
    active.refresh_from_db()
    assert active.status == D.CONVERTED
    new = DefermentDecision.objects.get(follows=active)
    assert new.ground == "TH_B" and new.status == D.DECIDED
