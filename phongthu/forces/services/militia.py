"""Status changes of militia members (SM-4). Each goes through `core.transitions.transition`
with its row of the authority table (forces/authority.py): allowed-transition table, row lock,
scope and authority re-check, model validation, history row."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from phongthu.core.transitions import transition
from phongthu.forces.choices import (
    MILITIA_TRANSITIONS,
    DefermentGround,
    EarlyReleaseGround,
    ExemptionGround,
    MilitiaStatus,
)
from phongthu.forces.models import MilitiaMember

if TYPE_CHECKING:
    from phongthu.accounts.models import User

LAW = "Luật Dân quân tự vệ 2019"
# Selection, deferment, exemption, early release and the end of the term: the commune chairman.
RECORD = "MILITIA_RECORD"
EXTEND = "MILITIA_TERM_EXTEND"


def _ground_label(choices: Any, ground: str, what: str) -> str:
    if ground not in choices.values:
        raise ValidationError({"ground": _("Hãy chọn một lý do %(w)s trong danh mục.") % {"w": what}}, code="ground")
    return str(choices(ground).label)


def _move(
    member: MilitiaMember, to: str, *, actor: User, authority: str, legal_ground: str, **kwargs: Any
) -> MilitiaMember:
    result = transition(
        member,
        to,
        actor=actor,
        allowed=MILITIA_TRANSITIONS,
        legal_ground=legal_ground,
        authority=authority,
        **kwargs,
    )
    assert isinstance(result, MilitiaMember)
    return result


def militia_member_start(
    member: MilitiaMember,
    *,
    actor: User,
    on: datetime.date | None = None,
    decision_ref: str = "",
    reason: str = "",
) -> MilitiaMember:
    """SELECTED → SERVING: the member begins the term (on the start date unless told)."""
    return _move(
        member,
        MilitiaStatus.SERVING,
        actor=actor,
        authority=RECORD,
        legal_ground=f"Điều 10 {LAW}",
        decision_ref=decision_ref or member.decision_ref,
        effective_date=on or member.start_date,
        reason=reason,
    )


def militia_member_extend(
    member: MilitiaMember,
    *,
    actor: User,
    months: int,
    on: datetime.date | None = None,
    decision_ref: str = "",
    reason: str = "",
) -> MilitiaMember:
    """SERVING → EXTENDED; ≤ 24 months except sea militia, self-defense, commanders; within the age cap."""
    if months < 1:
        raise ValidationError({"months": _("Số tháng kéo dài phải lớn hơn 0.")}, code="months")
    return _move(
        member,
        MilitiaStatus.EXTENDED,
        actor=actor,
        authority=EXTEND,
        legal_ground=f"Điều 8 khoản 2 {LAW}",
        decision_ref=decision_ref,
        effective_date=on,
        reason=reason,
        extra={"extension_months": months},
    )


def militia_member_complete(
    member: MilitiaMember,
    *,
    actor: User,
    on: datetime.date,
    decision_ref: str = "",
    reason: str = "",
) -> MilitiaMember:
    """SERVING | EXTENDED → COMPLETED on `on`, on or after the end of the (extended) term."""
    planned = member.planned_end_date
    if planned is not None and on < planned:
        raise ValidationError(
            {
                "on": _(
                    "Chưa hết thời hạn (đến %(d)s): dùng “thôi thực hiện nghĩa vụ trước thời hạn” với lý do "
                    "theo Điều 12, hoặc chọn ngày hoàn thành từ %(d)s."
                )
                % {"d": planned.strftime("%d/%m/%Y")}
            },
            code="too_early",
        )
    return _move(
        member,
        MilitiaStatus.COMPLETED,
        actor=actor,
        authority=RECORD,
        legal_ground=f"Điều 8 {LAW}",
        decision_ref=decision_ref,
        effective_date=on,
        reason=reason,
        extra={"end_date": on},
    )


def militia_member_release(
    member: MilitiaMember,
    *,
    actor: User,
    ground: str,
    on: datetime.date,
    decision_ref: str = "",
    reason: str = "",
) -> MilitiaMember:
    """SERVING | EXTENDED → RELEASED_EARLY on an Art. 12 ground, ending on `on`."""
    label = _ground_label(EarlyReleaseGround, ground, _("thôi thực hiện nghĩa vụ"))
    return _move(
        member,
        MilitiaStatus.RELEASED_EARLY,
        actor=actor,
        authority=RECORD,
        legal_ground=f"Điều 12 {LAW} — {label}",
        decision_ref=decision_ref,
        effective_date=on,
        reason=reason,
        extra={"ground": ground, "end_date": on},
    )


def militia_member_defer(
    member: MilitiaMember,
    *,
    actor: User,
    ground: str,
    on: datetime.date | None = None,
    decision_ref: str = "",
    reason: str = "",
) -> MilitiaMember:
    """SELECTED → DEFERRED on an Art. 11 deferment ground."""
    label = _ground_label(DefermentGround, ground, _("tạm hoãn"))
    return _move(
        member,
        MilitiaStatus.DEFERRED,
        actor=actor,
        authority=RECORD,
        legal_ground=f"Điều 11 {LAW} — {label}",
        decision_ref=decision_ref,
        effective_date=on,
        reason=reason,
        extra={"ground": ground},
    )


def militia_member_resume(
    member: MilitiaMember,
    *,
    actor: User,
    on: datetime.date | None = None,
    decision_ref: str = "",
    reason: str = "",
) -> MilitiaMember:
    """DEFERRED → SELECTED once the deferment ground has ended."""
    return _move(
        member,
        MilitiaStatus.SELECTED,
        actor=actor,
        authority=RECORD,
        legal_ground=f"Điều 11 {LAW}",
        decision_ref=decision_ref,
        effective_date=on,
        reason=reason,
        extra={"ground": ""},
    )


def militia_member_exempt(
    member: MilitiaMember,
    *,
    actor: User,
    ground: str,
    on: datetime.date | None = None,
    decision_ref: str = "",
    reason: str = "",
) -> MilitiaMember:
    """SELECTED | DEFERRED → EXEMPTED on an Art. 11 exemption ground."""
    label = _ground_label(ExemptionGround, ground, _("miễn"))
    return _move(
        member,
        MilitiaStatus.EXEMPTED,
        actor=actor,
        authority=RECORD,
        legal_ground=f"Điều 11 {LAW} — {label}",
        decision_ref=decision_ref,
        effective_date=on,
        reason=reason,
        extra={"ground": ground},
    )
