"""Screens of the registration procedures. Each view reads through `restrict()`; every
procedure is a declared action (`military_service/actions.py`) run by `core.actions`, which
checks state, reach and authority for the UI and the API alike."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View

from phongthu.core import actions, audit, authority, scoping, xlsx
from phongthu.core.current_unit import current_unit
from phongthu.military_service import selectors
from phongthu.military_service.actions import MOVE_IN, REGISTER_FIRST
from phongthu.military_service.choices import Presence, RegisterBook
from phongthu.military_service.models import MilitaryServiceRegistration
from phongthu.military_service.registration_rules import current_rules
from phongthu.people.models import Person
from phongthu.units.models import Unit

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
                "form": REGISTER_FIRST.form(user=request.user),
                # Ticking is offered only to those who record registrations for this commune.
                "can_act": authority.allowed(request.user, REGISTER_FIRST.authority, unit.pk, today),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        """Register the ticked people at once, with the same date and channel: the declared
        first-registration action, checked for each person (state, reach, authority)."""
        unit = current_unit(request, refuse_out_of_reach=False, required=True)
        back = f"{request.path}?unit={unit.pk}&year={request.POST.get('year', '')}"
        ids = [int(x) for x in request.POST.getlist("person") if x.isdigit() and len(x) < 12]
        if not ids:
            messages.error(request, _("Hãy đánh dấu những công dân cần đăng ký."))
            return HttpResponseRedirect(back)
        form = REGISTER_FIRST.form(data=request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, actions.error_text(actions.form_errors(form)))
            return HttpResponseRedirect(back)
        people = Person.objects.restrict(request.user, scoping.VIEW).filter(pk__in=ids).order_by("name_sort")
        done, failed = actions.perform_many(REGISTER_FIRST, people, request.user, request.POST)
        if done:
            messages.success(request, _("Đã đăng ký %(n)d công dân.") % {"n": done})
        for text in failed:
            messages.error(request, text)
        return HttpResponseRedirect(back)


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
            # Offered only to the receiving commune's staff (authority), with the action's own form.
            offered = MOVE_IN in actions.offered(registration, request.user)
            # Field names as the action endpoint reads them; ids unique per row.
            form = MOVE_IN.form(user=request.user, record=registration, auto_id=f"in{registration.pk}_%s")
            rows.append((registration, out, deadline, bool(deadline and deadline < today), form if offered else None))
        return render(
            request,
            "military_service/movements.html",
            {
                "unit": unit,
                "units": unit_choices(request),
                "incoming": rows,
                "can_act": any(row[4] is not None for row in rows),
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
        with translation.override("vi"):  # the audit row and the register's file are Vietnamese
            written = f"{RegisterBook(book).label} — {unit.name}"
        # Personal data: printing or downloading the register is logged like any export.
        audit.log_export(MilitaryServiceRegistration, registrations, f"{written} ({len(rows)} dòng)")
        if action == scoping.EXPORT:
            with translation.override("vi"):
                sheet = xlsx.Sheet(
                    name="So dang ky",
                    title=[written.upper()],
                    header=[str(name) for name in BOOK_COLUMNS],
                    rows=[_book_row(i, r) for i, r in enumerate(registrations, start=1)],
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
