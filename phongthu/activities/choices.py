"""Codes of the year's defense activities (codes.md §3, domain.md §§5–8) and the award
state machine SM-6. Scales the law leaves open are configurable (see `rules.py`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseCategory(models.TextChoices):
    DT1 = "DT1", _("Đối tượng 1")
    DT2 = "DT2", _("Đối tượng 2")
    DT3 = "DT3", _("Đối tượng 3")
    DT4 = "DT4", _("Đối tượng 4")


class CourseMode(models.TextChoices):
    OWN_CLASS = "OWN_CLASS", _("Tự mở lớp")
    SENT = "SENT", _("Cử đi học lớp cấp trên")


class ActivityLevel(models.TextChoices):
    CENTRAL = "CENTRAL", _("Trung ương")
    MILITARY_REGION = "MILITARY_REGION", _("Quân khu")
    PROVINCE = "PROVINCE", _("Cấp tỉnh")
    DISTRICT = "DISTRICT", _("Cấp huyện (trước 1/7/2025)")
    REGION = "REGION", _("Khu vực phòng thủ (Ban CHPTKV)")
    COMMUNE = "COMMUNE", _("Cấp xã")
    AGENCY = "AGENCY", _("Cơ quan, tổ chức")


class CadreTrainingMode(models.TextChoices):
    ATTENDED = "ATTENDED", _("Cử cán bộ tham gia lớp tập huấn")
    ORGANISED = "ORGANISED", _("Tổ chức tập huấn")


class ExerciseType(models.TextChoices):
    KVPT_TINH = "KVPT_TINH", _("Diễn tập khu vực phòng thủ tỉnh")
    KVPT_HUYEN = "KVPT_HUYEN", _("Diễn tập khu vực phòng thủ huyện (trước 1/7/2025)")
    CHIEN_DAU_PHONG_THU_XA = "CHIEN_DAU_PHONG_THU_XA", _("Diễn tập chiến đấu phòng thủ cấp xã")
    CHIEN_DAU_TRI_AN = "CHIEN_DAU_TRI_AN", _("Diễn tập chiến đấu trị an")
    PHONG_KHONG_ND = "PHONG_KHONG_ND", _("Diễn tập phòng không nhân dân")
    PCTT_TKCN = "PCTT_TKCN", _("Diễn tập phòng chống thiên tai – tìm kiếm cứu nạn")
    CHI_HUY_CO_QUAN_TREN_BAN_DO = "CHI_HUY_CO_QUAN_TREN_BAN_DO", _("Diễn tập chỉ huy – cơ quan 1 bên 1 cấp trên bản đồ")
    CHUYEN_TRANG_THAI_SSCD = "CHUYEN_TRANG_THAI_SSCD", _("Luyện tập chuyển trạng thái sẵn sàng chiến đấu")


class DutyType(models.TextChoices):
    SSCD = "SSCD", _("Trực sẵn sàng chiến đấu")
    PCTT = "PCTT", _("Trực phòng chống thiên tai, cứu hộ cứu nạn")
    HOLIDAY = "HOLIDAY", _("Trực bảo vệ dịp lễ, Tết")
    OTHER = "OTHER", _("Khác")


class AwardTitle(models.TextChoices):
    """Titles and forms of domain.md §7.2; the last two record reports that do not say which."""

    CSTD_TOAN_QUOC = "CSTD_TOAN_QUOC", _("Chiến sĩ thi đua toàn quốc")
    CSTD_TOAN_QUAN = "CSTD_TOAN_QUAN", _("Chiến sĩ thi đua toàn quân")
    CSTD_CAP_TINH = "CSTD_CAP_TINH", _("Chiến sĩ thi đua cấp bộ, ngành, tỉnh")
    CSTD_CO_SO = "CSTD_CO_SO", _("Chiến sĩ thi đua cơ sở")
    CHIEN_SI_TIEN_TIEN = "CHIEN_SI_TIEN_TIEN", _("Chiến sĩ tiên tiến")
    LAO_DONG_TIEN_TIEN = "LAO_DONG_TIEN_TIEN", _("Lao động tiên tiến")
    DON_VI_QUYET_THANG = "DON_VI_QUYET_THANG", _("Đơn vị quyết thắng")
    DON_VI_TIEN_TIEN = "DON_VI_TIEN_TIEN", _("Đơn vị tiên tiến")
    TAP_THE_LDXS = "TAP_THE_LDXS", _("Tập thể lao động xuất sắc")
    TAP_THE_LDTT = "TAP_THE_LDTT", _("Tập thể lao động tiên tiến")
    CO_THI_DUA_CP = "CO_THI_DUA_CP", _("Cờ thi đua của Chính phủ")
    CO_THI_DUA = "CO_THI_DUA", _("Cờ thi đua (bộ, ngành, tỉnh, quân khu)")
    DON_VI_VMTD_MMTB = "DON_VI_VMTD_MMTB", _("Đơn vị vững mạnh toàn diện “Mẫu mực, tiêu biểu”")
    DON_VI_HUAN_LUYEN_GIOI = "DON_VI_HUAN_LUYEN_GIOI", _("Đơn vị huấn luyện giỏi")
    DON_VI_VAN_HOA_TIEU_BIEU = "DON_VI_VAN_HOA_TIEU_BIEU", _("Đơn vị văn hóa tiêu biểu")
    GIAY_KHEN = "GIAY_KHEN", _("Giấy khen")
    BANG_KHEN = "BANG_KHEN", _("Bằng khen")
    HUY_CHUONG_VSNVTQC = "HUY_CHUONG_VSNVTQC", _("Huy chương “Vì sự nghiệp vũ trang quần chúng”")
    DANH_HIEU_KHAC = "DANH_HIEU_KHAC", _("Danh hiệu thi đua (báo cáo không ghi rõ)")
    KHEN_THUONG_KHAC = "KHEN_THUONG_KHAC", _("Khen thưởng (báo cáo không ghi rõ hình thức)")


class AwardAuthority(models.TextChoices):
    CHU_TICH_UBND_XA = "CHU_TICH_UBND_XA", _("Chủ tịch UBND cấp xã")
    CHU_TICH_UBND_HUYEN = "CHU_TICH_UBND_HUYEN", _("Chủ tịch UBND cấp huyện (trước 1/7/2025)")
    CHU_TICH_UBND_TINH = "CHU_TICH_UBND_TINH", _("Chủ tịch UBND cấp tỉnh")
    CHI_HUY_TRUONG_BAN_CHQS_HUYEN = (
        "CHI_HUY_TRUONG_BAN_CHQS_HUYEN",
        _("Chỉ huy trưởng Ban CHQS cấp huyện (trước 1/7/2025)"),
    )
    CHI_HUY_TRUONG_BO_CHQS_TINH = "CHI_HUY_TRUONG_BO_CHQS_TINH", _("Chỉ huy trưởng Bộ CHQS tỉnh")
    TU_LENH_QUAN_KHU = "TU_LENH_QUAN_KHU", _("Tư lệnh Quân khu")
    BO_TRUONG_BQP = "BO_TRUONG_BQP", _("Bộ trưởng Bộ Quốc phòng")
    GIAM_DOC_CONG_AN_TINH = "GIAM_DOC_CONG_AN_TINH", _("Giám đốc Công an tỉnh")
    THU_TUONG = "THU_TUONG", _("Thủ tướng Chính phủ")
    KHAC = "KHAC", _("Cơ quan khác (ghi rõ tên cơ quan)")


class RecipientKind(models.TextChoices):
    INDIVIDUAL = "INDIVIDUAL", _("Cá nhân")
    COLLECTIVE = "COLLECTIVE", _("Tập thể")
    AGGREGATE = "AGGREGATE", _("Tổng hợp (số tập thể, số cá nhân)")


class AwardStatus(models.TextChoices):
    PROPOSED = "PROPOSED", _("Đề nghị")
    COUNCIL_REVIEWED = "COUNCIL_REVIEWED", _("Hội đồng thi đua đã xét")
    DECIDED = "DECIDED", _("Đã có quyết định")
    PAID = "PAID", _("Đã chi thưởng")
    REVOKED = "REVOKED", _("Đã thu hồi")


# SM-6 (domain.md §12.2).
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    AwardStatus.PROPOSED: {AwardStatus.COUNCIL_REVIEWED},
    AwardStatus.COUNCIL_REVIEWED: {AwardStatus.DECIDED},
    AwardStatus.DECIDED: {AwardStatus.PAID, AwardStatus.REVOKED},
    AwardStatus.PAID: {AwardStatus.REVOKED},
    AwardStatus.REVOKED: set(),
}
# A decision taken outside the system is recorded once it is known, reviewed here or not.
EXTERNAL_DECISION_TRANSITIONS: dict[str, set[str]] = {
    AwardStatus.PROPOSED: {AwardStatus.DECIDED},
    AwardStatus.COUNCIL_REVIEWED: {AwardStatus.DECIDED},
}


class RearPolicyCaseType(models.TextChoices):
    HARDSHIP_HOUSE = "HARDSHIP_HOUSE", _("Trợ cấp khó khăn đột xuất: nhà ở bị sập, trôi, cháy, phải di dời")
    HARDSHIP_ILLNESS = "HARDSHIP_ILLNESS", _("Trợ cấp khó khăn đột xuất: thân nhân ốm đau")
    DEATH = "DEATH", _("Trợ cấp thân nhân từ trần, mất tích")
    TUITION = "TUITION", _("Miễn, giảm học phí cho con")
    VISIT_GIFT = "VISIT_GIFT", _("Thăm hỏi, tặng quà")
    DISCHARGE_ALLOWANCE = "DISCHARGE_ALLOWANCE", _("Trợ cấp xuất ngũ")
    JOB_SUPPORT = "JOB_SUPPORT", _("Hỗ trợ tạo việc làm")
    VOCATIONAL_CARD = "VOCATIONAL_CARD", _("Thẻ học nghề")


HARDSHIP_TYPES = frozenset({RearPolicyCaseType.HARDSHIP_HOUSE, RearPolicyCaseType.HARDSHIP_ILLNESS})


class ServiceBranch(models.TextChoices):
    ARMY = "ARMY", _("Quân đội")
    POLICE = "POLICE", _("Công an nhân dân")


class CoordinationKind(models.TextChoices):
    EVENT = "EVENT", _("Hoạt động phối hợp")
    BRIEFING_H1 = "BRIEFING_H1", _("Giao ban 6 tháng")
    BRIEFING_YEAR = "BRIEFING_YEAR", _("Giao ban, tổng kết năm")
    PROGRAMME = "PROGRAMME", _("Ký kết chương trình phối hợp")


class RatingPeriod(models.TextChoices):
    YEAR = "YEAR", _("Cả năm")
    H1 = "H1", _("6 tháng đầu năm")
    H2 = "H2", _("6 tháng cuối năm")


class MeetingKind(models.TextChoices):
    REVIEW_CONFERENCE = "REVIEW_CONFERENCE", _("Hội nghị tổng kết, sơ kết")
    WORKING_SESSION = "WORKING_SESSION", _("Buổi làm việc")
    OTHER = "OTHER", _("Khác")


class StatementTopic(models.TextChoices):
    GENERAL = "GENERAL", _("Tình hình chung")
    LEADERSHIP = "LEADERSHIP", _("Lãnh đạo, chỉ đạo")
    PARTY_BUILDING = "PARTY_BUILDING", _("Công tác đảng, xây dựng tổ chức")
    READINESS_DUTY = "READINESS_DUTY", _("Sẵn sàng chiến đấu, trực")
    DEFENSE_ZONE = "DEFENSE_ZONE", _("Xây dựng khu vực phòng thủ")
    MILITIA = "MILITIA", _("Dân quân tự vệ")
    RESERVE = "RESERVE", _("Dự bị động viên")
    CONSCRIPTION = "CONSCRIPTION", _("Tuyển quân")
    EDUCATION = "EDUCATION", _("Giáo dục quốc phòng và an ninh")
    COVID_RESPONSE = "COVID_RESPONSE", _("Phòng, chống dịch bệnh")
    DISASTER_RESPONSE = "DISASTER_RESPONSE", _("Phòng chống thiên tai, cứu hộ cứu nạn")
    REAR_POLICY = "REAR_POLICY", _("Chính sách hậu phương quân đội")
    FOREIGN_AFFAIRS = "FOREIGN_AFFAIRS", _("Đối ngoại")
    COORDINATION = "COORDINATION", _("Phối hợp các lực lượng")
    EMULATION = "EMULATION", _("Thi đua, khen thưởng")
    SHORTCOMINGS = "SHORTCOMINGS", _("Hạn chế, nguyên nhân")
    PROPOSALS = "PROPOSALS", _("Đề xuất, kiến nghị")
