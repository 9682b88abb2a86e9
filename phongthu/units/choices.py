from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "PROVINCE", _("Cấp tỉnh")
    REGION = "REGION", _("Khu vực phòng thủ")
    DISTRICT = "DISTRICT", _("Cấp huyện (trước 1/7/2025)")
    COMMUNE = "COMMUNE", _("Cấp xã")
    VILLAGE = "VILLAGE", _("Thôn, tổ dân phố")
    AGENCY = "AGENCY", _("Cơ quan, doanh nghiệp")


class Kind(models.TextChoices):
    PROVINCE = "PROVINCE", _("Tỉnh")
    CENTRAL_CITY = "CENTRAL_CITY", _("Thành phố trực thuộc trung ương")
    DEFENSE_REGION = "DEFENSE_REGION", _("Ban Chỉ huy Phòng thủ khu vực")
    URBAN_DISTRICT = "URBAN_DISTRICT", _("Quận")
    RURAL_DISTRICT = "RURAL_DISTRICT", _("Huyện")
    TOWN = "TOWN", _("Thị xã")
    PROVINCIAL_CITY = "PROVINCIAL_CITY", _("Thành phố thuộc tỉnh")
    COMMUNE = "COMMUNE", _("Xã")
    WARD = "WARD", _("Phường")
    TOWNSHIP = "TOWNSHIP", _("Thị trấn")
    SPECIAL_ZONE = "SPECIAL_ZONE", _("Đặc khu")
    VILLAGE = "VILLAGE", _("Thôn")
    RESIDENTIAL_GROUP = "RESIDENTIAL_GROUP", _("Tổ dân phố")
    AGENCY = "AGENCY", _("Cơ quan, tổ chức")
    ENTERPRISE = "ENTERPRISE", _("Doanh nghiệp")


LEVEL_OF_KIND: dict[str, str] = {
    Kind.PROVINCE: Level.PROVINCE,
    Kind.CENTRAL_CITY: Level.PROVINCE,
    Kind.DEFENSE_REGION: Level.REGION,
    Kind.URBAN_DISTRICT: Level.DISTRICT,
    Kind.RURAL_DISTRICT: Level.DISTRICT,
    Kind.TOWN: Level.DISTRICT,
    Kind.PROVINCIAL_CITY: Level.DISTRICT,
    Kind.COMMUNE: Level.COMMUNE,
    Kind.WARD: Level.COMMUNE,
    Kind.TOWNSHIP: Level.COMMUNE,
    Kind.SPECIAL_ZONE: Level.COMMUNE,
    Kind.VILLAGE: Level.VILLAGE,
    Kind.RESIDENTIAL_GROUP: Level.VILLAGE,
    Kind.AGENCY: Level.AGENCY,
    Kind.ENTERPRISE: Level.AGENCY,
}


class Hierarchy(models.TextChoices):
    CIVIL = "CIVIL", _("Hành chính (UBND)")
    MILITARY = "MILITARY", _("Quân sự (Bộ CHQS → Ban CHPTKV → Ban CHQS xã)")


class LineageKind(models.TextChoices):
    MERGE = "MERGE", _("Hợp nhất, sáp nhập")
    SPLIT = "SPLIT", _("Chia tách")
    RENAME = "RENAME", _("Đổi tên")
    REPARENT = "REPARENT", _("Điều chỉnh đơn vị cấp trên")
    ESTABLISH = "ESTABLISH", _("Thành lập")
    DISSOLVE = "DISSOLVE", _("Giải thể")
