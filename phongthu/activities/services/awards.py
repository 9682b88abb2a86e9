"""Award status changes (SM-6): PROPOSED → COUNCIL_REVIEWED → DECIDED → PAID, and REVOKED.

Each goes through `core.transitions.transition` with its row of the authority table
(activities/authority.py): the council reviews, the office of the issuing level decides
(V-AWARD-1) and is stamped as the issuer, the receiving unit's staff pay and record decisions
taken outside the system. The decision fixes the cash (V-AWARD-2) in the same write.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from phongthu.activities import authority as award_authority
from phongthu.activities import rules
from phongthu.activities.choices import (
    ALLOWED_TRANSITIONS,
    EXTERNAL_DECISION_TRANSITIONS,
    AwardStatus,
    RecipientKind,
)
from phongthu.activities.models import Award
from phongthu.core import authority, scoping
from phongthu.core.transitions import transition

if TYPE_CHECKING:
    from phongthu.accounts.models import User

COUNCIL_GROUND = "Luật Thi đua, khen thưởng 2022; Nghị định 98/2023/NĐ-CP (Hội đồng Thi đua – Khen thưởng)"


def _authority_citation(award: Award) -> str:
    regime = rules.regime_on(award.regime_date())
    table = rules.setting("AWARD_AUTHORITY").get(regime.code, {})
    return str(table.get(award.authority, (None, ""))[1]) or COUNCIL_GROUND


def _moved(result: Any) -> Award:
    assert isinstance(result, Award)
    return result


def award_review(
    award: Award, *, actor: User, on: datetime.date | None = None, council_ref: str = "", reason: str = ""
) -> Award:
    """The emulation–commendation council has considered the proposal."""
    return _moved(
        transition(
            award,
            AwardStatus.COUNCIL_REVIEWED,
            actor=actor,
            allowed=ALLOWED_TRANSITIONS,
            reason=reason,
            legal_ground=COUNCIL_GROUND,
            decision_ref=council_ref,
            effective_date=on,
            action=scoping.APPROVE,  # council members approve; they do not edit records
            authority="AWARD_REVIEW",
        )
    )


def deciding_office(
    award: Award, actor: User, day: datetime.date, office: authority.OfficeAnswer | None = None
) -> authority.OfficeAnswer:
    """The office the award is addressed to (its `authority`), which `actor` must act for.

    Several offices may grant a title (a Giấy khen: the ward's chairman, the province's
    commander, …); the award names the one that decides."""
    if not award_authority.decided_in_system(award.authority):
        raise PermissionDenied(
            _(
                "Quyết định của %(a)s không ra trong hệ thống: đơn vị được khen ghi nhận quyết định đó "
                "(“Ghi nhận quyết định của cấp trên”) với số và ngày văn bản."
            )
            % {"a": award.get_authority_display()}
        )

    def addressed(answer: authority.OfficeAnswer) -> bool:
        return award_authority.office_matches(answer, award.authority)

    if office is not None and addressed(office):
        return office
    return authority.require(actor, "AWARD_DECIDE", award.unit_id, day, award.title, addressed)


def _signer(office: authority.OfficeAnswer) -> str:
    return f"{office.title} — {office.holder_name}" if office.holder_name else office.title


def _check_reference(
    award: Award, decision_number: str, decision_date: datetime.date | None, *, required: bool
) -> None:
    errors: dict[str, list[str]] = {}
    if required and not decision_number.strip():
        errors["decision_number"] = [_("Hãy nhập số quyết định khen thưởng.")]
    if required and decision_date is None:
        errors["decision_date"] = [_("Hãy nhập ngày quyết định khen thưởng.")]
    if decision_date is not None and decision_date > datetime.date.today():
        errors["decision_date"] = [_("Ngày quyết định không được sau ngày hôm nay.")]
    if errors:
        raise ValidationError(errors)


def _decided_fields(
    award: Award, decision_number: str, decision_date: datetime.date | None, **more: Any
) -> dict[str, Any]:
    """The decision's own fields, checked against V-AWARD-1 and with the cash of V-AWARD-2."""
    probe = Award.objects.get(pk=award.pk)
    probe.decision_number = decision_number.strip()
    probe.decision_date = decision_date
    for key, value in more.items():
        setattr(probe, key, value)
    problems = probe.authority_errors()
    if problems:
        raise ValidationError({"authority": problems})
    probe.compute_cash()
    return {
        "decision_number": probe.decision_number,
        "decision_date": probe.decision_date,
        "base_salary": probe.base_salary,
        "cash_amount": probe.cash_amount,
        "cash_total": probe.cash_total,
        **more,
    }


def award_decide(
    award: Award,
    *,
    actor: User,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    reason: str = "",
    office: authority.OfficeAnswer | None = None,
) -> Award:
    """The office of the issuing level decides; its title and holder become the issuer."""
    needs_ref = award.recipient_kind != RecipientKind.AGGREGATE
    _check_reference(award, decision_number, decision_date, required=needs_ref)
    day = decision_date or datetime.date.today()
    extra = _decided_fields(award, decision_number, decision_date)  # V-AWARD-1 first: it says what to fix
    signer = deciding_office(award, actor, day, office)
    extra["issuer_name"] = _signer(signer)[:255]
    return _moved(
        transition(
            award,
            AwardStatus.DECIDED,
            actor=actor,
            allowed=ALLOWED_TRANSITIONS,
            reason=reason,
            legal_ground=f"{_authority_citation(award)} — {signer.title}",
            decision_ref=extra["decision_number"],
            effective_date=day,
            extra=extra,
            authority="AWARD_DECIDE",
            authority_title=award.title,
        )
    )


def award_record_external(
    award: Award,
    *,
    actor: User,
    issuer_name: str,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    reason: str = "",
    from_report: bool = False,
) -> Award:
    """Record a decision taken outside the system (a ministry, the military region, the provincial
    police, an abolished district office), with its issuer and reference as on the document.

    Data entry by the receiving unit's staff, not the issuer's authority. `from_report`: an award
    known only from a published report (seed facts), which may lack the number and date."""
    if not from_report and award_authority.decided_in_system(award.authority):
        raise PermissionDenied(
            _("%(a)s quyết định trong hệ thống: không ghi nhận thay quyết định này.")
            % {"a": award.get_authority_display()}
        )
    if not issuer_name.strip():
        raise ValidationError({"issuer_name": [_("Hãy ghi cơ quan, người ký quyết định như trên văn bản.")]})
    needs_ref = award.recipient_kind != RecipientKind.AGGREGATE and not from_report
    _check_reference(award, decision_number, decision_date, required=needs_ref)
    extra = _decided_fields(award, decision_number, decision_date, issuer_name=issuer_name.strip()[:255])
    return _moved(
        transition(
            award,
            AwardStatus.DECIDED,
            actor=actor,
            allowed=EXTERNAL_DECISION_TRANSITIONS,
            reason=reason,
            legal_ground=_authority_citation(award),
            decision_ref=extra["decision_number"],
            effective_date=decision_date or award.regime_date(),
            extra=extra,
            authority="AWARD_RECORD_EXTERNAL",
        )
    )


def award_pay(award: Award, *, actor: User, on: datetime.date, reason: str = "") -> Award:
    """The cash was paid on `on`."""
    if award.decision_date and on < award.decision_date:
        raise ValidationError({"on": [_("Ngày chi thưởng không thể trước ngày quyết định.")]})
    return _moved(
        transition(
            award,
            AwardStatus.PAID,
            actor=actor,
            allowed=ALLOWED_TRANSITIONS,
            reason=reason,
            legal_ground=rules.CASH_CITATION,
            decision_ref=award.decision_number,
            effective_date=on,
            extra={"paid_on": on},
            authority="AWARD_PAY",
        )
    )


def award_revoke(award: Award, *, actor: User, on: datetime.date, reason: str, decision_ref: str = "") -> Award:
    """The award was revoked on `on` (Law Chapter VII), with the reason."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Thu hồi khen thưởng phải ghi rõ lý do.")]})
    return _moved(
        transition(
            award,
            AwardStatus.REVOKED,
            actor=actor,
            allowed=ALLOWED_TRANSITIONS,
            reason=reason,
            legal_ground="Chương VII Luật Thi đua, khen thưởng 2022 (xử lý vi phạm)",
            decision_ref=decision_ref,
            effective_date=on,
            extra={"revoked_at": on, "revocation_reason": reason.strip()[:500]},
            authority="AWARD_PAY",
        )
    )
