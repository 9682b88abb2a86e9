"""Movements of a registered person (domain.md §2.2, V-NVQS-3): moving out and in between
communes, cancelling a move, temporary absence (≥ 3 months) and return."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from phongthu.core import scoping
from phongthu.core.transitions import transition
from phongthu.military_service.choices import PRESENCE_TRANSITIONS, Channel, Presence, Procedure
from phongthu.military_service.models import MilitaryServiceRegistration, RegistrationEvent
from phongthu.military_service.registration_rules import current_rules
from phongthu.military_service.services.registration import (
    LAW,
    _event,
    _lock,
    _not_in_future,
    _require_registered,
    service,
)
from phongthu.units.models import Unit


@service
def registration_move_out(
    *,
    registration: MilitaryServiceRegistration,
    date: datetime.date,
    actor: Any,
    to_unit: Unit | None = None,
    destination: str = "",
    channel: str = Channel.IN_PERSON,
    decision_ref: str = "",
    note: str = "",
) -> RegistrationEvent:
    """REG_MOVE_OUT, before leaving. The file stays with the sending commune until the receiving
    commune records REG_MOVE_IN; meanwhile that commune sees the person as incoming."""
    rules = current_rules()
    _not_in_future(date, "date", _("Ngày chuyển đi"))
    registration = _lock(registration)
    _require_registered(registration)
    if to_unit is None and not destination.strip():
        raise ValidationError({"to_unit": _("Hãy chọn xã, phường chuyển đến hoặc ghi nơi đến (ngoài tỉnh).")})
    if to_unit is not None and to_unit.pk == registration.registering_unit_id:
        raise ValidationError({"to_unit": _("Nơi chuyển đến trùng với nơi đang đăng ký.")})
    if to_unit is not None and not to_unit.is_valid_on(date):
        raise ValidationError({"to_unit": _("Đơn vị %(u)s không còn hiệu lực vào ngày chuyển.") % {"u": to_unit}})
    sending = registration.registering_unit
    transition(
        registration,
        Presence.MOVING,
        field="presence",
        actor=actor,
        allowed=PRESENCE_TRANSITIONS,
        legal_ground=f"Khoản 2 Điều 17 {LAW}",
        decision_ref=decision_ref,
        effective_date=date,
        reason=_("Đăng ký NVQS chuyển đi"),
        extra={"pending_to_unit": to_unit},
    )
    return _event(
        registration,
        procedure=Procedure.REG_MOVE_OUT,
        unit=sending,
        event_date=date,
        actor=actor,
        rules=rules,
        # The receiving commune must register the person within 10 working days of arrival;
        # the move-out date is the earliest arrival, so this is the earliest possible deadline.
        deadline=rules.deadline_for(Procedure.REG_MOVE_IN, date),
        from_unit=sending,
        to_unit=to_unit,
        destination=destination,
        channel=channel,
        decision_ref=decision_ref,
        note=note,
    )


@service
def registration_move_in(
    *,
    registration: MilitaryServiceRegistration,
    unit: Unit,
    arrival_date: datetime.date,
    date: datetime.date,
    actor: Any,
    channel: str = Channel.IN_PERSON,
    decision_ref: str = "",
    note: str = "",
) -> RegistrationEvent:
    """REG_MOVE_IN (Art. 17(2)): within 10 working days of arrival (V-NVQS-3). A late
    registration is still recorded, marked late (`on_time = False`)."""
    rules = current_rules()
    _not_in_future(date, "date", _("Ngày đăng ký chuyển đến"))
    if arrival_date > date:
        raise ValidationError({"arrival_date": _("Ngày đến không được sau ngày đăng ký chuyển đến.")})
    registration = _lock(registration)
    _require_registered(registration)
    if registration.presence != Presence.MOVING:
        raise ValidationError(
            _("Chưa có đăng ký chuyển đi của nơi cũ; hãy đề nghị nơi cũ làm thủ tục chuyển đi trước.")
        )
    if registration.pending_to_unit_id not in (None, unit.pk):
        raise ValidationError(
            {"unit": _("Nơi cũ ghi chuyển đến %(u)s, không phải đơn vị này.") % {"u": registration.pending_to_unit}}
        )
    # The receiving commune sees the incoming file (scope_extra_q); nobody else may pull it.
    scoping.assert_in_scope(registration, actor, scoping.VIEW)
    sending = registration.registering_unit
    # The file moves first (audited by the save signal), so the transition checks the
    # receiving commune's scope; the re-check rolls everything back for anyone else.
    registration.registering_unit = unit
    registration.save(update_fields=["registering_unit"])
    scoping.assert_in_scope(registration, actor, scoping.CHANGE)
    transition(
        registration,
        Presence.PRESENT,
        field="presence",
        actor=actor,
        allowed=PRESENCE_TRANSITIONS,
        legal_ground=f"Khoản 2 Điều 17 {LAW}",
        decision_ref=decision_ref,
        effective_date=date,
        reason=_("Đăng ký NVQS chuyển đến"),
        extra={"pending_to_unit": None},
    )
    person = registration.person
    if person.residence_unit_id != unit.pk:
        person.residence_unit = unit
        person.save(update_fields=["residence_unit"])
        scoping.assert_in_scope(person, actor, scoping.CHANGE)
    return _event(
        registration,
        procedure=Procedure.REG_MOVE_IN,
        unit=unit,
        event_date=date,
        actor=actor,
        rules=rules,
        reference_date=arrival_date,
        from_unit=sending,
        to_unit=unit,
        channel=channel,
        decision_ref=decision_ref,
        note=note,
    )


@service
def registration_cancel_move_out(
    *, registration: MilitaryServiceRegistration, date: datetime.date, actor: Any, note: str = ""
) -> MilitaryServiceRegistration:
    """The person did not leave after all: back to present at the sending commune."""
    registration = _lock(registration)
    transition(
        registration,
        Presence.PRESENT,
        field="presence",
        actor=actor,
        allowed=PRESENCE_TRANSITIONS,
        effective_date=date,
        reason=note or _("Hủy đăng ký chuyển đi"),
        extra={"pending_to_unit": None},
    )
    return registration


@service
def registration_record_absence(
    *,
    registration: MilitaryServiceRegistration,
    leave_date: datetime.date,
    expected_return: datetime.date,
    destination: str,
    date: datetime.date,
    actor: Any,
    channel: str = Channel.IN_PERSON,
    note: str = "",
) -> RegistrationEvent:
    """REG_ABSENCE: leaving for ≥ 3 months (V-NVQS-3); processed within 1 day."""
    rules = current_rules()
    _not_in_future(date, "date", _("Ngày đăng ký tạm vắng"))
    months = (expected_return.year - leave_date.year) * 12 + expected_return.month - leave_date.month
    if expected_return.day < leave_date.day:
        months -= 1
    if expected_return <= leave_date:
        raise ValidationError({"expected_return": _("Ngày dự kiến trở về phải sau ngày đi.")})
    if months < rules.absence_min_months:
        raise ValidationError(
            {
                "expected_return": _(
                    "Đăng ký tạm vắng khi vắng mặt từ %(n)d tháng trở lên; thời gian vắng ghi là dưới %(n)d tháng."
                )
                % {"n": rules.absence_min_months}
            }
        )
    if not destination.strip():
        raise ValidationError({"destination": _("Hãy ghi nơi đến (địa chỉ tạm trú, nơi làm việc, học tập).")})
    registration = _lock(registration)
    _require_registered(registration)
    transition(
        registration,
        Presence.ABSENT,
        field="presence",
        actor=actor,
        allowed=PRESENCE_TRANSITIONS,
        legal_ground="Quyết định 6375/QĐ-BQP (thủ tục đăng ký NVQS tạm vắng)",
        effective_date=leave_date,
        reason=_("Đăng ký tạm vắng"),
    )
    return _event(
        registration,
        procedure=Procedure.REG_ABSENCE,
        unit=registration.registering_unit,
        event_date=date,
        actor=actor,
        rules=rules,
        reference_date=leave_date,
        expected_return=expected_return,
        destination=destination,
        channel=channel,
        note=note,
    )


@service
def registration_record_return(
    *,
    registration: MilitaryServiceRegistration,
    return_date: datetime.date,
    date: datetime.date,
    actor: Any,
    channel: str = Channel.IN_PERSON,
    note: str = "",
) -> RegistrationEvent:
    """REG_RETURN: re-register within 10 days of returning (V-NVQS-3)."""
    _not_in_future(date, "date", _("Ngày đăng ký lại"))
    if return_date > date:
        raise ValidationError({"return_date": _("Ngày trở về không được sau ngày đăng ký lại.")})
    registration = _lock(registration)
    transition(
        registration,
        Presence.PRESENT,
        field="presence",
        actor=actor,
        allowed=PRESENCE_TRANSITIONS,
        legal_ground="Quyết định 6375/QĐ-BQP (thủ tục đăng ký NVQS tạm vắng)",
        effective_date=return_date,
        reason=_("Trở về địa phương"),
    )
    return _event(
        registration,
        procedure=Procedure.REG_RETURN,
        unit=registration.registering_unit,
        event_date=date,
        actor=actor,
        reference_date=return_date,
        channel=channel,
        note=note,
    )
