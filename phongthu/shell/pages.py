"""Shell pages: home (the current unit's figures), unit switcher, auditor's change log.

They gather every app (units, accounts, each CrudConfig's home figure), so they live above all
of them, in the shell, not in core."""

from __future__ import annotations

import contextlib
import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from phongthu.core import scoping, todo
from phongthu.core.crud import registry
from phongthu.core.current_unit import SESSION_UNIT, current_unit
from phongthu.core.models import ObjectChange
from phongthu.shell import todo_items
from phongthu.units.choices import Hierarchy, Kind, Level
from phongthu.units.models import Unit, UnitScope
from phongthu.units.selectors import child_counts_by_kind, today

todo_items.register_all()


class HomeView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        unit = current_unit(request, from_request=False)
        kinds = dict(Kind.choices)
        civil = child_counts_by_kind(unit) if unit else []
        military = child_counts_by_kind(unit, hierarchy=Hierarchy.MILITARY) if unit else []
        figures = []
        for config in registry.values():
            widget = getattr(config, "home_figure", None)
            if callable(widget) and unit is not None:
                figures.append(widget(request.user, unit))
        day = today()
        return render(
            request,
            "core/home.html",
            {
                "unit": unit,
                "today": day,
                "todo": todo.items_for(request.user, unit, day),
                "civil_counts": [(kinds.get(str(r["kind"]), r["kind"]), r["n"]) for r in civil],
                "military_counts": [(kinds.get(str(r["kind"]), r["kind"]), r["n"]) for r in military],
                "figures": figures,
                "assignments": getattr(request.user, "assignments").select_related("unit").all(),  # noqa: B009
            },
        )


class SwitchUnitView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        unit = Unit.objects.restrict(request.user, scoping.VIEW).filter(pk=request.POST.get("unit") or 0).first()
        if unit is None:
            raise PermissionDenied
        request.session[SESSION_UNIT] = unit.pk
        nxt = request.POST.get("next", "/")
        if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
            nxt = "/"
        return HttpResponseRedirect(nxt)


def sees_unitless_rows(user: Any) -> bool:
    """Rows with no unit (exports, users, roles, API tokens) concern the whole system:
    system administrators and auditors of a whole province see them, ward auditors don't."""
    if scoping.unit_scope_query(user, scoping.AUDIT) is None:
        return True
    grants = scoping.grants(user, scoping.AUDIT).filter(include_descendants=True)
    return bool(grants.filter(unit__level=Level.PROVINCE).exists())


class AuditLogView(LoginRequiredMixin, View):
    """The auditor's screen: filter the append-only trail by user, unit, record type, date."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not scoping.can(user, scoping.AUDIT):
            raise PermissionDenied
        qs = ObjectChange.objects.select_related("content_type")
        scope = scoping.unit_scope_query(user, scoping.AUDIT)
        sees_unitless = sees_unitless_rows(user)
        if scope is not None:
            in_scope = Q(unit_id__in=scope)
            qs = qs.filter(in_scope | Q(unit_id__isnull=True) if sees_unitless else in_scope)
        params = request.GET
        if params.get("nounit") and sees_unitless:
            qs = qs.filter(unit_id__isnull=True)
        if params.get("user"):
            qs = qs.filter(user_name=params["user"])
        if params.get("unit"):
            unit_id = int(params["unit"]) if params["unit"].isdigit() else 0
            qs = qs.filter(unit_id__in=UnitScope.objects.filter(ancestor_id=unit_id).values("descendant_id"))
        if params.get("type"):
            qs = qs.filter(content_type_id=int(params["type"]) if params["type"].isdigit() else 0)
        if params.get("action"):
            qs = qs.filter(action=params["action"])
        for key, lookup in (("from", "time__date__gte"), ("to", "time__date__lte")):
            if params.get(key):
                with contextlib.suppress(ValueError):
                    qs = qs.filter(**{lookup: datetime.date.fromisoformat(params[key])})
        page = Paginator(qs, 50).get_page(params.get("page"))
        types = ContentType.objects.filter(pk__in=ObjectChange.objects.values("content_type_id").distinct()).order_by(
            "model"
        )
        query = params.copy()
        query.pop("page", None)
        return render(
            request,
            "core/audit_log.html",
            {
                "page": page,
                "types": types,
                "actions": ObjectChange.Action.choices,
                "users": get_user_model().objects.order_by("username").values_list("username", flat=True),
                "params": params,
                "sees_unitless": sees_unitless,
                "querystring": query.urlencode(),
            },
        )
