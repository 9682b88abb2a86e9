"""Figures campaigns adds to a unit's year view (beyond the count of records): each function
aggregates the scoped records of one model for the year, in the database."""

from __future__ import annotations

from typing import Any

from django.db.models import Sum

from phongthu.campaigns.crud import HealthExamCrud, QuotaCrud
from phongthu.core.year_figures import year_figures


@year_figures(QuotaCrud)
def quota(queryset: Any) -> list[tuple[str, Any]]:
    sums = queryset.aggregate(o=Sum("official_count"), r=Sum("reserve_count"))
    return [("Chỉ tiêu chính thức", sums["o"] or 0), ("Chỉ tiêu dự phòng", sums["r"] or 0)]


@year_figures(HealthExamCrud)
def health_exam(queryset: Any) -> list[tuple[str, Any]]:
    return [("Đủ sức khỏe", queryset.filter(fit=True).count())]
