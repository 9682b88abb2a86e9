"""Status changes of militia members (SM-4). Each goes through `core.transitions.transition`:
allowed-transition table, row lock, scope re-check, model validation, history row."""

from __future__ import annotations

import datetime
from typing import Any

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

LAW = "Luật Dân quân tự vệ 2019"


def _ground_label(choices: Any, ground: str, what: str) -> str:
    if ground not in choices.values:
        raise ValidationError({"ground": _("Hãy chọn một lý do %(w)s trong danh mục.") % {"w": what}}, code="ground")
    return str(choices(ground).label)


def _move(member: MilitiaMember, to: str, *, actor: Any, legal_ground: str, **kwargs: Any) -> MilitiaMember:
    result = transition(member, to, actor=actor, allowed=MILITIA_TRANSITIONS, legal_ground=legal_ground, **kwargs)
    assert isinstance(result, MilitiaMember)
    return result


def start_militia_service(
    *,
    member: MilitiaMember,
    actor: Any,
    effective_date: datetime.date | None = None,
    decision_ref: str = "",
    reason: str = "",
) -> MilitiaMember:
    """SELECTED → SERVING: the member begins the term."""
    return _move(
        member,
        MilitiaStatus.SERVING,
        actor=actor,
        legal_ground=f"Điều 10 {LAW}",
        decision_ref=decision_ref or member.decision_ref,
        effective_date=effective_date or member.start_date,
        reason=reason,
    )


def extend_militia_term(
    *,
    member: MilitiaMember,
    months: int,
    actor: Any,
    decision_ref: str = "",
    reason: str = "",
    effective_date: datetime.date | None = None,
) -> MilitiaMember:
    """SERVING → EXTENDED; ≤ 24 months except sea militia, self-defense, commanders; within the age cap."""
    if months < 1:
        raise ValidationError({"months": _("Số tháng kéo dài phải lớn hơn 0.")}, code="months")
    return _move(
        member,
        MilitiaStatus.EXTENDED,
        actor=actor,
        legal_ground=f"Điều 8 khoản 2 {LAW}",
        decision_ref=decision_ref,
        effective_date=effective_date,
        reason=reason,
        extra={"extension_months": months},
    )


def complete_militia_service(
    *,
    member: MilitiaMember,
    end_date: datetime.date,
    actor: Any,
    decision_ref: str = "",
    reason: str = "",
) -> MilitiaMember:
    """SERVING | EXTENDED → COMPLETED, on or after the end of the (extended) term."""
    planned = member.planned_end_date
    if planned is not None and end_date < planned:
        raise ValidationError(
            {
                "end_date": _(
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
        legal_ground=f"Điều 8 {LAW}",
        decision_ref=decision_ref,
        effective_date=end_date,
        reason=reason,
        extra={"end_date": end_date},
    )


def release_militia_early(
    *,
    member: MilitiaMember,
    ground: str,
    end_date: datetime.date,
    actor: Any,
    decision_ref: str = "",
    reason: str = "",
) -> MilitiaMember:
    """SERVING | EXTENDED → RELEASED_EARLY on an Art. 12 ground."""
    label = _ground_label(EarlyReleaseGround, ground, _("thôi thực hiện nghĩa vụ"))
    return _move(
        member,
        MilitiaStatus.RELEASED_EARLY,
        actor=actor,
        legal_ground=f"Điều 12 {LAW} — {label}",
        decision_ref=decision_ref,
        effective_date=end_date,
        reason=reason,
        extra={"ground": ground, "end_date": end_date},
    )


def defer_militia(
    *,
    member: MilitiaMember,
    ground: str,
    actor: Any,
    decision_ref: str = "",
    reason: str = "",
    effective_date: datetime.date | None = None,
) -> MilitiaMember:
    """SELECTED → DEFERRED on an Art. 11 deferment ground."""
    label = _ground_label(DefermentGround, ground, _("tạm hoãn"))
    return _move(
        member,
        MilitiaStatus.DEFERRED,
        actor=actor,
        legal_ground=f"Điều 11 {LAW} — {label}",
        decision_ref=decision_ref,
        effective_date=effective_date,
        reason=reason,
        extra={"ground": ground},
    )


def end_militia_deferment(
    *,
    member: MilitiaMember,
    actor: Any,
    decision_ref: str = "",
    reason: str = "",
    effective_date: datetime.date | None = None,
) -> MilitiaMember:
    """DEFERRED → SELECTED once the deferment ground has ended."""
    return _move(
        member,
        MilitiaStatus.SELECTED,
        actor=actor,
        legal_ground=f"Điều 11 {LAW}",
        decision_ref=decision_ref,
        effective_date=effective_date,
        reason=reason,
        extra={"ground": ""},
    )


def exempt_militia(
    *,
    member: MilitiaMember,
    ground: str,
    actor: Any,
    decision_ref: str = "",
    reason: str = "",
    effective_date: datetime.date | None = None,
) -> MilitiaMember:
    """SELECTED | DEFERRED → EXEMPTED on an Art. 11 exemption ground."""
    label = _ground_label(ExemptionGround, ground, _("miễn"))
    return _move(
        member,
        MilitiaStatus.EXEMPTED,
        actor=actor,
        legal_ground=f"Điều 11 {LAW} — {label}",
        decision_ref=decision_ref,
        effective_date=effective_date,
        reason=reason,
        extra={"ground": ground},
    )
