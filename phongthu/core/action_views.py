"""The HTML side of `core.actions`: one endpoint runs any declared action on any record, and
the authority page shows the whole table (who performs what, under which regime and article)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from phongthu.core import actions, authority, scoping
from phongthu.core.crud import config_for
from phongthu.core.models import restricted

if TYPE_CHECKING:
    from phongthu.core.types import Actor


def resolve(app_label: str, model_name: str, name: str) -> tuple[type[models.Model], actions.Action]:
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        raise Http404 from None
    action = actions.get(model, name)
    if action is None:
        raise Http404
    return model, action


def record_or_404(model: type[models.Model], pk: int, user: Actor) -> models.Model:
    obj = restricted(model, user, scoping.VIEW).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def record_url(obj: models.Model) -> str:
    config = config_for(type(obj))
    if config is not None:
        return config.url("detail", obj.pk)
    getter = getattr(obj, "get_absolute_url", None)
    return str(getter()) if callable(getter) else "/"


class ActionView(LoginRequiredMixin, View):
    """GET: the action's form on its own page (phones, confirmations). POST: perform it."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.model, self.action = resolve(kwargs["app"], kwargs["model"], kwargs["name"])
        self.obj = record_or_404(self.model, kwargs["pk"], request.user)
        return super().dispatch(request, *args, **kwargs)

    def back(self, request: HttpRequest) -> str:
        target = request.POST.get("next") or request.GET.get("next") or ""
        if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            return target
        return record_url(self.obj)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if self.action not in actions.offered(self.obj, request.user):
            raise PermissionDenied(_("Bạn không thực hiện được thao tác này trên hồ sơ ở trạng thái hiện tại."))
        form = actions.bind(self.action, self.obj, request.user)
        ctx = {"object": self.obj, "action": self.action, "form": form, "next": self.back(request)}
        return render(request, "core/action_form.html", ctx)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        try:
            actions.perform(self.action, self.obj, request.user, request.POST)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, f"{self.action.label}: {actions.error_text(exc)}")
        else:
            messages.success(request, _("Đã thực hiện: %(a)s.") % {"a": self.action.label})
        return HttpResponseRedirect(self.back(request))


class AuthorityPageView(LoginRequiredMixin, View):
    """Every action with who performs it under each legal regime and the article that says so."""

    def get(self, request: HttpRequest) -> HttpResponse:
        from phongthu.core import regimes

        return render(request, "core/authority.html", {"table": authority.table(), "regimes": regimes.REGIMES})
