"""SM-6: allowed and refused award transitions, through the services and the record's actions."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phongthu.accounts.models import Role
from phongthu.activities.choices import AwardAuthority, AwardStatus, AwardTitle, RecipientKind
from phongthu.activities.crud.awards import AwardCrud
from phongthu.activities.models import Award
from phongthu.activities.services.awards import (
    award_decide,
    award_pay,
    award_record_external,
    award_review,
    award_revoke,
)
from phongthu.core.models import StatusChange
from phongthu.core.transitions import TransitionError

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 12, 20)  # the fixtures' wards exist from 1/7/2025


def _action(pk, name):
    return f"/r/activities/award/{pk}/actions/{name}/"


@pytest.fixture
def proposed(commune_a):
    record = Award(
        unit=commune_a,
        year=2025,
        title=AwardTitle.CSTD_CO_SO,
        recipient_kind=RecipientKind.INDIVIDUAL,
        recipient_name="Vũ Văn Giỏi",
        authority=AwardAuthority.CHI_HUY_TRUONG_BO_CHQS_TINH,
    )
    record.full_clean()
    record.save()
    return record


@pytest.fixture
def council_a(make_user, commune_a):
    return make_user(Role.COUNCIL_MEMBER, commune_a)


def test_the_whole_path_writes_history(proposed, council_a, province_user, user_a):
    award_review(proposed, actor=council_a, on=DAY, council_ref="BB 05/HĐTĐKT")
    award_decide(proposed, actor=province_user, decision_number="112/QĐ-BCH", decision_date=DAY)
    award_pay(proposed, actor=user_a, on=DAY + datetime.timedelta(days=5))
    award_revoke(proposed, actor=user_a, reason="Hồ sơ khai không đúng", on=datetime.date(2026, 3, 1))
    proposed.refresh_from_db()
    assert proposed.status == AwardStatus.REVOKED
    assert proposed.cash_amount == 2_340_000 and proposed.decision_number == "112/QĐ-BCH"
    assert proposed.revocation_reason == "Hồ sơ khai không đúng"
    # The issuer is the office that decided (the province's commander), never typed text.
    assert proposed.issuer_name.startswith("Chỉ huy trưởng Bộ Chỉ huy quân sự thành phố Hải Phòng")
    history = list(StatusChange.objects.filter(object_id=str(proposed.pk)).values_list("from_status", "to_status"))
    assert history == [
        ("PROPOSED", "COUNCIL_REVIEWED"),
        ("COUNCIL_REVIEWED", "DECIDED"),
        ("DECIDED", "PAID"),
        ("PAID", "REVOKED"),
    ]
    decided = StatusChange.objects.get(object_id=str(proposed.pk), to_status="DECIDED")
    assert decided.decision_ref == "112/QĐ-BCH" and "Luật Thi đua" in decided.legal_ground


def test_skipping_the_council_is_refused(proposed, province_user):
    with pytest.raises(TransitionError):
        award_decide(proposed, actor=province_user, decision_number="1/QĐ", decision_date=DAY)
    proposed.refresh_from_db()
    assert proposed.status == AwardStatus.PROPOSED


def test_decision_needs_number_and_date_and_authority(proposed, council_a, province_user):
    award_review(proposed, actor=council_a, on=DAY)
    with pytest.raises(ValidationError) as exc:
        award_decide(proposed, actor=province_user, decision_number="", decision_date=None)
    assert set(exc.value.message_dict) == {"decision_number", "decision_date"}
    Award.objects.filter(pk=proposed.pk).update(authority=AwardAuthority.CHU_TICH_UBND_XA)
    proposed.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        award_decide(proposed, actor=province_user, decision_number="2/QĐ", decision_date=DAY)
    assert "V-AWARD-1" in " ".join(exc.value.message_dict["authority"])
    assert Award.objects.get(pk=proposed.pk).status == AwardStatus.COUNCIL_REVIEWED


def test_revoked_is_final_and_revocation_needs_a_reason(proposed, council_a, province_user, user_a):
    award_review(proposed, actor=council_a, on=DAY)
    award_decide(proposed, actor=province_user, decision_number="3/QĐ", decision_date=DAY)
    with pytest.raises(ValidationError):
        award_revoke(proposed, actor=user_a, reason="  ", on=DAY)
    award_revoke(proposed, actor=user_a, reason="Thu hồi theo kết luận thanh tra", on=DAY)
    for step in (
        lambda: award_pay(proposed, actor=user_a, on=DAY),
        lambda: award_review(proposed, actor=council_a, on=DAY),
    ):
        with pytest.raises(TransitionError):
            step()


def test_other_units_staff_cannot_move_it(proposed, user_b):
    with pytest.raises(PermissionDenied):
        award_review(proposed, actor=user_b, on=DAY)
    assert Award.objects.get(pk=proposed.pk).status == AwardStatus.PROPOSED


def test_an_external_decision_is_recorded_with_its_issuer(commune_a, user_a):
    record = Award(
        unit=commune_a,
        year=2025,
        title=AwardTitle.BANG_KHEN,
        recipient_kind=RecipientKind.COLLECTIVE,
        recipient_name="Trung đội dân quân cơ động",
        authority=AwardAuthority.BO_TRUONG_BQP,
    )
    record.full_clean()
    record.save()
    with pytest.raises(ValidationError) as exc:
        award_record_external(record, actor=user_a, issuer_name=" ", decision_number="", decision_date=None)
    assert {"issuer_name"} <= set(exc.value.message_dict)
    award_record_external(
        record, actor=user_a, issuer_name="Bộ trưởng Bộ Quốc phòng", decision_number="45/QĐ-BQP", decision_date=DAY
    )
    record.refresh_from_db()
    assert record.status == AwardStatus.DECIDED
    assert (record.issuer_name, record.decision_number) == ("Bộ trưởng Bộ Quốc phòng", "45/QĐ-BQP")


def test_an_in_system_decision_cannot_be_recorded_as_external(proposed, user_a):
    with pytest.raises(PermissionDenied):
        award_record_external(proposed, actor=user_a, issuer_name="Bộ CHQS", decision_number="1/QĐ", decision_date=DAY)
    assert Award.objects.get(pk=proposed.pk).status == AwardStatus.PROPOSED


def test_detail_page_offers_each_role_its_step(proposed, council_a, province_user, user_a, client_for):
    council = client_for(council_a)
    detail = council.get(AwardCrud.url("detail", proposed.pk)).content.decode()
    assert _action(proposed.pk, "review") in detail
    resp = council.post(_action(proposed.pk, "review"), {"on": DAY.isoformat(), "reason": "Hội đồng họp"})
    assert resp.status_code == 302
    # The ward's staff do not see the decision, and are told who takes it.
    ward_page = client_for(user_a).get(AwardCrud.url("detail", proposed.pk)).content.decode()
    assert _action(proposed.pk, "decide") not in ward_page
    assert "Chỉ huy trưởng Bộ Chỉ huy quân sự thành phố Hải Phòng" in ward_page
    province = client_for(province_user)
    assert _action(proposed.pk, "decide") in province.get(AwardCrud.url("detail", proposed.pk)).content.decode()
    resp = province.post(_action(proposed.pk, "decide"), {"decision_number": "", "confirmed": "1"}, follow=True)
    assert "Quyết định khen thưởng: Số quyết định:" in resp.content.decode()
    province.post(
        _action(proposed.pk, "decide"),
        {"decision_number": "7/QĐ-BCH", "decision_date": DAY.isoformat(), "confirmed": "1"},
    )
    proposed.refresh_from_db()
    assert proposed.status == AwardStatus.DECIDED and proposed.cash_amount == 2_340_000


def test_form_refuses_status_in_edit_and_other_units(proposed, user_b, user_a, client_for):
    assert client_for(user_b).post(_action(proposed.pk, "review"), {"on": DAY.isoformat()}).status_code == 404
    # the generic edit form has no status field: posting one changes nothing
    c = client_for(user_a)
    form = c.get(AwardCrud.url("edit", proposed.pk)).context["form"]
    assert "status" not in form.fields
    assert Award.objects.get(pk=proposed.pk).status == AwardStatus.PROPOSED


def _proposal_form(commune):
    return {
        "unit": commune.pk,
        "year": "2025",
        "title": AwardTitle.GIAY_KHEN,
        "recipient_kind": RecipientKind.INDIVIDUAL,
        "recipient_name": "Trần Văn Đề Nghị",
        "authority": AwardAuthority.CHU_TICH_UBND_XA,
        "collectives_count": "0",
        "individuals_count": "1",
        "reason": "Hoàn thành xuất sắc nhiệm vụ",
    }


def test_only_the_proposing_office_creates_a_proposal(commune_a, user_a, province_user, council_a, client_for):
    """AWARD_PROPOSE (Điều 84 Luật Thi đua, khen thưởng): the ward's own military command proposes;
    the province's staff and the council member, who reach the ward, may not type its proposal."""
    url = AwardCrud.url("add")
    resp = client_for(province_user).post(url, _proposal_form(commune_a))
    assert resp.status_code == 403
    assert "Đề nghị khen thưởng" in resp.content.decode()  # the refusal names the action and its office
    # The council reviews proposals; its form does not even offer the ward as a unit to write for.
    assert client_for(council_a).post(url, _proposal_form(commune_a)).status_code in (400, 403)
    assert not Award.objects.filter(recipient_name="Trần Văn Đề Nghị").exists()

    resp = client_for(user_a).post(url, _proposal_form(commune_a))
    assert resp.status_code == 302, resp.content.decode()[:1500]
    award = Award.objects.get(recipient_name="Trần Văn Đề Nghị")
    assert award.status == AwardStatus.PROPOSED


def test_the_api_applies_the_same_proposing_authority(commune_a, user_a, province_user):
    from rest_framework.test import APIClient

    def post(user):
        api = APIClient()
        api.force_authenticate(user)
        return api.post("/api/v1/activities/award/", _proposal_form(commune_a), format="json")

    assert post(province_user).status_code == 403
    assert not Award.objects.filter(recipient_name="Trần Văn Đề Nghị").exists()
    assert post(user_a).status_code == 201
