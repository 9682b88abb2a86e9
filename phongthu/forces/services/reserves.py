"""Writes of the reserve register that change a reservist's status (SM-5): assignment to a
reserve unit, release from it, removal from the register."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phongthu.core import scoping, services
from phongthu.core.transitions import transition
from phongthu.forces.choices import RESERVIST_TRANSITIONS, ReservistStatus
from phongthu.forces.models import ReserveAssignment, ReserveUnit, Reservist

LAW = "Luật Lực lượng dự bị động viên 2019"


def _move(reservist: Reservist, to: str, *, actor: Any, **kwargs: Any) -> Reservist:
    result = transition(reservist, to, actor=actor, allowed=RESERVIST_TRANSITIONS, **kwargs)
    assert isinstance(result, Reservist)
    return result


@transaction.atomic
def assign_reservist(
    *,
    reservist: Reservist,
    reserve_unit: ReserveUnit,
    post: str,
    speciality_match: str,
    assigned_date: datetime.date,
    actor: Any,
    post_speciality_code: str = "",
    decision_ref: str = "",
    note: str = "",
    reason: str = "",
) -> ReserveAssignment:
    """Place a reservist in a reserve unit (V-DBDV-1 checked by the assignment's validation)."""
    locked = Reservist.objects.select_for_update().get(pk=reservist.pk)
    scoping.assert_in_scope(locked, actor, scoping.CHANGE)
    assignment = ReserveAssignment(
        reservist=locked,
        reserve_unit=reserve_unit,
        post=post,
        post_speciality_code=post_speciality_code,
        speciality_match=speciality_match,
        assigned_date=assigned_date,
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
        effective_date=assigned_date,
        reason=reason or str(reserve_unit),
    )
    reservist.status = locked.status
    return assignment


@transaction.atomic
def release_reservist(
    *,
    assignment: ReserveAssignment,
    released_date: datetime.date,
    actor: Any,
    decision_ref: str = "",
    reason: str = "",
) -> ReserveAssignment:
    """End a current assignment; the reservist goes back to the register (RELEASED_FROM_UNIT)."""
    locked: ReserveAssignment = (
        ReserveAssignment.objects.select_for_update().select_related("reservist").get(pk=assignment.pk)
    )
    if locked.released_date is not None:
        raise ValidationError(
            _("Quân nhân đã ra khỏi đơn vị này ngày %(d)s.") % {"d": locked.released_date.strftime("%d/%m/%Y")},
            code="released",
        )
    if released_date < locked.assigned_date:
        raise ValidationError({"released_date": _("Ngày ra khỏi đơn vị không được trước ngày sắp xếp.")})
    locked.released_date = released_date
    services.object_save(obj=locked, actor=actor, reason=reason)
    _move(
        locked.reservist,
        ReservistStatus.RELEASED_FROM_UNIT,
        actor=actor,
        legal_ground=f"Điều 16 {LAW}",
        decision_ref=decision_ref,
        effective_date=released_date,
        reason=reason,
    )
    assignment.released_date = released_date
    return locked


def remove_reservist(
    *,
    reservist: Reservist,
    actor: Any,
    reason: str,
    decision_ref: str = "",
    effective_date: datetime.date | None = None,
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
        effective_date=effective_date,
        reason=reason,
    )
