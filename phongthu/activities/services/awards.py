"""Award status changes (SM-6): PROPOSED → COUNCIL_REVIEWED → DECIDED → PAID, and REVOKED.

Each goes through `core.transitions.transition` (row lock, allowed-transition table, scope
re-check, StatusChange + audit rows). The decision step checks V-AWARD-1 (authority under the
regime of the decision date) and fixes the cash (V-AWARD-2) in the same write.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from phongthu.activities import rules
from phongthu.activities.choices import ALLOWED_TRANSITIONS, AwardStatus, RecipientKind
from phongthu.activities.models import Award
from phongthu.core.transitions import transition

COUNCIL_GROUND = "Luật Thi đua, khen thưởng 2022; Nghị định 98/2023/NĐ-CP (Hội đồng Thi đua – Khen thưởng)"


def _authority_citation(award: Award) -> str:
    regime = rules.regime_on(award.regime_date())
    table = rules.setting("AWARD_AUTHORITY").get(regime.code, {})
    return str(table.get(award.authority, (None, ""))[1]) or COUNCIL_GROUND


def award_review(*, award: Award, actor: Any, reason: str = "", council_ref: str = "") -> Award:
    """The emulation–commendation council has considered the proposal."""
    return transition(  # type: ignore[return-value]
        award,
        AwardStatus.COUNCIL_REVIEWED,
        actor=actor,
        allowed=ALLOWED_TRANSITIONS,
        reason=reason,
        legal_ground=COUNCIL_GROUND,
        decision_ref=council_ref,
    )


def award_decide(
    *,
    award: Award,
    actor: Any,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    reason: str = "",
    from_report: bool = False,
) -> Award:
    """Record the decision; for an individual or collective the number and date are required.
    A report's aggregate line, or an award known only from a published report
    (`from_report`), may lack them."""
    errors: dict[str, list[str]] = {}
    needs_ref = award.recipient_kind != RecipientKind.AGGREGATE and not from_report
    if needs_ref and not decision_number.strip():
        errors["decision_number"] = [_("Hãy nhập số quyết định khen thưởng.")]
    if needs_ref and decision_date is None:
        errors["decision_date"] = [_("Hãy nhập ngày quyết định khen thưởng.")]
    if decision_date is not None and decision_date > datetime.date.today():
        errors["decision_date"] = [_("Ngày quyết định không được sau ngày hôm nay.")]
    if errors:
        raise ValidationError(errors)
    probe = Award.objects.get(pk=award.pk)
    probe.decision_number = decision_number.strip()
    probe.decision_date = decision_date
    authority = probe.authority_errors()
    if authority:
        raise ValidationError({"authority": authority})
    probe.compute_cash()
    extra = {
        "decision_number": probe.decision_number,
        "decision_date": probe.decision_date,
        "base_salary": probe.base_salary,
        "cash_amount": probe.cash_amount,
        "cash_total": probe.cash_total,
    }
    return transition(  # type: ignore[return-value]
        award,
        AwardStatus.DECIDED,
        actor=actor,
        allowed=ALLOWED_TRANSITIONS,
        reason=reason,
        legal_ground=_authority_citation(probe),
        decision_ref=probe.decision_number,
        effective_date=decision_date,
        extra=extra,
    )


def award_pay(*, award: Award, actor: Any, paid_on: datetime.date, reason: str = "") -> Award:
    if award.decision_date and paid_on < award.decision_date:
        raise ValidationError({"paid_on": [_("Ngày chi thưởng không thể trước ngày quyết định.")]})
    return transition(  # type: ignore[return-value]
        award,
        AwardStatus.PAID,
        actor=actor,
        allowed=ALLOWED_TRANSITIONS,
        reason=reason,
        legal_ground=rules.CASH_CITATION,
        decision_ref=award.decision_number,
        effective_date=paid_on,
        extra={"paid_on": paid_on},
    )


def award_revoke(*, award: Award, actor: Any, reason: str, revoked_at: datetime.date, decision_ref: str = "") -> Award:
    if not reason.strip():
        raise ValidationError({"reason": [_("Thu hồi khen thưởng phải ghi rõ lý do.")]})
    return transition(  # type: ignore[return-value]
        award,
        AwardStatus.REVOKED,
        actor=actor,
        allowed=ALLOWED_TRANSITIONS,
        reason=reason,
        legal_ground="Chương VII Luật Thi đua, khen thưởng 2022 (xử lý vi phạm)",
        decision_ref=decision_ref,
        effective_date=revoked_at,
        extra={"revoked_at": revoked_at, "revocation_reason": reason.strip()[:500]},
    )


def award_transition(
    *,
    award: Award,
    to: str,
    actor: Any,
    reason: str = "",
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    on: datetime.date | None = None,
) -> Award:
    """One entry point for the detail page's small form."""
    day = on or datetime.date.today()
    if to == AwardStatus.COUNCIL_REVIEWED:
        return award_review(award=award, actor=actor, reason=reason, council_ref=decision_number)
    if to == AwardStatus.DECIDED:
        return award_decide(
            award=award, actor=actor, decision_number=decision_number, decision_date=decision_date, reason=reason
        )
    if to == AwardStatus.PAID:
        return award_pay(award=award, actor=actor, paid_on=day, reason=reason)
    if to == AwardStatus.REVOKED:
        return award_revoke(award=award, actor=actor, reason=reason, revoked_at=day, decision_ref=decision_number)
    raise ValidationError({"to": [_("Trạng thái đích không hợp lệ.")]})
