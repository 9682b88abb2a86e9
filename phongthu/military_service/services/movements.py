"""Movements of a registered person (domain.md §2.2, V-NVQS-3): moving out and in between
communes, cancelling a move, temporary absence (≥ 3 months) and return."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from phongthu.core import scoping
from phongthu.core.transitions import transition
from phongthu.military_service.choices import PRESENCE_TRANSITIONS, Channel, Presence, Procedure
from phongthu.military_service.models import MilitaryServiceRegistration, RegistrationEvent
from phongthu.military_service.registration_rules import current_rules
from phongthu.military_service.services.registration import (
    LAW,
    RECORD,
    _event,
    _lock,
    _not_in_future,
    _require_registered,
    acting_office,
    service,
)
from phongthu.units.models import Unit

if TYPE_CHECKING:
    from phongthu.accounts.models import User

# Registering a temporary absence and the return (the Ministry's administrative procedure).
ABSENCE_PROCEDURE = "Quyết định 6375/QĐ-BQP (thủ tục đăng ký NVQS tạm vắng)"


def _move_presence(registration: MilitaryServiceRegistration, to: str, *, actor: User, **kwargs: Any) -> None:
    """A change of where the registered person is (present, moving, absent): the commune
    military command's record (RECORD), through the one transition mechanism."""
    transition(
        registration, to, field="presence", actor=actor, allowed=PRESENCE_TRANSITIONS, authority=RECORD, **kwargs
    )


@service
def registration_move_out(
    registration: MilitaryServiceRegistration,
    *,
    actor: User,
    on: datetime.date,
    to_unit: Unit | None = None,
    destination: str = "",
    channel: str = Channel.IN_PERSON,
    decision_ref: str = "",
    note: str = "",
) -> RegistrationEvent:
    """REG_MOVE_OUT, before leaving. The file stays with the sending commune until the receiving
    commune records REG_MOVE_IN; meanwhile that commune sees the person as incoming."""
    rules = current_rules()
    _not_in_future(on, "on", _("Ngày chuyển đi"))
    registration = _lock(registration)
    _require_registered(registration)
    if to_unit is None and not destination.strip():
        raise ValidationError({"to_unit": _("Hãy chọn xã, phường chuyển đến hoặc ghi nơi đến (ngoài tỉnh).")})
    if to_unit is not None and to_unit.pk == registration.registering_unit_id:
        raise ValidationError({"to_unit": _("Nơi chuyển đến trùng với nơi đang đăng ký.")})
    if to_unit is not None and not to_unit.is_valid_on(on):
        raise ValidationError({"to_unit": _("Đơn vị %(u)s không còn hiệu lực vào ngày chuyển.") % {"u": to_unit}})
    sending = registration.registering_unit
    _move_presence(
        registration,
        Presence.MOVING,
        actor=actor,
        legal_ground=f"Khoản 2 Điều 17 {LAW}",
        decision_ref=decision_ref,
        effective_date=on,
        reason=_("Đăng ký NVQS chuyển đi"),
        extra={"pending_to_unit": to_unit},
    )
    return _event(
        registration,
        procedure=Procedure.REG_MOVE_OUT,
        unit=sending,
        event_date=on,
        actor=actor,
        rules=rules,
        # The receiving commune must register the person within 10 working days of arrival;
        # the move-out date is the earliest arrival, so this is the earliest possible deadline.
        deadline=rules.deadline_for(Procedure.REG_MOVE_IN, on),
        from_unit=sending,
        to_unit=to_unit,
        destination=destination,
        channel=channel,
        decision_ref=decision_ref,
        note=note,
    )


@service
def registration_move_in(
    registration: MilitaryServiceRegistration,
    *,
    actor: User,
    on: datetime.date,
    arrival_date: datetime.date,
    channel: str = Channel.IN_PERSON,
    decision_ref: str = "",
    note: str = "",
) -> RegistrationEvent:
    """REG_MOVE_IN (Art. 17(2)) by the receiving commune named in the move-out, within 10
    working days of arrival (V-NVQS-3). A late registration is still recorded, marked late."""
    rules = current_rules()
    _not_in_future(on, "on", _("Ngày đăng ký chuyển đến"))
    if arrival_date > on:
        raise ValidationError({"arrival_date": _("Ngày đến không được sau ngày đăng ký chuyển đến.")})
    registration = _lock(registration)
    _require_registered(registration)
    if registration.presence != Presence.MOVING:
        raise ValidationError(
            _("Chưa có đăng ký chuyển đi của nơi cũ; hãy đề nghị nơi cũ làm thủ tục chuyển đi trước.")
        )
    unit = registration.pending_to_unit
    if unit is None:
        raise ValidationError(_("Nơi cũ không ghi xã, phường chuyển đến trong hệ thống."))
    # The receiving commune sees the incoming file (scope_extra_q) and records the move-in for
    # its own military command; nobody else may pull it.
    scoping.assert_in_scope(registration, actor, scoping.VIEW)
    acting_office(actor, RECORD, unit.pk, on)
    sending = registration.registering_unit
    # The file moves first (audited by the save signal), so the transition checks the
    # receiving commune's scope; the re-check rolls everything back for anyone else.
    registration.registering_unit = unit
    registration.save(update_fields=["registering_unit"])
    scoping.assert_in_scope(registration, actor, scoping.CHANGE)
    _move_presence(
        registration,
        Presence.PRESENT,
        actor=actor,
        legal_ground=f"Khoản 2 Điều 17 {LAW}",
        decision_ref=decision_ref,
        effective_date=on,
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
        event_date=on,
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
def registration_move_cancel(
    registration: MilitaryServiceRegistration, *, actor: User, on: datetime.date, note: str = ""
) -> MilitaryServiceRegistration:
    """The person did not leave after all: back to present at the sending commune."""
    registration = _lock(registration)
    _move_presence(
        registration,
        Presence.PRESENT,
        actor=actor,
        effective_date=on,
        reason=note or _("Hủy đăng ký chuyển đi"),
        extra={"pending_to_unit": None},
    )
    return registration


@service
def registration_absence(
    registration: MilitaryServiceRegistration,
    *,
    actor: User,
    on: datetime.date,
    leave_date: datetime.date,
    expected_return: datetime.date,
    destination: str,
    channel: str = Channel.IN_PERSON,
    note: str = "",
) -> RegistrationEvent:
    """REG_ABSENCE: leaving for ≥ 3 months (V-NVQS-3); processed within 1 day."""
    rules = current_rules()
    _not_in_future(on, "on", _("Ngày đăng ký tạm vắng"))
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
    _move_presence(
        registration,
        Presence.ABSENT,
        actor=actor,
        legal_ground=ABSENCE_PROCEDURE,
        effective_date=leave_date,
        reason=_("Đăng ký tạm vắng"),
    )
    return _event(
        registration,
        procedure=Procedure.REG_ABSENCE,
        unit=registration.registering_unit,
        event_date=on,
        actor=actor,
        rules=rules,
        reference_date=leave_date,
        expected_return=expected_return,
        destination=destination,
        channel=channel,
        note=note,
    )


@service
def registration_return(
    registration: MilitaryServiceRegistration,
    *,
    actor: User,
    on: datetime.date,
    return_date: datetime.date,
    channel: str = Channel.IN_PERSON,
    note: str = "",
) -> RegistrationEvent:
    """REG_RETURN: re-register within 10 days of returning (V-NVQS-3)."""
    _not_in_future(on, "on", _("Ngày đăng ký lại"))
    if return_date > on:
        raise ValidationError({"return_date": _("Ngày trở về không được sau ngày đăng ký lại.")})
    registration = _lock(registration)
    _move_presence(
        registration,
        Presence.PRESENT,
        actor=actor,
        legal_ground=ABSENCE_PROCEDURE,
        effective_date=return_date,
        reason=_("Trở về địa phương"),
    )
    return _event(
        registration,
        procedure=Procedure.REG_RETURN,
        unit=registration.registering_unit,
        event_date=on,
        actor=actor,
        reference_date=return_date,
        channel=channel,
        note=note,
    )
