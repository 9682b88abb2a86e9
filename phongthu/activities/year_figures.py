"""Figures activities adds to a unit's year view (beyond the count of records): each function
aggregates the scoped records of one model for the year, in the database."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from phongthu.activities.choices import (
    HARDSHIP_TYPES,
    AwardStatus,
    CadreTrainingMode,
    CoordinationKind,
    CourseCategory,
    RatingPeriod,
    RearPolicyCaseType,
)
from phongthu.activities.crud.awards import AwardCrud
from phongthu.activities.crud.education import CadreTrainingCrud, CourseCrud, StudentEducationCrud
from phongthu.activities.crud.exercises import ExerciseCrud, PatrolCrud
from phongthu.activities.crud.external import (
    CommitmentCrud,
    CoordinationEventCrud,
    ForeignDelegationCrud,
    ForeignerResidenceCheckCrud,
    GrassrootsRatingCrud,
    SecurityMovementEntryCrud,
)
from phongthu.activities.crud.rear_policy import DischargedSoldierCrud, RearPolicyCaseCrud
from phongthu.activities.crud.reporting import ConscriptionResultCrud, ReportStatementCrud
from phongthu.activities.models import CourseParticipant
from phongthu.core.year_figures import year_figures


def sums(queryset: QuerySet[Any], labelled: list[tuple[str, str]]) -> list[tuple[str, Any]]:
    """[(label, field)] → [(label, Sum(field))] in one query; None shows as 0."""
    totals = queryset.aggregate(**{f"f{i}": Sum(name) for i, (_label, name) in enumerate(labelled)})
    return [(label, totals[f"f{i}"] or 0) for i, (label, _name) in enumerate(labelled)]


def with_trainees(queryset: Any) -> Any:
    """Trainees of a course: the count typed for an aggregated course, else its named participants."""
    named = (
        CourseParticipant.objects.filter(course=OuterRef("pk"))
        .order_by()
        .values("course")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        trainees=Coalesce(
            "trainees_count", Subquery(named, output_field=IntegerField()), Value(0), output_field=IntegerField()
        )
    )


@year_figures(AwardCrud)
def award(queryset: Any) -> list[tuple[str, Any]]:
    decided = Q(status__in=[AwardStatus.DECIDED, AwardStatus.PAID])
    totals = queryset.aggregate(
        collectives=Sum("collectives_count", filter=decided & Q(received_by_unit=False)),
        individuals=Sum("individuals_count", filter=decided & Q(received_by_unit=False)),
        received=Count("pk", filter=Q(received_by_unit=True) & ~Q(status=AwardStatus.REVOKED)),
        proposed=Count("pk", filter=Q(status__in=[AwardStatus.PROPOSED, AwardStatus.COUNCIL_REVIEWED])),
        cash=Sum("cash_total", filter=decided),
    )
    return [
        (_("Tập thể được khen thưởng"), totals["collectives"] or 0),
        (_("Cá nhân được khen thưởng"), totals["individuals"] or 0),
        (_("Khen thưởng đơn vị nhận"), totals["received"] or 0),
        (_("Đang đề nghị, chờ quyết định"), totals["proposed"] or 0),
        (_("Tiền thưởng (đồng)"), totals["cash"] or 0),
    ]


@year_figures(CourseCrud)
def course(queryset: Any) -> list[tuple[str, Any]]:
    annotated = with_trainees(queryset)
    agg: dict[str, Any] = {"all": Sum("trainees"), "classes": Sum("classes_count")}
    for code in CourseCategory.values:
        agg[code] = Sum("trainees", filter=Q(category=code))
    totals = annotated.aggregate(**agg)
    rows: list[tuple[str, Any]] = [
        (_("Học viên bồi dưỡng"), totals["all"] or 0),
        (_("Số lớp tự mở"), totals["classes"] or 0),
    ]
    rows += [(str(label), totals[code] or 0) for code, label in CourseCategory.choices if totals[code]]
    return rows


@year_figures(StudentEducationCrud)
def student_education(queryset: Any) -> list[tuple[str, Any]]:
    return sums(queryset, [(_("Học sinh, sinh viên được giáo dục QPAN"), "students_count")])


@year_figures(CadreTrainingCrud)
def cadre_training(queryset: Any) -> list[tuple[str, Any]]:
    attended = queryset.filter(mode=CadreTrainingMode.ATTENDED)
    organised = queryset.filter(mode=CadreTrainingMode.ORGANISED)
    return [
        *sums(attended, [(_("Lớp tập huấn cấp trên đã tham gia"), "courses_count")]),
        *sums(organised, [(_("Cán bộ được tập huấn"), "trainees_count")]),
    ]


@year_figures(ExerciseCrud)
def exercise(queryset: Any) -> list[tuple[str, Any]]:
    return sums(queryset, [(_("Số cuộc diễn tập, luyện tập"), "count")])


@year_figures(PatrolCrud)
def patrol(queryset: Any) -> list[tuple[str, Any]]:
    return sums(queryset, [(_("Lượt tổ tuần tra"), "team_turns"), (_("Lượt cán bộ, chiến sĩ"), "person_turns")])


@year_figures(ForeignDelegationCrud)
def foreign_delegation(queryset: Any) -> list[tuple[str, Any]]:
    return sums(queryset, [(_("Đoàn khách nước ngoài"), "delegations_count"), (_("Lượt người"), "persons_count")])


@year_figures(ForeignerResidenceCheckCrud)
def foreigner_residence_check(queryset: Any) -> list[tuple[str, Any]]:
    return sums(queryset, [(_("Lượt kiểm tra"), "checks_count"), (_("Vi phạm phát hiện"), "violations_count")])


@year_figures(CoordinationEventCrud)
def coordination_event(queryset: Any) -> list[tuple[str, Any]]:
    totals = queryset.aggregate(
        programmes=Count("pk", filter=Q(kind=CoordinationKind.PROGRAMME)),
        briefings=Count("pk", filter=Q(kind__in=[CoordinationKind.BRIEFING_H1, CoordinationKind.BRIEFING_YEAR])),
    )
    return [(_("Chương trình phối hợp đã ký"), totals["programmes"]), (_("Giao ban"), totals["briefings"])]


@year_figures(CommitmentCrud)
def commitment(queryset: Any) -> list[tuple[str, Any]]:
    return sums(queryset, [(_("Đơn vị ký cam kết"), "parties_count")])


@year_figures(SecurityMovementEntryCrud)
def security_movement_entry(queryset: Any) -> list[tuple[str, Any]]:
    return sums(queryset, [(_("Mô hình tự quản"), "models_count"), (_("Đơn vị điển hình"), "typical_units_count")])


@year_figures(GrassrootsRatingCrud)
def grassroots_rating(queryset: Any) -> list[tuple[str, Any]]:
    whole_year = queryset.filter(period=RatingPeriod.YEAR)
    return sums(
        whole_year,
        [
            (_("Cơ sở vững mạnh toàn diện"), "bases_strong"),
            (_("Tổng số cơ sở"), "bases_total"),
            (_("Cụm an toàn làm chủ"), "clusters_strong"),
            (_("Tổng số cụm"), "clusters_total"),
        ],
    )


@year_figures(RearPolicyCaseCrud)
def rear_policy_case(queryset: Any) -> list[tuple[str, Any]]:
    totals = queryset.aggregate(
        hardship=Sum("cases_count", filter=Q(case_type__in=list(HARDSHIP_TYPES))),
        visits=Sum("cases_count", filter=Q(case_type=RearPolicyCaseType.VISIT_GIFT)),
        amount=Sum("amount"),
    )
    return [
        (_("Lượt trợ cấp khó khăn đột xuất"), totals["hardship"] or 0),
        (_("Lượt thăm hỏi, tặng quà"), totals["visits"] or 0),
        (_("Tổng số tiền (đồng)"), totals["amount"] or 0),
    ]


@year_figures(DischargedSoldierCrud)
def discharged_soldier(queryset: Any) -> list[tuple[str, Any]]:
    totals = queryset.aggregate(
        registered=Count("pk", filter=Q(reserve_registration_date__isnull=False)),
        vocational=Count("pk", filter=Q(vocational_request_date__isnull=False)),
    )
    return [
        (_("Đã đăng ký ngạch dự bị"), totals["registered"]),
        (_("Đề nghị hỗ trợ học nghề"), totals["vocational"]),
    ]


@year_figures(ReportStatementCrud)
def report_statement(queryset: Any) -> list[tuple[str, Any]]:
    totals = queryset.aggregate(q=Count("pk", filter=Q(quantified=True)), t=Count("pk", filter=Q(quantified=False)))
    return [(_("Có số liệu"), totals["q"]), (_("Chỉ có lời văn"), totals["t"])]


@year_figures(ConscriptionResultCrud)
def conscription_result(queryset: Any) -> list[tuple[str, Any]]:
    return sums(
        queryset,
        [
            (_("Chỉ tiêu giao quân"), "quota"),
            (_("Đã giao quân"), "delivered"),
            (_("Chỉ tiêu nghĩa vụ CAND"), "police_quota"),
            (_("Đã giao nghĩa vụ CAND"), "police_delivered"),
        ],
    )
