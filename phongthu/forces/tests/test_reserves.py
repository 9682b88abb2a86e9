"""V-DBDV-1..3 and the SM-5 services of the reserve register."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from phongthu.core.models import StatusChange
from phongthu.core.transitions import TransitionError
from phongthu.forces import services
from phongthu.forces.choices import (
    EquipmentOwnerKind,
    Rank,
    ReserveGrade,
    ReserveTrainingKind,
    ReserveUnitKind,
    ReservistStatus,
    ReservistType,
    SpecialityMatch,
)
from phongthu.forces.models import ReserveAssignment, ReserveEquipment, ReserveTrainingSession, Reservist
from phongthu.forces.tests.conftest import born_for_age

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 5, 20)
AFTER = datetime.date(2025, 8, 1)  # the fixtures' wards exist from 1/7/2025: steps are dated after


def _errors(obj: Any) -> str:
    with pytest.raises(ValidationError) as exc:
        obj.full_clean()
    return " ".join(exc.value.messages)


def _assignment(reservist, unit, *, match=SpecialityMatch.EXACT, on=ON, code=""):
    return ReserveAssignment(
        reservist=reservist,
        reserve_unit=unit,
        post="Chiến sĩ",
        post_speciality_code=code,
        speciality_match=match,
        assigned_date=on,
    )


# ---- V-DBDV-1: assignment ages --------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "ptype", "rank", "sex", "age", "days_after", "ok"),
    [
        (ReserveUnitKind.COMBAT, ReservistType.NCO_SOLDIER, Rank.HA_SI, "male", 35, -364, True),
        (ReserveUnitKind.COMBAT, ReservistType.NCO_SOLDIER, Rank.HA_SI, "male", 36, 0, False),
        (ReserveUnitKind.COMBAT, ReservistType.PROFESSIONAL, Rank.THIEU_UY, "male", 40, -364, True),
        (ReserveUnitKind.COMBAT, ReservistType.PROFESSIONAL, Rank.THIEU_UY, "male", 41, 0, False),
        (ReserveUnitKind.COMBAT, ReservistType.NCO_SOLDIER, Rank.HA_SI, "female", 25, 0, False),
        (ReserveUnitKind.SUPPORT, ReservistType.NCO_SOLDIER, Rank.HA_SI, "male", 36, 0, True),
        (ReserveUnitKind.SUPPORT, ReservistType.NCO_SOLDIER, Rank.HA_SI, "male", 45, -364, True),
        (ReserveUnitKind.SUPPORT, ReservistType.PROFESSIONAL, Rank.THIEU_UY, "male", 46, 0, False),
        (ReserveUnitKind.SUPPORT, ReservistType.NCO_SOLDIER, Rank.HA_SI, "female", 40, -364, True),
        (ReserveUnitKind.SUPPORT, ReservistType.NCO_SOLDIER, Rank.HA_SI, "female", 41, 0, False),
        (ReserveUnitKind.COMBAT, ReservistType.OFFICER, Rank.DAI_UY, "male", 53, -364, True),
        (ReserveUnitKind.COMBAT, ReservistType.OFFICER, Rank.DAI_UY, "male", 54, 0, False),
        (ReserveUnitKind.COMBAT, ReservistType.OFFICER, Rank.THIEU_TA, "male", 55, -364, True),
        (ReserveUnitKind.SUPPORT, ReservistType.OFFICER, Rank.DAI_TA, "male", 61, -364, True),
    ],
)
def test_assignment_age(make_person, make_reservist, make_reserve_unit, kind, ptype, rank, sex, age, days_after, ok):
    person = make_person(born=born_for_age(age, ON, days_after=days_after), sex=sex)
    # Registered in 2020 when younger; the rule is checked on the assignment date.
    reservist = Reservist(
        person=person,
        unit=person.residence_unit,
        personnel_type=ptype,
        grade=ReserveGrade.ONE,
        rank=rank,
        speciality_code="BB01",
        registration_date=datetime.date(2020, 6, 1),
    )
    reservist.save()
    assignment = _assignment(reservist, make_reserve_unit(kind=kind))
    if ok:
        assignment.full_clean()
    else:
        message = _errors(assignment)
        assert "Điều 16" in message or "chỉ cho phép nam" in message


def test_exact_match_needs_the_same_speciality_code(make_reservist, make_reserve_unit):
    reservist = make_reservist(code="BB01")
    unit = make_reserve_unit()
    assert "khác mã CNQS" in _errors(_assignment(reservist, unit, code="TT02"))
    _assignment(reservist, unit, code="bb01").full_clean()
    _assignment(reservist, unit, code="TT02", match=SpecialityMatch.NEAR).full_clean()


def test_rank_must_fit_the_personnel_type(make_person):
    person = make_person()
    bad = Reservist(
        person=person,
        unit=person.residence_unit,
        personnel_type=ReservistType.NCO_SOLDIER,
        grade=ReserveGrade.ONE,
        rank=Rank.DAI_UY,
        speciality_code="X",
        registration_date=datetime.date(2020, 1, 1),
    )
    assert "không thuộc diện" in _errors(bad)
    bad.personnel_type, bad.rank = ReservistType.OFFICER, ""
    assert "phải có cấp bậc" in _errors(bad)


def test_one_register_entry_per_person(make_reservist):
    first = make_reservist()
    again = Reservist(
        person=first.person,
        unit=first.unit,
        personnel_type=first.personnel_type,
        grade=2,
        rank=Rank.HA_SI,
        speciality_code="X",
        registration_date=datetime.date(2021, 1, 1),
    )
    assert "đã có trong danh sách" in _errors(again)


# ---- V-DBDV-2: training ----------------------------------------------------------------


def _session(reservist, start, days, kind=ReserveTrainingKind.TRAINING):
    return ReserveTrainingSession(
        reservist=reservist, kind=kind, start_date=start, end_date=start + datetime.timedelta(days=days - 1)
    )


def test_grade_one_cumulative_cap(make_reservist):
    reservist = make_reservist(grade=ReserveGrade.ONE)
    s = _session(reservist, datetime.date(2021, 1, 1), 300)
    s.full_clean()
    s.save()
    s = _session(reservist, datetime.date(2022, 1, 1), 60)
    s.full_clean()
    s.save()
    last = _session(reservist, datetime.date(2023, 1, 1), 5)  # 365 days in all: allowed
    last.full_clean()
    last.save()
    one_more = _session(reservist, datetime.date(2024, 1, 1), 1, kind=ReserveTrainingKind.READINESS_CHECK)
    message = _errors(one_more)
    assert "không quá 12 tháng" in message and "chỉ còn 0 ngày" in message


def test_grade_two_is_not_capped(make_reservist):
    reservist = make_reservist(grade=ReserveGrade.TWO)
    s = _session(reservist, datetime.date(2021, 1, 1), 366)
    s.full_clean()


@pytest.mark.parametrize(("days", "ok"), [(7, True), (8, False)])
def test_readiness_check_at_most_7_days(make_reservist, days, ok):
    s = _session(make_reservist(), datetime.date(2024, 3, 1), days, kind=ReserveTrainingKind.READINESS_CHECK)
    if ok:
        s.full_clean()
    else:
        assert "tối đa 7 ngày" in _errors(s)


def test_sessions_may_not_overlap(make_reservist):
    reservist = make_reservist()
    _session(reservist, datetime.date(2024, 3, 1), 10).save()
    assert "Trùng thời gian" in _errors(_session(reservist, datetime.date(2024, 3, 10), 3))
    _session(reservist, datetime.date(2024, 3, 11), 3).full_clean()


# ---- equipment -------------------------------------------------------------------------


def test_equipment_owner_rules(make_person, commune_a):
    eq = ReserveEquipment(
        owner_kind=EquipmentOwnerKind.PERSON,
        equipment_type="TRUCK",
        plate_number="15c-123.45",
        registered_at=commune_a,
        first_registration_date=datetime.date(2024, 4, 10),
        annual_report_year=2023,
    )
    message = _errors(eq)
    assert "chọn công dân" in message and "trước năm đăng ký" in message
    owner = make_person()
    eq.owner_person, eq.annual_report_year = owner, 2025
    eq.full_clean()
    eq.save()
    assert eq.owner_name == owner.full_name and eq.plate_number == "15C-123.45"
    org = ReserveEquipment(
        owner_kind=EquipmentOwnerKind.ORGANISATION,
        equipment_type="TRUCK",
        plate_number="15C-999.99",
        registered_at=commune_a,
        first_registration_date=datetime.date(2024, 4, 10),
    )
    assert "tên cơ quan" in _errors(org)


# ---- SM-5 services ---------------------------------------------------------------------


def _history(reservist):
    ct = ContentType.objects.get_for_model(Reservist)
    return [h.to_status for h in StatusChange.objects.filter(content_type=ct, object_id=str(reservist.pk))]


def test_assign_release_remove(make_reservist, make_reserve_unit, user_a):
    reservist = make_reservist()
    unit = make_reserve_unit()
    assignment = services.reservist_assign(
        reservist,
        reserve_unit=unit,
        post="Xạ thủ",
        speciality_match=SpecialityMatch.EXACT,
        on=AFTER,
        actor=user_a,
        decision_ref="7/QĐ",
    )
    reservist.refresh_from_db()
    assert reservist.status == ReservistStatus.ASSIGNED_TO_UNIT
    with pytest.raises(ValidationError):  # already in a unit
        services.reservist_assign(
            reservist,
            reserve_unit=unit,
            post="Xạ thủ",
            speciality_match=SpecialityMatch.EXACT,
            on=AFTER,
            actor=user_a,
        )
    with pytest.raises(ValidationError):
        services.reservist_remove(reservist, actor=user_a, reason="Hết tuổi")
    services.reservist_release(reservist, on=AFTER + datetime.timedelta(days=30), actor=user_a)
    reservist.refresh_from_db()
    assert reservist.status == ReservistStatus.RELEASED_FROM_UNIT
    assignment.refresh_from_db()
    assert assignment.released_date == AFTER + datetime.timedelta(days=30)
    services.reservist_remove(reservist, actor=user_a, reason="Hết tuổi phục vụ")
    reservist.refresh_from_db()
    assert reservist.status == ReservistStatus.REMOVED
    with pytest.raises(TransitionError):
        services.reservist_remove(reservist, actor=user_a, reason="Lần hai")
    assert _history(reservist) == [
        ReservistStatus.ASSIGNED_TO_UNIT,
        ReservistStatus.RELEASED_FROM_UNIT,
        ReservistStatus.REMOVED,
    ]


def test_assignment_refused_by_age_writes_nothing(make_reservist, make_reserve_unit, user_a):
    reservist = make_reservist(born=born_for_age(36, AFTER))
    with pytest.raises(ValidationError) as exc:
        services.reservist_assign(
            reservist,
            reserve_unit=make_reserve_unit(kind=ReserveUnitKind.COMBAT),
            post="Xạ thủ",
            speciality_match=SpecialityMatch.EXACT,
            on=AFTER,
            actor=user_a,
        )
    assert "tối đa 35 tuổi" in " ".join(exc.value.messages)
    reservist.refresh_from_db()
    assert reservist.status == ReservistStatus.REGISTERED
    assert not ReserveAssignment.objects.filter(reservist=reservist).exists()
    assert _history(reservist) == []


def test_cannot_assign_into_a_unit_out_of_reach(make_reservist, make_reserve_unit, commune_b, user_a):
    from django.core.exceptions import PermissionDenied

    reservist = make_reservist()
    foreign = make_reserve_unit(unit=commune_b)
    with pytest.raises(PermissionDenied):
        services.reservist_assign(
            reservist,
            reserve_unit=foreign,
            post="Xạ thủ",
            speciality_match=SpecialityMatch.EXACT,
            on=AFTER,
            actor=user_a,
        )
    assert not ReserveAssignment.objects.filter(reservist=reservist).exists()
    reservist.refresh_from_db()
    assert reservist.status == ReservistStatus.REGISTERED


def test_remove_needs_a_reason(make_reservist, user_a):
    with pytest.raises(ValidationError):
        services.reservist_remove(make_reservist(), actor=user_a, reason=" ")
