"""Managing users and their role assignments (issue 13): system administrators everywhere,
province staff within their subtree, granting only roles at or below their own
(management_scope). Every write goes through the audited models (User, RoleAssignment, ApiToken)
with a reason, so the change log shows who did what."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from phongthu.accounts import tokens
from phongthu.accounts.management_scope import (
    can_manage_users,
    grantable_roles,
    grantable_units,
    managed_users,
)
from phongthu.accounts.models import AccessMode, ApiToken, RoleAssignment, User
from phongthu.core import audit, pickers, scoping
from phongthu.core.context import reason as audit_reason
from phongthu.core.text import search_key

GRANTABLE = "grantable"  # the units a manager may grant roles on (declared in AccountsConfig.ready)
DATE = forms.DateInput(attrs={"type": "date", "class": "input"}, format="%Y-%m-%d")


class AssignmentForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Vai trò"))
    unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Đơn vị"))
    include_descendants = forms.BooleanField(label=gettext_lazy("Gồm đơn vị trực thuộc"), required=False, initial=True)
    mode = forms.ChoiceField(label=gettext_lazy("Quyền"), choices=AccessMode.choices, initial=AccessMode.ENTER)
    valid_from = forms.DateField(label=gettext_lazy("Hiệu lực từ"), required=False, widget=DATE)
    valid_to = forms.DateField(label=gettext_lazy("Hiệu lực đến"), required=False, widget=DATE)

    def __init__(self, *args: Any, manager: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = grantable_roles(manager)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = grantable_units(manager)  # type: ignore[attr-defined]
        pickers.use(self, "unit", action=scoping.VIEW, date_field="valid_from", choices=GRANTABLE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pickers.check_dates(self)
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Ngày hết hiệu lực phải sau ngày bắt đầu."))
        return data


class NewUserForm(forms.Form):
    username = forms.RegexField(
        label=gettext_lazy("Tên đăng nhập"),
        regex=r"^[a-z0-9._-]{3,150}$",
        error_messages={"invalid": gettext_lazy("Chỉ dùng chữ thường không dấu, số, dấu chấm, gạch (3–150 ký tự).")},
    )
    full_name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=150)
    position = forms.CharField(label=gettext_lazy("Chức vụ"), max_length=150, required=False)

    def clean_username(self) -> str:
        name = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=name).exists():
            raise forms.ValidationError(_("Tên đăng nhập này đã có người dùng."))
        return str(name)


def _require(request: HttpRequest) -> None:
    if not can_manage_users(request.user):
        raise PermissionDenied(_("Chỉ quản trị hệ thống và cán bộ cấp tỉnh quản lý người dùng."))


def _temporary_password() -> str:
    # Letters, digits and a sign: passes the project's password validators.
    return f"Tm-{secrets.token_urlsafe(9)}-7a"


class UserListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        _require(request)
        users = managed_users(request.user).order_by("username")
        q = request.GET.get("q", "").strip()
        if q:
            key = search_key(q)
            users = users.filter(
                pk__in=[u.pk for u in users[:2000] if key in search_key(f"{u.username} {u.full_name}")]
            )
        return render(request, "accounts/users.html", {"users": list(users[:500]), "q": q})


class UserCreateView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        _require(request)
        return self.page(request, NewUserForm(), AssignmentForm(manager=request.user, prefix="a"))

    def page(self, request: HttpRequest, form: Any, assignment: Any, status: int = 200) -> HttpResponse:
        return render(request, "accounts/user_new.html", {"form": form, "assignment": assignment}, status=status)

    def post(self, request: HttpRequest) -> HttpResponse:
        _require(request)
        form = NewUserForm(request.POST)
        assignment = AssignmentForm(request.POST, manager=request.user, prefix="a")
        if not (form.is_valid() and assignment.is_valid()):
            return self.page(request, form, assignment, status=400)  # every typed value kept
        password = _temporary_password()
        with transaction.atomic(), audit_reason(_("Tạo người dùng")):
            user = User(**form.cleaned_data)
            user.set_password(password)
            user.save()
            RoleAssignment.objects.create(user=user, **assignment.cleaned_data)
        messages.success(
            request,
            _("Đã tạo %(u)s. Mật khẩu tạm (chỉ hiện một lần, hãy trao tận tay): %(p)s")
            % {"u": user.username, "p": password},
        )
        return HttpResponseRedirect(reverse("user-admin-detail", args=[user.pk]))


class UserDetailView(LoginRequiredMixin, View):
    def target(self, request: HttpRequest, pk: int) -> User:
        _require(request)
        target: User = get_object_or_404(managed_users(request.user), pk=pk)
        return target

    def page(self, request: HttpRequest, user: User, form: Any = None, status: int = 200) -> HttpResponse:
        today = timezone.localdate()
        return render(
            request,
            "accounts/user_detail.html",
            {
                "target": user,
                "assignments": user.assignments.select_related("unit").order_by("-valid_from", "pk"),
                "tokens": ApiToken.objects.filter(user=user),
                "form": form or AssignmentForm(manager=request.user, initial={"valid_from": today}),
                "today": today,
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(request, self.target(request, pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = self.target(request, pk)
        op = request.POST.get("op", "")
        if user.pk == request.user.pk and op in {"deactivate", "end"}:
            messages.error(request, _("Không tự vô hiệu hóa hay tự bỏ vai trò của chính mình."))
            return HttpResponseRedirect(request.path)
        if op == "grant":
            form = AssignmentForm(request.POST, manager=request.user)
            if not form.is_valid():
                return self.page(request, user, form, status=400)
            with audit_reason(_("Giao vai trò")):
                RoleAssignment.objects.create(user=user, **form.cleaned_data)
            messages.success(request, _("Đã giao vai trò."))
        elif op == "end":
            grants = grantable_units(request.user).values("pk")
            assignment = get_object_or_404(user.assignments.filter(unit_id__in=grants), pk=request.POST.get("id") or 0)
            if assignment.role not in {r for r, _label in grantable_roles(request.user)}:
                raise PermissionDenied
            assignment.valid_to = max(timezone.localdate(), assignment.valid_from or timezone.localdate())
            with audit_reason(_("Kết thúc vai trò")):
                assignment.save(update_fields=["valid_to"])
            messages.success(request, _("Đã kết thúc vai trò từ hôm nay."))
        elif op in {"deactivate", "activate"}:
            user.is_active = op == "activate"
            with audit_reason(_("Vô hiệu hóa tài khoản") if op == "deactivate" else _("Kích hoạt lại tài khoản")):
                user.save(update_fields=["is_active"])
            messages.success(request, _("Đã cập nhật tình trạng tài khoản."))
        elif op == "reset":
            password = _temporary_password()
            user.set_password(password)
            with transaction.atomic(), audit_reason(_("Đặt lại mật khẩu")):
                user.save(update_fields=["password"])
                # The hash is never in the trail; the event is (who reset whose password, when).
                audit.record(user, "update", before={"password": "…"}, after={"password": _("(đã đặt lại)")})
            messages.success(
                request, _("Mật khẩu tạm mới (chỉ hiện một lần, hãy trao tận tay): %(p)s") % {"p": password}
            )
        elif op == "revoke":
            token = get_object_or_404(ApiToken, pk=request.POST.get("id") or 0, user=user)
            tokens.revoke(token, why=_("Quản trị viên thu hồi"))
            messages.success(request, _("Đã thu hồi mã %(p)s….") % {"p": token.prefix})
        return HttpResponseRedirect(request.path)
