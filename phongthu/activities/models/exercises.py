"""Exercises and drills (domain.md §6.5), readiness duty and patrols."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongthu.activities import rules
from phongthu.activities.choices import ActivityLevel, DutyType, ExerciseType
from phongthu.activities.models.base import ActivityRecord, PeriodMixin, check_not_above

TERM_RE = re.compile(r"^\s*(\d{4})\s*[-–—]\s*(\d{4})\s*$")


def parse_term(text: str) -> tuple[int, int] | None:
    """ "2020–2025" / "2020-2025" → (2020, 2025); None when it is not a term."""
    match = TERM_RE.match(text or "")
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    return (start, end) if start < end else None


def format_term(start: int, end: int) -> str:
    return f"{start}–{end}"


class Exercise(ActivityRecord):
    """One exercise, or an aggregated entry ("5/7 phường tổ chức diễn tập") with `count`."""

    search_sources = ("type_label", "units_text", "result_text", "directing_committee")
    year_sources = ("date",)

    exercise_type = models.CharField(_("loại hình"), max_length=32, choices=ExerciseType.choices, blank=True)
    type_label = models.CharField(
        _("tên loại hình (ghi như văn bản)"),
        max_length=255,
        blank=True,
        help_text=_("Dùng cho loại hình cũ không có trong danh mục, hoặc ghi nguyên văn."),
    )
    level = models.CharField(_("cấp"), max_length=16, choices=ActivityLevel.choices, blank=True)
    date = models.DateField(_("ngày diễn tập"), null=True, blank=True)
    party_term = models.CharField(_("nhiệm kỳ"), max_length=9, blank=True, help_text=_("Ví dụ: 2020–2025"))
    units_text = models.CharField(_("các đơn vị tham gia"), max_length=500, blank=True)
    directing_committee = models.CharField(_("Ban chỉ đạo diễn tập"), max_length=255, blank=True)
    stages = models.TextField(_("các giai đoạn"), blank=True)
    live_force_units = models.TextField(_("lực lượng thực binh"), blank=True)
    evaluation = models.CharField(_("đánh giá"), max_length=20, choices=rules.exercise_evaluation_choices, blank=True)
    result_text = models.CharField(_("kết quả (ghi như báo cáo)"), max_length=255, blank=True)
    safety_note = models.CharField(_("bảo đảm an toàn"), max_length=255, blank=True)
    count = models.PositiveSmallIntegerField(
        _("số cuộc"), default=1, validators=[MinValueValidator(1)], help_text=_("Lớn hơn 1 khi nhập tổng hợp.")
    )
    of_total = models.PositiveSmallIntegerField(
        _("trên tổng số đơn vị"), null=True, blank=True, help_text=_("Ví dụ 7 trong “5/7 phường”.")
    )

    class Meta:
        verbose_name = _("diễn tập, luyện tập")
        verbose_name_plural = _("diễn tập, luyện tập")
        ordering = ["-year", "-date"]

    def __str__(self) -> str:
        label = self.get_exercise_type_display() if self.exercise_type else self.type_label
        suffix = f" ({self.count}/{self.of_total})" if self.of_total else (f" ×{self.count}" if self.count > 1 else "")
        return f"{label}{suffix} — {self.year}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.type_label.strip() and self.exercise_type:
            self.type_label = str(self.get_exercise_type_display())
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        if not self.exercise_type and not self.type_label.strip():
            errors["exercise_type"] = [str(_("Hãy chọn loại hình diễn tập hoặc ghi tên loại hình."))]
        if self.exercise_type == ExerciseType.KVPT_HUYEN and self.date and self.date >= rules.REFORM_DATE:
            errors["exercise_type"] = [
                str(_("Từ 1/7/2025 không còn cấp huyện: không thể ghi diễn tập khu vực phòng thủ huyện sau ngày này."))
            ]
        if self.party_term:
            term = parse_term(self.party_term)
            if term is None:
                errors["party_term"] = [str(_("Nhiệm kỳ ghi theo dạng “2020–2025” (năm đầu nhỏ hơn năm cuối)."))]
            else:
                self.party_term = format_term(*term)
        check_not_above(errors, "count", self.count, self.of_total, str(_("Số cuộc")))
        if errors:
            raise ValidationError(errors)


class DutyLog(ActivityRecord, PeriodMixin):
    """A readiness or other duty: one day, or aggregated over a period."""

    search_sources = ("notes", "period_label")
    year_sources = ("date", "period_end", "period_start")

    date = models.DateField(_("ngày"), null=True, blank=True)
    duty_type = models.CharField(_("loại trực"), max_length=10, choices=DutyType.choices, default=DutyType.SSCD)
    persons_count = models.PositiveIntegerField(_("số người trực"), null=True, blank=True)
    notes = models.TextField(_("nội dung, tình hình"), blank=True)

    class Meta:
        verbose_name = _("nhật ký trực")
        verbose_name_plural = _("nhật ký trực")
        ordering = ["-year", "-date"]

    def __str__(self) -> str:
        when = self.date.strftime("%d/%m/%Y") if self.date else (self.period_label or str(self.year))
        return f"{self.get_duty_type_display()} — {when}"

    def clean(self) -> None:
        super().clean()
        self.clean_period()


class Patrol(ActivityRecord, PeriodMixin):
    """Patrols and checks (tuần tra, kiểm soát): one, or a period's totals."""

    search_sources = ("partner_forces", "scope", "incidents", "period_label")
    year_sources = ("date", "period_end", "period_start")

    date = models.DateField(_("ngày"), null=True, blank=True)
    team_turns = models.PositiveIntegerField(_("số lượt tổ"), null=True, blank=True)
    person_turns = models.PositiveIntegerField(_("số lượt cán bộ, chiến sĩ"), null=True, blank=True)
    partner_forces = models.CharField(_("lực lượng phối hợp"), max_length=255, blank=True)
    scope = models.CharField(_("phạm vi, nhiệm vụ"), max_length=500, blank=True)
    incidents = models.TextField(_("vụ việc phát hiện, xử lý"), blank=True)

    class Meta:
        verbose_name = _("tuần tra, kiểm soát")
        verbose_name_plural = _("tuần tra, kiểm soát")
        ordering = ["-year", "-date"]

    def __str__(self) -> str:
        when = self.date.strftime("%d/%m/%Y") if self.date else (self.period_label or str(self.year))
        return f"{_('Tuần tra')} {when}"

    def clean(self) -> None:
        super().clean()
        self.clean_period()
        if self.team_turns is not None and self.person_turns is not None and self.person_turns < self.team_turns:
            raise ValidationError(
                {"person_turns": _("Số lượt cán bộ, chiến sĩ không thể ít hơn số lượt tổ (mỗi tổ có ít nhất 1 người).")}
            )
