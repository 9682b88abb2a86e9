"""Code lists of the militia (DQTV) and reserve (DBĐV) registries, and their state machines.

Category codes are binding (codes.md §3). Grounds follow domain.md §3.4 (Arts. 11–12 Luật
DQTV 2019); positions follow Art. 19(2) (domain.md §3.5).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MilitiaCategory(models.TextChoices):
    THUONG_TRUC = "THUONG_TRUC", _("Dân quân thường trực")
    CO_DONG = "CO_DONG", _("Cơ động")
    TAI_CHO = "TAI_CHO", _("Tại chỗ")
    BIEN = "BIEN", _("Biển")
    PHONG_KHONG = "PHONG_KHONG", _("Phòng không")
    PHAO_BINH = "PHAO_BINH", _("Pháo binh")
    TRINH_SAT = "TRINH_SAT", _("Trinh sát")
    THONG_TIN = "THONG_TIN", _("Thông tin")
    CONG_BINH = "CONG_BINH", _("Công binh")
    PHONG_HOA = "PHONG_HOA", _("Phòng hóa")
    Y_TE = "Y_TE", _("Y tế")


class MilitiaUnitLevel(models.TextChoices):
    TO = "TO", _("Tổ")
    TIEU_DOI = "TIEU_DOI", _("Tiểu đội")
    KHAU_DOI = "KHAU_DOI", _("Khẩu đội")
    TRUNG_DOI = "TRUNG_DOI", _("Trung đội")
    DAI_DOI = "DAI_DOI", _("Đại đội")
    HAI_DOI = "HAI_DOI", _("Hải đội")
    TIEU_DOAN = "TIEU_DOAN", _("Tiểu đoàn")
    HAI_DOAN = "HAI_DOAN", _("Hải đoàn")


# Size order of unit levels: a parent unit must rank above its child.
LEVEL_RANK: dict[str, int] = {
    MilitiaUnitLevel.TO: 1,
    MilitiaUnitLevel.TIEU_DOI: 2,
    MilitiaUnitLevel.KHAU_DOI: 2,
    MilitiaUnitLevel.TRUNG_DOI: 3,
    MilitiaUnitLevel.DAI_DOI: 4,
    MilitiaUnitLevel.HAI_DOI: 4,
    MilitiaUnitLevel.TIEU_DOAN: 5,
    MilitiaUnitLevel.HAI_DOAN: 5,
}
SEA_LEVELS = frozenset({MilitiaUnitLevel.HAI_DOI, MilitiaUnitLevel.HAI_DOAN})


class MilitiaPosition(models.TextChoices):
    CHIEN_SI = "CHIEN_SI", _("Chiến sĩ")
    TIEU_DOAN_TRUONG = "TIEU_DOAN_TRUONG", _("Tiểu đoàn trưởng")
    CHINH_TRI_VIEN_TIEU_DOAN = "CHINH_TRI_VIEN_TIEU_DOAN", _("Chính trị viên tiểu đoàn")
    PHO_TIEU_DOAN_TRUONG = "PHO_TIEU_DOAN_TRUONG", _("Phó tiểu đoàn trưởng")
    CHINH_TRI_VIEN_PHO_TIEU_DOAN = "CHINH_TRI_VIEN_PHO_TIEU_DOAN", _("Chính trị viên phó tiểu đoàn")
    HAI_DOAN_TRUONG = "HAI_DOAN_TRUONG", _("Hải đoàn trưởng")
    CHINH_TRI_VIEN_HAI_DOAN = "CHINH_TRI_VIEN_HAI_DOAN", _("Chính trị viên hải đoàn")
    PHO_HAI_DOAN_TRUONG = "PHO_HAI_DOAN_TRUONG", _("Phó hải đoàn trưởng")
    CHINH_TRI_VIEN_PHO_HAI_DOAN = "CHINH_TRI_VIEN_PHO_HAI_DOAN", _("Chính trị viên phó hải đoàn")
    DAI_DOI_TRUONG = "DAI_DOI_TRUONG", _("Đại đội trưởng")
    CHINH_TRI_VIEN_DAI_DOI = "CHINH_TRI_VIEN_DAI_DOI", _("Chính trị viên đại đội")
    PHO_DAI_DOI_TRUONG = "PHO_DAI_DOI_TRUONG", _("Phó đại đội trưởng")
    CHINH_TRI_VIEN_PHO_DAI_DOI = "CHINH_TRI_VIEN_PHO_DAI_DOI", _("Chính trị viên phó đại đội")
    HAI_DOI_TRUONG = "HAI_DOI_TRUONG", _("Hải đội trưởng")
    CHINH_TRI_VIEN_HAI_DOI = "CHINH_TRI_VIEN_HAI_DOI", _("Chính trị viên hải đội")
    PHO_HAI_DOI_TRUONG = "PHO_HAI_DOI_TRUONG", _("Phó hải đội trưởng")
    CHINH_TRI_VIEN_PHO_HAI_DOI = "CHINH_TRI_VIEN_PHO_HAI_DOI", _("Chính trị viên phó hải đội")
    TRUNG_DOI_TRUONG = "TRUNG_DOI_TRUONG", _("Trung đội trưởng")
    TIEU_DOI_TRUONG = "TIEU_DOI_TRUONG", _("Tiểu đội trưởng")
    THUYEN_TRUONG = "THUYEN_TRUONG", _("Thuyền trưởng")
    KHAU_DOI_TRUONG = "KHAU_DOI_TRUONG", _("Khẩu đội trưởng")
    THON_DOI_TRUONG = "THON_DOI_TRUONG", _("Thôn đội trưởng")


# Art. 19(2): every listed post is a DQTV commander post (longer extensions allowed).
COMMANDER_POSITIONS = frozenset(p for p in MilitiaPosition.values if p != MilitiaPosition.CHIEN_SI)


class MilitiaStatus(models.TextChoices):
    SELECTED = "SELECTED", _("Đã tuyển chọn (có quyết định)")
    SERVING = "SERVING", _("Đang thực hiện nghĩa vụ")
    EXTENDED = "EXTENDED", _("Đang kéo dài thời hạn")
    COMPLETED = "COMPLETED", _("Hoàn thành nghĩa vụ")
    RELEASED_EARLY = "RELEASED_EARLY", _("Thôi thực hiện nghĩa vụ trước thời hạn")
    DEFERRED = "DEFERRED", _("Tạm hoãn")
    EXEMPTED = "EXEMPTED", _("Miễn")


# SM-4 (domain.md §12.2).
MILITIA_TRANSITIONS: dict[str, frozenset[str]] = {
    MilitiaStatus.SELECTED: frozenset({MilitiaStatus.SERVING, MilitiaStatus.DEFERRED, MilitiaStatus.EXEMPTED}),
    MilitiaStatus.DEFERRED: frozenset({MilitiaStatus.SELECTED, MilitiaStatus.EXEMPTED}),
    MilitiaStatus.SERVING: frozenset({MilitiaStatus.EXTENDED, MilitiaStatus.COMPLETED, MilitiaStatus.RELEASED_EARLY}),
    MilitiaStatus.EXTENDED: frozenset({MilitiaStatus.COMPLETED, MilitiaStatus.RELEASED_EARLY}),
    MilitiaStatus.COMPLETED: frozenset(),
    MilitiaStatus.RELEASED_EARLY: frozenset(),
    MilitiaStatus.EXEMPTED: frozenset(),
}
ACTIVE_MILITIA_STATUSES = frozenset(
    {MilitiaStatus.SELECTED, MilitiaStatus.SERVING, MilitiaStatus.EXTENDED, MilitiaStatus.DEFERRED}
)
SERVING_STATUSES = frozenset({MilitiaStatus.SERVING, MilitiaStatus.EXTENDED})
# States whose [start_date, end_date] is a period actually served.
SERVED_STATUSES = frozenset(
    {MilitiaStatus.SERVING, MilitiaStatus.EXTENDED, MilitiaStatus.COMPLETED, MilitiaStatus.RELEASED_EARLY}
)


class DefermentGround(models.TextChoices):
    """Art. 11 Luật DQTV 2019 — tạm hoãn."""

    PREGNANT_OR_CHILD = "DEFER_PREGNANT_OR_CHILD", _("Phụ nữ mang thai hoặc nuôi con dưới 36 tháng tuổi")
    FATHER_ALONE = "DEFER_FATHER_ALONE", _("Nam giới một mình nuôi con dưới 36 tháng tuổi")
    UNFIT = "DEFER_UNFIT", _("Không đủ sức khỏe (kết luận của cơ sở y tế từ cấp xã trở lên)")
    SPOUSE_IN_SERVICE = (
        "DEFER_SPOUSE_IN_SERVICE",
        _("Có chồng hoặc vợ là sĩ quan, QNCN, HSQ, binh sĩ, công chức, viên chức, CNVQP đang phục vụ trong QĐND, CAND"),
    )
    SOLE_WORKER = (
        "DEFER_SOLE_WORKER",
        _("Lao động duy nhất trong hộ nghèo, cận nghèo hoặc gia đình bị thiệt hại nặng (UBND xác nhận)"),
    )
    ONLY_CHILD_OF_INVALID = (
        "DEFER_ONLY_CHILD_OF_INVALID",
        _("Con duy nhất của thương binh, bệnh binh, người nhiễm chất độc da cam suy giảm 61–80%"),
    )
    STUDYING = "DEFER_STUDYING", _("Đang học tại cơ sở giáo dục phổ thông, giáo dục nghề nghiệp, giáo dục đại học")


class ExemptionGround(models.TextChoices):
    """Art. 11 Luật DQTV 2019 — miễn."""

    MARTYR_FAMILY = "EXEMPT_MARTYR_FAMILY", _("Vợ, chồng hoặc con của liệt sĩ")
    INVALID_81_FAMILY = (
        "EXEMPT_INVALID_81_FAMILY",
        _("Vợ, chồng hoặc con của thương binh, bệnh binh, người nhiễm chất độc da cam suy giảm từ 81%"),
    )
    ASSIGNED_RESERVIST = "EXEMPT_ASSIGNED_RESERVIST", _("Quân nhân dự bị đã sắp xếp vào đơn vị DBĐV")
    CARER = (
        "EXEMPT_CARER",
        _("Người trực tiếp nuôi dưỡng Mẹ Việt Nam anh hùng hoặc người suy giảm khả năng lao động từ 81%"),
    )
    CIPHER = "EXEMPT_CIPHER", _("Người làm công tác cơ yếu")


class EarlyReleaseGround(models.TextChoices):
    """Art. 12 Luật DQTV 2019 — thôi thực hiện nghĩa vụ trước thời hạn."""

    HEALTH = "RELEASE_HEALTH", _("Sức khỏe suy giảm (cơ sở y tế từ cấp xã trở lên xác nhận)")
    FAMILY_HARDSHIP = "RELEASE_FAMILY_HARDSHIP", _("Hoàn cảnh gia đình khó khăn đột xuất")
    PREGNANT_OR_CHILD = "RELEASE_PREGNANT_OR_CHILD", _("Nữ mang thai hoặc nuôi con dưới 36 tháng tuổi")
    FATHER_ALONE = "RELEASE_FATHER_ALONE", _("Nam một mình nuôi con dưới 36 tháng tuổi")
    CALLED_UP = "RELEASE_CALLED_UP", _("Có lệnh gọi nhập ngũ hoặc thực hiện nghĩa vụ tham gia CAND")
    PUBLIC_SERVICE = (
        "RELEASE_PUBLIC_SERVICE",
        _("Được tuyển dụng vào công chức, viên chức, công nhân quốc phòng, công nhân công an"),
    )
    ADMITTED_TO_SCHOOL = (
        "RELEASE_ADMITTED_TO_SCHOOL",
        _("Có giấy báo nhập học đại học, cao đẳng, trung cấp, trường của cơ quan, tổ chức"),
    )
    GOING_ABROAD = "RELEASE_GOING_ABROAD", _("Đi lao động, học tập, làm việc ở nước ngoài")


MILITIA_GROUND_CHOICES = [
    (_("Tạm hoãn (Điều 11)"), DefermentGround.choices),
    (_("Miễn (Điều 11)"), ExemptionGround.choices),
    (_("Thôi thực hiện nghĩa vụ (Điều 12)"), EarlyReleaseGround.choices),
]


# ---- Reserves (Luật Lực lượng DBĐV 2019; NVQS Art. 24, 27) -----------------------------


class ReservistType(models.TextChoices):
    OFFICER = "SI_QUAN", _("Sĩ quan dự bị")
    PROFESSIONAL = "QNCN", _("Quân nhân chuyên nghiệp dự bị")
    NCO_SOLDIER = "HSQ_BS", _("Hạ sĩ quan, binh sĩ dự bị")


class ReserveGrade(models.IntegerChoices):
    ONE = 1, _("Hạng một")
    TWO = 2, _("Hạng hai")


class Rank(models.TextChoices):
    BINH_NHI = "BINH_NHI", _("Binh nhì")
    BINH_NHAT = "BINH_NHAT", _("Binh nhất")
    HA_SI = "HA_SI", _("Hạ sĩ")
    TRUNG_SI = "TRUNG_SI", _("Trung sĩ")
    THUONG_SI = "THUONG_SI", _("Thượng sĩ")
    THIEU_UY = "THIEU_UY", _("Thiếu úy")
    TRUNG_UY = "TRUNG_UY", _("Trung úy")
    THUONG_UY = "THUONG_UY", _("Thượng úy")
    DAI_UY = "DAI_UY", _("Đại úy")
    THIEU_TA = "THIEU_TA", _("Thiếu tá")
    TRUNG_TA = "TRUNG_TA", _("Trung tá")
    THUONG_TA = "THUONG_TA", _("Thượng tá")
    DAI_TA = "DAI_TA", _("Đại tá")


NCO_SOLDIER_RANKS = frozenset({Rank.BINH_NHI, Rank.BINH_NHAT, Rank.HA_SI, Rank.TRUNG_SI, Rank.THUONG_SI})
OFFICER_RANKS = frozenset(set(Rank.values) - NCO_SOLDIER_RANKS)
PROFESSIONAL_RANKS = OFFICER_RANKS - {Rank.DAI_TA}
RANKS_BY_TYPE: dict[str, frozenset[str]] = {
    ReservistType.OFFICER: OFFICER_RANKS,
    ReservistType.PROFESSIONAL: PROFESSIONAL_RANKS,
    ReservistType.NCO_SOLDIER: NCO_SOLDIER_RANKS,
}


class ReservistStatus(models.TextChoices):
    REGISTERED = "REGISTERED", _("Đã đăng ký")
    ASSIGNED_TO_UNIT = "ASSIGNED_TO_UNIT", _("Đã sắp xếp vào đơn vị DBĐV")
    RELEASED_FROM_UNIT = "RELEASED_FROM_UNIT", _("Đã ra khỏi đơn vị DBĐV")
    REMOVED = "REMOVED", _("Đã đưa ra khỏi danh sách (giải ngạch)")


# SM-5 (domain.md §12.2).
RESERVIST_TRANSITIONS: dict[str, frozenset[str]] = {
    ReservistStatus.REGISTERED: frozenset({ReservistStatus.ASSIGNED_TO_UNIT, ReservistStatus.REMOVED}),
    ReservistStatus.ASSIGNED_TO_UNIT: frozenset({ReservistStatus.RELEASED_FROM_UNIT}),
    ReservistStatus.RELEASED_FROM_UNIT: frozenset({ReservistStatus.ASSIGNED_TO_UNIT, ReservistStatus.REMOVED}),
    ReservistStatus.REMOVED: frozenset(),
}


class ReserveUnitKind(models.TextChoices):
    COMBAT = "COMBAT", _("Đơn vị chiến đấu")
    SUPPORT = "SUPPORT", _("Đơn vị bảo đảm chiến đấu")


class SpecialityMatch(models.TextChoices):
    EXACT = "EXACT", _("Đúng chuyên nghiệp quân sự")
    NEAR = "NEAR", _("Gần đúng chuyên nghiệp quân sự")


class ReserveTrainingKind(models.TextChoices):
    TRAINING = "TRAINING", _("Huấn luyện, diễn tập")
    READINESS_CHECK = "READINESS_CHECK", _("Kiểm tra sẵn sàng động viên, sẵn sàng chiến đấu")


class EquipmentOwnerKind(models.TextChoices):
    PERSON = "PERSON", _("Cá nhân")
    ORGANISATION = "ORGANISATION", _("Cơ quan, tổ chức")


class EquipmentType(models.TextChoices):
    TRUCK = "TRUCK", _("Ô tô vận tải")
    SPECIAL_VEHICLE = "SPECIAL_VEHICLE", _("Xe chuyên dùng")
    WATERCRAFT = "WATERCRAFT", _("Phương tiện thủy")
    LOADING = "LOADING", _("Thiết bị xếp dỡ")
    CONSTRUCTION = "CONSTRUCTION", _("Máy làm đường, làm cầu, xây dựng")
    OTHER = "OTHER", _("Phương tiện kỹ thuật khác")
