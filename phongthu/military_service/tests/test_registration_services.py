"""Registration services: SM-1 through core.transitions, V-NVQS-1..3, moves between communes."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from phongthu.core.models import ObjectChange, StatusChange
from phongthu.core.transitions import TransitionError
from phongthu.military_service import services
from phongthu.military_service.choices import (
    ALLOWED_TRANSITIONS,
    Presence,
    Procedure,
    RegisterBook,
    RegistrationStatus,
)
from phongthu.military_service.models import MilitaryServiceRegistration, RegistrationEvent
from phongthu.military_service.registration_rules import current_rules
from phongthu.people.models import Person

pytestmark = pytest.mark.django_db

S = RegistrationStatus
TODAY = timezone.localdate()
YEAR = TODAY.year


def _born(years_before: int, month: int = 6, day: int = 15) -> datetime.date:
    return datetime.date(YEAR - years_before, month, day)


def _reg_date() -> datetime.date:
    april = datetime.date(YEAR, 4, 8)
    return april if april <= TODAY else TODAY


def test_first_registration_opens_the_file_through_a_transition(make_person, commune_a, user_a):
    person = make_person(commune_a, dob=_born(17))
    event = services.registration_first(
        person, on=_reg_date(), actor=user_a, certificate_no="12/GCN", decision_ref="05/QĐ-UBND"
    )
    registration = MilitaryServiceRegistration.objects.get(person=person)
    assert registration.status == S.REGISTERED_READY
    assert registration.register_book == RegisterBook.SAN_SANG_NHAP_NGU
    assert registration.first_registration_date == _reg_date()
    assert registration.certificate_no == "12/GCN"
    assert event.procedure == Procedure.REG_FIRST and event.unit == commune_a
    assert event.deadline == datetime.date(YEAR, 4, 30)
    assert event.on_time is (_reg_date() <= datetime.date(YEAR, 4, 30))
    change = StatusChange.objects.get(
        content_type=ContentType.objects.get_for_model(MilitaryServiceRegistration), object_id=str(registration.pk)
    )
    assert (change.from_status, change.to_status) == (S.NOT_YET_REGISTRABLE, S.REGISTERED_READY)
    assert "Điều 16" in change.legal_ground and change.decision_ref == "05/QĐ-UBND"
    assert change.actor_name == user_a.username
    assert ObjectChange.objects.filter(object_id=str(registration.pk), action="transition").exists()


def test_first_registration_refuses_a_boy_not_turning_17_this_year(make_person, commune_a, user_a):
    person = make_person(commune_a, dob=_born(16, 1, 1))
    with pytest.raises(ValidationError) as err:
        services.registration_first(person, on=TODAY, actor=user_a)
    assert f"sinh năm {YEAR - 17}" in str(err.value)
    assert not MilitaryServiceRegistration.objects.filter(person=person).exists()
    assert not RegistrationEvent.objects.exists()


def test_an_older_man_registering_for_the_first_time_is_recorded_late(make_person, commune_a, user_a):
    person = make_person(commune_a, dob=_born(19))
    event = services.registration_first(person, on=TODAY, actor=user_a)
    assert event.on_time is False
    assert event.deadline == datetime.date(YEAR - 2, 4, 30)


def test_women_register_only_with_a_listed_profession_and_from_18(make_person, commune_a, user_a):
    woman = make_person(commune_a, dob=_born(20), sex="female")
    with pytest.raises(ValidationError, match="Nghị định 14/2016"):
        services.registration_first(woman, on=TODAY, actor=user_a)
    services.registration_first(woman, on=TODAY, actor=user_a, female_profession=True)
    assert woman.registration.status == S.REGISTERED_READY
    girl = make_person(commune_a, dob=_born(17, 1, 1), sex="female")
    with pytest.raises(ValidationError, match="đủ 18 tuổi"):
        services.registration_first(girl, on=TODAY, actor=user_a, female_profession=True)


def test_registering_twice_is_refused(make_person, commune_a, user_a):
    person = make_person(commune_a, dob=_born(17))
    services.registration_first(person, on=_reg_date(), actor=user_a)
    with pytest.raises(ValidationError, match="đã có hồ sơ NVQS"):
        services.registration_first(person, on=_reg_date(), actor=user_a)


def test_a_commune_cannot_register_someone_else_s_resident(make_person, commune_b, user_a):
    person = make_person(commune_b, dob=_born(17))
    with pytest.raises(PermissionDenied):
        services.registration_first(person, on=_reg_date(), actor=user_a)
    assert not MilitaryServiceRegistration.objects.filter(person=person).exists()


def test_future_dates_are_refused(make_person, commune_a, user_a):
    person = make_person(commune_a, dob=_born(17))
    with pytest.raises(ValidationError, match="không được sau ngày hôm nay"):
        services.registration_first(person, on=timezone.localdate() + datetime.timedelta(days=2), actor=user_a)


@pytest.fixture
def registered(make_person, commune_a, user_a):
    person = make_person(commune_a, dob=_born(19), name="Phạm Văn Chuyển")
    services.registration_first(person, on=TODAY - datetime.timedelta(days=400), actor=user_a)
    return MilitaryServiceRegistration.objects.get(person=person)


def test_move_out_then_move_in_between_communes(registered, commune_a, commune_b, user_a, user_b):
    person = registered.person
    left = TODAY - datetime.timedelta(days=6)
    out = services.registration_move_out(registered, on=left, to_unit=commune_b, actor=user_a)
    registered.refresh_from_db()
    assert registered.presence == Presence.MOVING and registered.pending_to_unit == commune_b
    assert out.unit == commune_a and out.from_unit == commune_a and out.to_unit == commune_b
    assert out.deadline == current_rules().add_working_days(left, 10)
    # The receiving commune sees the incoming file (with the person's name), read-only; the
    # sender still owns the person.
    assert not Person.objects.restrict(user_b, "view").filter(pk=person.pk).exists()
    assert MilitaryServiceRegistration.objects.restrict(user_b, "view").filter(pk=registered.pk).exists()
    assert not MilitaryServiceRegistration.objects.restrict(user_b, "change").filter(pk=registered.pk).exists()

    arrived = TODAY - datetime.timedelta(days=3)
    event = services.registration_move_in(registered, arrival_date=arrived, on=TODAY, actor=user_b)
    registered.refresh_from_db()
    person.refresh_from_db()
    assert registered.registering_unit == commune_b and registered.presence == Presence.PRESENT
    assert registered.pending_to_unit is None
    assert person.residence_unit == commune_b
    assert event.unit == commune_b and event.from_unit == commune_a and event.on_time is True
    assert event.deadline == current_rules().add_working_days(arrived, 10)
    # The sending commune keeps its history but no longer sees the person.
    assert RegistrationEvent.objects.restrict(user_a, "view").filter(pk=out.pk).exists()
    assert not RegistrationEvent.objects.restrict(user_a, "view").filter(pk=event.pk).exists()
    assert not Person.objects.restrict(user_a, "view").filter(pk=person.pk).exists()
    assert Person.objects.restrict(user_b, "change").filter(pk=person.pk).exists()
    fields = set(
        StatusChange.objects.filter(object_id=str(registered.pk))
        .exclude(field="eligibility")
        .values_list("field", flat=True)
    )
    assert fields == {"status", "presence"}


def test_move_in_after_ten_working_days_is_recorded_late(registered, commune_a, commune_b, user_a, user_b):
    services.registration_move_out(registered, on=TODAY - datetime.timedelta(days=60), to_unit=commune_b, actor=user_a)
    arrived = TODAY - datetime.timedelta(days=40)
    event = services.registration_move_in(registered, arrival_date=arrived, on=TODAY, actor=user_b)
    assert event.on_time is False and event.deadline < TODAY


def test_a_third_commune_cannot_take_the_file(registered, commune_a, commune_b, commune_a2, user_a, make_user):
    from phongthu.accounts.models import Role

    other = make_user(Role.COMMUNE_STAFF, commune_a2)
    services.registration_move_out(registered, on=TODAY, to_unit=commune_b, actor=user_a)
    with pytest.raises((PermissionDenied, ValidationError)):
        services.registration_move_in(registered, arrival_date=TODAY, on=TODAY, actor=other)
    registered.refresh_from_db()
    assert registered.registering_unit == commune_a and registered.presence == Presence.MOVING


def test_move_in_needs_a_move_out_first(registered, commune_b, user_b):
    with pytest.raises((ValidationError, PermissionDenied)):
        services.registration_move_in(registered, arrival_date=TODAY, on=TODAY, actor=user_b)


def test_cancelling_a_move_out(registered, commune_b, user_a):
    services.registration_move_out(registered, on=TODAY, to_unit=commune_b, actor=user_a)
    services.registration_move_cancel(registered, on=TODAY, actor=user_a)
    registered.refresh_from_db()
    assert registered.presence == Presence.PRESENT and registered.pending_to_unit is None


def test_absence_needs_three_months_and_return_within_ten_days(registered, user_a):
    leave = TODAY - datetime.timedelta(days=200)
    with pytest.raises(ValidationError, match="từ 3 tháng"):
        services.registration_absence(
            registered,
            leave_date=leave,
            expected_return=leave + datetime.timedelta(days=60),
            destination="TP Hồ Chí Minh",
            on=leave,
            actor=user_a,
        )
    services.registration_absence(
        registered,
        leave_date=leave,
        expected_return=leave + datetime.timedelta(days=120),
        destination="TP Hồ Chí Minh",
        on=leave,
        actor=user_a,
    )
    registered.refresh_from_db()
    assert registered.presence == Presence.ABSENT
    back = TODAY - datetime.timedelta(days=15)
    event = services.registration_return(registered, return_date=back, on=TODAY, actor=user_a)
    assert event.deadline == back + datetime.timedelta(days=10)
    assert event.on_time is False
    registered.refresh_from_db()
    assert registered.presence == Presence.PRESENT


def test_supplement_changes_the_person_and_says_what_changed(registered, user_a):
    event = services.registration_supplement(
        registered,
        change_date=TODAY,
        on=TODAY,
        person_changes={"education_grade": 12, "occupation": "Thợ hàn"},
        actor=user_a,
    )
    person = Person.objects.get(pk=registered.person_id)
    assert person.occupation == "Thợ hàn"
    assert "nghề nghiệp" in event.note and "Thợ hàn" in event.note
    assert ObjectChange.objects.filter(object_id=str(person.pk), action="update", user_name=user_a.username).exists()
    with pytest.raises(ValidationError, match="Không đăng ký bổ sung được"):
        services.registration_supplement(
            registered, change_date=TODAY, on=TODAY, person_changes={"residence_unit": 1}, actor=user_a
        )


def test_removal_and_the_transition_table(registered, user_a):
    services.registration_remove(registered, reason="DEATH", on=TODAY, decision_ref="01/QĐ", actor=user_a)
    registered.refresh_from_db()
    assert registered.status == S.REMOVED and registered.removal_reason == "DEATH"
    assert RegistrationEvent.objects.filter(registration=registered, procedure=Procedure.REMOVAL).exists()
    with pytest.raises(TransitionError):
        services.registration_remove(registered, reason="DEATH", on=TODAY, actor=user_a)
    with pytest.raises(ValidationError, match="không thể đăng ký lại"):
        services.registration_first(registered.person, on=TODAY, actor=user_a)


def test_barred_person_registers_once_the_measure_ends(make_person, commune_a, user_a):
    person = make_person(commune_a, dob=_born(17))
    registration = services.registration_bar(person, legal_status="probation", on=TODAY, actor=user_a)
    assert registration.status == S.BARRED_FROM_REGISTRATION
    with pytest.raises(ValidationError, match="Điều 13"):
        services.registration_first(person, on=_reg_date(), actor=user_a)
    services.registration_bar_clear(registration, on=TODAY, actor=user_a)
    services.registration_first(person, on=_reg_date(), actor=user_a)
    registration.refresh_from_db()
    assert registration.status == S.REGISTERED_READY


def test_a_registered_person_falling_under_art13_is_removed(registered, user_a):
    services.registration_bar(registered.person, legal_status="prosecuted", on=TODAY, actor=user_a)
    registered.refresh_from_db()
    assert registered.status == S.REMOVED and registered.removal_reason == "ART13"


def test_exempt_from_registration(make_person, commune_a, user_a):
    person = make_person(commune_a, dob=_born(17))
    with pytest.raises(ValidationError):
        services.registration_exempt(person, on=TODAY, evidence=" ", actor=user_a)
    registration = services.registration_exempt(
        person, on=TODAY, evidence="Kết luận của Hội đồng giám định y khoa", actor=user_a
    )
    assert registration.status == S.EXEMPT_FROM_REGISTRATION and registration.registration_exempt_disease


def test_enlist_then_reserve_after_discharge(registered, user_a):
    # The call-up order of the commune chairman (since 1/7/2025), recorded by the commune's staff.
    services.registration_enlist(registered, branch="ARMY", on=TODAY - datetime.timedelta(days=100), actor=user_a)
    registered.refresh_from_db()
    assert registered.status == S.IN_SERVICE_ARMY
    back = TODAY - datetime.timedelta(days=7)
    event = services.registration_reserve(
        registered, return_date=back, on=TODAY, reserve_grade=1, rank="Hạ sĩ", actor=user_a
    )
    registered.refresh_from_db()
    assert registered.status == S.RESERVE and registered.register_book == RegisterBook.QUAN_NHAN_DU_BI
    assert registered.reserve_grade == 1 and registered.rank == "Hạ sĩ"
    assert event.deadline == current_rules().add_working_days(back, 15)


def test_health_result_feeds_the_file(registered, user_a):
    services.registration_health_record(
        registered, health_class=2, exam_date=TODAY, bmi=21.4, myopia_diopters=0.5, actor=user_a
    )
    registered.refresh_from_db()
    assert registered.health_class == 2 and registered.bmi == Decimal("21.4")
    with pytest.raises(ValidationError):
        services.registration_health_record(registered, health_class=7, exam_date=TODAY, actor=user_a)


def test_transition_table_covers_every_status():
    assert set(ALLOWED_TRANSITIONS) == set(S.values)
    for targets in ALLOWED_TRANSITIONS.values():
        assert targets <= set(S.values)


def test_working_days_skip_weekends_and_holidays():
    rules = current_rules()
    # Friday 24/4/2026: Mon 27/4 (Hùng Kings, observed) is off; 28, 29 count; 30/4 and 1/5 are off.
    assert rules.add_working_days(datetime.date(2026, 4, 24), 2) == datetime.date(2026, 4, 29)
    assert rules.add_working_days(datetime.date(2026, 4, 24), 3) == datetime.date(2026, 5, 4)
    assert rules.deadline_for("REG_MOVE_IN", datetime.date(2026, 11, 2)) == datetime.date(2026, 11, 16)
    assert rules.deadline_for("REG_RETURN", datetime.date(2026, 11, 2)) == datetime.date(2026, 11, 12)
    assert rules.deadline_for("REG_FIRST", datetime.date(2026, 11, 2)) is None


def test_deadlines_are_configuration(settings):
    settings.PHONGTHU_REGISTRATION_RULES = {"deadlines": {"REG_MOVE_IN": {"days": 5}}, "drive_month": 5}
    rules = current_rules()
    assert rules.deadline_for("REG_MOVE_IN", datetime.date(2026, 11, 2)) == datetime.date(2026, 11, 9)
    assert rules.drive_window(2026) == (datetime.date(2026, 5, 1), datetime.date(2026, 5, 31))


def test_bulk_facts_match_the_single_person_facts(registered, make_person, commune_a, user_a):
    from phongthu.military_service import selectors
    from phongthu.military_service.models import RegistrationGround

    services.registration_health_record(
        registered, health_class=2, exam_date=TODAY, bmi=21.4, myopia_diopters=0.5, actor=user_a
    )
    RegistrationGround.objects.create(registration=registered, code="TH_D", evidence="Xác nhận của đơn vị")
    RegistrationGround.objects.create(
        registration=registered, code="TH_B", evidence="Hết hạn", valid_until=TODAY - datetime.timedelta(days=1)
    )
    student = make_person(commune_a, studying="general", education_grade=11)
    people = Person.objects.filter(pk__in=[registered.person_id, student.pk])
    bulk = dict(selectors.bulk_facts(people, TODAY))
    assert set(bulk) == {registered.person_id, student.pk}
    for person in people:
        single = selectors.person_facts(person, getattr(person, "registration", None), TODAY)
        assert bulk[person.pk] == single
    assert [str(g) for g in bulk[registered.person_id].grounds] == ["TH_D"]
