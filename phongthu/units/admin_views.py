"""The administrators' page for one unit's master data: rename, validity, parent link.

Each form carries the legal basis the write is made under; the services in units/services.py
check who may act (system administrators anywhere, province administrators in their province)
and record the basis as the audit rows' reason.
"""

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

from phongthu.core import pickers, scoping
from phongthu.units import selectors, services
from phongthu.units.choices import Hierarchy
from phongthu.units.models import Unit, UnitLink
from phongthu.units.pickers import new_parents

if TYPE_CHECKING:
    from phongthu.accounts.models import User
    from phongthu.core.types import Actor

DATE = forms.DateInput(attrs={"type": "date", "class": "input"}, format="%Y-%m-%d")
TEXT = forms.TextInput(attrs={"class": "input"})


class LegalBasisForm(forms.Form):
    legal_basis = forms.CharField(
        label="Căn cứ pháp lý",
        max_length=255,
        widget=forms.TextInput(attrs={"class": "input", "placeholder": "Nghị quyết 1656/NQ-UBTVQH15"}),
        error_messages={"required": services.BASIS_REQUIRED},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in list(data.items()):
            if isinstance(value, str):
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:
                    self.add_error(name, "Văn bản có ký tự không hợp lệ; hãy gõ lại.")
        return data


class RenameForm(LegalBasisForm):
    name = forms.CharField(
        label="Tên đơn vị", max_length=255, widget=TEXT, error_messages={"required": "Hãy nhập tên đơn vị."}
    )
    short_name = forms.CharField(label="Tên ngắn", max_length=120, required=False, widget=TEXT)
    military_name = forms.CharField(label="Tên cơ quan quân sự", max_length=255, required=False, widget=TEXT)
    field_order = ["name", "short_name", "military_name", "legal_basis"]


class ValidityForm(LegalBasisForm):
    valid_from = forms.DateField(label="Hiệu lực từ", required=False, widget=DATE)
    valid_to = forms.DateField(label="Hiệu lực đến", required=False, widget=DATE)
    field_order = ["valid_from", "valid_to", "legal_basis"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")
        return data


class ReparentForm(LegalBasisForm):
    hierarchy = forms.ChoiceField(label="Hệ", choices=Hierarchy.choices, widget=forms.Select(attrs={"class": "input"}))
    parent = forms.ModelChoiceField(
        label="Đơn vị cấp trên mới",
        queryset=Unit.objects.none(),
        widget=forms.Select(attrs={"class": "input"}),
        error_messages={"required": "Hãy chọn đơn vị cấp trên.", "invalid_choice": "Đơn vị cấp trên không hợp lệ."},
    )
    on = forms.DateField(
        label="Áp dụng từ ngày", widget=DATE, error_messages={"required": "Hãy nhập ngày áp dụng (dd/mm/yyyy)."}
    )
    field_order = ["hierarchy", "parent", "on", "legal_basis"]

    def __init__(self, *args: Any, user: Actor, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        # Searched by name among the units this user administers, in force on the date applied.
        parent.queryset = new_parents(user, scoping.UNIT_ADMIN).exclude(pk=unit.pk).order_by("level", "name_sort")
        pickers.use(self, "parent", action=scoping.VIEW, date_field="on", choices="new_parents")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        pickers.check_dates(self)
        return data


FORMS: dict[str, type[forms.Form]] = {"rename": RenameForm, "validity": ValidityForm, "reparent": ReparentForm}


def _initial(unit: Unit) -> dict[str, dict[str, Any]]:
    return {
        "rename": {"name": unit.name, "short_name": unit.short_name, "military_name": unit.military_name},
        "validity": {"valid_from": unit.valid_from, "valid_to": unit.valid_to},
        "reparent": {"hierarchy": Hierarchy.CIVIL, "on": selectors.today()},
    }


def apply(op: str, unit: Unit, data: dict[str, Any], actor: User) -> Unit | UnitLink:
    """Run one administrators' operation on cleaned data (shared by the page and the API)."""
    basis = data["legal_basis"]
    if op == "rename":
        return services.unit_rename(
            unit=unit,
            name=data["name"],
            short_name=data.get("short_name", ""),
            military_name=data.get("military_name", ""),
            actor=actor,
            legal_basis=basis,
        )
    if op == "validity":
        return services.unit_set_validity(
            unit=unit, valid_from=data.get("valid_from"), valid_to=data.get("valid_to"), actor=actor, legal_basis=basis
        )
    on: datetime.date = data["on"]
    return services.unit_reparent(
        unit=unit, parent=data["parent"], on=on, hierarchy=data["hierarchy"], actor=actor, legal_basis=basis
    )


def build(
    op: str, data: Any, user: Actor, unit: Unit, initial: dict[str, Any] | None = None, prefix: str | None = None
) -> forms.Form:
    """The page prefixes each form's fields with its operation; the API sends bare names."""
    cls = FORMS[op]
    if cls is ReparentForm:
        return ReparentForm(data, user=user, unit=unit, initial=initial, prefix=prefix)
    return cls(data, initial=initial, prefix=prefix)


class UnitAdminView(LoginRequiredMixin, View):
    def unit(self, request: HttpRequest, pk: int) -> Unit:
        unit: Unit = get_object_or_404(Unit.objects.restrict(request.user, scoping.VIEW), pk=pk)
        if not services.can_admin_unit(request.user, unit):
            raise PermissionDenied("Chỉ quản trị hệ thống hoặc quản trị cấp tỉnh được sửa danh mục đơn vị.")
        return unit

    def page(self, request: HttpRequest, unit: Unit, bound: dict[str, forms.Form], status: int = 200) -> HttpResponse:
        initial = _initial(unit)
        forms_ = {op: bound.get(op) or build(op, None, request.user, unit, initial[op], prefix=op) for op in FORMS}
        return render(
            request,
            "units/unit_admin.html",
            {"object": unit, "forms": forms_, "parents": selectors.parents(unit)},
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(request, self.unit(request, pk), {})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        unit = self.unit(request, pk)
        op = request.POST.get("op", "")
        if op not in FORMS:
            messages.error(request, "Thao tác không hợp lệ.")
            return self.page(request, unit, {}, status=400)
        form = build(op, request.POST, request.user, unit, prefix=op)
        if form.is_valid():
            try:
                apply(op, unit, form.cleaned_data, cast("User", request.user))  # behind LoginRequiredMixin
            except ValidationError as exc:
                found: dict[str, list[str]] = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
                for field, errs in found.items():
                    for err in errs:
                        form.add_error(field if field in form.fields else None, err)
            else:
                messages.success(request, f"Đã cập nhật {unit.name if op != 'rename' else form.cleaned_data['name']}.")
                return HttpResponseRedirect(reverse("unit-admin", args=[unit.pk]))
        return self.page(request, unit, {op: form}, status=400)
