"""The user's own API tokens: see them (never their keys), issue, rotate and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from phongthu.accounts import tokens
from phongthu.accounts.models import ApiToken, User


def _signed_in(request: HttpRequest) -> User:
    """Every view here requires a login (LoginRequiredMixin): the user is a real account."""
    user = request.user
    assert isinstance(user, User)
    return user


def _page(request: HttpRequest, *, new_key: str = "", status: int = 200) -> HttpResponse:
    user = _signed_in(request)
    return render(
        request,
        "accounts/api_tokens.html",
        {"tokens": ApiToken.objects.filter(user=user), "new_key": new_key, "days": tokens.default_days()},
        status=status,
    )


class ApiTokenListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return _page(request)

    def post(self, request: HttpRequest) -> HttpResponse:
        name = request.POST.get("name", "").strip()
        if len(name) > 100:
            messages.error(request, _("Tên gợi nhớ tối đa 100 ký tự."))
            return _page(request, status=400)
        _token, key = tokens.issue(_signed_in(request), name=name)
        # Shown in this answer only (no-store): the key is not kept anywhere in clear.
        return _page(request, new_key=key)


class ApiTokenActionView(LoginRequiredMixin, View):
    action = "revoke"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # only one's own keys
        if self.action == "rotate":
            _new, key = tokens.rotate(_signed_in(request), token=token)
            return _page(request, new_key=key)
        tokens.revoke(token, why=_("Người dùng tự thu hồi"))
        messages.success(request, _("Đã thu hồi mã %(p)s….") % {"p": token.prefix})
        return HttpResponseRedirect(reverse("api-tokens"))
