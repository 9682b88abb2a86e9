"""The non-CRUD pages of the activities app: a unit's year and the term plan of exercises (award
steps are `core.actions`, see activities/actions.py). Scope comes from `restrict()` and the
selectors; no permission logic here."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from phongthu.activities import selectors
from phongthu.activities.choices import ExerciseType
from phongthu.activities.models.exercises import parse_term
from phongthu.core.current_unit import current_unit
from phongthu.core.periods import Period
from phongthu.figures import selectors as figure_selectors
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
    def get(self, request: HttpRequest, unit_id: int, year: int) -> HttpResponse:
        unit = _visible_unit(request, unit_id)
        if not 1945 <= year <= 2100:
            raise Http404
        rows = selectors.year_summary(unit=unit, year=year, user=request.user)
        period = Period.year(year)
        figures = [f for f in figure_selectors.unit_figures(unit, period, user=request.user) if f.value is not None]
        return render(
            request,
            "activities/year.html",
            {
                "unit": unit,
                "year": year,
                "rows": rows,
                "total": sum(r.count for r in rows),
                "years": [year - 1, year + 1],
                "period": period,
                "figures": [
                    (f, figure_selectors.record_list_url(f.indicator, unit, period) if f.source == "counted" else "")
                    for f in figures
                ],
                "word_targets": figure_selectors.word_targets(unit, period),
            },
        )


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
