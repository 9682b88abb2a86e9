"""Indicators of military-service registration (report section 7): first registrations (age
17), moves in and out, late registrations — counted from the registration events."""

from __future__ import annotations

from django.db.models import Q

from phongthu.figures.registry import Counted, Indicator, register
from phongthu.figures.registry import Source as S
from phongthu.military_service.choices import Procedure


def event(code: str, label: str, filter: Q) -> Indicator:
    return Indicator(
        code,
        label,
        "công dân",
        7,
        False,
        S.COUNTED,
        counted=Counted("military_service.RegistrationEvent", filter=filter, date_field="event_date", year_field=""),
        entry=True,
        data_set="conscription",
    )


register(
    event(
        "registration.first", "Công dân đăng ký nghĩa vụ quân sự lần đầu (tuổi 17)", Q(procedure=Procedure.REG_FIRST)
    ),
    event("registration.moved_in", "Đăng ký nghĩa vụ quân sự chuyển đến", Q(procedure=Procedure.REG_MOVE_IN)),
    event("registration.moved_out", "Đăng ký nghĩa vụ quân sự chuyển đi", Q(procedure=Procedure.REG_MOVE_OUT)),
    event("registration.late", "Đăng ký nghĩa vụ quân sự quá hạn", Q(on_time=False)),
    app_label="military_service",
)
