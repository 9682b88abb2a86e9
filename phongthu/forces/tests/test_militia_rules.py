"""V-DQTV-1..3 and the shape rules of militia units and members, with their boundaries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from phongthu.forces import rules
from phongthu.forces.choices import (
    ExemptionGround,
    MilitiaCategory,
    MilitiaPosition,
    MilitiaStatus,
    MilitiaUnitLevel,
    SpecialityMatch,
)
from phongthu.forces.models import MilitiaMember, MilitiaTraining, MilitiaUnit, ReserveAssignment
from phongthu.forces.tests.conftest import born_for_age
from phongthu.units.models import Unit

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 4, 15)


def _errors(obj: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        obj.full_clean()
    return exc.value.message_dict


# ---- V-DQTV-1: age at selection -----------------------------------------------------------


@pytest.mark.parametrize(
    ("sex", "age", "days_after", "volunteer", "ok"),
    [
        ("male", 18, 0, False, True),  # 18th birthday on the start date
        ("male", 18, 1, False, False),  # one day short of 18
        ("male", 45, -364, False, True),  # last days of being 45 ("hết 45 tuổi")
        ("male", 46, 0, False, False),  # 46th birthday
        ("male", 46, 0, True, True),  # volunteers to 50
        ("male", 50, -364, True, True),
        ("male", 51, 0, True, False),
        ("female", 40, -364, False, True),
        ("female", 41, 0, False, False),
        ("female", 41, 0, True, True),  # volunteers to 45
        ("female", 46, 0, True, False),
    ],
)
def test_age_at_selection(make_person, make_member, sex, age, days_after, volunteer, ok):
    person = make_person(born=born_for_age(age, START, days_after=days_after), sex=sex)
    member = make_member(person=person, start=START, volunteer=volunteer, save=False)
    if ok:
        member.full_clean()
    else:
        message = " ".join(_errors(member)["start_date"])
        assert "ngoài độ tuổi tuyển chọn DQTV" in message
        assert ("hết 45" in message) if sex == "male" else ("hết 40" in message)


# ---- V-DQTV-2: term and extension ---------------------------------------------------------


def test_term_defaults_by_category(make_member):
    standing = make_member(category=MilitiaCategory.THUONG_TRUC)
    mobile = make_member(category=MilitiaCategory.CO_DONG)
    assert standing.term_years == 2 and mobile.term_years == 4
    assert standing.planned_end_date == datetime.date(2026, 3, 1)
    assert mobile.planned_end_date == datetime.date(2028, 3, 1)


def test_term_other_than_the_law_is_refused(make_member):
    member = make_member(category=MilitiaCategory.THUONG_TRUC, term_years=4, save=False)
    assert "là 2 năm" in " ".join(_errors(member)["term_years"])


@pytest.mark.parametrize(("months", "ok"), [(24, True), (25, False)])
def test_extension_cap_for_ordinary_members(make_member, months, ok):
    member = make_member()
    member.extension_months = months
    if ok:
        member.full_clean()
    else:
        assert "tối đa 24 tháng" in " ".join(_errors(member)["__all__"])


def test_longer_extension_for_sea_self_defense_and_commanders(make_member, make_militia_unit):
    sea = make_member(category=MilitiaCategory.BIEN)
    commander = make_member(position=MilitiaPosition.TRUNG_DOI_TRUONG)
    agency = Unit.objects.create(name="Công ty Cảng Kiểm Thử", code="AG-T1", kind="AGENCY")
    self_defense = make_member(unit=make_militia_unit(unit=agency, is_self_defense=True))
    for member in (sea, commander, self_defense):
        member.extension_months = 36
        member.full_clean()


def test_extension_never_beyond_the_age_cap(make_person, make_member):
    # 40 at the start, 4-year term ends at 44; extending 24 months would end at 46 > 45.
    person = make_person(born=born_for_age(40, START))
    member = make_member(person=person, start=START, category=MilitiaCategory.BIEN)
    member.extension_months = 12
    member.full_clean()  # ends on the 45th birthday + ... still 45
    member.extension_months = 24
    assert "quá 45 tuổi" in " ".join(_errors(member)["__all__"])


# ---- V-DQTV-3: training days -----------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "year_of_service", "days"),
    [
        (MilitiaCategory.THUONG_TRUC, 1, 60),
        (MilitiaCategory.THUONG_TRUC, 2, 60),
        (MilitiaCategory.CO_DONG, 1, 15),
        (MilitiaCategory.CO_DONG, 2, 12),
        (MilitiaCategory.BIEN, 3, 12),
        (MilitiaCategory.PHONG_KHONG, 2, 12),
        (MilitiaCategory.Y_TE, 1, 15),
        (MilitiaCategory.TAI_CHO, 1, 15),
        (MilitiaCategory.TAI_CHO, 2, 7),
    ],
)
def test_training_days_rule(category, year_of_service, days):
    assert rules.militia_rules(START).training_days(category, year_of_service) == days


def test_database_and_python_agree_on_required_days(make_member):
    cases = [
        (MilitiaCategory.THUONG_TRUC, 2024, 60),
        (MilitiaCategory.CO_DONG, 2024, 15),
        (MilitiaCategory.CO_DONG, 2025, 12),
        (MilitiaCategory.TAI_CHO, 2024, 15),
        (MilitiaCategory.TAI_CHO, 2026, 7),
    ]
    ids = []
    for category, year, expected in cases:
        member = make_member(category=category)
        row = MilitiaTraining.objects.create(member=member, year=year, days_done=10)
        assert row.days_required == expected  # computed in Python
        ids.append((row.pk, expected))
    for pk, expected in ids:
        loaded = MilitiaTraining.objects.get(pk=pk)  # annotated by the database
        assert loaded.days_required == expected
        assert loaded.shortfall == max(expected - 10, 0)
    ordered = list(MilitiaTraining.objects.filter(pk__in=[i for i, _ in ids]).order_by("-shortfall"))
    assert ordered[0].days_required == 60


def test_training_year_outside_the_term_is_refused(make_member):
    member = make_member(start=datetime.date(2024, 3, 1))
    before = MilitiaTraining(member=member, year=2023, days_done=5)
    assert "trước năm bắt đầu" in " ".join(_errors(before)["year"])
    after = MilitiaTraining(member=member, year=2029, days_done=5)
    assert "sau khi kết thúc" in " ".join(_errors(after)["year"])
    MilitiaTraining(member=member, year=2028, days_done=5).full_clean()


def test_one_training_record_per_member_and_year(make_member):
    member = make_member()
    MilitiaTraining.objects.create(member=member, year=2025, days_done=5)
    duplicate = MilitiaTraining(member=member, year=2025, days_done=6)
    assert "đã có bản ghi huấn luyện" in " ".join(_errors(duplicate)["__all__"])


# ---- one active membership; exemptions -----------------------------------------------


def test_person_cannot_have_two_active_memberships(make_person, make_member):
    person = make_person()
    make_member(person=person)
    second = make_member(person=person, save=False)
    assert "quá trình DQTV khác" in " ".join(_errors(second)["person"])


def test_cipher_exemption_forbids_even_volunteering(make_person, make_member):
    person = make_person()
    old = make_member(person=person)
    MilitiaMember.objects.filter(pk=old.pk).update(status=MilitiaStatus.EXEMPTED, ground=ExemptionGround.CIPHER)
    again = make_member(person=person, volunteer=True, save=False)
    assert "cơ yếu" in " ".join(_errors(again)["person"])


def test_other_exemption_allows_volunteering_only(make_person, make_member):
    person = make_person()
    old = make_member(person=person)
    MilitiaMember.objects.filter(pk=old.pk).update(status=MilitiaStatus.EXEMPTED, ground=ExemptionGround.MARTYR_FAMILY)
    assert "tình nguyện" in " ".join(_errors(make_member(person=person, save=False))["volunteer"])
    make_member(person=person, volunteer=True, save=False).full_clean()


def test_assigned_reservist_is_exempt_unless_volunteer(make_reservist, make_reserve_unit, make_member):
    reservist = make_reservist()
    ReserveAssignment.objects.create(
        reservist=reservist,
        reserve_unit=make_reserve_unit(),
        post="Chiến sĩ",
        speciality_match=SpecialityMatch.EXACT,
        assigned_date=datetime.date(2024, 1, 10),
    )
    member = make_member(person=reservist.person, save=False)
    assert "đơn vị DBĐV" in " ".join(_errors(member)["volunteer"])
    member.volunteer = True
    member.full_clean()


# ---- militia units --------------------------------------------------------------------


def test_unit_owner_and_self_defense_must_agree(commune_a, hai_phong):
    agency = Unit.objects.create(name="Công ty Điện lực Kiểm Thử", code="AG-T2", kind="AGENCY")
    militia = MilitiaUnit(name="Tự vệ công ty", unit=agency, level="TRUNG_DOI", category="CO_DONG")
    assert "tự vệ" in " ".join(_errors(militia)["is_self_defense"])
    militia.is_self_defense = True
    militia.full_clean()
    commune_unit = MilitiaUnit(
        name="Trung đội", unit=commune_a, level="TRUNG_DOI", category="CO_DONG", is_self_defense=True
    )
    assert "dân quân" in " ".join(_errors(commune_unit)["is_self_defense"])
    province = MilitiaUnit(name="Sai cấp", unit=hai_phong, level="TRUNG_DOI", category="CO_DONG")
    assert "thôn" in " ".join(_errors(province)["unit"])


def test_parent_must_be_larger_and_sea_levels_need_sea_category(make_militia_unit, commune_a):
    platoon = make_militia_unit(level=MilitiaUnitLevel.TRUNG_DOI)
    squad = MilitiaUnit(name="Tiểu đội", unit=commune_a, level="TIEU_DOI", category="CO_DONG", parent=platoon)
    squad.full_clean()
    company = MilitiaUnit(name="Đại đội", unit=commune_a, level="DAI_DOI", category="CO_DONG", parent=platoon)
    assert "quy mô lớn hơn" in " ".join(_errors(company)["parent"])
    flotilla = MilitiaUnit(name="Hải đội", unit=commune_a, level="HAI_DOI", category="CO_DONG")
    assert "Biển" in " ".join(_errors(flotilla)["category"])
    flotilla.category = MilitiaCategory.BIEN
    flotilla.full_clean()


def test_self_defense_has_no_standing_militia(make_militia_unit, make_member):
    agency = Unit.objects.create(name="Công ty Kiểm Thử 3", code="AG-T3", kind="ENTERPRISE")
    unit = make_militia_unit(unit=agency, is_self_defense=True)
    member = make_member(unit=unit, category=MilitiaCategory.THUONG_TRUC, save=False)
    assert "thường trực" in " ".join(_errors(member)["category"])
