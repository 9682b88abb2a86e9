"""Indicators of the activities app: every figure of the year view, counted from the records,
and the report topics no registry counts (entered per unit and period in a data set).

Sections follow the report outline (shared/design/figures-and-reports.md §3)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from phongthu.activities.choices import (
    HARDSHIP_TYPES,
    AwardStatus,
    CadreTrainingMode,
    CoordinationKind,
    CourseCategory,
    RatingPeriod,
    RearPolicyCaseType,
)
from phongthu.figures.registry import (
    Counted,
    DataSet,
    Derived,
    Indicator,
    Rule,
    register,
    register_data_sets,
    register_rules,
    register_word_targets,
)
from phongthu.figures.registry import Source as S


def _trainees(qs: Any) -> Any:
    from phongthu.activities.year_figures import with_trainees

    return with_trainees(qs)


DECIDED = Q(status__in=[AwardStatus.DECIDED, AwardStatus.PAID])


def C(model: str, **kw: Any) -> Counted:
    return Counted(model=f"activities.{model}", **kw)


def counted(code: str, label: str, measure: str, section: int, counted: Counted, **kw: Any) -> Indicator:
    return Indicator(
        code, label, measure, section, kw.pop("stock", False), S.COUNTED, counted=counted, entry=True, **kw
    )


def entered(code: str, label: str, measure: str, section: int, data_set: str, **kw: Any) -> Indicator:
    return Indicator(code, label, measure, section, kw.pop("stock", False), S.ENTERED, data_set=data_set, **kw)


def derived(code: str, label: str, measure: str, section: int, op: str, *inputs: str, **kw: Any) -> Indicator:
    return Indicator(
        code, label, measure, section, kw.pop("stock", False), S.DERIVED, derived=Derived(op, inputs), **kw
    )


register_data_sets(
    DataSet("leadership", "Lãnh đạo, chỉ đạo; tuyên truyền; kiểm tra", ("year", "half"), 2),
    DataSet("training", "Huấn luyện; hội thi, hội thao; sáng kiến", ("year", "half"), 5),
    DataSet("logistics", "Hậu cần – kỹ thuật; vũ khí; tăng gia sản xuất; công trình; quỹ", ("year", "half"), 9),
    DataSet("admissions", "Tuyển sinh quân sự", ("year",), 10),
    DataSet("mass", "Dân vận; phòng chống thiên tai, tìm kiếm cứu nạn; phòng thủ dân sự", ("year", "half"), 11),
    DataSet("party", "Công tác đảng, công tác chính trị", ("year",), 13),
    DataSet("results", "Kết quả thực hiện chỉ tiêu (theo báo cáo)", ("year", "half", "term"), 7),
)

register(
    # §2 Lãnh đạo, chỉ đạo; quán triệt, tuyên truyền; kiểm tra
    counted("meeting.count", "Hội nghị, buổi làm việc", "cuộc", 2, C("Meeting", date_field="date")),
    entered("propaganda.sessions", "Buổi tuyên truyền, phổ biến pháp luật về quốc phòng", "buổi", 2, "leadership"),
    entered("propaganda.audience", "Lượt người dự tuyên truyền", "lượt", 2, "leadership"),
    entered("inspection.count", "Cuộc kiểm tra công tác quốc phòng, quân sự địa phương", "cuộc", 2, "leadership"),
    # §3 Sẵn sàng chiến đấu; phối hợp; tuần tra
    counted("duty.logs", "Lượt trực sẵn sàng chiến đấu ghi sổ", "lượt", 3, C("DutyLog", date_field="date")),
    counted(
        "patrol.team_turns",
        "Lượt tổ tuần tra",
        "lượt",
        3,
        C("Patrol", date_field="date", aggregate="sum", field="team_turns"),
        sentence="Tổ chức {value} lượt tổ tuần tra",
    ),
    counted(
        "patrol.person_turns",
        "Lượt cán bộ, chiến sĩ tuần tra",
        "lượt",
        3,
        C("Patrol", date_field="date", aggregate="sum", field="person_turns"),
    ),
    counted(
        "coordination.programmes",
        "Chương trình phối hợp đã ký",
        "chương trình",
        3,
        C("CoordinationEvent", date_field="date", filter=Q(kind=CoordinationKind.PROGRAMME)),
    ),
    counted(
        "coordination.briefings",
        "Giao ban phối hợp",
        "cuộc",
        3,
        C(
            "CoordinationEvent",
            date_field="date",
            filter=Q(kind__in=[CoordinationKind.BRIEFING_H1, CoordinationKind.BRIEFING_YEAR]),
        ),
    ),
    counted(
        "commitment.parties",
        "Đơn vị ký cam kết",
        "đơn vị",
        3,
        C("Commitment", date_field="date", aggregate="sum", field="parties_count"),
    ),
    counted(
        "security_movement.models",
        "Mô hình tự quản về an ninh trật tự",
        "mô hình",
        3,
        C("SecurityMovementEntry", aggregate="sum", field="models_count"),
    ),
    counted(
        "security_movement.typical",
        "Đơn vị điển hình phong trào bảo vệ an ninh Tổ quốc",
        "đơn vị",
        3,
        C("SecurityMovementEntry", aggregate="sum", field="typical_units_count"),
    ),
    # §5 Huấn luyện; hội thi, hội thao; sáng kiến
    counted(
        "cadre_training.attended",
        "Lớp tập huấn cấp trên đã tham gia",
        "lớp",
        5,
        C("CadreTraining", aggregate="sum", field="courses_count", filter=Q(mode=CadreTrainingMode.ATTENDED)),
    ),
    counted(
        "cadre_training.trainees",
        "Cán bộ được tập huấn",
        "người",
        5,
        C("CadreTraining", aggregate="sum", field="trainees_count", filter=Q(mode=CadreTrainingMode.ORGANISED)),
    ),
    entered("contest.events", "Hội thi, hội thao đã tổ chức, tham gia", "cuộc", 5, "training"),
    entered("contest.prizes", "Giải thưởng tại hội thi, hội thao", "giải", 5, "training"),
    entered("innovation.count", "Sáng kiến, cải tiến kỹ thuật", "sáng kiến", 5, "training"),
    # §6 Diễn tập
    counted(
        "exercise.count",
        "Cuộc diễn tập, luyện tập",
        "cuộc",
        6,
        C("Exercise", date_field="date", aggregate="sum", field="count"),
        sentence="Tổ chức {value} cuộc diễn tập",
    ),
    derived("exercise.coverage", "Đơn vị cấp dưới đã diễn tập", "đơn vị", 6, "coverage", "exercise.count"),
    counted(
        "exercise.units_held",
        "Đơn vị đã diễn tập (theo kế hoạch có tổng số)",
        "đơn vị",
        6,
        C("Exercise", date_field="date", aggregate="sum", field="count", filter=Q(of_total__isnull=False)),
    ),
    counted(
        "exercise.units_total",
        "Tổng số đơn vị phải diễn tập",
        "đơn vị",
        6,
        C("Exercise", date_field="date", aggregate="sum", field="of_total"),
    ),
    derived(
        "exercise.units_pair",
        "Đơn vị đã diễn tập trên tổng số",
        "đơn vị",
        6,
        "pair",
        "exercise.units_held",
        "exercise.units_total",
        sentence="{value} đơn vị tổ chức diễn tập",
    ),
    # §7 Tuyển quân (kết quả cả năm, nhập như báo cáo)
    counted(
        "conscription.quota",
        "Chỉ tiêu giao quân (Quân đội)",
        "công dân",
        7,
        C("ConscriptionResult", aggregate="sum", field="quota"),
    ),
    counted(
        "conscription.delivered",
        "Đã giao quân (Quân đội)",
        "công dân",
        7,
        C("ConscriptionResult", aggregate="sum", field="delivered"),
    ),
    counted(
        "conscription.police_quota",
        "Chỉ tiêu nghĩa vụ Công an nhân dân",
        "công dân",
        7,
        C("ConscriptionResult", aggregate="sum", field="police_quota"),
    ),
    counted(
        "conscription.police_delivered",
        "Đã giao nghĩa vụ Công an nhân dân",
        "công dân",
        7,
        C("ConscriptionResult", aggregate="sum", field="police_delivered"),
    ),
    entered(
        "conscription.completion_pct",
        "Tỷ lệ hoàn thành chỉ tiêu tuyển quân (theo báo cáo)",
        "%",
        7,
        "results",
        integer=False,
        maximum=200,
        sentence="hoàn thành {value}% chỉ tiêu giao quân",
    ),
    entered(
        "reserve.completion_pct",
        "Tỷ lệ hoàn thành chỉ tiêu dự bị động viên (theo báo cáo)",
        "%",
        4,
        "results",
        integer=False,
        maximum=200,
    ),
    derived(
        "conscription.pct",
        "Tỷ lệ hoàn thành chỉ tiêu giao quân (Quân đội)",
        "%",
        7,
        "pct",
        "conscription.delivered",
        "conscription.quota",
    ),
    # §8 Giáo dục quốc phòng và an ninh
    counted(
        "course.trainees",
        "Số người được bồi dưỡng kiến thức QP-AN",
        "người",
        8,
        C(
            "Course",
            aggregate="sum",
            field="trainees",
            annotate=_trainees,
            live_only=True,
            breakdown=tuple((f"category={code}", Q(category=code)) for code in CourseCategory.values),
        ),
        sentence="bồi dưỡng kiến thức QP-AN cho {value} đồng chí",
    ),
    counted("course.classes", "Số lớp bồi dưỡng tự mở", "lớp", 8, C("Course", aggregate="sum", field="classes_count")),
    counted(
        "student_education.students",
        "Học sinh, sinh viên được giáo dục QP-AN",
        "người",
        8,
        C("StudentEducation", aggregate="sum", field="students_count"),
    ),
    # §9 Hậu cần – kỹ thuật; vũ khí; sản xuất; công trình; quỹ
    entered("weapons.inspections", "Lượt kiểm tra, bảo quản vũ khí, trang bị", "lượt", 9, "logistics"),
    entered("weapons.collected", "Vũ khí, vật liệu nổ thu hồi", "khẩu/kg", 9, "logistics", integer=False),
    entered("production.value", "Giá trị tăng gia sản xuất", "đồng", 9, "logistics"),
    entered("fund.collected", "Quỹ quốc phòng – an ninh đã thu", "đồng", 9, "logistics"),
    entered("works.count", "Công trình quốc phòng, trụ sở Ban CHQS xây dựng, sửa chữa", "công trình", 9, "logistics"),
    # §10 Hậu phương quân đội; xuất ngũ; tuyển sinh
    counted(
        "rear_policy.hardship",
        "Lượt trợ cấp khó khăn đột xuất",
        "lượt",
        10,
        C(
            "RearPolicyCase",
            date_field="date",
            aggregate="sum",
            field="cases_count",
            filter=Q(case_type__in=list(HARDSHIP_TYPES)),
        ),
    ),
    counted(
        "rear_policy.visits",
        "Lượt thăm hỏi, tặng quà",
        "lượt",
        10,
        C(
            "RearPolicyCase",
            date_field="date",
            aggregate="sum",
            field="cases_count",
            filter=Q(case_type=RearPolicyCaseType.VISIT_GIFT),
        ),
    ),
    counted(
        "rear_policy.amount",
        "Tiền chính sách hậu phương quân đội",
        "đồng",
        10,
        C("RearPolicyCase", date_field="date", aggregate="sum", field="amount"),
    ),
    counted(
        "discharged.registered",
        "Quân nhân xuất ngũ đã đăng ký ngạch dự bị",
        "người",
        10,
        C("DischargedSoldier", filter=Q(reserve_registration_date__isnull=False)),
    ),
    counted(
        "discharged.vocational",
        "Quân nhân xuất ngũ đề nghị hỗ trợ học nghề",
        "người",
        10,
        C("DischargedSoldier", filter=Q(vocational_request_date__isnull=False)),
    ),
    entered("military_school.applicants", "Thí sinh đăng ký sơ tuyển trường quân đội", "người", 10, "admissions"),
    entered("military_school.admitted", "Thí sinh trúng tuyển trường quân đội", "người", 10, "admissions"),
    # §11 Dân vận; thiên tai, tìm kiếm cứu nạn; phòng thủ dân sự
    entered("mass.workdays", "Ngày công tham gia dân vận, giúp dân", "ngày công", 11, "mass"),
    entered("mass.households", "Hộ gia đình được giúp đỡ", "hộ", 11, "mass"),
    entered("disaster.responses", "Lượt tham gia phòng chống thiên tai, tìm kiếm cứu nạn", "lượt", 11, "mass"),
    entered("disaster.persons", "Lượt người được huy động phòng chống thiên tai", "lượt", 11, "mass"),
    entered("civil_defence.teams", "Đội xung kích phòng thủ dân sự", "đội", 11, "mass", stock=True),
    # §12 Đối ngoại quốc phòng
    counted(
        "foreign.delegations",
        "Đoàn khách nước ngoài",
        "đoàn",
        12,
        C("ForeignDelegation", date_field="date", aggregate="sum", field="delegations_count"),
    ),
    counted(
        "foreign.persons",
        "Lượt người nước ngoài",
        "lượt",
        12,
        C("ForeignDelegation", date_field="date", aggregate="sum", field="persons_count"),
    ),
    counted(
        "foreigner_check.checks",
        "Lượt kiểm tra người nước ngoài cư trú",
        "lượt",
        12,
        C("ForeignerResidenceCheck", aggregate="sum", field="checks_count"),
    ),
    counted(
        "foreigner_check.violations",
        "Vi phạm phát hiện qua kiểm tra người nước ngoài",
        "vụ",
        12,
        C("ForeignerResidenceCheck", aggregate="sum", field="violations_count"),
    ),
    # §13 Công tác đảng, công tác chính trị; cơ sở vững mạnh
    counted(
        "rating.bases_strong",
        "Cơ sở vững mạnh toàn diện",
        "cơ sở",
        13,
        C("GrassrootsRating", aggregate="sum", field="bases_strong", filter=Q(period=RatingPeriod.YEAR)),
        stock=True,
    ),
    counted(
        "rating.bases_total",
        "Tổng số cơ sở",
        "cơ sở",
        13,
        C("GrassrootsRating", aggregate="sum", field="bases_total", filter=Q(period=RatingPeriod.YEAR)),
        stock=True,
    ),
    counted(
        "rating.clusters_strong",
        "Cụm an toàn làm chủ",
        "cụm",
        13,
        C("GrassrootsRating", aggregate="sum", field="clusters_strong", filter=Q(period=RatingPeriod.YEAR)),
        stock=True,
    ),
    counted(
        "rating.clusters_total",
        "Tổng số cụm",
        "cụm",
        13,
        C("GrassrootsRating", aggregate="sum", field="clusters_total", filter=Q(period=RatingPeriod.YEAR)),
        stock=True,
    ),
    derived(
        "rating.bases_pair",
        "Cơ sở vững mạnh toàn diện trên tổng số",
        "cơ sở",
        13,
        "pair",
        "rating.bases_strong",
        "rating.bases_total",
    ),
    derived(
        "rating.clusters_pair",
        "Cụm an toàn làm chủ trên tổng số",
        "cụm",
        13,
        "pair",
        "rating.clusters_strong",
        "rating.clusters_total",
    ),
    entered("party.cells_established", "Chi bộ quân sự cấp xã, phường được thành lập", "chi bộ", 13, "party"),
    derived(
        "rating.bases_pct",
        "Tỷ lệ cơ sở vững mạnh toàn diện",
        "%",
        13,
        "pct",
        "rating.bases_strong",
        "rating.bases_total",
    ),
    entered("party.cells_strong", "Chi bộ quân sự hoàn thành tốt nhiệm vụ trở lên", "chi bộ", 13, "party", stock=True),
    entered("party.cells_total", "Tổng số chi bộ quân sự", "chi bộ", 13, "party", stock=True),
    entered("party.new_members", "Đảng viên mới kết nạp trong lực lượng vũ trang", "đảng viên", 13, "party"),
    derived(
        "party.cells_pct",
        "Tỷ lệ chi bộ quân sự hoàn thành tốt nhiệm vụ",
        "%",
        13,
        "pct",
        "party.cells_strong",
        "party.cells_total",
    ),
    # §14 Thi đua, khen thưởng
    counted(
        "award.collectives",
        "Tập thể được khen thưởng",
        "tập thể",
        14,
        C("Award", aggregate="sum", field="collectives_count", filter=DECIDED & Q(received_by_unit=False)),
    ),
    counted(
        "award.individuals",
        "Cá nhân được khen thưởng",
        "cá nhân",
        14,
        C("Award", aggregate="sum", field="individuals_count", filter=DECIDED & Q(received_by_unit=False)),
    ),
    counted(
        "award.received",
        "Khen thưởng đơn vị nhận",
        "lượt",
        14,
        C("Award", filter=Q(received_by_unit=True) & ~Q(status=AwardStatus.REVOKED)),
    ),
    counted(
        "award.proposed",
        "Khen thưởng đang đề nghị, chờ quyết định",
        "hồ sơ",
        14,
        C("Award", filter=Q(status__in=[AwardStatus.PROPOSED, AwardStatus.COUNCIL_REVIEWED])),
    ),
    counted("award.cash", "Tiền thưởng", "đồng", 14, C("Award", aggregate="sum", field="cash_total", filter=DECIDED)),
    # Statements: how much of the report is numbers
    counted(
        "statement.quantified",
        "Nội dung báo cáo có số liệu",
        "nội dung",
        15,
        C("ReportStatement", filter=Q(quantified=True)),
    ),
    counted(
        "statement.text",
        "Nội dung báo cáo chỉ có lời văn",
        "nội dung",
        15,
        C("ReportStatement", filter=Q(quantified=False)),
    ),
    app_label="activities",
)

register_rules(
    Rule(
        "party.cells",
        "party.cells_strong",
        "<=",
        ("party.cells_total",),
        "Số chi bộ hoàn thành tốt nhiệm vụ không được lớn hơn tổng số chi bộ quân sự.",
    ),
    Rule(
        "military_school",
        "military_school.admitted",
        "<=",
        ("military_school.applicants",),
        "Số thí sinh trúng tuyển không được lớn hơn số thí sinh đăng ký sơ tuyển.",
    ),
)


def _period_targets(unit: Any, period: Any) -> list[str]:
    """Targets and tasks the activities app keeps as words (PeriodTarget texts)."""
    from phongthu.activities.models import PeriodTarget

    rows = PeriodTarget.objects.filter(unit=unit)
    years = list(period.years)
    rows = rows.filter(
        Q(period_from__isnull=True, year__in=years)
        | Q(period_from__lte=period.end.year, period_to__gte=period.start.year)
    )
    return [t.text for t in rows.order_by("year", "pk")]


register_word_targets(_period_targets)
