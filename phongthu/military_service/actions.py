"""The registration procedures (SM-1, domain.md §2.2) as declared actions (`core.actions`).

Steps that may open the file (first registration, Art. 13 bar, Art. 14 exemption) act on the
person; every other step acts on the file (`MilitaryServiceRegistration`). The file's unit is
its registering commune, except the move-in, recorded by the receiving commune: its staff may
only read the file until then, and the authority table decides who records it.
"""

from __future__ import annotations

from phongthu.core import actions, scoping
from phongthu.military_service import authority as _rows  # noqa: F401  (the codes these actions name)
from phongthu.military_service import forms, services
from phongthu.military_service.choices import REGISTERED_STATUSES, Presence, RegistrationStatus, RemovalReason
from phongthu.military_service.models import MilitaryServiceRegistration
from phongthu.people.models import Person

S = RegistrationStatus
Reg = MilitaryServiceRegistration
RECORD = "REGISTRATION_RECORD"
REMOVE = "REGISTRATION_REMOVE"


def file_of(person: Person) -> Reg | None:
    return Reg.objects.filter(person_id=person.pk).first()


def person_unit(person: Person) -> int | None:
    """The commune that keeps the person's file, else the one they live in."""
    found = Reg.objects.filter(person_id=person.pk).values_list("registering_unit_id", flat=True).first()
    return found if found is not None else person.residence_unit_id


def may_register_first(person: Person) -> bool:
    reg = file_of(person)
    if reg is None or reg.status == S.NOT_YET_REGISTRABLE:
        return True
    if reg.status == S.BARRED_FROM_REGISTRATION:
        return not reg.legal_status
    return reg.status == S.REMOVED and reg.removal_reason == RemovalReason.ART13 and not reg.legal_status


def may_bar(person: Person) -> bool:
    reg = file_of(person)
    return reg is None or (reg.status in (S.NOT_YET_REGISTRABLE, *REGISTERED_STATUSES) and not reg.legal_status)


def may_exempt(person: Person) -> bool:
    reg = file_of(person)
    return reg is None or reg.status in (
        S.NOT_YET_REGISTRABLE,
        S.BARRED_FROM_REGISTRATION,
        S.REGISTERED_READY,
        S.RESERVE,
    )


REGISTER_FIRST = actions.Action(
    name="register_first",
    label="Đăng ký NVQS lần đầu",
    service=services.registration_first,
    authority=RECORD,
    form=forms.RegisterFirstForm,
    when=may_register_first,
    unit=person_unit,
    bulk=True,
    help="Số giấy chứng nhận: giấy do Chủ tịch UBND cấp xã ký (trước 1/7/2025: Chỉ huy trưởng Ban CHQS cấp huyện).",
)

actions.register(
    Person,
    REGISTER_FIRST,
    actions.Action(
        name="bar",
        label="Không được đăng ký (Điều 13)",
        service=services.registration_bar,
        authority=RECORD,
        form=forms.BarForm,
        when=may_bar,
        unit=person_unit,
        help="Người đã đăng ký sẽ được đưa ra khỏi danh sách đăng ký (khoản 1 Điều 13).",
    ),
    actions.Action(
        name="exempt",
        label="Miễn đăng ký (Điều 14)",
        service=services.registration_exempt,
        authority=RECORD,
        form=forms.ExemptForm,
        when=may_exempt,
        unit=person_unit,
        confirm="Miễn đăng ký không chuyển lại được về đăng ký sẵn sàng nhập ngũ.",
    ),
)

MOVE_IN = actions.Action(
    name="move_in",
    label="Đăng ký chuyển đến",
    service=services.registration_move_in,
    authority=RECORD,
    form=forms.MoveInForm,
    state_field="presence",
    states=frozenset({Presence.MOVING}),
    when=lambda r: r.status in REGISTERED_STATUSES and r.pending_to_unit_id is not None,
    unit=lambda r: r.pending_to_unit_id,
    reach=scoping.VIEW,
    help="Do Ban CHQS xã, phường nơi chuyển đến thực hiện, trong 10 ngày làm việc kể từ ngày đến.",
)

actions.register(
    Reg,
    actions.Action(
        name="move_out",
        label="Đăng ký chuyển đi",
        service=services.registration_move_out,
        authority=RECORD,
        form=forms.MoveOutForm,
        states=REGISTERED_STATUSES,
        when=lambda r: r.presence != Presence.MOVING,
        task=False,  # a tool, not work waiting
    ),
    actions.Action(
        name="move_cancel",
        label="Hủy đăng ký chuyển đi",
        service=services.registration_move_cancel,
        authority=RECORD,
        form=forms.DatedNoteForm,
        state_field="presence",
        states=frozenset({Presence.MOVING}),
    ),
    MOVE_IN,
    actions.Action(
        name="absence",
        label="Đăng ký tạm vắng",
        service=services.registration_absence,
        authority=RECORD,
        form=forms.AbsenceForm,
        states=REGISTERED_STATUSES,
        when=lambda r: r.presence == Presence.PRESENT,
        task=False,  # a tool, not work waiting
    ),
    actions.Action(
        name="return",
        label="Đăng ký lại khi trở về",
        service=services.registration_return,
        authority=RECORD,
        form=forms.ReturnForm,
        state_field="presence",
        states=frozenset({Presence.ABSENT}),
    ),
    actions.Action(
        name="supplement",
        label="Đăng ký bổ sung",
        service=services.registration_supplement,
        authority=RECORD,
        form=forms.SupplementForm,
        states=REGISTERED_STATUSES,
        task=False,  # a tool, not work waiting
    ),
    actions.Action(
        name="reserve",
        label="Đăng ký ngạch dự bị",
        service=services.registration_reserve,
        authority=RECORD,
        form=forms.ReserveForm,
        states=frozenset({S.IN_SERVICE_ARMY, S.IN_SERVICE_POLICE, S.COMPLETED_SERVICE_RECOGNISED, S.REGISTERED_READY}),
        task=False,  # a tool, not work waiting
    ),
    actions.Action(
        name="bar_clear",
        label="Hết thời hạn Điều 13",
        service=services.registration_bar_clear,
        authority=RECORD,
        form=forms.DatedNoteForm,
        when=lambda r: bool(r.legal_status),
        help="Sau đó hãy đăng ký NVQS cho công dân.",
    ),
    actions.Action(
        name="remove",
        label="Đưa ra khỏi danh sách",
        service=services.registration_remove,
        authority=REMOVE,
        form=forms.RemoveForm,
        states=frozenset(set(S.values) - {S.REMOVED}),
        danger=True,
        confirm="Quyết định đưa công dân ra khỏi danh sách đăng ký NVQS được ghi vào hồ sơ và không hủy được.",
    ),
)
