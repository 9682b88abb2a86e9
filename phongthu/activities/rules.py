"""The law as data for the year's activities: who may grant which award under which legal
regime, cash multiples, quotas, rear-policy limits, and the scales the law leaves open.

Every table here can be replaced in settings (`PHONGTHU_ACTIVITIES = {"AWARD_QUOTAS": ...}`)
without touching code; values domain.md marks UNCERTAIN are defaults, not facts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings

from phongthu.activities.choices import AwardAuthority as A
from phongthu.activities.choices import AwardTitle as T
from phongthu.activities.choices import RearPolicyCaseType as R

REFORM_DATE = datetime.date(2025, 7, 1)


@dataclass(frozen=True)
class Regime:
    code: str
    label: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    def contains(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or self.valid_to >= day)


REGIMES = (
    Regime(
        "PRE_2025", "trước 1/7/2025 (chính quyền địa phương ba cấp)", None, REFORM_DATE - datetime.timedelta(days=1)
    ),
    Regime("FROM_2025_07", "từ 1/7/2025 (chính quyền địa phương hai cấp)", REFORM_DATE, None),
)

_LAW = "Điều 80 Luật Thi đua, khen thưởng 2022"
_DQTV = "Thông tư 93/2024/TT-BQP (trước đó Thông tư 57/2020/TT-BQP)"
_ARMY = "Thông tư 118/2023/TT-BQP"

# title → recipient kinds allowed (V-AWARD-1, first half).
INDIVIDUAL_ONLY = frozenset(
    {T.CSTD_TOAN_QUOC, T.CSTD_TOAN_QUAN, T.CSTD_CAP_TINH, T.CSTD_CO_SO, T.CHIEN_SI_TIEN_TIEN, T.LAO_DONG_TIEN_TIEN}
)
COLLECTIVE_ONLY = frozenset(
    {
        T.DON_VI_QUYET_THANG,
        T.DON_VI_TIEN_TIEN,
        T.TAP_THE_LDXS,
        T.TAP_THE_LDTT,
        T.CO_THI_DUA_CP,
        T.CO_THI_DUA,
        T.DON_VI_VMTD_MMTB,
        T.DON_VI_HUAN_LUYEN_GIOI,
        T.DON_VI_VAN_HOA_TIEU_BIEU,
    }
)
# Titles a report may give without saying which: any authority may be recorded.
UNSPECIFIED_TITLES = frozenset({T.DANH_HIEU_KHAC, T.KHEN_THUONG_KHAC})

_COMMON: dict[str, tuple[frozenset[str], str]] = {
    A.CHU_TICH_UBND_XA: (frozenset({T.LAO_DONG_TIEN_TIEN, T.GIAY_KHEN}), f"{_LAW}, khoản 6"),
    A.CHU_TICH_UBND_TINH: (
        frozenset(
            {
                T.CSTD_CAP_TINH,
                T.CSTD_CO_SO,
                T.LAO_DONG_TIEN_TIEN,
                T.TAP_THE_LDXS,
                T.TAP_THE_LDTT,
                T.CO_THI_DUA,
                T.BANG_KHEN,
            }
        ),
        f"{_LAW}, khoản 4",
    ),
    A.CHI_HUY_TRUONG_BO_CHQS_TINH: (
        frozenset({T.CSTD_CO_SO, T.CHIEN_SI_TIEN_TIEN, T.DON_VI_TIEN_TIEN, T.GIAY_KHEN}),
        f"Khoản 5 {_LAW}; {_DQTV}; {_ARMY}",
    ),
    A.TU_LENH_QUAN_KHU: (
        frozenset(
            {T.CSTD_CO_SO, T.CHIEN_SI_TIEN_TIEN, T.DON_VI_QUYET_THANG, T.DON_VI_TIEN_TIEN, T.CO_THI_DUA, T.GIAY_KHEN}
        ),
        f"Khoản 5 {_LAW}; {_DQTV}; {_ARMY}",
    ),
    A.BO_TRUONG_BQP: (
        frozenset(
            {
                T.CSTD_TOAN_QUAN,
                T.DON_VI_QUYET_THANG,
                T.CO_THI_DUA,
                T.BANG_KHEN,
                T.HUY_CHUONG_VSNVTQC,
                T.DON_VI_VMTD_MMTB,
            }
        ),
        f"Khoản 5 {_LAW}; {_DQTV}; {_ARMY}",
    ),
    A.GIAM_DOC_CONG_AN_TINH: (frozenset({T.GIAY_KHEN}), f"Khoản 5 {_LAW}"),
    A.THU_TUONG: (frozenset({T.CSTD_TOAN_QUOC, T.CO_THI_DUA_CP, T.BANG_KHEN}), f"{_LAW}, khoản 2"),
    A.KHAC: (frozenset(), "không xác định được thẩm quyền"),
}

# V-AWARD-1: authority → (titles it may grant, citation), per legal regime (domain.md §7.3).
# Post-2025 re-allocation of the former district powers is UNCERTAIN (U9): not granted to anyone.
AWARD_AUTHORITY: dict[str, dict[str, tuple[frozenset[str], str]]] = {
    "PRE_2025": {
        **_COMMON,
        A.CHU_TICH_UBND_HUYEN: (
            frozenset({T.TAP_THE_LDTT, T.CSTD_CO_SO, T.LAO_DONG_TIEN_TIEN, T.GIAY_KHEN}),
            f"{_LAW}, khoản 5 (trước 1/7/2025)",
        ),
        A.CHI_HUY_TRUONG_BAN_CHQS_HUYEN: (
            frozenset({T.CHIEN_SI_TIEN_TIEN, T.DON_VI_TIEN_TIEN, T.GIAY_KHEN}),
            f"Khoản 5 {_LAW}; Thông tư 57/2020/TT-BQP (trước 1/7/2025)",
        ),
    },
    "FROM_2025_07": dict(_COMMON),
}

# V-AWARD-2: cash multiples of the base salary (Decree 98/2023 Art. 54).
CASH_MULTIPLES: dict[str, Decimal] = {
    T.CSTD_TOAN_QUOC: Decimal("4.5"),
    T.CSTD_TOAN_QUAN: Decimal("3.0"),
    T.CSTD_CAP_TINH: Decimal("3.0"),
    T.CSTD_CO_SO: Decimal("1.0"),
    T.LAO_DONG_TIEN_TIEN: Decimal("0.3"),
    T.CHIEN_SI_TIEN_TIEN: Decimal("0.3"),
    T.TAP_THE_LDXS: Decimal("1.5"),
    T.DON_VI_QUYET_THANG: Decimal("1.5"),
    T.TAP_THE_LDTT: Decimal("0.8"),
    T.DON_VI_TIEN_TIEN: Decimal("0.8"),
    T.CO_THI_DUA_CP: Decimal("12"),
    T.CO_THI_DUA: Decimal("8"),
}
CASH_CITATION = "Điều 54 Nghị định 98/2023/NĐ-CP"

# V-AWARD-3: DQTV quotas (old TT 57/2020 Art. 10; kept by TT 93/2024? UNCERTAIN, U9).
AWARD_QUOTAS: dict[str, Decimal] = {
    T.CSTD_CO_SO: Decimal("0.05"),
    T.CHIEN_SI_TIEN_TIEN: Decimal("0.10"),
    T.DON_VI_QUYET_THANG: Decimal("0.05"),
    T.DON_VI_TIEN_TIEN: Decimal("0.10"),
}
QUOTA_CITATION = "Điều 10 Thông tư 57/2020/TT-BQP (tỷ lệ mặc định, có thể cấu hình)"

# V-RP-1 (Decree 27/2016/NĐ-CP): at most N hardship allowances per recipient, type and year.
HARDSHIP_LIMIT_PER_YEAR: dict[str, int] = {R.HARDSHIP_HOUSE: 2, R.HARDSHIP_ILLNESS: 2}
ILLNESS_MIN_DAYS_ILL = 30  # "ốm đau từ 01 tháng trở lên"
ILLNESS_MIN_DAYS_HOSPITAL = 7  # "điều trị nội trú từ 07 ngày trở lên"
REAR_POLICY_CITATION = "Nghị định 27/2016/NĐ-CP; Điều 5 Thông tư 95/2016/TT-BQP"
REAR_POLICY_AMOUNTS: dict[str, int] = {R.HARDSHIP_HOUSE: 3_000_000, R.HARDSHIP_ILLNESS: 500_000, R.DEATH: 2_000_000}

# V-RP-2: reserve registration after discharge (working days; UNCERTAIN U15 for the army) and
# the vocational-support window (Decree 61/2015 Art. 14).
RESERVE_REGISTRATION_WORKING_DAYS = 15
VOCATIONAL_WINDOW_MONTHS = 12

# Configurable scales (domain.md §5.1, §6.3, §6.5: UNCERTAIN).
GRADE_SCALE: list[tuple[str, str]] = [
    ("GIOI", "Giỏi"),
    ("KHA", "Khá"),
    ("TRUNG_BINH", "Trung bình"),
    ("DAT", "Đạt"),
    ("KHONG_DAT", "Không đạt"),
]
EXERCISE_EVALUATION_SCALE: list[tuple[str, str]] = [
    ("GIOI", "Giỏi"),
    ("KHA", "Khá"),
    ("DAT", "Đạt"),
    ("KHONG_DAT", "Không đạt"),
]
GRASSROOTS_RATING_SCALE: list[tuple[str, str]] = [
    ("VUNG_MANH_TOAN_DIEN", "Vững mạnh toàn diện"),
    ("VUNG_MANH", "Vững mạnh"),
    ("KHA", "Khá"),
    ("TRUNG_BINH", "Trung bình"),
    ("YEU", "Yếu"),
]


def setting(name: str) -> Any:
    """A table from settings.PHONGTHU_ACTIVITIES, else the default above."""
    overrides = getattr(settings, "PHONGTHU_ACTIVITIES", {}) or {}
    return overrides.get(name, globals()[name])


def regime_on(day: datetime.date) -> Regime:
    for regime in REGIMES:
        if regime.contains(day):
            return regime
    return REGIMES[-1]


def grade_choices() -> list[tuple[str, str]]:
    return list(setting("GRADE_SCALE"))


def exercise_evaluation_choices() -> list[tuple[str, str]]:
    return list(setting("EXERCISE_EVALUATION_SCALE"))


def grassroots_rating_choices() -> list[tuple[str, str]]:
    return list(setting("GRASSROOTS_RATING_SCALE"))
