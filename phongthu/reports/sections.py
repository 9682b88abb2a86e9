"""The sections of the year's review report, in the order the published reports follow
(shared/design/figures-and-reports.md §3)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Section(models.IntegerChoices):
    CONTEXT = 1, _("Đặc điểm tình hình")
    LEADERSHIP = 2, _("Công tác lãnh đạo, chỉ đạo; quán triệt, tuyên truyền")
    READINESS = 3, _("Sẵn sàng chiến đấu, trực sẵn sàng chiến đấu; phối hợp Công an – Quân sự – Biên phòng; tuần tra")
    FORCES = 4, _("Xây dựng lực lượng dân quân tự vệ, dự bị động viên")
    TRAINING = 5, _("Huấn luyện; hội thi, hội thao; sáng kiến")
    EXERCISES = 6, _("Diễn tập")
    CONSCRIPTION = 7, _("Đăng ký nghĩa vụ quân sự; tuyển quân, giao quân")
    EDUCATION = 8, _("Giáo dục quốc phòng và an ninh")
    LOGISTICS = 9, _("Hậu cần – kỹ thuật, quản lý vũ khí, xây dựng công trình")
    REAR_POLICY = 10, _("Chính sách hậu phương quân đội; quân nhân xuất ngũ; tuyển sinh quân sự")
    CIVIL = 11, _("Dân vận; phòng, chống thiên tai, tìm kiếm cứu nạn, phòng thủ dân sự")
    FOREIGN = 12, _("Đối ngoại quốc phòng")
    PARTY = 13, _("Công tác đảng, công tác chính trị")
    EMULATION = 14, _("Thi đua, khen thưởng")
    ASSESSMENT = 15, _("Đánh giá chung: ưu điểm; tồn tại, hạn chế và nguyên nhân")
    DIRECTIONS = 16, _("Phương hướng, nhiệm vụ và chỉ tiêu kỳ tới")
    PROPOSALS = 17, _("Đề xuất, kiến nghị")


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII"]
