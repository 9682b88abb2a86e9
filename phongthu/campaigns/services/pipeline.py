"""From the commune review to the official/reserve lists (SM-2, domain.md §2.5 steps 5–13)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from phongthu.campaigns.choices import (
    Branch,
    CandidateStatus,
    DefermentStatus,
    ListKind,
    PoliticalCheck,
    ScreeningResult,
)
from phongthu.campaigns.health import CRITERIA
from phongthu.campaigns.models import Candidate, HealthExam, Quota
from phongthu.campaigns.services.common import acting_office, assert_open, fmt, move, refuse, set_fields
from phongthu.core import scoping

if TYPE_CHECKING:
    from phongthu.accounts.models import User

S = CandidateStatus
REVIEW = "CANDIDATE_REVIEW"  # the commune council's steps (authority table)
EXAM = "HEALTH_EXAM_RECORD"

# Statuses that hold a place on the official or reserve list.
LISTED_STATUSES = frozenset(
    {S.SHORTLISTED, S.DECIDED_BY_PROVINCE, S.CALL_DELIVERED, S.HANDED_OVER, S.RECHECKED_OK, S.ENLISTED}
)


def candidate_review(candidate: Candidate, *, actor: User, on: datetime.date, note: str = "") -> Candidate:
    """Xét duyệt cấp xã: the commune council has reviewed the citizen's file."""
    if candidate.status != S.IN_SOURCE_POOL:
        raise refuse(None, "Chỉ xét duyệt công dân đang trong nguồn (chưa xét duyệt).")
    return move(
        candidate,
        S.REVIEWED,
        actor=actor,
        authority=REVIEW,
        reason=note or "Xét duyệt cấp xã",
        effective_date=on,
        extra={"reviewed_on": on},
    )


def candidate_call_screening(
    candidate: Candidate, *, actor: User, on: datetime.date, decision_ref: str = ""
) -> Candidate:
    return move(
        candidate,
        S.CALLED_TO_SCREENING,
        actor=actor,
        authority="PRESCREEN_CALL",
        decision_ref=decision_ref,
        effective_date=on,
        reason="Chủ tịch UBND xã gọi sơ tuyển sức khỏe",
    )


@transaction.atomic
def candidate_record_screening(
    candidate: Candidate, *, actor: User, on: datetime.date, passed: bool, note: str = ""
) -> Candidate:
    """Sơ tuyển at the commune health station; a failure needs its reason."""
    if not passed and not note.strip():
        raise refuse("note", "Ghi lý do không đạt sơ tuyển (bệnh, dị tật, ...).")
    result = ScreeningResult.PASS if passed else ScreeningResult.FAIL
    move(
        candidate,
        S.SCREENED,
        actor=actor,
        authority=EXAM,
        effective_date=on,
        reason=note or "Sơ tuyển sức khỏe",
        extra={"screening_result": result, "screening_date": on, "screening_note": note[:255]},
    )
    if not passed:
        move(candidate, S.SCREEN_FAIL, actor=actor, authority=EXAM, effective_date=on, reason=note)
    return candidate


def candidate_screening_pass(candidate: Candidate, *, actor: User, on: datetime.date) -> Candidate:
    return candidate_record_screening(candidate, actor=actor, on=on, passed=True)


def candidate_screening_fail(candidate: Candidate, *, actor: User, on: datetime.date, note: str) -> Candidate:
    return candidate_record_screening(candidate, actor=actor, on=on, passed=False, note=note)


def candidate_exempt_registration(candidate: Candidate, *, actor: User, on: datetime.date, note: str) -> Candidate:
    if not note.strip():
        raise refuse("note", "Ghi bệnh, tật thuộc danh mục miễn đăng ký (Mục III Phụ lục I TT 105/2023).")
    return move(candidate, S.EXEMPT_FROM_REGISTRATION, actor=actor, authority=REVIEW, effective_date=on, reason=note)


def candidate_nominate(candidate: Candidate, *, actor: User, on: datetime.date, note: str = "") -> Candidate:
    """Bình cử: the commune meeting puts the citizen forward for the health exam."""
    return move(
        candidate,
        S.NOMINATED,
        actor=actor,
        authority=REVIEW,
        effective_date=on,
        reason=note or "Bình cử đi khám sức khỏe",
        extra={"nominated_on": on},
    )


def candidate_call_exam(candidate: Candidate, *, actor: User, on: datetime.date, decision_ref: str = "") -> Candidate:
    return move(
        candidate,
        S.CALLED_TO_EXAM,
        actor=actor,
        authority="HEALTH_EXAM_CALL",
        decision_ref=decision_ref,
        effective_date=on,
        reason="Chủ tịch UBND xã gọi khám sức khỏe",
    )


def _record_in_registry(candidate: Candidate, exam: HealthExam, actor: User) -> None:
    """The council's conclusion becomes the file's latest health facts; saving the file judges
    the candidate again (services.refresh), so the pool no longer says "not examined"."""
    from phongthu.military_service.models import MilitaryServiceRegistration
    from phongthu.military_service.services import registration_health_record

    registration = MilitaryServiceRegistration.objects.filter(person_id=candidate.person_id).first()
    if registration is None:
        return
    registration_health_record(
        registration,
        actor=actor,
        health_class=exam.health_class,
        exam_date=exam.exam_date,
        bmi=exam.bmi,
        myopia_diopters=exam.myopia_diopters,
        hyperopia=exam.hyperopia,
        drug_addiction=exam.drug_test_positive,
    )


@transaction.atomic
def candidate_record_exam(
    candidate: Candidate,
    *,
    actor: User,
    exam_date: datetime.date,
    height_cm: Decimal,
    weight_kg: Decimal,
    scores: dict[str, int | None],
    chest_cm: Decimal | None = None,
    myopia_diopters: Decimal = Decimal(0),
    hyperopia: bool = False,
    drug_test_positive: bool = False,
    council: str = "",
    note: str = "",
) -> HealthExam:
    """Enter the exam; class, BMI and FIT/UNFIT are computed here, never typed (V-NVQS-5/6).

    An unfit citizen gets a TH_A deferment proposal for the province to decide (SM-2).
    """
    from phongthu.campaigns.services.deferments import deferment_propose

    assert_open(candidate.campaign)
    acting_office(actor, EXAM, candidate.commune_id, exam_date)
    campaign = candidate.campaign
    if candidate.status != S.CALLED_TO_EXAM:
        raise refuse(None, "Chỉ nhập kết quả khám cho công dân đã được gọi khám sức khỏe.")
    if (campaign.exam_from and exam_date < campaign.exam_from) or (campaign.exam_to and exam_date > campaign.exam_to):
        raise refuse(
            "exam_date",
            f"Ngày khám phải trong thời gian khám của đợt ({fmt(campaign.exam_from)} – {fmt(campaign.exam_to)}).",
        )
    allowed_keys = {name for name, _label in CRITERIA if name != "score_physical"}
    unknown = set(scores) - allowed_keys
    if unknown:
        raise refuse(None, f"Chỉ tiêu khám không hợp lệ: {', '.join(sorted(unknown))}.")
    missing = [k for k in scores if scores[k] is not None and not 1 <= int(scores[k] or 0) <= 6]
    if missing:
        raise refuse(missing[0], "Điểm mỗi chỉ tiêu phải từ 1 đến 6.")
    exam = HealthExam(
        candidate=candidate,
        exam_date=exam_date,
        height_cm=height_cm,
        weight_kg=weight_kg,
        chest_cm=chest_cm,
        myopia_diopters=myopia_diopters,
        hyperopia=hyperopia,
        drug_test_positive=drug_test_positive,
        council=council,
        note=note,
        **scores,
    )
    exam.compute()
    exam.full_clean()
    exam.save()
    scoping.assert_in_scope(exam, actor, scoping.ADD)
    _record_in_registry(candidate, exam, actor)
    move(
        candidate,
        S.EXAMINED,
        actor=actor,
        authority=EXAM,
        effective_date=exam_date,
        reason=f"Phân loại sức khỏe loại {exam.health_class}, BMI {exam.bmi}",
        extra={"health_class": exam.health_class},
    )
    if exam.fit:
        move(candidate, S.FIT, actor=actor, authority=EXAM, effective_date=exam_date, extra={"fit": True})
    else:
        move(
            candidate,
            S.UNFIT,
            actor=actor,
            authority=EXAM,
            effective_date=exam_date,
            reason=f"Không đạt: {exam.unfit_codes}",
            extra={"fit": False},
        )
        deferment_propose(
            candidate,
            ground="TH_A",
            actor=actor,
            on=exam_date,
            evidence=f"Kết luận khám sức khỏe ngày {fmt(exam_date)}: loại {exam.health_class}; "
            f"lý do: {exam.unfit_codes}; BMI {exam.bmi}.",
            proposed_by=council or "Hội đồng khám sức khỏe",
        )
    return exam


def candidate_start_political_check(candidate: Candidate, *, actor: User, on: datetime.date) -> Candidate:
    return move(
        candidate, S.POLITICAL_CHECK, actor=actor, authority=REVIEW, effective_date=on, reason="Thẩm tra chính trị"
    )


def candidate_record_political_check(
    candidate: Candidate, *, actor: User, on: datetime.date, passed: bool, note: str = ""
) -> Candidate:
    """Công an xã + HĐNVQS xã: PASS keeps the citizen for the lists; FAIL ends the year."""
    assert_open(candidate.campaign)
    if candidate.status != S.POLITICAL_CHECK:
        raise refuse(None, "Chỉ ghi kết quả thẩm tra chính trị cho công dân đang được thẩm tra.")
    if not passed:
        if not note.strip():
            raise refuse("note", "Ghi lý do không đạt tiêu chuẩn chính trị.")
        return move(
            candidate,
            S.NOT_SELECTED,
            actor=actor,
            authority=REVIEW,
            effective_date=on,
            reason=note,
            extra={"political_check": PoliticalCheck.FAIL, "political_note": note[:255]},
        )
    acting_office(actor, REVIEW, candidate.commune_id, on)
    return set_fields(
        candidate,
        actor=actor,
        reason="Thẩm tra chính trị: đạt",
        political_check=PoliticalCheck.PASS,
        political_note=note[:255],
    )


def candidate_political_pass(candidate: Candidate, *, actor: User, on: datetime.date, note: str = "") -> Candidate:
    return candidate_record_political_check(candidate, actor=actor, on=on, passed=True, note=note)


def candidate_political_fail(candidate: Candidate, *, actor: User, on: datetime.date, note: str) -> Candidate:
    return candidate_record_political_check(candidate, actor=actor, on=on, passed=False, note=note)


PRIMARY_CAP_PERCENT = 25


def _check_education(candidate: Candidate, quota: Quota, branch: str) -> None:
    """P14 (TT 148/2018 Art. 4(4)): grade 8 and above; grade 7 only where the competent authority
    allowed it for this unit (recorded on the unit's quota); in especially disadvantaged communes
    (flag on the quota) up to 25% of the official quota may have primary education only, the rest
    lower-secondary (grade 6) or above. An unknown grade is not checked, as in the engine."""
    grade = candidate.person.education_grade
    if grade is None or grade >= 8:
        return
    name = candidate.commune.name
    if grade == 7 and quota.grade7_allowed:
        return
    if quota.primary_cap_applies and grade >= 6:
        return
    if quota.primary_cap_applies and 1 <= grade <= 5:
        cap = quota.official_count * PRIMARY_CAP_PERCENT // 100
        taken = Candidate.objects.filter(
            campaign_id=candidate.campaign_id, commune_id=candidate.commune_id, branch=branch,
            status__in=LISTED_STATUSES, person__education_grade__gte=1, person__education_grade__lte=5,
        ).count()  # fmt: skip
        if taken + 1 <= cap:
            return
        raise refuse(
            None,
            f"{name} đã có {taken} công dân trình độ tiểu học trong danh sách; tối đa {PRIMARY_CAP_PERCENT}% "
            f"chỉ tiêu chính thức ({cap} người).",
        )
    if grade == 7:
        raise refuse(
            None,
            f"Trình độ lớp 7: chỉ tuyển khi cấp có thẩm quyền cho phép {name} (ghi trên chỉ tiêu của xã); "
            "tiêu chuẩn là từ lớp 8 trở lên.",
        )
    raise refuse(None, f"Trình độ lớp {grade} chưa đạt tiêu chuẩn văn hóa (từ lớp 8 trở lên) để đưa vào danh sách.")


@transaction.atomic
def candidate_shortlist(
    candidate: Candidate, *, actor: User, on: datetime.date, branch: str, list_kind: str = ListKind.OFFICIAL
) -> Candidate:
    """Chốt danh sách chính thức / dự phòng, within the commune's quota for the branch."""
    if branch not in Branch.values:
        raise refuse("branch", "Chọn lực lượng: Quân đội hoặc Công an.")
    if list_kind not in ListKind.values:
        raise refuse("list_kind", "Chọn danh sách chính thức hoặc dự phòng.")
    if candidate.political_check != PoliticalCheck.PASS:
        raise refuse(None, "Công dân chưa có kết quả thẩm tra chính trị đạt: chưa thể đưa vào danh sách.")
    quota = Quota.objects.filter(campaign_id=candidate.campaign_id, unit_id=candidate.commune_id, branch=branch).first()
    branch_label = Branch(branch).label
    if quota is None:
        raise refuse("branch", f"{candidate.commune.name} chưa được giao chỉ tiêu {branch_label}: giao chỉ tiêu trước.")
    _check_education(candidate, quota, branch)
    limit = quota.official_count if list_kind == ListKind.OFFICIAL else quota.reserve_count
    taken = (
        Candidate.objects.select_for_update(of=("self",))
        .filter(
            campaign_id=candidate.campaign_id,
            commune_id=candidate.commune_id,
            branch=branch,
            list_kind=list_kind,
            status__in=LISTED_STATUSES,
        )
        .count()
    )
    if taken >= limit:
        kind_label = ListKind(list_kind).label.lower()
        raise refuse(
            "list_kind",
            f"Danh sách {kind_label} {branch_label} của {candidate.commune.name} đã đủ {limit} người theo chỉ tiêu.",
        )
    return move(
        candidate,
        S.SHORTLISTED,
        actor=actor,
        authority=REVIEW,
        effective_date=on,
        reason=f"Danh sách {ListKind(list_kind).label.lower()} — {branch_label}",
        extra={"branch": branch, "list_kind": list_kind},
    )


def candidate_mark_absent(
    candidate: Candidate, *, actor: User, on: datetime.date, refused: bool = False, note: str = ""
) -> Candidate:
    if not note.strip():
        raise refuse("note", "Ghi rõ sự việc (ngày, nội dung lệnh, lý do vắng mặt) để xử lý theo quy định.")
    to = S.REFUSED if refused else S.NO_SHOW
    return move(candidate, to, actor=actor, authority="CALLUP_EXECUTE", effective_date=on, reason=note)


def candidate_no_show(candidate: Candidate, *, actor: User, on: datetime.date, note: str) -> Candidate:
    return candidate_mark_absent(candidate, actor=actor, on=on, note=note)


def candidate_refuse(candidate: Candidate, *, actor: User, on: datetime.date, note: str) -> Candidate:
    return candidate_mark_absent(candidate, actor=actor, on=on, refused=True, note=note)


@transaction.atomic
def candidate_volunteer(candidate: Candidate, *, actor: User, on: datetime.date, note: str = "") -> Candidate:
    """A deferred or exempted citizen who volunteers continues (Art. 41(3)); TH_A cannot be waived."""
    open_ones = candidate.deferments.exclude(status__in=[DefermentStatus.REJECTED, DefermentStatus.OVERRIDDEN])
    if open_ones.filter(ground="TH_A").exists():
        raise refuse(None, "Không áp dụng tình nguyện với lý do chưa đủ sức khỏe (TH_A).")
    from phongthu.campaigns.choices import DEFERMENT_TRANSITIONS
    from phongthu.core.transitions import transition

    for deferment in open_ones:
        transition(
            deferment,
            DefermentStatus.OVERRIDDEN,
            actor=actor,
            allowed=DEFERMENT_TRANSITIONS,
            authority=REVIEW,
            reason=note or "Công dân tình nguyện nhập ngũ",
            legal_ground="Khoản 3 Điều 41 Luật Nghĩa vụ quân sự 2015",
            effective_date=on,
        )
    return move(
        candidate,
        S.VOLUNTEER_OVERRIDE,
        actor=actor,
        authority=REVIEW,
        effective_date=on,
        reason=note or "Công dân tình nguyện nhập ngũ",
        extra={"volunteer": True},
    )
