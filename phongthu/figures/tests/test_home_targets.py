"""The home page lists the figures of the period under way that have a target, for the user's
unit only, each linking to the figures page (figures/todo_items.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.test import Client
from django.urls import reverse

from phongthu.core import todo
from phongthu.core.periods import Period
from phongthu.figures.models import EnteredValue, Target
from phongthu.figures.todo_items import figures_with_targets
from phongthu.units.selectors import today

CODE = "propaganda.sessions"  # entered: "Buổi tuyên truyền, phổ biến pháp luật về quốc phòng"


def _set(model: Any, unit: Any, period: Period, value: int) -> None:
    row = model(unit=unit, indicator=CODE, value=Decimal(value))
    row.set_period(period)
    row.save()


def test_a_target_of_the_year_shows_on_the_home_page_of_its_unit(user_a, user_b, commune_a):
    period = Period.year(today().year)
    _set(Target, commune_a, period, 12)
    _set(EnteredValue, commune_a, period, 9)

    items = list(figures_with_targets(user_a, commune_a, today()))
    assert len(items) == 1
    item = items[0]
    assert item.title.startswith("Buổi tuyên truyền, phổ biến pháp luật về quốc phòng")
    assert "9/12 buổi" in item.title and "Đạt 75% chỉ tiêu" in item.detail
    assert item.url == reverse("figures:dashboard", args=[commune_a.pk, period.code])
    assert item.level in (todo.INFO, todo.SOON)

    c = Client()
    c.force_login(user_a)
    html = c.get("/").content.decode()
    assert "9/12 buổi" in html and item.url in html
    # Another commune's staff never read it (their home is about their own unit).
    other = Client()
    other.force_login(user_b)
    assert "9/12 buổi" not in other.get("/").content.decode()
    assert list(figures_with_targets(user_b, commune_a, today())) == []


def test_no_target_no_item_and_a_past_period_is_left_out(user_a, commune_a):
    assert list(figures_with_targets(user_a, commune_a, today())) == []
    _set(Target, commune_a, Period.year(today().year - 1), 5)
    assert list(figures_with_targets(user_a, commune_a, today())) == []
    assert list(figures_with_targets(user_a, None, today())) == []
