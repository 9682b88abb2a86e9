"""The lazy tree browser: one level at a time (htmx), search with or without diacritics."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views import View

from phongthu.core import scoping
from phongthu.units import selectors
from phongthu.units.choices import Hierarchy
from phongthu.units.crud import parse_day
from phongthu.units.models import Unit, UnitLink, valid_on


def _with_child_flags(units: Any, day: Any, hierarchy: str) -> list[tuple[Unit, bool]]:
    units = list(units)
    parents_with_children = set(
        UnitLink.objects.filter(valid_on(day), hierarchy=hierarchy, parent_id__in=[u.pk for u in units]).values_list(
            "parent_id", flat=True
        )
    )
    return [(u, u.pk in parents_with_children) for u in units]


class TreeView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        day = parse_day(request.GET.get("on"))
        hierarchy = request.GET.get("h", Hierarchy.CIVIL)
        if hierarchy not in Hierarchy.values:
            hierarchy = Hierarchy.CIVIL
        visible = Unit.objects.restrict(request.user, scoping.VIEW)
        top = selectors.roots(on=day).filter(pk__in=visible.values("pk"))
        return render(
            request,
            "units/tree.html",
            {
                "on": day,
                "hierarchy": hierarchy,
                "hierarchies": Hierarchy.choices,
                "nodes": _with_child_flags(top, day, hierarchy),
                "snapshot_note": selectors.snapshot_note(day, visible),
                "can_admin_tree": scoping.can(request.user, scoping.UNIT_ADMIN),
            },
        )


class TreeChildrenView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        day = parse_day(request.GET.get("on"))
        hierarchy = request.GET.get("h", Hierarchy.CIVIL)
        visible = Unit.objects.restrict(request.user, scoping.VIEW)
        unit = get_object_or_404(visible, pk=pk)
        kids = selectors.children(unit, on=day, hierarchy=hierarchy, queryset=visible)
        return render(
            request,
            "units/_tree_nodes.html",
            {"on": day, "hierarchy": hierarchy, "nodes": _with_child_flags(kids, day, hierarchy)},
        )


class UnitSearchView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        term = request.GET.get("q", "").strip()
        day = parse_day(request.GET.get("on")) if request.GET.get("on") else None
        results: list[Unit] = []
        if len(term) >= 2:
            visible = Unit.objects.restrict(request.user, scoping.VIEW)
            results = list(selectors.search(term, on=day, queryset=visible)[:50])
        return render(request, "units/_search_results.html", {"results": results, "q": term, "on": day})
