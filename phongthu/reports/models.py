"""What the review report keeps beyond the records it reads: the paragraphs staff write per unit,
period and section (audited, so every earlier draft is in the history), the template of each
level an administrator adjusts without code, and the reports issued with their number."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongthu.core.models import ScopedModel
from phongthu.core.periods import Period, PeriodError
from phongthu.reports.sections import Section
from phongthu.units.choices import Level


def _check_period(value: str) -> str:
    try:
        return Period.parse(value).code
    except PeriodError as error:
        raise ValidationError({"period": str(error)}) from None


class ReportNarrative(ScopedModel):
    """A paragraph (or several) staff write for one section of one unit's report for a period."""

    audited: ClassVar[bool] = True

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    period = models.CharField(_("kỳ báo cáo"), max_length=25, help_text=_("Ví dụ: 2019, 2019S1, 2019Q3, 2015-2019."))
    section = models.PositiveSmallIntegerField(_("mục của báo cáo"), choices=Section.choices)
    text = models.TextField(_("nội dung"), help_text=_("Mỗi đoạn một dòng."))
    # A draft until staff mark it finished; every earlier wording stays in the audit history.
    finished = models.BooleanField(_("đã hoàn thiện"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("đoạn văn báo cáo")
        verbose_name_plural = _("đoạn văn báo cáo")
        ordering = ["unit", "period", "section"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "section"], name="reports_narrative_one_per_section")
        ]

    def __str__(self) -> str:
        return f"{self.get_section_display()} — {self.period}"

    def clean(self) -> None:
        super().clean()
        if self.period:
            self.period = _check_period(self.period)

    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.text.splitlines() if line.strip()]


# The shipped default of each level; an administrator's ReportTemplate row overrides it.
TEMPLATE_LEVELS = [Level.COMMUNE, Level.REGION, Level.PROVINCE, Level.DISTRICT]


class ReportTemplate(ScopedModel):
    """The fixed texts and page settings of the review reports of one level, for the units under
    `unit` (a province's template applies to its communes, regions and itself)."""

    audited: ClassVar[bool] = True

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("áp dụng cho đơn vị và cấp dưới")
    )
    level = models.CharField(_("cấp báo cáo"), max_length=10, choices=[(lv.value, lv.label) for lv in TEMPLATE_LEVELS])
    issuing_body = models.CharField(
        _("cơ quan ban hành"), max_length=255, blank=True,
        help_text=_("{unit} thay cho tên đơn vị, {parent} cho tên cấp trên. Để trống: mẫu mặc định."),
    )  # fmt: skip
    parent_body = models.CharField(_("cơ quan chủ quản"), max_length=255, blank=True)
    symbol = models.CharField(_("ký hiệu văn bản"), max_length=40, blank=True, help_text=_("Ví dụ: BC-BCH."))
    title = models.CharField(
        _("trích yếu"), max_length=255, blank=True, help_text=_("{period} thay cho kỳ báo cáo, {unit} cho đơn vị.")
    )
    opening = models.TextField(_("đoạn mở đầu"), blank=True)
    closing = models.TextField(_("đoạn kết"), blank=True)
    recipients = models.TextField(_("nơi nhận (mỗi nơi một dòng)"), blank=True)
    signer_authority = models.CharField(_("quyền hạn ký (TM., KT.)"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    font_size = models.DecimalField(_("cỡ chữ nội dung (pt)"), max_digits=3, decimal_places=1, default=14)
    margin_top = models.PositiveSmallIntegerField(_("lề trên (mm)"), default=20)
    margin_bottom = models.PositiveSmallIntegerField(_("lề dưới (mm)"), default=20)
    margin_left = models.PositiveSmallIntegerField(_("lề trái (mm)"), default=30)
    margin_right = models.PositiveSmallIntegerField(_("lề phải (mm)"), default=15)

    class Meta:
        verbose_name = _("mẫu báo cáo tổng kết")
        verbose_name_plural = _("mẫu báo cáo tổng kết")
        ordering = ["unit", "level", "-pk"]  # several rows for one unit and level: the latest applies

    def __str__(self) -> str:
        return f"{self.get_level_display()} — {self.unit}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        # Decree 30/2020, Appendix I: body 13–14 pt; margins top/bottom 20–25, left 30–35, right 15–20 mm.
        if not 13 <= float(self.font_size or 0) <= 14:
            errors["font_size"] = _("Cỡ chữ nội dung phải từ 13 đến 14 (Nghị định 30/2020/NĐ-CP).")
        for name, low, high in (("margin_top", 20, 25), ("margin_bottom", 20, 25), ("margin_left", 30, 35),
                                ("margin_right", 15, 20)):  # fmt: skip
            value = getattr(self, name)
            if value is not None and not low <= value <= high:
                errors[name] = _("Lề phải từ %(a)s đến %(b)s mm (Nghị định 30/2020/NĐ-CP).") % {"a": low, "b": high}
        for name in ("issuing_body", "parent_body", "title"):
            try:
                getattr(self, name).format(unit="", parent="", period="")
            except (KeyError, IndexError, ValueError):
                errors[name] = _("Chỉ dùng các chỗ trống {unit}, {parent}, {period}.")
        if errors:
            raise ValidationError(errors)


class IssuedReport(ScopedModel):
    """A report given its number: one sequence per issuing unit and year (as call-up decisions);
    the DOCX is kept as issued, so the issued document never changes afterwards."""

    audited: ClassVar[bool] = True

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    period = models.CharField(_("kỳ báo cáo"), max_length=25)
    year = models.PositiveSmallIntegerField(_("năm ban hành"), editable=False)
    seq = models.PositiveIntegerField(_("số"), editable=False)
    symbol = models.CharField(_("ký hiệu"), max_length=40)
    date = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=255)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người lập"),
    )
    docx = models.BinaryField(editable=False)

    class Meta:
        verbose_name = _("báo cáo đã ban hành")
        verbose_name_plural = _("báo cáo đã ban hành")
        ordering = ["-date", "-seq"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "seq"], name="reports_issued_number_unique_per_body_year")
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    @property
    def number(self) -> str:
        return f"{self.seq:02d}/{self.symbol}"


class ApprovedReportContent(models.Model):
    """What the report generated (sentences, statements and targets per section, the appendix,
    the awards, the sub-units of the map) at the moment the unit's figures for the period were
    approved. While the period stays approved the report states these, so later records do not
    change an approved report; unlocking the figures drops it (the report is live again).

    Derived data written inside the audited approval transition (reports/signals.py), like the
    figures' own snapshot: not edited by anyone, so not audited itself."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị"))
    period = models.CharField(_("kỳ báo cáo"), max_length=25)
    content = models.JSONField(default=dict)
    frozen_at = models.DateTimeField(_("thời điểm chốt"), auto_now_add=True)

    class Meta:
        verbose_name = _("nội dung báo cáo đã chốt")
        verbose_name_plural = _("nội dung báo cáo đã chốt")
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="reports_approved_content_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period}"
