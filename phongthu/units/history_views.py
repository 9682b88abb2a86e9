"""Administrators' screens for the tree's history: record a lineage event (merge, split,
rename, re-parenting) and keep a province's Ban CHPTKV (create, close, re-compose). Names and
codes are typed one per line and resolved against the event's date; each write names its legal
basis. Excel imports of the same data: `units/importers.py` (the import wizard)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View

from phongthu.core import scoping
from phongthu.core.imports.results import CellError
from phongthu.units import selectors, services
from phongthu.units.admin_views import DATE, TEXT, LegalBasisForm
from phongthu.units.choices import Hierarchy, Kind, Level, LineageKind
from phongthu.units.crud import parse_day
from phongthu.units.importers import resolve_unit
from phongthu.units.models import Unit, UnitLink, valid_on

if TYPE_CHECKING:
    from phongthu.accounts.models import User

LINES = forms.Textarea(attrs={"class": "input", "rows": 4, "placeholder": "Xã An Hưng\n11599"})


def _require_admin(request: HttpRequest) -> None:
    if not scoping.can(request.user, scoping.UNIT_ADMIN):
        raise PermissionDenied("Chỉ quản trị hệ thống hoặc quản trị cấp tỉnh được ghi biến động đơn vị.")


def _units(form: forms.Form, name: str, day: datetime.date, user: Any, **kw: Any) -> list[Unit]:
    found: list[Unit] = []
    for text in (form.cleaned_data.get(name) or "").splitlines():
        if not text.strip():
            continue
        try:
            unit = resolve_unit(text, day, user=user, **kw)
        except CellError as exc:
            form.add_error(name, str(exc))
            continue
        if unit not in found:
            found.append(unit)
    return found


def _apply_errors(form: forms.Form, exc: ValidationError) -> None:
    found: dict[str, list[str]] = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    for field, errs in found.items():
        for err in errs:
            form.add_error(field if field in form.fields else None, err)


class LineageForm(LegalBasisForm):
    kind = forms.ChoiceField(
        label="Loại biến động", choices=LineageKind.choices, widget=forms.Select(attrs={"class": "input"})
    )
    date = forms.DateField(label="Ngày hiệu lực", widget=DATE, error_messages={"required": "Hãy nhập ngày hiệu lực."})
    predecessors = forms.CharField(
        label="Đơn vị cũ (mỗi dòng một tên hoặc mã)", widget=LINES, error_messages={"required": "Hãy ghi đơn vị cũ."}
    )
    successors = forms.CharField(
        label="Đơn vị kế thừa (mỗi dòng một tên hoặc mã)",
        widget=LINES,
        error_messages={"required": "Hãy ghi đơn vị kế thừa."},
    )
    designated = forms.CharField(label="Đơn vị kế thừa số liệu (khi chia tách)", required=False, widget=TEXT)
    note = forms.CharField(label="Ghi chú", required=False, widget=TEXT)
    field_order = ["kind", "date", "predecessors", "successors", "designated", "legal_basis", "note"]


class LineageEntryView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        _require_admin(request)
        return render(request, "units/lineage_form.html", {"form": LineageForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        _require_admin(request)
        form = LineageForm(request.POST)
        form.is_valid()  # field errors are kept; the units are checked even when some are missing
        day: datetime.date | None = form.cleaned_data.get("date")
        if day is not None:
            olds = _units(form, "predecessors", day - datetime.timedelta(days=1), request.user)
            news = _units(form, "successors", day, request.user)
            designated = None
            if form.cleaned_data.get("designated"):
                picked = _units(form, "designated", day, request.user)
                designated = picked[0] if picked else None
            if not form.errors:
                try:
                    event = services.lineage_record(
                        kind=form.cleaned_data["kind"],
                        date=day,
                        predecessors=olds,
                        successors=news,
                        actor=cast("User", request.user),
                        legal_basis=form.cleaned_data["legal_basis"],
                        designated=designated,
                    )
                except PermissionDenied as exc:
                    form.add_error(None, str(exc))
                except ValidationError as exc:
                    _apply_errors(form, exc)
                else:
                    if form.cleaned_data.get("note"):
                        event.note = form.cleaned_data["note"]
                        event.save(update_fields=["note"])
                    messages.success(request, f"Đã ghi biến động ngày {day:%d/%m/%Y}.")
                    return HttpResponseRedirect(reverse("crud:units-unit-detail", args=[news[0].pk]) + f"?on={day}")
        return render(request, "units/lineage_form.html", {"form": form}, status=400)


class RegionCreateForm(LegalBasisForm):
    name = forms.CharField(label="Tên Ban CHPTKV", max_length=255, widget=TEXT)
    valid_from = forms.DateField(label="Thành lập từ ngày", widget=DATE)
    field_order = ["name", "valid_from", "legal_basis"]


class RegionMembersForm(LegalBasisForm):
    region = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label="Áp dụng từ ngày", widget=DATE)
    communes = forms.CharField(label="Các xã, phường (mỗi dòng một tên hoặc mã)", widget=LINES)
    field_order = ["region", "communes", "on", "legal_basis"]


class RegionCloseForm(LegalBasisForm):
    region = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label="Giải thể từ ngày", widget=DATE)
    field_order = ["region", "on", "legal_basis"]


FORMS: dict[str, type[forms.Form]] = {
    "create": RegionCreateForm,
    "members": RegionMembersForm,
    "close": RegionCloseForm,
}


class RegionsView(LoginRequiredMixin, View):
    """A province's Ban CHPTKV on a date, with the communes each covers and those none covers."""

    def province(self, request: HttpRequest, pk: int) -> Unit:
        _require_admin(request)
        province: Unit = get_object_or_404(
            Unit.objects.restrict(request.user, scoping.VIEW), pk=pk, level=Level.PROVINCE
        )
        reach = services.admin_reach(request.user)
        if reach is not None and not Unit.objects.filter(pk=province.pk, pk__in=reach).exists():
            raise PermissionDenied("Bạn chỉ quản trị các Ban CHPTKV của tỉnh mình.")
        return province

    def page(
        self, request: HttpRequest, province: Unit, bound: dict[str, forms.Form] | None = None, status: int = 200
    ) -> HttpResponse:
        day = parse_day(request.GET.get("on"))
        links = UnitLink.objects.filter(parent=province, hierarchy=Hierarchy.MILITARY, child__kind=Kind.DEFENSE_REGION)
        regions = Unit.objects.filter(pk__in=links.values("child_id")).order_by("code")
        rows = [
            (r, list(selectors.children(r, on=day, hierarchy=Hierarchy.MILITARY)) if r.is_valid_on(day) else [])
            for r in regions
        ]
        bound = bound or {}
        return render(
            request,
            "units/regions.html",
            {
                "province": province,
                "on": day,
                "rows": rows,
                "uncovered": list(services.communes_without_region(province, day))
                if day >= datetime.date(2025, 7, 1)
                else [],
                "create_form": bound.get("create") or RegionCreateForm(initial={"valid_from": day}),
                "failed": [f for op, f in bound.items() if op != "create"],
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(request, self.province(request, pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        province = self.province(request, pk)
        op = request.POST.get("op", "")
        if op not in FORMS:
            messages.error(request, "Thao tác không hợp lệ.")
            return self.page(request, province, status=400)
        form = FORMS[op](request.POST)
        actor = cast("User", request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if op == "create":
                    services.defense_region_create(
                        province=province,
                        name=data["name"],
                        valid_from=data["valid_from"],
                        actor=actor,
                        legal_basis=data["legal_basis"],
                    )
                else:
                    region = get_object_or_404(
                        Unit, pk=data["region"], kind=Kind.DEFENSE_REGION, parent_links__parent=province
                    )
                    if op == "close":
                        services.defense_region_close(
                            region=region, on=data["on"], actor=actor, legal_basis=data["legal_basis"]
                        )
                    else:
                        communes = _units(form, "communes", data["on"], actor)
                        wrong = [
                            c.name
                            for c in communes
                            if c.level != Level.COMMUNE
                            or not c.parent_links.filter(valid_on(data["on"]), parent=province).exists()
                        ]
                        if wrong:
                            form.add_error("communes", "Không phải xã, phường của tỉnh: " + ", ".join(wrong) + ".")
                        if not form.errors:
                            services.defense_region_set_members(
                                region=region,
                                communes=communes,
                                on=data["on"],
                                actor=actor,
                                legal_basis=data["legal_basis"],
                            )
            except ValidationError as exc:
                _apply_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            if not form.errors:
                messages.success(request, "Đã cập nhật Ban CHPTKV.")
                return HttpResponseRedirect(
                    reverse("unit-regions", args=[province.pk]) + f"?on={request.GET.get('on', '')}"
                )
        return self.page(request, province, {op: form}, status=400)
