"""Selectors: standing militia for TH_H, completion recognition, training, strength, home figure."""

from __future__ import annotations

import datetime

import pytest

from phongthu.forces import selectors
from phongthu.forces.choices import (
    MilitiaCategory,
    MilitiaStatus,
    ReserveGrade,
    ReservistStatus,
    SpecialityMatch,
)
from phongthu.forces.models import MilitiaMember, MilitiaTraining, ReserveAssignment, UnitPopulation
from phongthu.forces.tests.conftest import born_for_age

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 6, 30)


def _set(member, status, end=None):
    MilitiaMember.objects.filter(pk=member.pk).update(status=status, end_date=end)
    member.refresh_from_db()
    return member


def test_standing_militia_person_ids(make_member):
    serving = _set(make_member(category=MilitiaCategory.THUONG_TRUC, start=datetime.date(2024, 7, 1)), "SERVING")
    mobile = _set(make_member(category=MilitiaCategory.CO_DONG), "SERVING")
    selected = make_member(category=MilitiaCategory.THUONG_TRUC)
    ended = _set(
        make_member(category=MilitiaCategory.THUONG_TRUC, start=datetime.date(2022, 1, 1)),
        MilitiaStatus.COMPLETED,
        datetime.date(2024, 1, 1),
    )
    completed_later = _set(
        make_member(category=MilitiaCategory.THUONG_TRUC, start=datetime.date(2023, 9, 1)),
        MilitiaStatus.COMPLETED,
        datetime.date(2025, 9, 1),
    )
    future = _set(make_member(category=MilitiaCategory.THUONG_TRUC, start=datetime.date(2025, 7, 1)), "SERVING")
    ids = set(selectors.standing_militia_person_ids(on=ON))
    assert serving.person_id in ids and completed_later.person_id in ids
    for other in (mobile, selected, ended, future):
        assert other.person_id not in ids
    assert ended.person_id in set(selectors.standing_militia_person_ids(on=datetime.date(2023, 6, 1)))


def test_completion_recognition_due_at_24_months(make_member):
    exact = _set(make_member(category=MilitiaCategory.THUONG_TRUC, start=datetime.date(2023, 6, 30)), "SERVING")
    short = _set(make_member(category=MilitiaCategory.THUONG_TRUC, start=datetime.date(2023, 7, 1)), "SERVING")
    released = _set(
        make_member(category=MilitiaCategory.THUONG_TRUC, start=datetime.date(2022, 1, 1)),
        MilitiaStatus.RELEASED_EARLY,
        datetime.date(2023, 12, 31),
    )
    released_after_24 = _set(
        make_member(category=MilitiaCategory.THUONG_TRUC, start=datetime.date(2021, 1, 1)),
        MilitiaStatus.RELEASED_EARLY,
        datetime.date(2023, 1, 1),
    )
    mobile = _set(make_member(category=MilitiaCategory.CO_DONG, start=datetime.date(2020, 1, 1)), "SERVING")
    due = set(selectors.completion_recognition_due(on=ON).values_list("pk", flat=True))
    assert exact.pk in due and released_after_24.pk in due
    assert short.pk not in due and released.pk not in due and mobile.pk not in due
    assert exact.recognition_due(ON) and not short.recognition_due(ON)
    assert exact.months_served(ON) == 24 and short.months_served(ON) == 23


def test_training_overview_shows_shortfall(make_member):
    member = make_member(category=MilitiaCategory.TAI_CHO, start=datetime.date(2024, 3, 1))
    assert selectors.training_overview(member) == []  # not serving yet: nothing due
    member = _set(member, MilitiaStatus.SERVING)
    MilitiaTraining.objects.create(member=member, year=2024, days_done=15)
    MilitiaTraining.objects.create(member=member, year=2025, days_done=4)
    rows = selectors.training_overview(member, on=datetime.date(2026, 2, 1))
    assert [(r.year, r.required, r.done, r.shortfall) for r in rows] == [
        (2024, 15, 15, 0),
        (2025, 7, 4, 3),
        (2026, 7, None, 7),
    ]


def test_strength_percent_uses_population(make_member, commune_a, commune_b, make_militia_unit):
    for _ in range(3):
        _set(make_member(start=datetime.date(2024, 1, 1)), "SERVING")
    make_member(start=datetime.date(2024, 1, 1))  # selected only: not counted
    _set(make_member(unit=make_militia_unit(unit=commune_b), start=datetime.date(2024, 1, 1)), "SERVING")
    assert selectors.militia_strength(unit=commune_a, year=2025).percent is None
    UnitPopulation.objects.create(unit=commune_a, year=2025, population=200)
    strength = selectors.militia_strength(unit=commune_a, year=2025)
    assert (strength.members, strength.population, strength.percent) == (3, 200, 1.5)


def test_region_population_sums_its_communes(two_regions, commune_a, commune_a2):
    UnitPopulation.objects.create(unit=commune_a, year=2025, population=1000)
    UnitPopulation.objects.create(unit=commune_a2, year=2025, population=500)
    assert selectors.population_of(two_regions[0], 2025) == 1500
    UnitPopulation.objects.create(unit=two_regions[0], year=2025, population=1600)
    assert selectors.population_of(two_regions[0], 2025) == 1600


def _fill(unit, n, make_reservist):
    for i in range(n):
        ReserveAssignment.objects.create(
            reservist=make_reservist(code=f"C{i}"),
            reserve_unit=unit,
            post="Chiến sĩ",
            speciality_match=SpecialityMatch.EXACT if i % 2 == 0 else SpecialityMatch.NEAR,
            assigned_date=datetime.date(2024, 1, 1),
        )


def test_reserve_unit_strength_spare_warning(make_reserve_unit, make_reservist):
    unit = make_reserve_unit(establishment=10)  # needs 11 (10% spare) … 11 (15%, rounded down)
    _fill(unit, 10, make_reservist)
    strength = selectors.reserve_unit_strength(unit)
    assert (strength.current, strength.minimum, strength.maximum, strength.shortage) == (10, 11, 11, 1)
    assert "thiếu 1" in strength.warning
    assert (strength.exact, strength.near) == (5, 5)
    _fill(unit, 1, make_reservist)
    assert selectors.reserve_unit_strength(unit).warning == ""
    _fill(unit, 1, make_reservist)
    assert "vượt mức" in selectors.reserve_unit_strength(unit).warning


def test_released_assignments_do_not_count(make_reserve_unit, make_reservist):
    unit = make_reserve_unit(establishment=1)
    _fill(unit, 1, make_reservist)
    ReserveAssignment.objects.filter(reserve_unit=unit).update(released_date=datetime.date(2024, 6, 1))
    assert selectors.reserve_unit_strength(unit).current == 0


def test_reservists_over_age(make_reservist):
    today = datetime.date(2026, 1, 10)
    old = make_reservist(born=born_for_age(46, today))
    young = make_reservist(born=born_for_age(45, today, days_after=-300))
    woman = make_reservist(born=born_for_age(41, today), sex="female")
    found = {r.pk for r in selectors.reservists_over_age(on=today)}
    assert old.pk in found and woman.pk in found and young.pk not in found


def test_home_figure_counts_only_the_users_reach(
    make_member, make_militia_unit, make_reservist, commune_a, commune_b, user_a
):
    _set(make_member(category=MilitiaCategory.THUONG_TRUC, start=datetime.date(2025, 1, 1)), "SERVING")
    _set(make_member(start=datetime.date(2025, 1, 1)), "SERVING")
    _set(make_member(unit=make_militia_unit(unit=commune_b), start=datetime.date(2025, 1, 1)), "SERVING")
    make_reservist(grade=ReserveGrade.ONE)
    make_reservist(grade=ReserveGrade.TWO)
    removed = make_reservist(grade=ReserveGrade.TWO)
    removed.__class__.objects.filter(pk=removed.pk).update(status=ReservistStatus.REMOVED)
    make_reservist(grade=ReserveGrade.ONE, unit=commune_b)
    figure = dict(selectors.home_figure(user=user_a, unit=commune_a)["rows"])
    assert figure["Dân quân tự vệ đang thực hiện nghĩa vụ"] == 2
    assert figure["Trong đó: dân quân thường trực"] == 1
    assert figure["Quân nhân dự bị hạng một"] == 1
    assert figure["Quân nhân dự bị hạng hai"] == 1


def test_year_figures_of_training(make_member, make_reservist):
    from phongthu.core.year_figures import figures_for
    from phongthu.forces.crud import MilitiaTrainingCrud, ReserveTrainingSessionCrud
    from phongthu.forces.models import ReserveTrainingSession

    a = make_member(category=MilitiaCategory.CO_DONG, start=datetime.date(2024, 3, 1))
    b = make_member(category=MilitiaCategory.TAI_CHO, start=datetime.date(2024, 3, 1))
    MilitiaTraining.objects.create(member=a, year=2025, days_done=10)  # needs 12
    MilitiaTraining.objects.create(member=b, year=2025, days_done=7)  # needs 7
    figures = dict(figures_for(MilitiaTrainingCrud, MilitiaTraining.objects.filter(year=2025)))
    assert figures == {"Tổng số ngày huấn luyện DQTV": 17, "Số dân quân chưa đủ ngày huấn luyện": 1}
    r = make_reservist()
    for start in (datetime.date(2025, 3, 1), datetime.date(2025, 9, 1)):
        ReserveTrainingSession.objects.create(
            reservist=r, kind="TRAINING", start_date=start, end_date=start + datetime.timedelta(days=2)
        )
    rows = figures_for(ReserveTrainingSessionCrud, ReserveTrainingSession.objects.filter(start_date__year=2025))
    assert rows[0][1] == 1
