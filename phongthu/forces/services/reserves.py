"""Writes of the reserve register that change a reservist's status (SM-5): assignment to a
reserve unit, release from it, removal from the register — each under RESERVE_RECORD."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phongthu.core import scoping, services
from phongthu.core.transitions import transition
from phongthu.forces.choices import RESERVIST_TRANSITIONS, ReservistStatus
from phongthu.forces.models import ReserveAssignment, ReserveUnit, Reservist

if TYPE_CHECKING:
    from phongthu.accounts.models import User

LAW = "Luật Lực lượng dự bị động viên 2019"
RECORD = "RESERVE_RECORD"


def _move(reservist: Reservist, to: str, *, actor: User, **kwargs: Any) -> Reservist:
    result = transition(reservist, to, actor=actor, allowed=RESERVIST_TRANSITIONS, authority=RECORD, **kwargs)
    assert isinstance(result, Reservist)
    return result


@transaction.atomic
def reservist_assign(
    reservist: Reservist,
    *,
    actor: User,
    reserve_unit: ReserveUnit,
    post: str,
    speciality_match: str,
    on: datetime.date,
    post_speciality_code: str = "",
    decision_ref: str = "",
    note: str = "",
    reason: str = "",
) -> ReserveAssignment:
    """Place a reservist in a reserve unit on `on` (V-DBDV-1 checked by the assignment's validation)."""
    locked = Reservist.objects.select_for_update().get(pk=reservist.pk)
    scoping.assert_in_scope(locked, actor, scoping.CHANGE)
    assignment = ReserveAssignment(
        reservist=locked,
        reserve_unit=reserve_unit,
        post=post,
        post_speciality_code=post_speciality_code,
        speciality_match=speciality_match,
        assigned_date=on,
        decision_ref=decision_ref,
        note=note,
    )
    assignment.full_clean()
    services.object_save(obj=assignment, actor=actor, reason=reason)
    _move(
        locked,
        ReservistStatus.ASSIGNED_TO_UNIT,
        actor=actor,
        legal_ground=f"Điều 16 {LAW}",
        decision_ref=decision_ref,
        effective_date=on,
        reason=reason or str(reserve_unit),
    )
    reservist.status = locked.status
    return assignment


@transaction.atomic
def reservist_release(
    reservist: Reservist,
    *,
    actor: User,
    on: datetime.date,
    decision_ref: str = "",
    reason: str = "",
) -> ReserveAssignment:
    """End the current assignment on `on`; the reservist goes back to the register (RELEASED_FROM_UNIT)."""
    locked: ReserveAssignment | None = (
        ReserveAssignment.objects.select_for_update()
        .select_related("reservist")
        .filter(reservist=reservist, released_date__isnull=True)
        .first()
    )
    if locked is None:
        raise ValidationError(_("Quân nhân không ở đơn vị DBĐV nào."), code="not_assigned")
    if on < locked.assigned_date:
        raise ValidationError({"on": _("Ngày ra khỏi đơn vị không được trước ngày sắp xếp.")})
    locked.released_date = on
    services.object_save(obj=locked, actor=actor, reason=reason)
    _move(
        locked.reservist,
        ReservistStatus.RELEASED_FROM_UNIT,
        actor=actor,
        legal_ground=f"Điều 16 {LAW}",
        decision_ref=decision_ref,
        effective_date=on,
        reason=reason,
    )
    reservist.status = ReservistStatus.RELEASED_FROM_UNIT
    return locked


def reservist_remove(
    reservist: Reservist,
    *,
    actor: User,
    reason: str,
    on: datetime.date | None = None,
    decision_ref: str = "",
) -> Reservist:
    """Take a reservist off the register (age limit, death, …); never while in a unit."""
    if ReserveAssignment.objects.filter(reservist=reservist, released_date__isnull=True).exists():
        raise ValidationError(
            _("Quân nhân đang ở một đơn vị DBĐV: hãy cho ra khỏi đơn vị trước khi đưa ra khỏi danh sách."),
            code="assigned",
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Hãy ghi lý do đưa ra khỏi danh sách (hết tuổi, chết, …).")})
    return _move(
        reservist,
        ReservistStatus.REMOVED,
        actor=actor,
        legal_ground="Luật NVQS 2015 Điều 24–26; Luật Sĩ quan Điều 38",
        decision_ref=decision_ref,
        effective_date=on,
        reason=reason,
    )
