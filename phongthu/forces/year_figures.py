"""Figures forces adds to a unit's year view (beyond the count of records): each function
aggregates the scoped records of one model for the year, in the database."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from phongthu.core.year_figures import year_figures
from phongthu.forces.crud import MilitiaTrainingCrud, ReserveTrainingSessionCrud


@year_figures(MilitiaTrainingCrud)
def militia_training(queryset: Any) -> list[tuple[str, Any]]:
    totals = queryset.aggregate(days=Sum("days_done"), short=Count("id", filter=Q(shortfall__gt=0)))
    return [
        (str(_("Tổng số ngày huấn luyện DQTV")), totals["days"] or 0),
        (str(_("Số dân quân chưa đủ ngày huấn luyện")), totals["short"]),
    ]


@year_figures(ReserveTrainingSessionCrud)
def reserve_training_session(queryset: Any) -> list[tuple[str, Any]]:
    return [(str(_("Số quân nhân dự bị được huấn luyện, kiểm tra")), queryset.values("reservist").distinct().count())]
