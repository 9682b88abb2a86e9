"""Codes of the yearly call-up campaign (domain.md §2.5, §12.2 SM-2 and SM-3, codes.md §2).

Identifiers are stored exactly as written here; the UI shows the Vietnamese labels.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from phongthu.core import regimes
from phongthu.military_service.choices import GroundCode


class LegalRegime(models.TextChoices):
    """The campaign's declared regime (display only): every decision follows the regime of its
    own date and the authority table (`phongthu.campaigns.authority`, `core.regimes`)."""

    PRE_2025 = regimes.PRE_2025, _("Trước 01/7/2025 (có cấp huyện)")
    FROM_2025_07 = regimes.FROM_2025_07, _("Từ 01/7/2025 (chính quyền hai cấp, Luật 98/2025/QH15)")


def legal_basis(day: datetime.date) -> str:
    """The law as it stood on `day` (the "Căn cứ" line of a decision)."""
    if regimes.regime_on(day).code == regimes.PRE_2025:
        return "Luật Nghĩa vụ quân sự năm 2015"
    return "Luật Nghĩa vụ quân sự năm 2015, sửa đổi, bổ sung bởi Luật số 98/2025/QH15"


class CampaignRound(models.IntegerChoices):
    FIRST = 1, _("Đợt 1")
    SECOND = 2, _("Đợt 2")


class CampaignStatus(models.TextChoices):
    OPEN = "OPEN", _("Đang thực hiện")
    CLOSED = "CLOSED", _("Đã kết thúc (khóa số liệu)")


CAMPAIGN_TRANSITIONS: dict[str, set[str]] = {
    CampaignStatus.OPEN: {CampaignStatus.CLOSED},
    CampaignStatus.CLOSED: set(),
}


class Branch(models.TextChoices):
    ARMY = "ARMY", _("Quân đội")
    POLICE = "POLICE", _("Công an")


class ListKind(models.TextChoices):
    OFFICIAL = "OFFICIAL", _("Chính thức")
    RESERVE = "RESERVE", _("Dự phòng")


class CandidateStatus(models.TextChoices):
    """SM-2 (domain.md §12.2), state for state."""

    IN_SOURCE_POOL = "IN_SOURCE_POOL", _("Trong nguồn (phúc tra nguồn)")
    REVIEWED = "REVIEWED", _("Đã xét duyệt cấp xã")
    PROPOSED_DEFERMENT = "PROPOSED_DEFERMENT", _("Đề nghị tạm hoãn")
    PROPOSED_EXEMPTION = "PROPOSED_EXEMPTION", _("Đề nghị miễn")
    DEFERRED = "DEFERRED", _("Được tạm hoãn")
    EXEMPTED = "EXEMPTED", _("Được miễn")
    PUBLISHED = "PUBLISHED", _("Đã công khai (20 ngày)")
    VOLUNTEER_OVERRIDE = "VOLUNTEER_OVERRIDE", _("Tình nguyện (không áp dụng tạm hoãn, miễn)")
    CALLED_TO_SCREENING = "CALLED_TO_SCREENING", _("Được gọi sơ tuyển")
    SCREENED = "SCREENED", _("Đã sơ tuyển")
    SCREEN_FAIL = "SCREEN_FAIL", _("Không đạt sơ tuyển")
    EXEMPT_FROM_REGISTRATION = "EXEMPT_FROM_REGISTRATION", _("Miễn đăng ký NVQS")
    NOMINATED = "NOMINATED", _("Được bình cử")
    CALLED_TO_EXAM = "CALLED_TO_EXAM", _("Được gọi khám sức khỏe")
    EXAMINED = "EXAMINED", _("Đã khám sức khỏe")
    UNFIT = "UNFIT", _("Không đủ sức khỏe")
    FIT = "FIT", _("Đủ sức khỏe")
    POLITICAL_CHECK = "POLITICAL_CHECK", _("Đang thẩm tra chính trị")
    NOT_SELECTED = "NOT_SELECTED", _("Không được chọn")
    SHORTLISTED = "SHORTLISTED", _("Trong danh sách (chính thức/dự phòng)")
    DECIDED_BY_PROVINCE = "DECIDED_BY_PROVINCE", _("Có quyết định của tỉnh")
    CALL_DELIVERED = "CALL_DELIVERED", _("Đã giao quyết định gọi nhập ngũ")
    HANDED_OVER = "HANDED_OVER", _("Đã giao quân")
    RECHECKED_OK = "RECHECKED_OK", _("Phúc tra đạt")
    ENLISTED = "ENLISTED", _("Đã nhập ngũ")
    RETURNED = "RETURNED", _("Bị trả về")
    NO_SHOW = "NO_SHOW", _("Không có mặt")
    REFUSED = "REFUSED", _("Chống, trốn lệnh")


S = CandidateStatus

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    S.IN_SOURCE_POOL: {S.REVIEWED},
    S.REVIEWED: {S.PROPOSED_DEFERMENT, S.PROPOSED_EXEMPTION, S.CALLED_TO_SCREENING},
    # A proposal the province rejects goes back to the reviewed list (not drawn in SM-2).
    S.PROPOSED_DEFERMENT: {S.DEFERRED, S.REVIEWED, S.VOLUNTEER_OVERRIDE},
    S.PROPOSED_EXEMPTION: {S.EXEMPTED, S.REVIEWED, S.VOLUNTEER_OVERRIDE},
    S.DEFERRED: {S.PUBLISHED, S.VOLUNTEER_OVERRIDE},
    S.EXEMPTED: {S.PUBLISHED, S.VOLUNTEER_OVERRIDE},
    S.PUBLISHED: {S.VOLUNTEER_OVERRIDE},
    S.VOLUNTEER_OVERRIDE: {S.CALLED_TO_SCREENING},
    S.CALLED_TO_SCREENING: {S.SCREENED, S.NO_SHOW, S.REFUSED},
    S.SCREENED: {S.SCREEN_FAIL, S.NOMINATED},
    S.SCREEN_FAIL: {S.PROPOSED_DEFERMENT, S.EXEMPT_FROM_REGISTRATION},
    S.NOMINATED: {S.CALLED_TO_EXAM},
    S.CALLED_TO_EXAM: {S.EXAMINED, S.NO_SHOW, S.REFUSED},
    S.EXAMINED: {S.UNFIT, S.FIT},
    S.UNFIT: {S.DEFERRED},
    S.FIT: {S.POLITICAL_CHECK},
    S.POLITICAL_CHECK: {S.NOT_SELECTED, S.SHORTLISTED},
    # A reserve-list candidate replaces a returned soldier: straight to the handover.
    S.SHORTLISTED: {S.DECIDED_BY_PROVINCE, S.HANDED_OVER},
    S.DECIDED_BY_PROVINCE: {S.CALL_DELIVERED, S.HANDED_OVER, S.NO_SHOW, S.REFUSED},
    S.CALL_DELIVERED: {S.HANDED_OVER, S.NO_SHOW, S.REFUSED},
    S.HANDED_OVER: {S.RECHECKED_OK, S.RETURNED},
    S.RECHECKED_OK: {S.ENLISTED},
    S.ENLISTED: set(),
    S.RETURNED: set(),
    S.NO_SHOW: set(),
    S.REFUSED: set(),
    S.NOT_SELECTED: set(),
    S.EXEMPT_FROM_REGISTRATION: set(),
}

# Stages used by the quota screen and the dashboard.
POOL_STATUSES: frozenset[str] = frozenset(
    {
        S.IN_SOURCE_POOL,
        S.REVIEWED,
        S.VOLUNTEER_OVERRIDE,
        S.CALLED_TO_SCREENING,
        S.SCREENED,
        S.NOMINATED,
        S.CALLED_TO_EXAM,
        S.EXAMINED,
        S.FIT,
    }
)
HANDED_OVER_STATUSES: frozenset[str] = frozenset({S.HANDED_OVER, S.RECHECKED_OK, S.ENLISTED})
NOT_ENLISTED_FINAL: frozenset[str] = frozenset(set(S.values) - {S.ENLISTED, S.HANDED_OVER, S.RECHECKED_OK})


class PoliticalCheck(models.TextChoices):
    PENDING = "PENDING", _("Chưa thẩm tra")
    PASS = "PASS", _("Đạt")
    FAIL = "FAIL", _("Không đạt")


class ScreeningResult(models.TextChoices):
    PASS = "PASS", _("Đạt")
    FAIL = "FAIL", _("Không đạt")


class ReturnReason(models.TextChoices):
    HEALTH = "HEALTH", _("Sức khỏe")
    POLITICAL = "POLITICAL", _("Chính trị")
    OTHER = "OTHER", _("Lý do khác")


class Ground(models.TextChoices):
    """codes.md §2 — Art. 41 Luật NVQS 2015, as amended. The grounds staff assert take their
    labels from `GroundCode`; TH_A, TH_G and TH_H, which the engine derives, are named here."""

    TH_A = "TH_A", _("Điểm a khoản 1 Điều 41 — Chưa đủ sức khỏe phục vụ tại ngũ")
    TH_B = "TH_B", GroundCode.TH_B.label
    TH_C = "TH_C", GroundCode.TH_C.label
    TH_D = "TH_D", GroundCode.TH_D.label
    TH_DD = "TH_DD", GroundCode.TH_DD.label
    TH_E = "TH_E", GroundCode.TH_E.label
    TH_G = (
        "TH_G",
        _("Điểm g khoản 1 Điều 41 — Đang học phổ thông; đang đào tạo đại học, cao đẳng hệ chính quy (một khóa)"),
    )
    TH_H = "TH_H", _("Điểm h khoản 1 Điều 41 — Dân quân thường trực")
    MI_A = "MI_A", GroundCode.MI_A.label
    MI_B = "MI_B", GroundCode.MI_B.label
    MI_C = "MI_C", GroundCode.MI_C.label
    MI_D = "MI_D", GroundCode.MI_D.label
    MI_DD = "MI_DD", GroundCode.MI_DD.label


def ground_citation(code: str) -> str:
    clause = 1 if code.startswith("TH_") else 2
    point = code.split("_", 1)[1].lower().replace("dd", "đ")
    return f"Điểm {point} khoản {clause} Điều 41 Luật Nghĩa vụ quân sự 2015"


class DefermentKind(models.TextChoices):
    DEFERMENT = "DEFERMENT", _("Tạm hoãn gọi nhập ngũ")
    EXEMPTION = "EXEMPTION", _("Miễn gọi nhập ngũ")


def kind_of_ground(code: str) -> str:
    return DefermentKind.DEFERMENT if code.startswith("TH_") else DefermentKind.EXEMPTION


class DefermentStatus(models.TextChoices):
    """SM-3 (domain.md §12.2)."""

    PROPOSED = "PROPOSED", _("Đề nghị")
    REJECTED = "REJECTED", _("Không được chấp thuận")
    DECIDED = "DECIDED", _("Đã có quyết định")
    PUBLISHED = "PUBLISHED", _("Đang công khai")
    ACTIVE = "ACTIVE", _("Có hiệu lực trong năm")
    RENEWED = "RENEWED", _("Gia hạn năm sau")
    LAPSED = "LAPSED", _("Hết lý do")
    CONVERTED = "CONVERTED", _("Chuyển diện")
    OVERRIDDEN = "OVERRIDDEN", _("Tình nguyện nhập ngũ")


D = DefermentStatus

DEFERMENT_TRANSITIONS: dict[str, set[str]] = {
    D.PROPOSED: {D.DECIDED, D.REJECTED, D.OVERRIDDEN},
    D.DECIDED: {D.PUBLISHED, D.OVERRIDDEN},
    D.PUBLISHED: {D.ACTIVE, D.OVERRIDDEN},
    D.ACTIVE: {D.RENEWED, D.LAPSED, D.CONVERTED, D.OVERRIDDEN},
    D.REJECTED: set(),
    D.RENEWED: set(),
    D.LAPSED: set(),
    D.CONVERTED: set(),
    D.OVERRIDDEN: set(),
}
EFFECTIVE_DEFERMENT: frozenset[str] = frozenset({D.DECIDED, D.PUBLISHED, D.ACTIVE})


class DecisionKind(models.TextChoices):
    PROVINCE_LIST = "PROVINCE_LIST", _("Quyết định danh sách công dân gọi nhập ngũ (cấp tỉnh)")
    CALL_ORDER = "CALL_ORDER", _("Quyết định gọi công dân nhập ngũ (từng công dân)")


class SigningAuthority(models.TextChoices):
    NONE = "", _("Người đứng đầu ký")
    TM = "TM.", _("TM. (thay mặt tập thể)")
    KT = "KT.", _("KT. (ký thay)")
    TL = "TL.", _("TL. (thừa lệnh)")
    TUQ = "TUQ.", _("TUQ. (thừa ủy quyền)")
    Q = "Q.", _("Q. (quyền)")


LAW = "Luật Nghĩa vụ quân sự 2015"
TT148 = "Thông tư 148/2018/TT-BQP"
TT105 = "Thông tư 105/2023/TT-BQP"

# The legal ground written on each SM-2 history row.
LEGAL_GROUND: dict[str, str] = {
    S.REVIEWED: f"{TT148} (xét duyệt nghĩa vụ quân sự cấp xã)",
    S.CALLED_TO_SCREENING: f"Điều 7 {TT105} (sơ tuyển sức khỏe); Luật số 98/2025/QH15",
    S.SCREENED: f"Điều 7 {TT105}",
    S.SCREEN_FAIL: f"Điều 7 và Mục III Phụ lục I {TT105}",
    S.EXEMPT_FROM_REGISTRATION: f"Điều 14 {LAW}; Mục III Phụ lục I {TT105}",
    S.NOMINATED: f"{TT148} (bình cử công khai, dân chủ)",
    S.CALLED_TO_EXAM: f"Khoản 4 Điều 40 {LAW}; Điều 8 {TT105}",
    S.EXAMINED: f"Điều 4 – Điều 8 và Phụ lục I {TT105}",
    S.FIT: f"Khoản 3 Điều 4 {TT148} (sửa đổi bởi Thông tư 68/2025/TT-BQP); {TT105}",
    S.UNFIT: f"Khoản 3 Điều 4 {TT148} (sửa đổi bởi Thông tư 68/2025/TT-BQP); {TT105}",
    S.POLITICAL_CHECK: f"Khoản 1 Điều 4 {TT148}; Thông tư liên tịch 50/2016/TTLT-BQP-BCA",
    S.NOT_SELECTED: f"Khoản 1 Điều 4 {TT148}; Thông tư liên tịch 50/2016/TTLT-BQP-BCA",
    S.SHORTLISTED: f"{TT148} (chốt danh sách chính thức, dự phòng)",
    S.DECIDED_BY_PROVINCE: f"{LAW}, sửa đổi bởi Luật số 98/2025/QH15 (thẩm quyền Chủ tịch UBND cấp tỉnh)",
    S.CALL_DELIVERED: f"{LAW}, sửa đổi bởi Luật số 98/2025/QH15 (lệnh gọi nhập ngũ)",
    S.HANDED_OVER: f"Điều 33 {LAW}",
    S.RECHECKED_OK: f"Điều 7 {TT148} (phúc tra trong 7 ngày)",
    S.RETURNED: f"Điều 7 {TT148}; Khoản 6 Điều 12 Thông tư liên tịch 16/2016/TTLT-BYT-BQP",
    S.ENLISTED: f"Điều 33 {LAW}",
    S.NO_SHOW: f"Khoản 8 Điều 3 {LAW} (trốn tránh thực hiện nghĩa vụ quân sự)",
    S.REFUSED: f"Khoản 8 Điều 3 {LAW} (trốn tránh thực hiện nghĩa vụ quân sự)",
    S.VOLUNTEER_OVERRIDE: f"Khoản 3 Điều 41 {LAW} (công dân tình nguyện)",
    S.PUBLISHED: f"Khoản 4 Điều 41 {LAW}; Khoản 4 Điều 5 {TT148} (sửa đổi bởi Thông tư 68/2025/TT-BQP)",
}
