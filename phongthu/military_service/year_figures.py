"""Figures military_service adds to a unit's year view (beyond the count of records): each function
aggregates the scoped records of one model for the year, in the database."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from phongthu.core.year_figures import year_figures
from phongthu.military_service.choices import Procedure
from phongthu.military_service.crud import RegistrationEventCrud


@year_figures(RegistrationEventCrud)
def registration_event(queryset: Any) -> list[tuple[str, Any]]:
    counts = queryset.aggregate(
        first=Count("pk", filter=Q(procedure=Procedure.REG_FIRST)),
        moved_in=Count("pk", filter=Q(procedure=Procedure.REG_MOVE_IN)),
        moved_out=Count("pk", filter=Q(procedure=Procedure.REG_MOVE_OUT)),
        late=Count("pk", filter=Q(on_time=False)),
    )
    return [
        ("Đăng ký lần đầu", counts["first"]),
        ("Đăng ký chuyển đến", counts["moved_in"]),
        ("Đăng ký chuyển đi", counts["moved_out"]),
        ("Đăng ký quá hạn", counts["late"]),
    ]
