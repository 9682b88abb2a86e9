"""Registration deadlines and calendars as data (domain.md §2.1 P1–P3, §2.2, V-NVQS-1..3).

Several values are UNCERTAIN in the sources (marked below): each can be overridden without a
code change through the Django setting `PHONGTHU_REGISTRATION_RULES` (a dict with the same keys
as `DEFAULTS`), and public holidays through `PHONGTHU_PUBLIC_HOLIDAYS` (ISO dates).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings

from phongthu.military_service.choices import Procedure


@dataclass(frozen=True)
class Deadline:
    days: int
    working_days: bool  # count Monday–Friday except public holidays
    basis: str  # what starts the clock, in Vietnamese
    citation: str
    uncertain: bool = False


@dataclass(frozen=True)
class RegistrationRules:
    first_registration_age: int = 17  # males turning 17 in the calendar year (P1–P2; UNCERTAIN wording)
    female_registration_age: int = 18
    drive_month: int = 4  # April (P2)
    call_notice_days: int = 5  # P3, V-NVQS-2
    absence_min_months: int = 3  # REG_ABSENCE required when away ≥ 3 months
    deadlines: dict[str, Deadline] = field(default_factory=dict)
    holidays: frozenset[datetime.date] = frozenset()

    def drive_window(self, year: int) -> tuple[datetime.date, datetime.date]:
        start = datetime.date(year, self.drive_month, 1)
        following = datetime.date(year + (self.drive_month == 12), self.drive_month % 12 + 1, 1)
        return start, following - datetime.timedelta(days=1)

    def first_registration_birth_year(self, year: int) -> int:
        """V-NVQS-1: men born in `year - 17` register in `year`."""
        return year - self.first_registration_age

    def is_working_day(self, day: datetime.date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        """The `days`-th working day after `start` (start itself not counted)."""
        day = start
        counted = 0
        while counted < days:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def deadline_for(self, procedure: str, start: datetime.date) -> datetime.date | None:
        rule = self.deadlines.get(procedure)
        if rule is None:
            return None
        if rule.working_days:
            return self.add_working_days(start, rule.days)
        return start + datetime.timedelta(days=rule.days)


LAW = "Luật Nghĩa vụ quân sự 2015"

DEADLINES: dict[str, Deadline] = {
    Procedure.REG_MOVE_IN: Deadline(10, True, "ngày đến nơi cư trú, làm việc, học tập mới", f"Khoản 2 Điều 17 {LAW}"),
    Procedure.REG_RETURN: Deadline(
        10, False, "ngày trở về nơi cư trú, làm việc, học tập", "Quyết định 6375/QĐ-BQP (thủ tục đăng ký tạm vắng)"
    ),
    # Confirmed for police-service discharge only (Decree 70/2019); the army rule is UNCERTAIN (U15).
    Procedure.REG_RESERVE: Deadline(
        15, True, "ngày trở về nơi cư trú hoặc nơi làm việc", "Nghị định 70/2019/NĐ-CP", uncertain=True
    ),
    # "Commonly 10 days" — Art. 17(1) not read (domain.md §2.2).
    Procedure.REG_SUPPLEMENT: Deadline(
        10, False, "ngày có thay đổi thông tin", f"Khoản 1 Điều 17 {LAW}", uncertain=True
    ),
}

# Public holidays (Labour Code 2019 Art. 112). Fixed solar days are generated per year; the lunar
# ones (Tết, Hùng Kings) and the extra day around 2 September are announced yearly: configure them.
_FIXED_HOLIDAYS = ((1, 1), (4, 30), (5, 1), (9, 2))
_ANNOUNCED_HOLIDAYS = (
    # Tết Ất Tỵ 2025 and Hùng Kings 2025; 1/9/2025.
    "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-04-07", "2025-09-01",
    # Tết Bính Ngọ 2026 (16–20/2/2026 on working days); Hùng Kings 26/4/2026 falls on a Sunday → 27/4.
    "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-04-27",
)  # fmt: skip


def _holidays(extra: list[str]) -> frozenset[datetime.date]:
    days = {datetime.date.fromisoformat(d) for d in (*_ANNOUNCED_HOLIDAYS, *extra)}
    for year in range(2015, 2041):
        days.update(datetime.date(year, m, d) for m, d in _FIXED_HOLIDAYS)
    return frozenset(days)


def current_rules() -> RegistrationRules:
    overrides: dict[str, Any] = dict(getattr(settings, "PHONGTHU_REGISTRATION_RULES", {}) or {})
    deadlines = dict(DEADLINES)
    for code, value in (overrides.pop("deadlines", None) or {}).items():
        deadlines[code] = value if isinstance(value, Deadline) else replace(deadlines[code], **value)
    holidays = _holidays(list(getattr(settings, "PHONGTHU_PUBLIC_HOLIDAYS", []) or []))
    return replace(RegistrationRules(deadlines=deadlines, holidays=holidays), **overrides)
