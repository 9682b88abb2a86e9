from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class TrainingLevel(models.TextChoices):
    NONE = "NONE", _("Chưa qua đào tạo")
    VOCATIONAL = "VOCATIONAL", _("Sơ cấp, trung cấp nghề")
    COLLEGE = "COLLEGE", _("Cao đẳng")
    UNIVERSITY = "UNIVERSITY", _("Đại học")
    POSTGRADUATE = "POSTGRADUATE", _("Sau đại học")


class Relation(models.TextChoices):
    FATHER = "FATHER", _("Cha")
    MOTHER = "MOTHER", _("Mẹ")
    OLDER_BROTHER = "OLDER_BROTHER", _("Anh ruột")
    OLDER_SISTER = "OLDER_SISTER", _("Chị ruột")
    YOUNGER_SIBLING = "YOUNGER_SIBLING", _("Em ruột")
    SPOUSE = "SPOUSE", _("Vợ/chồng")
    CHILD = "CHILD", _("Con")


class RelativeStatus(models.TextChoices):
    NONE = "", _("Không")
    MARTYR = "MARTYR", _("Liệt sĩ")
    WAR_INVALID_1 = "WAR_INVALID_1", _("Thương binh hạng một")
    WAR_INVALID_2 = "WAR_INVALID_2", _("Thương binh hạng hai")
    SICK_SOLDIER_61_80 = "SICK_SOLDIER_61_80", _("Bệnh binh, nhiễm chất độc da cam suy giảm 61–80%")
    SICK_SOLDIER_81 = "SICK_SOLDIER_81", _("Bệnh binh, nhiễm chất độc da cam suy giảm từ 81%")
    IN_SERVICE = "IN_SERVICE", _("Đang tại ngũ")
    IN_POLICE_SERVICE = "IN_POLICE_SERVICE", _("Đang thực hiện nghĩa vụ tham gia CAND")
    DEPENDENT = "DEPENDENT", _("Không còn khả năng lao động, sống phụ thuộc")


class Studying(models.TextChoices):
    """What the person is studying now (values of the eligibility contract, codes.md §1)."""

    NONE = "", _("Không đi học")
    GENERAL = "general", _("Đang học phổ thông")
    COLLEGE_REGULAR = "college_regular", _("Đang học cao đẳng hệ chính quy")
    UNIVERSITY_REGULAR = "university_regular", _("Đang học đại học hệ chính quy")
    OTHER = "other", _("Đang học hình thức khác (tại chức, nghề, văn bằng hai)")


class HigherEducation(models.TextChoices):
    NONE = "", _("Không")
    COLLEGE_REGULAR = "college_regular", _("Đã tốt nghiệp cao đẳng hệ chính quy")
    UNIVERSITY_REGULAR = "university_regular", _("Đã tốt nghiệp đại học hệ chính quy")
