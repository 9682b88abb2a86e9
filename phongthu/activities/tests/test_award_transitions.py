"""SM-6: allowed and refused award transitions, through the services and the detail-page form."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from phongthu.activities.choices import AwardAuthority, AwardStatus, AwardTitle, RecipientKind
from phongthu.activities.crud.awards import AwardCrud
from phongthu.activities.models import Award
from phongthu.activities.services.awards import award_decide, award_pay, award_review, award_revoke
from phongthu.core.models import StatusChange
from phongthu.core.transitions import TransitionError

pytestmark = pytest.mark.django_db
URLS = "phongthu.activities.tests.urls"
DAY = datetime.date(2024, 12, 20)


@pytest.fixture
def proposed(commune_a):
    record = Award(
        unit=commune_a,
        year=2024,
        title=AwardTitle.CSTD_CO_SO,
        recipient_kind=RecipientKind.INDIVIDUAL,
        recipient_name="Vũ Văn Giỏi",
        authority=AwardAuthority.CHI_HUY_TRUONG_BO_CHQS_TINH,
    )
    record.full_clean()
    record.save()
    return record


def test_the_whole_path_writes_history(proposed, user_a):
    award_review(award=proposed, actor=user_a, council_ref="BB 05/HĐTĐKT")
    award_decide(award=proposed, actor=user_a, decision_number="112/QĐ-BCH", decision_date=DAY)
    award_pay(award=proposed, actor=user_a, paid_on=DAY + datetime.timedelta(days=5))
    award_revoke(award=proposed, actor=user_a, reason="Hồ sơ khai không đúng", revoked_at=datetime.date(2025, 3, 1))
    proposed.refresh_from_db()
    assert proposed.status == AwardStatus.REVOKED
    assert proposed.cash_amount == 2_340_000 and proposed.decision_number == "112/QĐ-BCH"
    assert proposed.revocation_reason == "Hồ sơ khai không đúng"
    history = list(StatusChange.objects.filter(object_id=str(proposed.pk)).values_list("from_status", "to_status"))
    assert history == [
        ("PROPOSED", "COUNCIL_REVIEWED"),
        ("COUNCIL_REVIEWED", "DECIDED"),
        ("DECIDED", "PAID"),
        ("PAID", "REVOKED"),
    ]
    decided = StatusChange.objects.get(object_id=str(proposed.pk), to_status="DECIDED")
    assert decided.decision_ref == "112/QĐ-BCH" and "Luật Thi đua" in decided.legal_ground


def test_skipping_the_council_is_refused(proposed, user_a):
    with pytest.raises(TransitionError):
        award_decide(award=proposed, actor=user_a, decision_number="1/QĐ", decision_date=DAY)
    proposed.refresh_from_db()
    assert proposed.status == AwardStatus.PROPOSED


def test_decision_needs_number_and_date_and_authority(proposed, user_a):
    award_review(award=proposed, actor=user_a)
    with pytest.raises(ValidationError) as exc:
        award_decide(award=proposed, actor=user_a, decision_number="", decision_date=None)
    assert set(exc.value.message_dict) == {"decision_number", "decision_date"}
    Award.objects.filter(pk=proposed.pk).update(authority=AwardAuthority.CHU_TICH_UBND_XA)
    proposed.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        award_decide(award=proposed, actor=user_a, decision_number="2/QĐ", decision_date=DAY)
    assert "V-AWARD-1" in " ".join(exc.value.message_dict["authority"])
    assert Award.objects.get(pk=proposed.pk).status == AwardStatus.COUNCIL_REVIEWED


def test_revoked_is_final_and_revocation_needs_a_reason(proposed, user_a):
    award_review(award=proposed, actor=user_a)
    award_decide(award=proposed, actor=user_a, decision_number="3/QĐ", decision_date=DAY)
    with pytest.raises(ValidationError):
        award_revoke(award=proposed, actor=user_a, reason="  ", revoked_at=DAY)
    award_revoke(award=proposed, actor=user_a, reason="Thu hồi theo kết luận thanh tra", revoked_at=DAY)
    for step in (
        lambda: award_pay(award=proposed, actor=user_a, paid_on=DAY),
        lambda: award_review(award=proposed, actor=user_a),
    ):
        with pytest.raises(TransitionError):
            step()


def test_other_units_staff_cannot_move_it(proposed, user_b):
    with pytest.raises(PermissionDenied):
        award_review(award=proposed, actor=user_b)
    assert Award.objects.get(pk=proposed.pk).status == AwardStatus.PROPOSED


@override_settings(ROOT_URLCONF=URLS)
def test_detail_page_form_moves_the_status(proposed, user_a, client_for):
    c = client_for(user_a)
    detail = c.get(AwardCrud.url("detail", proposed.pk)).content.decode()
    url = reverse("activities:award-transition", args=[proposed.pk])
    assert url in detail and 'value="COUNCIL_REVIEWED"' in detail
    resp = c.post(url, {"to": "COUNCIL_REVIEWED", "reason": "Hội đồng họp ngày 15/12"})
    assert resp.status_code == 302
    resp = c.post(url, {"to": "DECIDED", "decision_number": "", "decision_date": ""}, follow=True)
    assert "Hãy nhập số quyết định" in resp.content.decode()
    c.post(url, {"to": "DECIDED", "decision_number": "7/QĐ-BCH", "decision_date": DAY.isoformat()})
    proposed.refresh_from_db()
    assert proposed.status == AwardStatus.DECIDED and proposed.cash_amount == 2_340_000


@override_settings(ROOT_URLCONF=URLS)
def test_form_refuses_status_in_edit_and_other_units(proposed, user_b, user_a, client_for):
    url = reverse("activities:award-transition", args=[proposed.pk])
    assert client_for(user_b).post(url, {"to": "COUNCIL_REVIEWED"}).status_code == 404
    # the generic edit form has no status field: posting one changes nothing
    c = client_for(user_a)
    form = c.get(AwardCrud.url("edit", proposed.pk)).context["form"]
    assert "status" not in form.fields
    assert Award.objects.get(pk=proposed.pk).status == AwardStatus.PROPOSED
