"""Codes of the military-service registry (domain.md §2.2, §12.1, SM-1; codes.md §2–§3)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistrationStatus(models.TextChoices):
    """SM-1: the military-service registration status of a person."""

    NOT_YET_REGISTRABLE = "NOT_YET_REGISTRABLE", _("Chưa đến tuổi đăng ký")
    BARRED_FROM_REGISTRATION = "BARRED_FROM_REGISTRATION", _("Không được đăng ký (Điều 13)")
    EXEMPT_FROM_REGISTRATION = "EXEMPT_FROM_REGISTRATION", _("Miễn đăng ký (Điều 14)")
    REGISTERED_READY = "REGISTERED_READY", _("Sẵn sàng nhập ngũ")
    IN_SERVICE_ARMY = "IN_SERVICE_ARMY", _("Đang tại ngũ (Quân đội)")
    IN_SERVICE_POLICE = "IN_SERVICE_POLICE", _("Đang thực hiện nghĩa vụ CAND")
    COMPLETED_SERVICE_RECOGNISED = "COMPLETED_SERVICE_RECOGNISED", _("Được công nhận hoàn thành nghĩa vụ")
    RESERVE = "RESERVE", _("Quân nhân dự bị")
    REMOVED = "REMOVED", _("Đã đưa ra khỏi danh sách")


S = RegistrationStatus

# SM-1 (domain.md §12.2). REMOVED → REGISTERED_READY only when the removal was for an Art. 13
# situation that has ended (checked by the service).
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.NOT_YET_REGISTRABLE: frozenset(
        {S.REGISTERED_READY, S.BARRED_FROM_REGISTRATION, S.EXEMPT_FROM_REGISTRATION, S.REMOVED}
    ),
    S.BARRED_FROM_REGISTRATION: frozenset({S.REGISTERED_READY, S.EXEMPT_FROM_REGISTRATION, S.REMOVED}),
    S.EXEMPT_FROM_REGISTRATION: frozenset({S.REMOVED}),
    S.REGISTERED_READY: frozenset(
        {
            S.IN_SERVICE_ARMY,
            S.IN_SERVICE_POLICE,
            S.COMPLETED_SERVICE_RECOGNISED,
            S.RESERVE,
            S.EXEMPT_FROM_REGISTRATION,
            S.REMOVED,
        }
    ),
    S.IN_SERVICE_ARMY: frozenset({S.RESERVE, S.REMOVED}),
    S.IN_SERVICE_POLICE: frozenset({S.RESERVE, S.REMOVED}),
    S.COMPLETED_SERVICE_RECOGNISED: frozenset({S.RESERVE, S.REMOVED}),
    S.RESERVE: frozenset({S.EXEMPT_FROM_REGISTRATION, S.REMOVED}),
    S.REMOVED: frozenset({S.REGISTERED_READY}),
}

# Statuses that count as "registered" on the April drive page.
REGISTERED_STATUSES: frozenset[str] = frozenset(
    {S.REGISTERED_READY, S.IN_SERVICE_ARMY, S.IN_SERVICE_POLICE, S.COMPLETED_SERVICE_RECOGNISED, S.RESERVE}
)


class Presence(models.TextChoices):
    """Orthogonal sub-state of SM-1: present, temporarily absent (≥ 3 months), moving out."""

    PRESENT = "PRESENT", _("Có mặt tại địa phương")
    ABSENT = "ABSENT", _("Tạm vắng")
    MOVING = "MOVING", _("Đã chuyển đi, chờ đăng ký chuyển đến")


PRESENCE_TRANSITIONS: dict[str, frozenset[str]] = {
    Presence.PRESENT: frozenset({Presence.ABSENT, Presence.MOVING}),
    Presence.ABSENT: frozenset({Presence.PRESENT, Presence.MOVING}),
    Presence.MOVING: frozenset({Presence.PRESENT}),
}


class Procedure(models.TextChoices):
    """Registration procedures (codes.md §3; domain.md §2.2, Decision 6375/QĐ-BQP)."""

    REG_FIRST = "REG_FIRST", _("Đăng ký NVQS lần đầu")
    REG_RESERVE = "REG_RESERVE", _("Đăng ký phục vụ trong ngạch dự bị")
    REG_SUPPLEMENT = "REG_SUPPLEMENT", _("Đăng ký NVQS bổ sung")
    REG_MOVE_OUT = "REG_MOVE_OUT", _("Đăng ký NVQS chuyển đi")
    REG_MOVE_IN = "REG_MOVE_IN", _("Đăng ký NVQS chuyển đến")
    REG_ABSENCE = "REG_ABSENCE", _("Đăng ký NVQS tạm vắng")
    REG_RETURN = "REG_RETURN", _("Đăng ký lại khi trở về")
    REG_WARTIME_EXEMPT = "REG_WARTIME_EXEMPT", _("Đăng ký miễn gọi nhập ngũ thời chiến")
    REMOVAL = "REMOVAL", _("Đưa ra khỏi danh sách đăng ký")


class ResidenceArea(models.TextChoices):
    """Địa bàn of Biểu 06/GNN cols 34–35 (empty: the form's setting decides, see gnn forms)."""

    RURAL = "RURAL", _("Nông thôn")
    URBAN = "URBAN", _("Thành thị")


class Affiliation(models.TextChoices):
    """Biểu 06/GNN cols 36–37 and the rows of 01A: registered through an agency or a school."""

    AGENCY = "AGENCY", _("Cơ quan, cơ sở nhà nước")
    SCHOOL = "SCHOOL", _("Nhà trường")


class RegistrationAbsence(models.TextChoices):
    """Biểu 01A/GNN cols 11–13: not registered at the first-registration drive, and why."""

    ABSENT_WITH_REASON = "ABSENT", _("Vắng có lý do")
    EVADING = "EVADING", _("Trốn đăng ký")
    RESISTING = "RESISTING", _("Chống đăng ký")


class Channel(models.TextChoices):
    IN_PERSON = "IN_PERSON", _("Trực tiếp")
    ONLINE = "ONLINE", _("Trực tuyến")


class RegisterBook(models.TextChoices):
    SAN_SANG_NHAP_NGU = "SAN_SANG_NHAP_NGU", _("Sổ đăng ký công dân sẵn sàng nhập ngũ")
    QUAN_NHAN_DU_BI = "QUAN_NHAN_DU_BI", _("Sổ đăng ký quân nhân dự bị")


class ReserveGrade(models.IntegerChoices):
    GRADE_1 = 1, _("Hạng một")
    GRADE_2 = 2, _("Hạng hai")


class RemovalReason(models.TextChoices):
    """Art. 19 (domain.md P7)."""

    DEATH = "DEATH", _("Chết")
    OVER_AGE = "OVER_AGE", _("Hết tuổi phục vụ trong ngạch dự bị")
    ART13 = "ART13", _("Thuộc trường hợp không được đăng ký (khoản 1 Điều 13)")
    ART14 = "ART14", _("Thuộc diện miễn đăng ký (Điều 14)")


class LegalStatus(models.TextChoices):
    """Art. 13 situations (values of the eligibility contract, codes.md §1)."""

    NONE = "", _("Không")
    PROSECUTED = "prosecuted", _("Đang bị truy cứu trách nhiệm hình sự")
    SERVING_SENTENCE = "serving_sentence", _("Đang chấp hành hình phạt tù")
    NON_CUSTODIAL_REFORM = "non_custodial_reform", _("Đang chấp hành cải tạo không giam giữ")
    PROBATION = "probation", _("Đang bị quản chế")
    CONVICTION_NOT_EXPUNGED = "conviction_not_expunged", _("Chưa được xóa án tích")
    COMMUNE_EDUCATION_MEASURE = "commune_education_measure", _("Đang bị giáo dục tại xã, phường")
    REFORMATORY = "reformatory", _("Đang ở trường giáo dưỡng")
    COMPULSORY_EDUCATION = "compulsory_education", _("Đang ở cơ sở giáo dục bắt buộc")
    COMPULSORY_REHAB = "compulsory_rehab", _("Đang ở cơ sở cai nghiện bắt buộc")
    STRIPPED_OF_RIGHT = "stripped_of_right", _("Bị tước quyền phục vụ trong LLVT")


class GroundCode(models.TextChoices):
    """Deferment and exemption grounds staff assert with evidence (codes.md §2).

    TH_A, TH_G and TH_H are derived by the engine from health, schooling and militia facts."""

    TH_B = (
        "TH_B",
        _(
            "Điểm b khoản 1 Điều 41 — Lao động duy nhất trực tiếp nuôi dưỡng thân nhân; hoặc gia đình bị thiệt hại nặng do tai nạn, thiên tai, dịch bệnh"
        ),
    )
    TH_C = (
        "TH_C",
        _(
            "Điểm c khoản 1 Điều 41 — Một con của bệnh binh, người nhiễm chất độc da cam suy giảm 61–80% khả năng lao động"
        ),
    )
    TH_D = (
        "TH_D",
        _("Điểm d khoản 1 Điều 41 — Có anh, chị hoặc em ruột đang tại ngũ / đang thực hiện nghĩa vụ tham gia CAND"),
    )
    TH_DD = "TH_DD", _("Điểm đ khoản 1 Điều 41 — Di dân, giãn dân trong 3 năm đầu đến xã đặc biệt khó khăn")
    TH_E = (
        "TH_E",
        _(
            "Điểm e khoản 1 Điều 41 — Cán bộ, công chức, viên chức, thanh niên xung phong điều động đến vùng đặc biệt khó khăn"
        ),
    )
    MI_A = "MI_A", _("Điểm a khoản 2 Điều 41 — Con liệt sĩ, con thương binh hạng một")
    MI_B = "MI_B", _("Điểm b khoản 2 Điều 41 — Một anh hoặc một em trai của liệt sĩ")
    MI_C = (
        "MI_C",
        _("Điểm c khoản 2 Điều 41 — Một con của thương binh hạng hai; bệnh binh, người nhiễm da cam suy giảm từ 81%"),
    )
    MI_D = "MI_D", _("Điểm d khoản 2 Điều 41 — Người làm công tác cơ yếu không phải quân nhân, CAND")
    MI_DD = (
        "MI_DD",
        _(
            "Điểm đ khoản 2 Điều 41 — Cán bộ, công chức, viên chức, TNXP điều động đến vùng đặc biệt khó khăn từ 24 tháng"
        ),
    )
