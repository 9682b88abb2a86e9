"""Review conferences and working sessions: where the year's results are reported."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from phongthu.activities.choices import MeetingKind
from phongthu.activities.models.base import ActivityRecord


class Meeting(ActivityRecord):
    search_sources = ("title", "host", "chair", "attendees", "presenter", "scope")
    year_sources = ("date",)
    year_from_date_only = True

    kind = models.CharField(
        _("loại"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.REVIEW_CONFERENCE
    )
    date = models.DateField(_("ngày"))
    title = models.CharField(_("tên hội nghị, buổi làm việc"), max_length=255, blank=True)
    host = models.CharField(_("cơ quan tổ chức"), max_length=255)
    chair = models.CharField(_("người chủ trì"), max_length=255, blank=True)
    presenter = models.CharField(_("người trình bày báo cáo"), max_length=255, blank=True)
    period_label = models.CharField(_("giai đoạn được tổng kết"), max_length=100, blank=True)
    scope = models.TextField(_("nội dung"))
    attendees = models.TextField(_("thành phần dự (mỗi người một dòng)"), blank=True)

    class Meta:
        verbose_name = _("hội nghị, buổi làm việc")
        verbose_name_plural = _("hội nghị, buổi làm việc")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.title or self.get_kind_display()} — {self.host} ({self.date:%d/%m/%Y})"

    def attendee_list(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]
