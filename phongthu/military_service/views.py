"""Screens of the registration procedures. Each view reads through `restrict()` and writes only
by calling one service; scope and audit are enforced there, not here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from phongthu.core import audit, scoping, xlsx
from phongthu.core.current_unit import current_unit
from phongthu.military_service import forms as msforms
from phongthu.military_service import selectors, services
from phongthu.military_service.choices import (
    REGISTERED_STATUSES,
    Presence,
    RegisterBook,
    RegistrationStatus,
    RemovalReason,
)
from phongthu.military_service.models import MilitaryServiceRegistration
from phongthu.military_service.registration_rules import current_rules
from phongthu.people.models import Person
from phongthu.units.models import Unit

S = RegistrationStatus
Reg = MilitaryServiceRegistration | None


@dataclass(frozen=True)
class Action:
    slug: str
    title: str
    form_class: type[msforms.ProcedureForm]
    available: Callable[[Reg], bool]
    run: Callable[[Person, Reg, dict[str, Any], Any], str]


def _registered(reg: Reg) -> bool:
    return reg is not None and reg.status in REGISTERED_STATUSES


def _run_register(person: Person, reg: Reg, d: dict[str, Any], actor: Any) -> str:
    unit = reg.registering_unit if reg is not None else person.residence_unit
    event = services.registration_register_first(
        person=person,
        unit=unit,
        registration_date=d["date"],
        channel=d["channel"],
        certificate_no=d["certificate_no"],
        decision_ref=d["decision_ref"],
        female_profession=d["female_profession"],
        note=d["note"],
        actor=actor,
    )
    return _("Đã đăng ký NVQS lần đầu.") + ("" if event.on_time in (None, True) else " " + _("(đăng ký muộn)"))


def _need(reg: Reg) -> MilitaryServiceRegistration:
    if reg is None:
        raise ValidationError(_("Công dân chưa có hồ sơ NVQS."))
    return reg


def _run_move_out(person: Person, reg: Reg, d: dict[str, Any], actor: Any) -> str:
    services.registration_move_out(
        registration=_need(reg),
        date=d["date"],
        to_unit=d["to_unit"],
        destination=d["destination"],
        channel=d["channel"],
        decision_ref=d["decision_ref"],
        note=d["note"],
        actor=actor,
    )
    return _("Đã đăng ký chuyển đi; nơi đến sẽ thấy công dân trong danh sách chuyển đến.")


def _run_move_in(person: Person, reg: Reg, d: dict[str, Any], actor: Any) -> str:
    registration = _need(reg)
    if registration.pending_to_unit is None:
        raise ValidationError(_("Nơi cũ không ghi xã, phường chuyển đến trong hệ thống."))
    event = services.registration_move_in(
        registration=registration,
        unit=registration.pending_to_unit,
        arrival_date=d["arrival_date"],
        date=d["date"],
        channel=d["channel"],
        decision_ref=d["decision_ref"],
        note=d["note"],
        actor=actor,
    )
    if event.on_time is False:
        return _("Đã đăng ký chuyển đến, nhưng quá hạn 10 ngày làm việc (hạn %(d)s).") % {
            "d": event.deadline.strftime("%d/%m/%Y") if event.deadline else "—"
        }
    return _("Đã đăng ký chuyển đến.")


def _run_cancel_move(person: Person, reg: Reg, d: dict[str, Any], actor: Any) -> str:
    services.registration_cancel_move_out(registration=_need(reg), date=d["date"], note=d["note"], actor=actor)
    return _("Đã hủy đăng ký chuyển đi.")


def _run_absence(person: Person, reg: Reg, d: dict[str, Any], actor: Any) -> str:
    services.registration_record_absence(
        registration=_need(reg),
        leave_date=d["leave_date"],
        expected_return=d["expected_return"],
        destination=d["destination"],
        date=d["date"],
        channel=d["channel"],
        note=d["note"],
        actor=actor,
    )
    return _("Đã đăng ký tạm vắng.")


def _run_return(person: Person, reg: Reg, d: dict[str, Any], actor: Any) -> str:
    event = services.registration_record_return(
        registration=_need(reg), return_date=d["return_date"], date=d["date"], channel=d["channel"], note=d["note"],
        actor=actor,
    )  # fmt: skip
    return _("Đã đăng ký lại khi trở về.") + ("" if event.on_time is not False else " " + _("(quá hạn 10 ngày)"))


def _run_supplement(person: Person, reg: Reg, d: dict[str, Any], actor: Any) -> str:
    changes = {}
    for name in msforms.SupplementForm.PERSON_FIELDS:
        value = d.get(name)
        if value not in (None, ""):
            changes[name] = value
    services.registration_supplement(
        registration=_need(reg),
        change_date=d["change_date"],
        date=d["date"],
        person_changes=changes,
        channel=d["channel"],
        note=d["note"],
        actor=actor,
    )
    return _("Đã đăng ký bổ sung.")


def _run_remove(person: Person, reg: Reg, d: dict[str, Any], actor: Any) -> str:
    services.registration_remove(
        registration=_need(reg), reason=d["reason"], date=d["date"], decision_ref=d["decision_ref"], note=d["note"],
        actor=actor,
    )  # fmt: skip
    return _("Đã đưa ra khỏi danh sách đăng ký.")


def _run_bar(person: Person, reg: Reg, d: dict[str, Any], actor: Any) -> str:
    unit = reg.registering_unit if reg is not None else person.residence_unit
    services.registration_mark_barred(
        person=person, unit=unit, legal_status=d["legal_status"], date=d["date"], decision_ref=d["decision_ref"],
        actor=actor,
    )  # fmt: skip
    return _("Đã ghi nhận trường hợp không được đăng ký (Điều 13).")


def _run_clear_bar(person: Person, reg: Reg, d: dict[str, Any], actor: Any) -> str:
    services.registration_clear_barred(registration=_need(reg), date=d["date"], actor=actor)
    return _("Đã ghi nhận hết thời hạn; hãy đăng ký NVQS cho công dân.")


def _run_exempt(person: Person, reg: Reg, d: dict[str, Any], actor: Any) -> str:
    unit = reg.registering_unit if reg is not None else person.residence_unit
    services.registration_mark_exempt(
        person=person, unit=unit, date=d["date"], evidence=d["evidence"], decision_ref=d["decision_ref"], actor=actor
    )
    return _("Đã ghi nhận miễn đăng ký NVQS (Điều 14).")


def _run_reserve(person: Person, reg: Reg, d: dict[str, Any], actor: Any) -> str:
    event = services.registration_register_reserve(
        registration=_need(reg),
        return_date=d["return_date"],
        date=d["date"],
        reserve_grade=d["reserve_grade"],
        rank=d["rank"],
        military_speciality=d["military_speciality"],
        decision_ref=d["decision_ref"],
        channel=d["channel"],
        actor=actor,
    )
    return _("Đã đăng ký phục vụ trong ngạch dự bị.") + ("" if event.on_time is not False else " " + _("(quá hạn)"))


def _can_register(reg: Reg) -> bool:
    if reg is None or reg.status == S.NOT_YET_REGISTRABLE:
        return True
    if reg.status == S.BARRED_FROM_REGISTRATION:
        return not reg.legal_status
    return reg.status == S.REMOVED and reg.removal_reason == RemovalReason.ART13 and not reg.legal_status


ACTIONS: dict[str, Action] = {
    a.slug: a
    for a in (
        Action("register", _("Đăng ký NVQS lần đầu"), msforms.RegisterFirstForm, _can_register, _run_register),
        Action(
            "move-out",
            _("Đăng ký chuyển đi"),
            msforms.MoveOutForm,
            lambda r: _registered(r) and r is not None and r.presence != Presence.MOVING,
            _run_move_out,
        ),
        Action(
            "cancel-move",
            _("Hủy đăng ký chuyển đi"),
            msforms.SimpleDateForm,
            lambda r: r is not None and r.presence == Presence.MOVING,
            _run_cancel_move,
        ),
        Action(
            "absence",
            _("Đăng ký tạm vắng"),
            msforms.AbsenceForm,
            lambda r: _registered(r) and r is not None and r.presence == Presence.PRESENT,
            _run_absence,
        ),
        Action(
            "return",
            _("Đăng ký lại khi trở về"),
            msforms.ReturnForm,
            lambda r: r is not None and r.presence == Presence.ABSENT,
            _run_return,
        ),
        Action("supplement", _("Đăng ký bổ sung"), msforms.SupplementForm, _registered, _run_supplement),
        Action(
            "reserve",
            _("Đăng ký ngạch dự bị"),
            msforms.ReserveForm,
            lambda r: r is not None
            and r.status
            in (S.IN_SERVICE_ARMY, S.IN_SERVICE_POLICE, S.COMPLETED_SERVICE_RECOGNISED, S.REGISTERED_READY),
            _run_reserve,
        ),
        Action(
            "bar",
            _("Không được đăng ký (Điều 13)"),
            msforms.BarForm,
            lambda r: r is None or (r.status in (S.NOT_YET_REGISTRABLE, *REGISTERED_STATUSES) and not r.legal_status),
            _run_bar,
        ),
        Action(
            "clear-bar",
            _("Hết thời hạn Điều 13"),
            msforms.SimpleDateForm,
            lambda r: bool(r and r.legal_status),
            _run_clear_bar,
        ),
        Action(
            "exempt",
            _("Miễn đăng ký (Điều 14)"),
            msforms.ExemptForm,
            lambda r: r is None
            or r.status in (S.NOT_YET_REGISTRABLE, S.BARRED_FROM_REGISTRATION, S.REGISTERED_READY, S.RESERVE),
            _run_exempt,
        ),
        Action(
            "remove",
            _("Đưa ra khỏi danh sách"),
            msforms.RemoveForm,
            lambda r: r is not None and r.status != S.REMOVED,
            _run_remove,
        ),
    )
}


def person_panel_context(person: Person, request: HttpRequest) -> dict[str, Any]:
    """What the person page adds: the NVQS file, live eligibility, actions and the timeline."""
    today = timezone.localdate()
    registration = (
        MilitaryServiceRegistration.objects.filter(person=person)
        .select_related("registering_unit", "pending_to_unit")
        .first()
    )
    can_act = scoping.can(request.user, scoping.CHANGE)
    actions = []
    if can_act:
        actions = [
            (a.slug, a.title, a.form_class(prefix=a.slug)) for a in ACTIONS.values() if a.available(registration)
        ]
    grounds = list(registration.grounds.all()) if registration is not None else []
    return {
        "registration": registration,
        "grounds": grounds,
        "eligibility": selectors.person_eligibility(person, today),
        "timeline": selectors.person_timeline(person),
        "actions": actions,
        "today": today,
    }


def _form_errors(form: forms.Form) -> str:
    parts: list[str] = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.extend(f"{label}: {e}" if label else str(e) for e in errors)
    return " ".join(parts)


def _validation_text(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(str(m) for msgs in exc.message_dict.values() for m in msgs)
    return " ".join(str(m) for m in exc.messages)


class PersonActionView(LoginRequiredMixin, View):
    """POST one registration procedure for a person; the service decides and checks scope."""

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        spec = ACTIONS.get(action)
        if spec is None:
            raise Http404
        person = get_object_or_404(Person.objects.restrict(request.user, scoping.VIEW), pk=pk)
        registration = MilitaryServiceRegistration.objects.filter(person=person).first()
        target = f"{_person_url(person)}#nvqs"
        form = spec.form_class(request.POST, prefix=spec.slug)
        if not spec.available(registration):
            messages.error(request, _("Thủ tục '%(t)s' không áp dụng cho hồ sơ hiện tại.") % {"t": spec.title})
            return HttpResponseRedirect(target)
        if not form.is_valid():
            messages.error(request, f"{spec.title}: {_form_errors(form)}")
            return HttpResponseRedirect(target)
        try:
            text = spec.run(person, registration, form.cleaned_data, request.user)
        except ValidationError as exc:
            messages.error(request, f"{spec.title}: {_validation_text(exc)}")
            return HttpResponseRedirect(target)
        messages.success(request, text)
        return HttpResponseRedirect(target)


def _person_url(person: Person) -> str:
    from phongthu.people.crud import PersonCrud

    return PersonCrud.url("detail", person.pk)


# ---------------------------------------------------------------- unit pages


def unit_choices(request: HttpRequest) -> list[Unit]:
    """Units to pick on the registry pages: the province, regions and communes in reach today."""
    from phongthu.units.choices import Level
    from phongthu.units.models import valid_on

    visible = Unit.objects.restrict(request.user, scoping.VIEW).filter(
        valid_on(timezone.localdate()), level__in=[Level.PROVINCE, Level.REGION, Level.COMMUNE]
    )
    return list(visible.order_by("level", "name_sort"))


def _year_from(request: HttpRequest, default: int) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 1990 <= int(raw) <= 2100 else default


class DriveView(LoginRequiredMixin, View):
    """The April first-registration drive of a commune: who turns 17, who is registered, who is late."""

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        unit = current_unit(request, refuse_out_of_reach=False, required=True)
        year = _year_from(request, today.year)
        report = selectors.first_registration_drive(unit=unit, year=year, user=request.user, today=today)
        return render(
            request,
            "military_service/drive.html",
            {
                "unit": unit,
                "year": year,
                "years": list(range(today.year + 1, today.year - 6, -1)),
                "report": report,
                "units": unit_choices(request),
                "form": msforms.RegisterFirstForm(prefix="bulk"),
                "can_act": scoping.can(request.user, scoping.CHANGE),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        """Register the ticked people at once, with the same date and channel."""
        form = msforms.RegisterFirstForm(request.POST, prefix="bulk")
        unit = current_unit(request, refuse_out_of_reach=False, required=True)
        back = f"{request.path}?unit={unit.pk}&year={request.POST.get('year', '')}"
        ids = [int(x) for x in request.POST.getlist("person") if x.isdigit()]
        if not ids:
            messages.error(request, _("Hãy đánh dấu những công dân cần đăng ký."))
            return HttpResponseRedirect(back)
        if not form.is_valid():
            messages.error(request, _form_errors(form))
            return HttpResponseRedirect(back)
        done, failed = 0, []
        for person in Person.objects.restrict(request.user, scoping.VIEW).filter(pk__in=ids):
            registration = getattr(person, "registration", None)
            try:
                _run_register(person, registration, form.cleaned_data, request.user)
                done += 1
            except ValidationError as exc:
                failed.append(f"{person.full_name}: {_validation_text(exc)}")
        if done:
            messages.success(request, _("Đã đăng ký %(n)d công dân.") % {"n": done})
        for text in failed:
            messages.error(request, text)
        return HttpResponseRedirect(back)


class MoveInView(LoginRequiredMixin, View):
    """REG_MOVE_IN by the receiving commune, from its movements page: the incoming file is
    visible to it (Registration.scope_extra_q) though the person still belongs to the sender."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        registration = get_object_or_404(
            MilitaryServiceRegistration.objects.restrict(request.user, scoping.VIEW).select_related("person"), pk=pk
        )
        back = f"{reverse('military_service:movements')}?unit={request.POST.get('unit', '')}"
        form = msforms.MoveInForm(request.POST, prefix=f"in{pk}")
        if not form.is_valid():
            messages.error(request, f"{registration.person.full_name}: {_form_errors(form)}")
            return HttpResponseRedirect(back)
        try:
            text = _run_move_in(registration.person, registration, form.cleaned_data, request.user)
        except ValidationError as exc:
            messages.error(request, f"{registration.person.full_name}: {_validation_text(exc)}")
            return HttpResponseRedirect(back)
        messages.success(request, f"{registration.person.full_name}: {text}")
        return HttpResponseRedirect(_person_url(registration.person))


class MovementsView(LoginRequiredMixin, View):
    """Incoming people (moved out elsewhere, not yet registered here) and overdue returns."""

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        unit = current_unit(request, refuse_out_of_reach=False, required=True)
        rules = current_rules()
        rows = []
        for registration in selectors.incoming(unit=unit, user=request.user):
            out = selectors.last_move_out(registration)
            deadline = rules.deadline_for("REG_MOVE_IN", out.event_date) if out else None
            form = msforms.MoveInForm(prefix=f"in{registration.pk}")
            rows.append((registration, out, deadline, bool(deadline and deadline < today), form))
        return render(
            request,
            "military_service/movements.html",
            {
                "unit": unit,
                "units": unit_choices(request),
                "incoming": rows,
                "can_act": scoping.can(request.user, scoping.CHANGE),
                "overdue_returns": selectors.overdue_returns(unit=unit, user=request.user, today=today),
                "today": today,
            },
        )


BOOK_COLUMNS = [
    _("STT"),
    _("Họ và tên"),
    _("Ngày sinh"),
    _("Số CCCD"),
    _("Nơi thường trú"),
    _("Trình độ văn hóa"),
    _("Nghề nghiệp"),
    _("Ngày đăng ký"),
    _("Số GCN"),
    _("Sức khỏe"),
    _("Ghi chú"),
]


def _book_row(n: int, r: MilitaryServiceRegistration) -> list[Any]:
    p = r.person
    grade = f"{p.education_grade}/12" if p.education_grade is not None else ""
    reserve = f"{r.get_reserve_grade_display()}" if r.reserve_grade else ""
    note = " ".join(
        x for x in (reserve, r.rank, r.get_presence_display() if r.presence != Presence.PRESENT else "") if x
    )
    return [
        n,
        p.full_name,
        p.date_of_birth,
        p.id_number or "",
        " — ".join(x for x in (p.residence_address, str(p.residence_unit)) if x),
        grade,
        p.occupation,
        r.first_registration_date,
        r.certificate_no,
        f"Loại {r.health_class}" if r.health_class else "",
        note,
    ]


class RegisterBookView(LoginRequiredMixin, View):
    """The printable register (sổ đăng ký) of a commune, as a page or as XLSX; exports are audited."""

    def get(self, request: HttpRequest) -> HttpResponse:
        unit = current_unit(request, refuse_out_of_reach=False, required=True)
        book = request.GET.get("book", RegisterBook.SAN_SANG_NHAP_NGU)
        if book not in RegisterBook.values:
            book = RegisterBook.SAN_SANG_NHAP_NGU
        action = scoping.EXPORT if request.GET.get("format") == "xlsx" else scoping.VIEW
        registrations = list(selectors.register_book(unit=unit, book=book, user=request.user, action=action))
        rows = [_book_row(i, r) for i, r in enumerate(registrations, start=1)]
        title = f"{RegisterBook(book).label} — {unit.name}"
        # Personal data: printing or downloading the register is logged like any export.
        audit.log_export(MilitaryServiceRegistration, registrations, f"{title} ({len(rows)} dòng)")
        if action == scoping.EXPORT:
            sheet = xlsx.Sheet(
                name="So dang ky",
                title=[title.upper()],
                header=[str(name) for name in BOOK_COLUMNS],
                rows=rows,
                widths=[5, 26, 12, 14, 36, 10, 18, 12, 12, 9, 20],
                borders=True,
                landscape=True,
            )
            return xlsx.response(xlsx.workbook(sheet), "so-dang-ky-nvqs.xlsx")
        return render(
            request,
            "military_service/register_book.html",
            {
                "unit": unit,
                "units": unit_choices(request),
                "book": book,
                "books": RegisterBook.choices,
                "title": title,
                "columns": BOOK_COLUMNS,
                "rows": rows,
            },
        )


class ImportTemplateView(LoginRequiredMixin, View):
    """The sample file in the column layout offices use (people + registrations)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        from phongthu.core.imports import template_workbook
        from phongthu.military_service.importers import RegisterImportSpec

        return xlsx.response(template_workbook(RegisterImportSpec), "mau-so-dang-ky-nvqs.xlsx")
