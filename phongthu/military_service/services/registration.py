"""Writes of the military-service registry (domain.md §2.2, SM-1, V-NVQS-1..3).

Each service takes the record first (the person for steps that may open the file, else the
file) and keyword arguments named like its action form's fields (`military_service/actions.py`);
`on` is the day of the step. Each runs in one transaction, changes status and presence only
through `core.transitions.transition` (row lock, allowed table, authority, StatusChange + audit
rows), and checks the authority table itself for writes that are not transitions, so a direct
call (import, command, test) is held to the same rule as the UI and the API.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongthu.core import authority, scoping
from phongthu.core.actions import current_office
from phongthu.core.context import change_context, current
from phongthu.core.services import object_save
from phongthu.core.transitions import transition
from phongthu.military_service.choices import (
    ALLOWED_TRANSITIONS,
    REGISTERED_STATUSES,
    Channel,
    LegalStatus,
    Procedure,
    RegisterBook,
    RegistrationStatus,
    RemovalReason,
)
from phongthu.military_service.models import MilitaryServiceRegistration, RegistrationEvent
from phongthu.military_service.registration_rules import RegistrationRules, current_rules
from phongthu.people.models import Person
from phongthu.units.models import Unit

if TYPE_CHECKING:
    from phongthu.accounts.models import User

LAW = "Luật Nghĩa vụ quân sự 2015"
S = RegistrationStatus
# Authority rows (military_service/authority.py).
RECORD = "REGISTRATION_RECORD"
CERTIFY = "REGISTRATION_CERTIFY"
REMOVE = "REGISTRATION_REMOVE"
P = ParamSpec("P")
R = TypeVar("R")


def service(fn: Callable[P, R]) -> Callable[P, R]:
    """One transaction; the actor is the audited user when no request or job bound one."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        actor = kwargs.get("actor")
        if current().user is None and actor is not None:
            with change_context(user=actor), transaction.atomic():
                return fn(*args, **kwargs)
        with transaction.atomic():
            return fn(*args, **kwargs)

    return wrapper


# What a supplementary registration (REG_SUPPLEMENT) may change, per record.
SUPPLEMENT_PERSON_FIELDS = frozenset(
    {
        "education_grade",
        "training_level",
        "studying",
        "higher_education_completed",
        "occupation",
        "workplace",
        "phone",
        "residence_address",
        "temporary_address",
        "party_member",
        "union_member",
    }
)
SUPPLEMENT_REGISTRATION_FIELDS = frozenset({"military_speciality", "rank", "reserve_group", "note"})


def _today() -> datetime.date:
    return timezone.localdate()


def _not_in_future(value: datetime.date, field: str, label: str) -> None:
    if value > _today():
        raise ValidationError({field: _("%(label)s không được sau ngày hôm nay.") % {"label": label}})


def acting_office(actor: User, code: str, unit_id: int, on: datetime.date) -> authority.OfficeAnswer:
    """The office the actor acts for: the one `actions.perform()` already checked, or checked now."""
    office = current_office()
    if office is not None and office.rule.action == code:
        return office
    return authority.require(actor, code, unit_id, on)


def file_unit(person: Person) -> Unit:
    """Where the person's file is kept: its registering commune, else their residence."""
    registration = MilitaryServiceRegistration.objects.filter(person=person).select_related("registering_unit").first()
    return registration.registering_unit if registration is not None else person.residence_unit


def _lock(registration: MilitaryServiceRegistration) -> MilitaryServiceRegistration:
    locked: MilitaryServiceRegistration = MilitaryServiceRegistration.objects.select_for_update().get(
        pk=registration.pk
    )
    return locked


def _event(
    registration: MilitaryServiceRegistration,
    *,
    procedure: str,
    unit: Unit,
    event_date: datetime.date,
    actor: User,
    rules: RegistrationRules | None = None,
    reference_date: datetime.date | None = None,
    deadline: datetime.date | None = None,
    **fields: Any,
) -> RegistrationEvent:
    rules = rules or current_rules()
    if deadline is None and reference_date is not None:
        deadline = rules.deadline_for(procedure, reference_date)
    event = RegistrationEvent(
        registration=registration,
        procedure=procedure,
        unit=unit,
        event_date=event_date,
        reference_date=reference_date,
        deadline=deadline,
        on_time=None if deadline is None else event_date <= deadline,
        **fields,
    )
    event.full_clean()
    object_save(obj=event, actor=actor)
    return event


def _check_first_registration(
    person: Person, day: datetime.date, rules: RegistrationRules, female_profession: bool
) -> None:
    """V-NVQS-1: men in the year they turn 17 (or older, registering late); women from 18 in the
    professions of Decree 14/2016."""
    if person.sex == "female":
        if not female_profession:
            raise ValidationError(
                _(
                    "Công dân nữ chỉ đăng ký NVQS khi có ngành, nghề chuyên môn phù hợp yêu cầu của Quân đội "
                    "(Nghị định 14/2016/NĐ-CP). Hãy đánh dấu 'có ngành nghề phù hợp' nếu đúng."
                )
            )
        if person.age_on(day) < rules.female_registration_age:
            raise ValidationError(
                _("Công dân nữ phải đủ %(n)d tuổi mới đăng ký NVQS.") % {"n": rules.female_registration_age}
            )
        return
    birth_year = rules.first_registration_birth_year(day.year)
    if person.date_of_birth.year > birth_year:
        raise ValidationError(
            _(
                "Năm %(year)d chỉ đăng ký lần đầu cho công dân nam sinh năm %(born)d (đủ %(age)d tuổi trong năm) "
                "hoặc sinh trước đó; %(name)s sinh năm %(dob)d chưa đến tuổi đăng ký."
            )
            % {
                "year": day.year,
                "born": birth_year,
                "age": rules.first_registration_age,
                "name": person.full_name,
                "dob": person.date_of_birth.year,
            }
        )


@service
def registration_first(
    person: Person,
    *,
    actor: User,
    on: datetime.date,
    channel: str = Channel.IN_PERSON,
    certificate_no: str = "",
    decision_ref: str = "",
    female_profession: bool = False,
    note: str = "",
) -> RegistrationEvent:
    """REG_FIRST (Art. 16): open (or reopen) the person's file as REGISTERED_READY, recorded by
    the commune military command; a certificate number is the certificate the commune chairman
    signs (the district commander before 1/7/2025), whose signer the event keeps."""
    rules = current_rules()
    _not_in_future(on, "on", _("Ngày đăng ký"))
    person = Person.objects.select_for_update().get(pk=person.pk)
    scoping.assert_in_scope(person, actor, scoping.CHANGE)
    unit = file_unit(person)
    acting_office(actor, RECORD, unit.pk, on)
    signer = acting_office(actor, CERTIFY, unit.pk, on) if certificate_no.strip() else None
    _check_first_registration(person, on, rules, female_profession)
    registration = MilitaryServiceRegistration.objects.filter(person=person).first()
    if registration is None:
        registration = MilitaryServiceRegistration(person=person, registering_unit=unit)
        object_save(obj=registration, actor=actor, reason=_("Lập hồ sơ đăng ký NVQS"))
    else:
        if registration.status == S.REMOVED and registration.removal_reason != RemovalReason.ART13:
            raise ValidationError(
                _("Hồ sơ đã được đưa ra khỏi danh sách (%(why)s); không thể đăng ký lại.")
                % {"why": registration.get_removal_reason_display() or "—"}
            )
        if S.REGISTERED_READY not in ALLOWED_TRANSITIONS.get(registration.status, frozenset()):
            raise ValidationError(
                _("%(name)s đã có hồ sơ NVQS (%(status)s); không đăng ký lần đầu lại.")
                % {"name": person.full_name, "status": registration.get_status_display()}
            )
        if registration.legal_status:
            raise ValidationError(
                _("Công dân đang thuộc trường hợp không được đăng ký (Điều 13): %(s)s. Hãy cập nhật khi hết thời hạn.")
                % {"s": registration.get_legal_status_display()}
            )
    # A man registers in the April drive of the year he turns 17; later is late (V-NVQS-1).
    drive_year = person.date_of_birth.year + rules.first_registration_age
    deadline = rules.drive_window(drive_year)[1] if person.sex == "male" else None
    transition(
        registration,
        S.REGISTERED_READY,
        actor=actor,
        allowed=ALLOWED_TRANSITIONS,
        authority=RECORD,
        legal_ground=f"Điều 16 {LAW}",
        decision_ref=decision_ref,
        effective_date=on,
        reason=_("Đăng ký NVQS lần đầu"),
        extra={
            "first_registration_date": on,
            "certificate_no": certificate_no.strip(),
            "register_book": RegisterBook.SAN_SANG_NHAP_NGU,
            "removal_reason": "",
            "removal_date": None,
        },
    )
    return _event(
        registration,
        procedure=Procedure.REG_FIRST,
        unit=unit,
        event_date=on,
        actor=actor,
        rules=rules,
        deadline=deadline,
        channel=channel,
        decision_ref=decision_ref,
        note=note,
        signer_title=signer.title if signer else "",
        signer_name=signer.holder_name if signer else "",
    )


def _open_file(person: Person, unit: Unit, actor: User) -> MilitaryServiceRegistration:
    registration = MilitaryServiceRegistration.objects.filter(person=person).first()
    if registration is None:
        registration = MilitaryServiceRegistration(person=person, registering_unit=unit)
        object_save(obj=registration, actor=actor, reason=_("Lập hồ sơ đăng ký NVQS"))
    return registration


@service
def registration_bar(
    person: Person, *, actor: User, on: datetime.date, legal_status: str, decision_ref: str = ""
) -> MilitaryServiceRegistration:
    """Art. 13: a person who may not register (prosecuted, serving a sentence, …); a registered
    person is removed from the list for it (the removal's own authority applies)."""
    if legal_status not in LegalStatus.values or not legal_status:
        raise ValidationError({"legal_status": _("Hãy chọn trường hợp cụ thể của Điều 13.")})
    _not_in_future(on, "on", _("Ngày ghi nhận"))
    unit = file_unit(person)
    acting_office(actor, RECORD, unit.pk, on)
    registration = _open_file(person, unit, actor)
    registration.legal_status = legal_status
    object_save(obj=registration, actor=actor)
    if registration.status in REGISTERED_STATUSES:
        return registration_remove(
            registration, actor=actor, on=on, reason=RemovalReason.ART13, decision_ref=decision_ref
        )
    transition(
        registration,
        S.BARRED_FROM_REGISTRATION,
        actor=actor,
        allowed=ALLOWED_TRANSITIONS,
        authority=RECORD,
        legal_ground=f"Khoản 1 Điều 13 {LAW}",
        decision_ref=decision_ref,
        effective_date=on,
        reason=str(LegalStatus(legal_status).label),
    )
    return registration


@service
def registration_bar_clear(
    registration: MilitaryServiceRegistration, *, actor: User, on: datetime.date, note: str = ""
) -> MilitaryServiceRegistration:
    """The Art. 13 measure has ended: the person may (and must) register now."""
    registration = _lock(registration)
    scoping.assert_in_scope(registration, actor, scoping.CHANGE)
    acting_office(actor, RECORD, registration.registering_unit_id, on)
    if not registration.legal_status:
        raise ValidationError(_("Hồ sơ không ghi trường hợp nào của Điều 13."))
    registration.legal_status = ""
    object_save(obj=registration, actor=actor, reason=note or _("Hết thời hạn thuộc trường hợp Điều 13"))
    return registration


@service
def registration_exempt(
    person: Person, *, actor: User, on: datetime.date, evidence: str, decision_ref: str = ""
) -> MilitaryServiceRegistration:
    """Art. 14: exempt from registration (disability, serious or chronic disease; TT 105/2023)."""
    if not evidence.strip():
        raise ValidationError({"evidence": _("Hãy ghi giấy tờ, kết luận y tế làm căn cứ miễn đăng ký.")})
    _not_in_future(on, "on", _("Ngày ghi nhận"))
    unit = file_unit(person)
    acting_office(actor, RECORD, unit.pk, on)
    registration = _open_file(person, unit, actor)
    registration.registration_exempt_disease = True
    object_save(obj=registration, actor=actor)
    transition(
        registration,
        S.EXEMPT_FROM_REGISTRATION,
        actor=actor,
        allowed=ALLOWED_TRANSITIONS,
        authority=RECORD,
        legal_ground=f"Điều 14 {LAW}; Mục III Phụ lục I Thông tư 105/2023/TT-BQP",
        decision_ref=decision_ref,
        effective_date=on,
        reason=evidence,
    )
    return registration


@service
def registration_remove(
    registration: MilitaryServiceRegistration,
    *,
    actor: User,
    on: datetime.date,
    reason: str,
    decision_ref: str = "",
    note: str = "",
) -> MilitaryServiceRegistration:
    """Art. 19 (P7): death, past the reserve age, Art. 13(1) or Art. 14. Decided by the commune
    chairman since 1/7/2025 (the district military commander before); the event keeps the signer."""
    if reason not in RemovalReason.values:
        raise ValidationError({"reason": _("Hãy chọn lý do đưa ra khỏi danh sách.")})
    _not_in_future(on, "on", _("Ngày quyết định"))
    registration = _lock(registration)
    office = acting_office(actor, REMOVE, registration.registering_unit_id, on)
    transition(
        registration,
        S.REMOVED,
        actor=actor,
        allowed=ALLOWED_TRANSITIONS,
        authority=REMOVE,
        legal_ground=f"Điều 19 {LAW}",
        decision_ref=decision_ref,
        effective_date=on,
        reason=str(RemovalReason(reason).label),
        extra={"removal_reason": reason, "removal_date": on},
    )
    _event(
        registration,
        procedure=Procedure.REMOVAL,
        unit=registration.registering_unit,
        event_date=on,
        actor=actor,
        decision_ref=decision_ref,
        note=note or str(RemovalReason(reason).label),
        signer_title=office.title,
        signer_name=office.holder_name,
    )
    return registration


def _require_registered(registration: MilitaryServiceRegistration) -> None:
    if registration.status not in REGISTERED_STATUSES:
        raise ValidationError(
            _("Thủ tục này chỉ áp dụng cho công dân đã đăng ký NVQS; hồ sơ đang ở trạng thái %(s)s.")
            % {"s": registration.get_status_display()}
        )


@service
def registration_supplement(
    registration: MilitaryServiceRegistration,
    *,
    actor: User,
    on: datetime.date,
    change_date: datetime.date,
    person_changes: Mapping[str, Any] | None = None,
    registration_changes: Mapping[str, Any] | None = None,
    channel: str = Channel.IN_PERSON,
    note: str = "",
) -> RegistrationEvent:
    """REG_SUPPLEMENT: changes of education, work, health or other personal data."""
    _not_in_future(on, "on", _("Ngày đăng ký bổ sung"))
    if change_date > on:
        raise ValidationError({"change_date": _("Ngày thay đổi không được sau ngày đăng ký bổ sung.")})
    person_changes = dict(person_changes or {})
    registration_changes = dict(registration_changes or {})
    unknown = (set(person_changes) - SUPPLEMENT_PERSON_FIELDS) | (
        set(registration_changes) - SUPPLEMENT_REGISTRATION_FIELDS
    )
    if unknown:
        raise ValidationError(_("Không đăng ký bổ sung được các mục: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    registration = _lock(registration)
    scoping.assert_in_scope(registration, actor, scoping.CHANGE)
    acting_office(actor, RECORD, registration.registering_unit_id, on)
    _require_registered(registration)
    person = Person.objects.select_for_update().get(pk=registration.person_id)
    described = []
    for obj, changes in ((person, person_changes), (registration, registration_changes)):
        changed = {k: v for k, v in changes.items() if getattr(obj, k) != v}
        if not changed:
            continue
        for key, value in changed.items():
            label = getattr(obj._meta.get_field(key), "verbose_name", key)
            described.append(f"{label}: {getattr(obj, key) or '—'} → {value or '—'}")
            setattr(obj, key, value)
        obj.full_clean()
        object_save(obj=obj, actor=actor, reason=_("Đăng ký NVQS bổ sung"))
    if not described and not note.strip():
        raise ValidationError(_("Không có thay đổi nào để đăng ký bổ sung; hãy ghi nội dung thay đổi."))
    return _event(
        registration,
        procedure=Procedure.REG_SUPPLEMENT,
        unit=registration.registering_unit,
        event_date=on,
        actor=actor,
        reference_date=change_date,
        channel=channel,
        note="; ".join([*described, *([note] if note.strip() else [])]),
    )


@service
def registration_enlist(
    registration: MilitaryServiceRegistration, *, actor: User, on: datetime.date, branch: str, decision_ref: str = ""
) -> MilitaryServiceRegistration:
    """SM-1 REGISTERED_READY → IN_SERVICE_ARMY | IN_SERVICE_POLICE, by the call-up order of the
    competent chairman (called by the campaign when a candidate is ENLISTED)."""
    target = {"ARMY": S.IN_SERVICE_ARMY, "POLICE": S.IN_SERVICE_POLICE}.get(branch)
    if target is None:
        raise ValidationError({"branch": _("Hãy chọn Quân đội (ARMY) hoặc Công an nhân dân (POLICE).")})
    transition(
        registration,
        target,
        actor=actor,
        allowed=ALLOWED_TRANSITIONS,
        authority="CALLUP_ORDER",
        legal_ground=f"Điều 42 {LAW}" if branch == "ARMY" else "Nghị định 70/2019/NĐ-CP",
        decision_ref=decision_ref,
        effective_date=on,
        reason=_("Nhập ngũ"),
    )
    return registration


@service
def registration_reserve(
    registration: MilitaryServiceRegistration,
    *,
    actor: User,
    on: datetime.date,
    return_date: datetime.date,
    reserve_grade: int,
    rank: str = "",
    military_speciality: str = "",
    decision_ref: str = "",
    channel: str = Channel.IN_PERSON,
) -> RegistrationEvent:
    """REG_RESERVE: after discharge (or completion recognition), within the configured deadline
    (15 working days; UNCERTAIN for the army, U15)."""
    _not_in_future(on, "on", _("Ngày đăng ký dự bị"))
    if return_date > on:
        raise ValidationError({"return_date": _("Ngày trở về không được sau ngày đăng ký.")})
    if reserve_grade not in (1, 2):
        raise ValidationError({"reserve_grade": _("Hạng dự bị là 1 hoặc 2.")})
    registration = _lock(registration)
    transition(
        registration,
        S.RESERVE,
        actor=actor,
        allowed=ALLOWED_TRANSITIONS,
        authority=RECORD,
        legal_ground=f"Điều 24 và Điều 25 {LAW}",
        decision_ref=decision_ref,
        effective_date=on,
        reason=_("Đăng ký phục vụ trong ngạch dự bị"),
        extra={
            "register_book": RegisterBook.QUAN_NHAN_DU_BI,
            "reserve_grade": reserve_grade,
            "rank": rank or registration.rank,
            "military_speciality": military_speciality or registration.military_speciality,
        },
    )
    return _event(
        registration,
        procedure=Procedure.REG_RESERVE,
        unit=registration.registering_unit,
        event_date=on,
        actor=actor,
        reference_date=return_date,
        channel=channel,
        decision_ref=decision_ref,
    )


@service
def registration_health_record(
    registration: MilitaryServiceRegistration,
    *,
    actor: User,
    health_class: int,
    exam_date: datetime.date,
    bmi: Decimal | float | None = None,
    myopia_diopters: Decimal | float | None = None,
    hyperopia: bool = False,
    drug_addiction: bool = False,
) -> MilitaryServiceRegistration:
    """The latest health-exam conclusion, read by the eligibility engine (campaign exams call this)."""
    registration = _lock(registration)
    registration.health_class = health_class
    registration.health_exam_date = exam_date
    registration.bmi = None if bmi is None else Decimal(str(bmi))
    registration.myopia_diopters = None if myopia_diopters is None else Decimal(str(myopia_diopters))
    registration.hyperopia = hyperopia
    registration.drug_addiction = drug_addiction
    registration.full_clean()
    object_save(obj=registration, actor=actor, reason=_("Kết quả khám sức khỏe"))
    return registration
