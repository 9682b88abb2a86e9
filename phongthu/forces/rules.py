"""Law-derived numbers of the militia and reserve registries, as effective-dated data.

Each rule set carries the date it takes effect and its legal citation; `militia_rules(on)` and
`reserve_rules(on)` return the set in force on a date (the earliest set for earlier dates).
When the law changes, append a new set here — never edit numbers inline in models or views.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

from phongthu.forces.choices import MilitiaCategory, Rank, ReserveUnitKind, ReservistType

MALE = "male"
FEMALE = "female"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole months, clamped to the month's end (31/1 + 1 month = 28 or 29/2)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _frozen(data: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(dict(data))


@dataclass(frozen=True)
class MilitiaRules:
    valid_from: datetime.date
    citation: str
    min_age: int = 18
    # "đủ 18 đến hết N tuổi": the age in whole years must be ≤ N.
    max_age: Mapping[str, int] = field(default_factory=lambda: _frozen({MALE: 45, FEMALE: 40}))
    volunteer_max_age: Mapping[str, int] = field(default_factory=lambda: _frozen({MALE: 50, FEMALE: 45}))
    term_years_standing: int = 2
    term_years_other: int = 4
    max_extension_months: int = 24
    training_days_standing: int = 60
    training_days_first_year: int = 15
    training_days_local: int = 7
    training_days_other: int = 12
    completion_recognition_months: int = 24

    def term_years(self, category: str) -> int:
        return self.term_years_standing if category == MilitiaCategory.THUONG_TRUC else self.term_years_other

    def age_cap(self, sex: str, *, volunteer: bool) -> int:
        table = self.volunteer_max_age if volunteer else self.max_age
        return table.get(sex, table[MALE])

    def training_days(self, category: str, year_of_service: int) -> int:
        """V-DQTV-3: days of training required in the member's n-th calendar year of service."""
        if category == MilitiaCategory.THUONG_TRUC:
            return self.training_days_standing
        if year_of_service <= 1:
            return self.training_days_first_year
        if category == MilitiaCategory.TAI_CHO:
            return self.training_days_local
        return self.training_days_other


MILITIA_RULESETS: tuple[MilitiaRules, ...] = (
    MilitiaRules(
        valid_from=datetime.date(2020, 7, 1),
        citation="Luật Dân quân tự vệ 48/2019/QH14, Điều 8 (tuổi, thời hạn), Điều 28 khoản 1 (thời gian huấn luyện)",
    ),
)


@dataclass(frozen=True)
class ReserveRules:
    valid_from: datetime.date
    citation: str
    # V-DBDV-1, peacetime assignment ages (Luật Lực lượng DBĐV 2019, Điều 16).
    combat_max_age_male: Mapping[str, int] = field(
        default_factory=lambda: _frozen({ReservistType.PROFESSIONAL: 40, ReservistType.NCO_SOLDIER: 35})
    )
    support_max_age: Mapping[str, int] = field(default_factory=lambda: _frozen({MALE: 45, FEMALE: 40}))
    # Reserve officers: Luật Sĩ quan Điều 38 as amended by Law 52/2024 (from 1/12/2024).
    officer_max_age: Mapping[str, int] = field(
        default_factory=lambda: _frozen(
            {
                Rank.THIEU_UY: 53,
                Rank.TRUNG_UY: 53,
                Rank.THUONG_UY: 53,
                Rank.DAI_UY: 53,
                Rank.THIEU_TA: 55,
                Rank.TRUNG_TA: 57,
                Rank.THUONG_TA: 59,
                Rank.DAI_TA: 61,
            }
        )
    )
    # Reserve service age of NCOs and soldiers (NVQS; V-NVQS-12).
    service_max_age: Mapping[str, int] = field(default_factory=lambda: _frozen({MALE: 45, FEMALE: 40}))
    # V-DBDV-2: grade 1, whole reserve period ≤ 12 months; counted in days (12 months ≈ 365 days).
    grade1_training_cap_months: int = 12
    grade1_training_cap_days: int = 365
    readiness_check_max_days: int = 7
    # V-DBDV-3: full strength plus a 10–15% spare (Điều 15).
    spare_min_percent: int = 10
    spare_max_percent: int = 15

    def assignment_max_age(self, *, unit_kind: str, personnel_type: str, sex: str, rank: str) -> int | None:
        """Highest age allowed for this assignment; None means this person may not be assigned there."""
        if personnel_type == ReservistType.OFFICER:
            return self.officer_max_age.get(rank)
        if unit_kind == ReserveUnitKind.COMBAT:
            if sex != MALE:
                return None  # the law names only male reservists for combat units
            return self.combat_max_age_male.get(personnel_type)
        return self.support_max_age.get(sex, self.support_max_age[MALE])


RESERVE_RULESETS: tuple[ReserveRules, ...] = (
    ReserveRules(
        valid_from=datetime.date(2020, 7, 1),
        citation=(
            "Luật Lực lượng dự bị động viên 53/2019/QH14 (Điều 15, 16); Luật NVQS 2015 Điều 27; "
            "Luật Sĩ quan Điều 38 sửa đổi bởi Luật 52/2024/QH15 (tuổi sĩ quan dự bị; trước 1/12/2024 chưa có nguồn)"
        ),
    ),
)


R = TypeVar("R", MilitiaRules, ReserveRules)


def _pick(rulesets: tuple[R, ...], on: datetime.date) -> R:
    chosen = rulesets[0]
    for rules in rulesets:
        if rules.valid_from <= on:
            chosen = rules
    return chosen


def militia_rules(on: datetime.date) -> MilitiaRules:
    return _pick(MILITIA_RULESETS, on)


def reserve_rules(on: datetime.date) -> ReserveRules:
    return _pick(RESERVE_RULESETS, on)
