"""Cần rà soát lại hạn: deferments in force whose review date is near or whose ground ended."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from phongthu.campaigns.services.deferment_review import REVIEW_WINDOW_DAYS, deferments_due_for_review
from phongthu.core.current_unit import current_unit


class ReviewDueView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        unit = current_unit(request, required=True)
        today = timezone.localdate()
        lines = deferments_due_for_review(user=request.user, unit=unit, on=today)
        return render(
            request,
            "campaigns/review_due.html",
            {"unit": unit, "lines": lines, "today": today, "window": REVIEW_WINDOW_DAYS},
        )
