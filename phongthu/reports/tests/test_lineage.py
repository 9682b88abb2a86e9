"""Lineage: a 2019 report for quận Đồ Sơn generated today speaks of the 2019 map (the district
ended on 30/6/2025); a 2025 report for a commune created on 1/7/2025 includes what its
predecessors did in the first half-year, in the sentences and in the figures."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from phongthu.activities.crud.exercises import ExerciseCrud
from phongthu.core.docx import all_text
from phongthu.core.periods import Period
from phongthu.core.tests.factories import sample
from phongthu.reports.docx import render
from phongthu.reports.selectors import review_report
from phongthu.units.choices import Hierarchy
from phongthu.units.models import Unit, UnitLink
from phongthu.units.selectors import children, predecessors

pytestmark = pytest.mark.django_db
END_2019 = datetime.date(2019, 12, 31)
TODAY = datetime.date(2026, 11, 30)


def _exercise(unit: Unit, day: datetime.date) -> Any:
    exercise: Any = sample(ExerciseCrud, unit, save=False)
    exercise.year, exercise.date, exercise.party_term = day.year, day, ""
    exercise.save()
    return exercise


def test_a_2019_report_for_do_son_uses_the_2019_map(hai_phong, admin_user):
    do_son = Unit.objects.get(level="DISTRICT", name="Quận Đồ Sơn")
    assert do_son.valid_to == datetime.date(2025, 6, 30)
    # A ward of 2019 that a later change merged away (dated test data: the unit and its link).
    gone = Unit.objects.create(kind="WARD", code="99991", name="Phường Vạn Sơn", valid_to=END_2019)
    UnitLink.objects.create(child=gone, parent=do_son, hierarchy=Hierarchy.CIVIL, valid_to=END_2019)
    wards_2019 = list(children(do_son, on=END_2019))
    bang_la = next(w for w in wards_2019 if w.name == "Phường Bàng La")
    _exercise(bang_la, datetime.date(2019, 9, 12))  # kept at the ward, it counts for the district

    report = review_report(do_son, Period.parse("2019"), user=admin_user, on=TODAY)
    assert report.map_date == END_2019
    names = [u.name for u in report.sub_units]
    assert names == [w.name for w in wards_2019] and "Phường Vạn Sơn" in names
    # Not today's map: the wards of 1/7/2025 that took Đồ Sơn's place are not in it.
    assert not {"Phường Đồ Sơn", "Phường Nam Đồ Sơn"} & set(names)
    rows = {r.code: r for r in report.appendix}
    assert rows["exercise.count"].value == "1"
    assert rows["exercise.coverage"].value == f"1/{len(wards_2019)}"
    assert rows["exercise.count"].by_sub_unit[names.index("Phường Bàng La")] == "1"
    text = all_text(render(report))
    assert f"Tính đến ngày 31/12/2019, quận Đồ Sơn có {len(wards_2019):02d} phường trực thuộc." in text
    assert "BAN CHỈ HUY QUÂN SỰ QUẬN ĐỒ SƠN" in text and "BỘ CHỈ HUY QUÂN SỰ THÀNH PHỐ HẢI PHÒNG" in text
    assert "Phường Vạn Sơn" in text  # the appendix's column of the ward of 2019
    assert "Đồ Sơn, ngày 30 tháng 11 năm 2026" in text  # generated today, about 2019


def test_a_2025_commune_includes_its_predecessors_first_half_year_figures(hai_phong, admin_user):
    commune = next(
        u
        for u in Unit.objects.filter(level="COMMUNE", valid_from=datetime.date(2025, 7, 1))
        if predecessors(u).exists()
    )
    old = predecessors(commune).first()
    assert old is not None
    _exercise(old, datetime.date(2025, 4, 10))  # the predecessor, first half-year
    _exercise(commune, datetime.date(2025, 9, 20))  # the new commune, second half-year
    year = {r.code: r.value for r in review_report(commune, Period.parse("2025"), user=admin_user).appendix}
    first = {r.code: r.value for r in review_report(commune, Period.parse("2025S1"), user=admin_user).appendix}
    assert year["exercise.count"] == "2" and first["exercise.count"] == "1"
    text = all_text(render(review_report(commune, Period.parse("2025"), user=admin_user)))
    assert "ngày 10/04/2025" in text and "ngày 20/09/2025" in text  # both exercises are told
    assert "trên cơ sở" in text and old.name in text
    # The predecessor's own 2025 report does not take the new commune's second half.
    assert "ngày 20/09/2025" not in all_text(render(review_report(old, Period.parse("2025"), user=admin_user)))
