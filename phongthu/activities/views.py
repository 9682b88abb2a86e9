"""The non-CRUD pages of the activities app: the old address of a unit's year (now the report's
year view, `reports:year`) and the term plan of exercises (award
steps are `core.actions`, see activities/actions.py). Scope comes from `restrict()` and the
selectors; no permission logic here."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from phongthu.activities import selectors
from phongthu.activities.choices import ExerciseType
from phongthu.activities.models.exercises import parse_term
from phongthu.core.current_unit import current_unit
from phongthu.units.models import Unit


def _visible_unit(request: HttpRequest, unit_id: Any) -> Unit:
    unit = get_object_or_404(Unit, pk=unit_id)
    if not selectors.can_view_unit(request.user, unit):
        raise Http404
    return unit


def _date(raw: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


class YearView(LoginRequiredMixin, View):
    """The old address of a unit's year: the year view now lives with the report it previews
    (`reports:year`, one data object for both; reports sits above activities, so the page moved
    up rather than the report's data down). Kept so bookmarks and links keep working."""

    def get(self, request: HttpRequest, unit_id: int, year: int) -> HttpResponse:
        if not 1945 <= year <= 2100:
            raise Http404
        # By name: activities may not import the report layer above it.
        return HttpResponseRedirect(reverse("reports:year", args=[unit_id]) + f"?period={year}")


class TermPlanView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        raw_unit = request.GET.get("unit")
        unit = _visible_unit(request, raw_unit) if raw_unit else current_unit(request, from_request=False)
        if unit is None:
            raise Http404
        term = request.GET.get("term", "").strip() or "2020–2025"
        exercise_type = request.GET.get("type") or ExerciseType.CHIEN_DAU_PHONG_THU_XA
        if exercise_type not in ExerciseType.values:
            exercise_type = ExerciseType.CHIEN_DAU_PHONG_THU_XA
        plan = None
        error = ""
        if parse_term(term) is None:
            error = _("Nhiệm kỳ ghi theo dạng “2020–2025” (năm đầu nhỏ hơn năm cuối).")
        else:
            plan = selectors.term_plan(
                unit=unit, term=term, exercise_type=exercise_type, on=_date(request.GET.get("on")), user=request.user
            )
        return render(
            request,
            "activities/term_plan.html",
            {
                "unit": unit,
                "term": term,
                "exercise_type": exercise_type,
                "types": ExerciseType.choices,
                "plan": plan,
                "error": error,
                "on": request.GET.get("on", ""),
            },
            status=400 if error else 200,
        )
