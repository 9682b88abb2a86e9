"""One small view: apply a status action (a service call) posted from a detail page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View

from phongthu.core.crud import config_for
from phongthu.forces.actions import MILITIA_ACTIONS, Action
from phongthu.forces.models import MilitiaMember


class StatusActionView(LoginRequiredMixin, View):
    model: type[models.Model] = MilitiaMember
    actions: dict[str, Action] = MILITIA_ACTIONS

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        spec = self.actions.get(action)
        if spec is None:
            raise Http404
        obj = get_object_or_404(self.model._default_manager.restrict(request.user, "change"), pk=pk)  # type: ignore[attr-defined]
        form = spec.form(data=request.POST, prefix=action, user=request.user)
        if not form.is_valid():
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                for error in errors:
                    messages.error(request, f"{label}: {error}" if label else str(error))
        else:
            try:
                spec.run(obj, form.cleaned_data, request.user)
            except (ValidationError, PermissionDenied) as exc:
                texts = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                for text in texts:
                    messages.error(request, text)
            else:
                messages.success(request, _("Đã thực hiện: %(a)s.") % {"a": spec.label})
        config = config_for(self.model)
        assert config is not None
        return HttpResponseRedirect(config.url("detail", pk))
