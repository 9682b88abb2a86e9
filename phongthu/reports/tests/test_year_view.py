"""The year view is the report's preview data: it reads the same `ReviewReport` the document is
written from (this period, the same period last year and the change, targets and % achieved,
"x/y" coverage over sub-units), for any period; the old address redirects to it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from phongthu.activities.crud.education import CourseCrud
from phongthu.activities.crud.exercises import ExerciseCrud
from phongthu.core.periods import Period
from phongthu.core.tests.factories import sample
from phongthu.figures.models import Target
from phongthu.reports.selectors import review_report
from phongthu.units.models import Unit

pytestmark = pytest.mark.django_db


def year_url(unit: Unit, period: str) -> str:
    return reverse("reports:year", args=[unit.pk]) + f"?period={period}"


def _course(unit: Unit, year: int, trainees: int, month: int = 5) -> None:
    course: Any = sample(CourseCrud, unit, save=False)
    course.year, course.trainees_count = year, trainees
    course.start_date, course.end_date = datetime.date(year, month, 6), datetime.date(year, month, 10)
    course.save()


def _target(unit: Unit, period: str, indicator: str, value: int) -> None:
    target = Target(unit=unit, indicator=indicator, value=Decimal(value))
    target.set_period(Period.parse(period))
    target.save()


def test_the_year_view_shows_the_reports_figures(commune_a, user_a, client_for):
    _course(commune_a, 2024, 60)
    _course(commune_a, 2023, 50)
    _target(commune_a, "2024", "course.trainees", 50)
    resp = client_for(user_a).get(year_url(commune_a, "2024"))
    assert resp.status_code == 200
    shown = resp.context["report"]
    # The same data object as the document: its appendix rows, row for row.
    assert shown.appendix == review_report(commune_a, Period.parse("2024"), user=user_a).appendix
    row = next(r for r in shown.appendix if r.code == "course.trainees")
    assert (row.value, row.previous, row.target, row.achieved) == ("60", "50", "50", "120%")
    assert row.comparison == "tăng 20% so với năm 2023"
    html = resp.content.decode()
    for text in (">60 người<", ">50<", "tăng 20% so với năm 2023", ">120%<", "Số liệu năm 2024", "Bản ghi năm 2024"):
        assert text in html, text
    assert CourseCrud.list_url() in html  # the figure links to the records it counts
    assert reverse("reports:unit", args=[commune_a.pk]) + "?period=2024" in html


def _exercise(unit: Unit, day: datetime.date) -> None:
    exercise: Any = sample(ExerciseCrud, unit, save=False)
    exercise.year, exercise.date = day.year, day
    exercise.save()


def test_the_year_view_takes_any_period(commune_a, user_a, client_for):
    _exercise(commune_a, datetime.date(2024, 3, 12))
    _exercise(commune_a, datetime.date(2024, 9, 12))
    c = client_for(user_a)
    half = c.get(year_url(commune_a, "2024S1"))
    assert half.status_code == 200
    row = next(r for r in half.context["report"].appendix if r.code == "exercise.count")
    assert row.value == "1"  # the first half only
    whole = c.get(year_url(commune_a, "2024")).context["report"]
    assert next(r for r in whole.appendix if r.code == "exercise.count").value == "2"
    assert "Số liệu 6 tháng đầu năm 2024" in half.content.decode()
    term = c.get(year_url(commune_a, "2023-2024"))
    assert term.status_code == 200 and "Kỳ này gồm nhiều năm" in term.content.decode()
    bad = c.get(year_url(commune_a, "2024X"))
    assert bad.status_code == 400 and "không đúng dạng" in bad.content.decode()


def test_coverage_over_sub_units_and_the_old_address(two_regions, commune_a, region_user, client_for):
    region = two_regions[0]  # a Ban CHPTKV: its communes from 1/7/2025
    _exercise(commune_a, datetime.date(2026, 4, 2))
    c = client_for(region_user)
    resp = c.get(year_url(region, "2026"))
    report = resp.context["report"]
    coverage = next(r for r in report.appendix if r.code == "exercise.coverage")
    assert coverage.value == f"1/{len(report.sub_units)}"
    html = resp.content.decode()
    assert f">{coverage.value} " in html and commune_a.name in html  # the sub-units' table
    old = c.get(reverse("activities:year", args=[region.pk, 2026]))
    assert old.status_code == 302 and old["Location"] == year_url(region, "2026")
