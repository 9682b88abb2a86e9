"""Patrols in the report: summed per partner and area in the database, one total beyond a few."""

from __future__ import annotations

import datetime

import pytest

from phongthu.activities.models import Patrol
from phongthu.core.periods import Period
from phongthu.reports.sections import Section
from phongthu.reports.sentences import PATROL_GROUPS_STATED, narrate
from phongthu.units.models import Unit

pytestmark = pytest.mark.django_db


def _patrol(unit: Unit, area: str, team: int, persons: int) -> Patrol:
    record = Patrol(
        unit=unit,
        year=2025,
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2025, 12, 31),
        period_label="6 tháng cuối năm",
        team_turns=team,
        person_turns=persons,
        partner_forces="Công an phường",
        scope=area,
    )
    record.full_clean()
    record.save()
    return record


def _readiness(unit: Unit) -> list[str]:
    return narrate(unit, Period.parse("2025")).sentences[Section.READINESS]


def test_records_of_one_partner_and_area_add_up(commune_a):
    _patrol(commune_a, "địa bàn dân cư", 10, 40)
    _patrol(commune_a, "địa bàn dân cư", 5, 20)
    _patrol(commune_a, "bến cảng", 2, 8)
    said = [s for s in _readiness(commune_a) if "tuần tra" in s]
    assert said == [
        "Phối hợp với Công an phường tổ chức tuần tra, kiểm soát bảo vệ địa bàn dân cư được 15 lượt tổ/60 lượt cán bộ, chiến sĩ.",
        "Phối hợp với Công an phường tổ chức tuần tra, kiểm soát bảo vệ bến cảng được 2 lượt tổ/8 lượt cán bộ, chiến sĩ.",
    ]


def test_many_areas_are_stated_as_one_total(commune_a):
    for i in range(PATROL_GROUPS_STATED + 2):
        _patrol(commune_a, f"khu vực {i}", 100, 1000)
    said = [s for s in _readiness(commune_a) if "tuần tra" in s]
    n = PATROL_GROUPS_STATED + 2
    persons = f"{n * 1000:,}".replace(",", ".")  # Vietnamese thousands: 7.000
    assert said == [f"Tổ chức {n} đợt tuần tra, kiểm soát với {n * 100} lượt tổ/{persons} lượt cán bộ, chiến sĩ."]
