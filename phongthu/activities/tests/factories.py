"""Test factories for activities: a valid record of each registered model inside a given unit.
The inherited suite (core/tests/test_scope_matrix.py) builds its records with them; a new
registered model adds its factory here."""

from __future__ import annotations

import datetime
import itertools

from django.db import models

from phongthu.activities.choices import (
    ActivityLevel,
    AwardAuthority,
    AwardTitle,
    CadreTrainingMode,
    CoordinationKind,
    CourseCategory,
    CourseMode,
    DutyType,
    ExerciseType,
    MeetingKind,
    RatingPeriod,
    RearPolicyCaseType,
    RecipientKind,
    ServiceBranch,
    StatementTopic,
)
from phongthu.activities.crud.awards import AwardCrud
from phongthu.activities.crud.education import (
    CadreTrainingCrud,
    CourseCrud,
    CourseParticipantCrud,
    StudentEducationCrud,
)
from phongthu.activities.crud.exercises import DutyLogCrud, ExerciseCrud, PatrolCrud
from phongthu.activities.crud.external import (
    CommitmentCrud,
    CoordinationEventCrud,
    ForeignDelegationCrud,
    ForeignerResidenceCheckCrud,
    GrassrootsRatingCrud,
    SecurityMovementEntryCrud,
)
from phongthu.activities.crud.rear_policy import DischargedSoldierCrud, RearPolicyCaseCrud, SoldierFamilyCrud
from phongthu.activities.crud.reporting import (
    ConscriptionResultCrud,
    MeetingCrud,
    PeriodTargetCrud,
    ReportStatementCrud,
)
from phongthu.activities.models import (
    Award,
    CadreTraining,
    Commitment,
    ConscriptionResult,
    CoordinationEvent,
    Course,
    CourseParticipant,
    DischargedSoldier,
    DutyLog,
    Exercise,
    ForeignDelegation,
    ForeignerResidenceCheck,
    GrassrootsRating,
    Meeting,
    Patrol,
    PeriodTarget,
    RearPolicyCase,
    ReportStatement,
    SecurityMovementEntry,
    SoldierFamily,
    StudentEducation,
)
from phongthu.core.tests.factories import factory, sample

SAMPLE_YEAR = 2024  # the year the inherited suite's records fall in
seq = itertools.count(1)


@factory(AwardCrud)
def award(unit: models.Model, *, save: bool = True) -> models.Model:
    record = Award(
        unit=unit,  # type: ignore[misc]
        # The proposal is judged on its year's end (AWARD_PROPOSE): a year the fixtures' 2025
        # wards existed in, so their own staff hold it.
        year=2025,
        title=AwardTitle.GIAY_KHEN,
        recipient_kind=RecipientKind.COLLECTIVE,
        recipient_name=f"Trung đội dân quân cơ động số {next(seq)}",
        authority=AwardAuthority.CHU_TICH_UBND_XA,
        issuer_name="UBND xã",
        reason="Thành tích xuất sắc trong huấn luyện DQTV",
    )
    if save:
        record.full_clean()
        record.save()
    return record


@factory(CourseCrud)
def course(unit: models.Model, *, save: bool = True) -> models.Model:
    course = Course(
        unit=unit,  # type: ignore[misc]
        year=SAMPLE_YEAR,
        category=CourseCategory.DT4,
        mode=CourseMode.OWN_CLASS,
        title=f"Lớp bồi dưỡng đối tượng 4 số {next(seq)}",
        start_date=datetime.date(SAMPLE_YEAR, 5, 6),
        end_date=datetime.date(SAMPLE_YEAR, 5, 10),
        days=5,
        classes_count=1,
        trainees_count=60,
        result_text="100% đạt yêu cầu",
    )
    if save:
        course.full_clean()
        course.save()
    return course


@factory(CourseParticipantCrud)
def course_participant(unit: models.Model, *, save: bool = True) -> models.Model:
    course = sample(CourseCrud, unit)
    participant = CourseParticipant(
        course=course,  # type: ignore[misc]
        full_name=f"Trần Văn Học {next(seq)}",
        position="Trưởng thôn",
        result_grade="KHA",
        certificate_no=f"GCN-{next(seq):05d}",
    )
    if save:
        participant.full_clean()
        participant.save()
    return participant


@factory(StudentEducationCrud)
def student_education(unit: models.Model, *, save: bool = True) -> models.Model:
    record = StudentEducation(
        unit=unit,  # type: ignore[misc]
        year=SAMPLE_YEAR,
        school_name=f"Trường THPT số {next(seq)}",
        students_count=420,
    )
    if save:
        record.full_clean()
        record.save()
    return record


@factory(CadreTrainingCrud)
def cadre_training(unit: models.Model, *, save: bool = True) -> models.Model:
    record = CadreTraining(
        unit=unit,  # type: ignore[misc]
        year=SAMPLE_YEAR,
        mode=CadreTrainingMode.ORGANISED,
        title=f"Tập huấn cán bộ huấn luyện DQTV đợt {next(seq)}",
        trainees_count=30,
        role="cán bộ huấn luyện DQTV",
    )
    if save:
        record.full_clean()
        record.save()
    return record


@factory(ExerciseCrud)
def exercise(unit: models.Model, *, save: bool = True) -> models.Model:
    record = Exercise(
        unit=unit,  # type: ignore[misc]
        year=SAMPLE_YEAR,
        exercise_type=ExerciseType.CHIEN_DAU_PHONG_THU_XA,
        level=ActivityLevel.COMMUNE,
        date=datetime.date(SAMPLE_YEAR, 9, 12),
        party_term="2020–2025",
        result_text=f"Đạt yêu cầu, bảo đảm an toàn (mẫu {next(seq)})",
    )
    if save:
        record.full_clean()
        record.save()
    return record


@factory(DutyLogCrud)
def duty_log(unit: models.Model, *, save: bool = True) -> models.Model:
    record = DutyLog(
        unit=unit,  # type: ignore[misc]
        date=datetime.date(SAMPLE_YEAR, 2, 9),
        year=SAMPLE_YEAR,
        duty_type=DutyType.HOLIDAY,
        persons_count=6,
        notes=f"Trực Tết, tình hình ổn định (mẫu {next(seq)})",
    )
    if save:
        record.full_clean()
        record.save()
    return record


@factory(PatrolCrud)
def patrol(unit: models.Model, *, save: bool = True) -> models.Model:
    record = Patrol(
        unit=unit,  # type: ignore[misc]
        year=SAMPLE_YEAR,
        period_start=datetime.date(SAMPLE_YEAR, 1, 1),
        period_end=datetime.date(SAMPLE_YEAR, 6, 30),
        period_label="6 tháng đầu năm",
        team_turns=120,
        person_turns=480,
        partner_forces="Công an xã",
        scope=f"Bảo vệ ANTT địa bàn (mẫu {next(seq)})",
    )
    if save:
        record.full_clean()
        record.save()
    return record


@factory(ForeignDelegationCrud)
def foreign_delegation(unit: models.Model, *, save: bool = True) -> models.Model:
    record = ForeignDelegation(
        unit=unit,  # type: ignore[misc]
        year=SAMPLE_YEAR,
        date=datetime.date(SAMPLE_YEAR, 4, 2),
        origin=f"Đoàn hữu nghị số {next(seq)}",
        delegations_count=1,
        persons_count=12,
    )
    if save:
        record.full_clean()
        record.save()
    return record


@factory(ForeignerResidenceCheckCrud)
def foreigner_residence_check(unit: models.Model, *, save: bool = True) -> models.Model:
    record = ForeignerResidenceCheck(
        unit=unit,  # type: ignore[misc]
        year=SAMPLE_YEAR,
        checked_by=f"Công an xã (tổ {next(seq)})",
        checks_count=4,
        violations_count=0,
    )
    if save:
        record.full_clean()
        record.save()
    return record


@factory(CoordinationEventCrud)
def coordination_event(unit: models.Model, *, save: bool = True) -> models.Model:
    record = CoordinationEvent(
        unit=unit,  # type: ignore[misc]
        year=SAMPLE_YEAR,
        kind=CoordinationKind.BRIEFING_H1,
        date=datetime.date(SAMPLE_YEAR, 6, 28),
        with_police=True,
        with_military=True,
        topic=f"Giao ban 6 tháng thực hiện Nghị định 03/2019/NĐ-CP (mẫu {next(seq)})",
    )
    if save:
        record.full_clean()
        record.save()
    return record


@factory(CommitmentCrud)
def commitment(unit: models.Model, *, save: bool = True) -> models.Model:
    record = Commitment(
        unit=unit,  # type: ignore[misc]
        year=SAMPLE_YEAR,
        led_by="Công an xã",
        parties_count=5,
        topic=f"Cam kết không sử dụng pháo dịp Tết (mẫu {next(seq)})",
    )
    if save:
        record.full_clean()
        record.save()
    return record


@factory(SecurityMovementEntryCrud)
def security_movement_entry(unit: models.Model, *, save: bool = True) -> models.Model:
    record = SecurityMovementEntry(
        unit=unit,  # type: ignore[misc]
        year=SAMPLE_YEAR,
        models_count=3,
        content=f"Duy trì mô hình tổ an ninh tự quản (mẫu {next(seq)})",
    )
    if save:
        record.full_clean()
        record.save()
    return record


@factory(GrassrootsRatingCrud)
def grassroots_rating(unit: models.Model, *, save: bool = True) -> models.Model:
    record = GrassrootsRating(
        unit=unit,  # type: ignore[misc]
        year=SAMPLE_YEAR - next(seq) % 20,  # one rating per unit, period and year
        period=RatingPeriod.YEAR,
        rating="VUNG_MANH",
        bases_strong=4,
        bases_total=5,
        assessment="Hoàn thành tốt nhiệm vụ",
    )
    if save:
        record.full_clean()
        record.save()
    return record


@factory(SoldierFamilyCrud)
def soldier_family(unit: models.Model, *, save: bool = True) -> models.Model:
    record = SoldierFamily(
        unit=unit,  # type: ignore[misc]
        soldier_name=f"Phạm Văn Chiến {next(seq)}",
        branch=ServiceBranch.ARMY,
        service_unit="Trung đoàn 50",
        enlistment_date=datetime.date(SAMPLE_YEAR, 2, 20),
        household_head="Phạm Văn Bố",
    )
    if save:
        record.full_clean()
        record.save()
    return record


@factory(RearPolicyCaseCrud)
def rear_policy_case(unit: models.Model, *, save: bool = True) -> models.Model:
    record = RearPolicyCase(
        unit=unit,  # type: ignore[misc]
        year=SAMPLE_YEAR,
        case_type=RearPolicyCaseType.VISIT_GIFT,
        recipient_name=f"Gia đình quân nhân {next(seq)}",
        date=datetime.date(SAMPLE_YEAR, 1, 25),
        amount=500_000,
        occasion="Tết Nguyên đán",
    )
    if save:
        record.full_clean()
        record.save()
    return record


@factory(DischargedSoldierCrud)
def discharged_soldier(unit: models.Model, *, save: bool = True) -> models.Model:
    record = DischargedSoldier(
        unit=unit,  # type: ignore[misc]
        year=SAMPLE_YEAR,
        full_name=f"Lê Văn Xuất {next(seq)}",
        branch=ServiceBranch.ARMY,
        service_end_date=datetime.date(SAMPLE_YEAR, 2, 10),
        arrival_date=datetime.date(SAMPLE_YEAR, 2, 15),
        reserve_registration_date=datetime.date(SAMPLE_YEAR, 2, 20),
    )
    if save:
        record.full_clean()
        record.save()
    return record


@factory(MeetingCrud)
def meeting(unit: models.Model, *, save: bool = True) -> models.Model:
    record = Meeting(
        unit=unit,  # type: ignore[misc]
        kind=MeetingKind.REVIEW_CONFERENCE,
        date=datetime.date(SAMPLE_YEAR, 12, 10),
        host="UBND xã",
        chair="Chủ tịch UBND xã",
        scope=f"Tổng kết công tác quân sự, quốc phòng địa phương năm {SAMPLE_YEAR} (mẫu {next(seq)})",
    )
    if save:
        record.full_clean()
        record.save()
    return record


@factory(PeriodTargetCrud)
def period_target(unit: models.Model, *, save: bool = True) -> models.Model:
    record = PeriodTarget(
        unit=unit,  # type: ignore[misc]
        year=SAMPLE_YEAR,
        topic=StatementTopic.CONSCRIPTION,
        value=100,
        value_unit="%",
        text=f"Hoàn thành 100% chỉ tiêu tuyển quân (mẫu {next(seq)})",
    )
    if save:
        record.full_clean()
        record.save()
    return record


@factory(ReportStatementCrud)
def report_statement(unit: models.Model, *, save: bool = True) -> models.Model:
    record = ReportStatement(
        unit=unit,  # type: ignore[misc]
        year=SAMPLE_YEAR,
        topic=StatementTopic.REAR_POLICY,
        text=f"Chính sách hậu phương quân đội được quan tâm (mẫu {next(seq)})",
    )
    if save:
        record.full_clean()
        record.save()
    return record


@factory(ConscriptionResultCrud)
def conscription_result(unit: models.Model, *, save: bool = True) -> models.Model:
    record = ConscriptionResult(
        unit=unit,  # type: ignore[misc]
        year=SAMPLE_YEAR - next(seq) % 20,  # one result per unit and year
        quota=20,
        delivered=20,
        quality_text="Đạt chất lượng, đúng luật",
    )
    if save:
        record.full_clean()
        record.save()
    return record
