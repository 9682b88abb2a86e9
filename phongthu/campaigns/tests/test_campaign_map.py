"""A campaign's dashboard and quota page use the unit map of its year (issue 9)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from phongthu.campaigns import selectors
from phongthu.campaigns.models import Campaign

pytestmark = pytest.mark.django_db


def _campaign(hai_phong: Any, year: int) -> Campaign:
    return Campaign.objects.create(
        unit=hai_phong,
        year=year,
        exam_from=datetime.date(year - 1, 11, 1),
        exam_to=datetime.date(year - 1, 12, 31),
        handover_from=datetime.date(year, 2, 20),
        handover_to=datetime.date(year, 2, 22),
    )


def test_a_2024_campaign_lists_the_2024_districts(hai_phong, make_user):
    admin = make_user("ADMIN", hai_phong)
    campaign = _campaign(hai_phong, 2024)
    board = selectors.dashboard(campaign=campaign, unit=hai_phong, user=admin)
    names = {r.unit.name for r in board.rows}
    assert {"Huyện An Dương", "Huyện Thủy Nguyên", "Quận Dương Kinh"} <= names
    assert all(r.unit.level == "DISTRICT" for r in board.rows)
    overview = selectors.quota_overview(campaign=campaign, unit=hai_phong, user=admin)
    assert {line.unit.name for line in overview.lines} == names


def test_a_2026_campaign_lists_the_defense_regions(hai_phong, make_user):
    admin = make_user("ADMIN", hai_phong)
    board = selectors.dashboard(campaign=_campaign(hai_phong, 2026), unit=hai_phong, user=admin)
    assert board.rows and all(r.unit.level == "REGION" for r in board.rows)
