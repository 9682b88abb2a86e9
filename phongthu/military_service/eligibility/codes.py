"""Canonical reason codes and statuses of the call-up eligibility engine (codes.md §1–§2).

The identifiers are a binding contract: they are stored and exchanged exactly as written.
Texts are the Vietnamese labels shown to staff; citations name the instrument and article.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

LAW = "Luật Nghĩa vụ quân sự 2015"
TT148 = "Thông tư 148/2018/TT-BQP"
TT105 = "Thông tư 105/2023/TT-BQP"


class Status(StrEnum):
    NOT_SUBJECT = "NOT_SUBJECT"
    NOT_REGISTRABLE = "NOT_REGISTRABLE"
    EXEMPT_REGISTRATION = "EXEMPT_REGISTRATION"
    NOT_OF_AGE = "NOT_OF_AGE"
    OVER_AGE = "OVER_AGE"
    DEFERRED = "DEFERRED"
    EXEMPTED = "EXEMPTED"
    NOT_QUALIFIED = "NOT_QUALIFIED"
    NEEDS_EXAM = "NEEDS_EXAM"
    ELIGIBLE = "ELIGIBLE"


STATUS_LABELS: Mapping[Status, str] = MappingProxyType(
    {
        Status.NOT_SUBJECT: "Không thuộc diện gọi nhập ngũ",
        Status.NOT_REGISTRABLE: "Không được đăng ký nghĩa vụ quân sự",
        Status.EXEMPT_REGISTRATION: "Miễn đăng ký nghĩa vụ quân sự",
        Status.NOT_OF_AGE: "Chưa đủ tuổi gọi nhập ngũ",
        Status.OVER_AGE: "Quá tuổi gọi nhập ngũ",
        Status.DEFERRED: "Tạm hoãn gọi nhập ngũ",
        Status.EXEMPTED: "Miễn gọi nhập ngũ",
        Status.NOT_QUALIFIED: "Không đạt tiêu chuẩn tuyển chọn",
        Status.NEEDS_EXAM: "Chưa khám sức khỏe",
        Status.ELIGIBLE: "Đủ điều kiện gọi nhập ngũ",
    }
)


class Code(StrEnum):
    FEMALE_NOT_SUBJECT = "FEMALE_NOT_SUBJECT"
    ART13_A = "ART13_A"
    ART13_B = "ART13_B"
    ART13_C = "ART13_C"
    ART14 = "ART14"
    AGE_UNDER_18 = "AGE_UNDER_18"
    AGE_OVER_25 = "AGE_OVER_25"
    AGE_OVER_27 = "AGE_OVER_27"
    TH_A = "TH_A"
    MI_A = "MI_A"
    MI_B = "MI_B"
    MI_C = "MI_C"
    MI_D = "MI_D"
    MI_DD = "MI_DD"
    TH_B = "TH_B"
    TH_C = "TH_C"
    TH_D = "TH_D"
    TH_DD = "TH_DD"
    TH_E = "TH_E"
    TH_G = "TH_G"
    TH_H = "TH_H"
    EDU_MIN = "EDU_MIN"
    MYOPIA = "MYOPIA"
    HYPEROPIA = "HYPEROPIA"
    BMI = "BMI"
    DRUG = "DRUG"
    NO_HEALTH_EXAM = "NO_HEALTH_EXAM"


@dataclass(frozen=True, slots=True)
class ReasonCode:
    code: Code
    status: Status  # the status this code yields when it decides
    text: str
    citation: str


def _art41(point: str, clause: int) -> str:
    return f"Điểm {point} khoản {clause} Điều 41 {LAW}"


_DEFS: tuple[ReasonCode, ...] = (
    ReasonCode(
        Code.FEMALE_NOT_SUBJECT,
        Status.NOT_SUBJECT,
        "Công dân nữ không thuộc diện gọi nhập ngũ (trừ trường hợp tự nguyện)",
        f"Khoản 2 Điều 7 và Điều 30 {LAW}",
    ),
    ReasonCode(
        Code.ART13_A,
        Status.NOT_REGISTRABLE,
        "Đang bị truy cứu trách nhiệm hình sự; đang chấp hành hình phạt tù, cải tạo không giam"
        " giữ, quản chế hoặc đã chấp hành xong hình phạt tù nhưng chưa được xóa án tích",
        f"Điểm a khoản 1 Điều 13 {LAW}",
    ),
    ReasonCode(
        Code.ART13_B,
        Status.NOT_REGISTRABLE,
        "Đang bị áp dụng biện pháp giáo dục tại xã, phường, thị trấn hoặc đưa vào trường giáo"
        " dưỡng, cơ sở giáo dục bắt buộc, cơ sở cai nghiện bắt buộc",
        f"Điểm b khoản 1 Điều 13 {LAW}",
    ),
    ReasonCode(
        Code.ART13_C,
        Status.NOT_REGISTRABLE,
        "Bị tước quyền phục vụ trong lực lượng vũ trang nhân dân",
        f"Điểm c khoản 1 Điều 13 {LAW}",
    ),
    ReasonCode(
        Code.ART14,
        Status.EXEMPT_REGISTRATION,
        "Người khuyết tật, mắc bệnh hiểm nghèo, bệnh tâm thần hoặc bệnh mãn tính thuộc diện"
        " miễn đăng ký nghĩa vụ quân sự",
        f"Điều 14 {LAW}; Mục III Phụ lục I {TT105}",
    ),
    ReasonCode(
        Code.AGE_UNDER_18,
        Status.NOT_OF_AGE,
        "Chưa đủ 18 tuổi",
        f"Điều 30 {LAW}",
    ),
    ReasonCode(
        Code.AGE_OVER_25,
        Status.OVER_AGE,
        "Đã quá 25 tuổi",
        f"Điều 30 {LAW}",
    ),
    ReasonCode(
        Code.AGE_OVER_27,
        Status.OVER_AGE,
        "Đã quá 27 tuổi (được đào tạo trình độ cao đẳng, đại học)",
        f"Điều 30 {LAW}",
    ),
    ReasonCode(
        Code.TH_A,
        Status.DEFERRED,
        "Chưa đủ sức khỏe phục vụ tại ngũ (sức khỏe loại 4, 5, 6)",
        _art41("a", 1),
    ),
    ReasonCode(
        Code.MI_A,
        Status.EXEMPTED,
        "Con của liệt sĩ, con của thương binh hạng một",
        _art41("a", 2),
    ),
    ReasonCode(
        Code.MI_B,
        Status.EXEMPTED,
        "Một anh hoặc một em trai của liệt sĩ",
        _art41("b", 2),
    ),
    ReasonCode(
        Code.MI_C,
        Status.EXEMPTED,
        "Một con của thương binh hạng hai; một con của bệnh binh, người nhiễm chất độc da cam"
        " suy giảm khả năng lao động từ 81% trở lên",
        _art41("c", 2),
    ),
    ReasonCode(
        Code.MI_D,
        Status.EXEMPTED,
        "Người làm công tác cơ yếu không phải là quân nhân, Công an nhân dân",
        _art41("d", 2),
    ),
    ReasonCode(
        Code.MI_DD,
        Status.EXEMPTED,
        "Cán bộ, công chức, viên chức, thanh niên xung phong được điều động đến công tác, làm"
        " việc ở vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn từ 24 tháng trở lên",
        _art41("đ", 2),
    ),
    ReasonCode(
        Code.TH_B,
        Status.DEFERRED,
        "Là lao động duy nhất phải trực tiếp nuôi dưỡng thân nhân không còn khả năng lao động"
        " hoặc chưa đến tuổi lao động; hoặc gia đình bị thiệt hại nặng về người và tài sản do"
        " tai nạn, thiên tai, dịch bệnh nguy hiểm gây ra",
        _art41("b", 1),
    ),
    ReasonCode(
        Code.TH_C,
        Status.DEFERRED,
        "Một con của bệnh binh, người nhiễm chất độc da cam suy giảm khả năng lao động từ 61% đến 80%",
        _art41("c", 1),
    ),
    ReasonCode(
        Code.TH_D,
        Status.DEFERRED,
        "Có anh, chị hoặc em ruột là hạ sĩ quan, binh sĩ đang phục vụ tại ngũ hoặc đang thực"
        " hiện nghĩa vụ tham gia Công an nhân dân",
        _art41("d", 1),
    ),
    ReasonCode(
        Code.TH_DD,
        Status.DEFERRED,
        "Người thuộc diện di dân, giãn dân trong 3 năm đầu đến các xã đặc biệt khó khăn",
        _art41("đ", 1),
    ),
    ReasonCode(
        Code.TH_E,
        Status.DEFERRED,
        "Cán bộ, công chức, viên chức, thanh niên xung phong được điều động đến công tác, làm"
        " việc ở vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn",
        _art41("e", 1),
    ),
    ReasonCode(
        Code.TH_G,
        Status.DEFERRED,
        "Đang học phổ thông; đang được đào tạo trình độ đại học, cao đẳng hệ chính quy"
        " (trong thời gian một khóa đào tạo)",
        _art41("g", 1),
    ),
    ReasonCode(
        Code.TH_H,
        Status.DEFERRED,
        "Dân quân thường trực",
        # Point h was added by Art. 49 of the Militia and Self-Defense Forces Law 2019.
        _art41("h", 1) + " (bổ sung theo Điều 49 Luật Dân quân tự vệ 2019)",
    ),
    ReasonCode(
        Code.EDU_MIN,
        Status.NOT_QUALIFIED,
        "Trình độ văn hóa dưới lớp 8",
        f"Khoản 4 Điều 4 {TT148}",
    ),
    ReasonCode(
        Code.MYOPIA,
        Status.NOT_QUALIFIED,
        "Cận thị trên 1,5 điốp",
        f"Khoản 3 Điều 4 {TT148}",
    ),
    ReasonCode(
        Code.HYPEROPIA,
        Status.NOT_QUALIFIED,
        "Viễn thị (các mức độ)",
        f"Khoản 3 Điều 4 {TT148}",
    ),
    ReasonCode(
        Code.BMI,
        Status.NOT_QUALIFIED,
        "Chỉ số khối cơ thể (BMI) ngoài giới hạn tuyển chọn",
        f"Khoản 3 Điều 4 {TT148}",
    ),
    ReasonCode(
        Code.DRUG,
        Status.NOT_QUALIFIED,
        "Nghiện ma túy",
        f"Khoản 3 Điều 4 {TT148}; Nghị định 57/2022/NĐ-CP",
    ),
    ReasonCode(
        Code.NO_HEALTH_EXAM,
        Status.NEEDS_EXAM,
        "Chưa có kết luận khám sức khỏe nghĩa vụ quân sự",
        f"Điều 40 {LAW}; {TT105}",
    ),
)

REASON_CODES: Mapping[Code, ReasonCode] = MappingProxyType({d.code: d for d in _DEFS})

# TH_G's text names the limb that applies; the general-school wording is the one in codes.md.
TH_G_TEXTS: Mapping[str, str] = MappingProxyType(
    {
        "general": "Đang học tại cơ sở giáo dục phổ thông",
        "college_regular": "Đang được đào tạo trình độ cao đẳng hệ chính quy (trong thời gian một khóa đào tạo)",
        "university_regular": "Đang được đào tạo trình độ đại học hệ chính quy (trong thời gian một khóa đào tạo)",
    }
)

# Grounds in the order of Art. 41; exemptions (row 7) are decided before deferments (row 8).
EXEMPTION_GROUNDS: tuple[Code, ...] = (Code.MI_A, Code.MI_B, Code.MI_C, Code.MI_D, Code.MI_DD)
DEFERMENT_GROUNDS: tuple[Code, ...] = (
    Code.TH_B,
    Code.TH_C,
    Code.TH_D,
    Code.TH_DD,
    Code.TH_E,
    Code.TH_G,
    Code.TH_H,
)
# Derived from the facts, never asserted by staff.
DERIVED_GROUNDS: frozenset[Code] = frozenset({Code.TH_A, Code.TH_G, Code.TH_H})
ASSERTABLE_GROUNDS: tuple[Code, ...] = tuple(
    c for c in (*DEFERMENT_GROUNDS, *EXEMPTION_GROUNDS) if c not in DERIVED_GROUNDS
)
# Standards of row 9, in the order they are reported.
STANDARD_CODES: tuple[Code, ...] = (
    Code.EDU_MIN,
    Code.MYOPIA,
    Code.HYPEROPIA,
    Code.BMI,
    Code.DRUG,
)
