"""What a report states beyond the registries: targets for the next year or term, free-text
statements (quantified or not), and the conscription result of a year as one aggregate."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongthu.activities.choices import StatementTopic
from phongthu.activities.models.base import ActivityRecord, year_validators


class PeriodTarget(ActivityRecord):
    """A target: for one year (`year`) or for a term (`period_from`–`period_to`, shown in `year`,
    the year of the report that set it)."""

    search_sources = ("text", "value_unit")

    period_from = models.PositiveSmallIntegerField(
        _("giai đoạn từ năm"), null=True, blank=True, validators=year_validators
    )
    period_to = models.PositiveSmallIntegerField(
        _("giai đoạn đến năm"), null=True, blank=True, validators=year_validators
    )
    topic = models.CharField(
        _("lĩnh vực"), max_length=20, choices=StatementTopic.choices, default=StatementTopic.GENERAL
    )
    value = models.DecimalField(_("chỉ tiêu (số)"), max_digits=12, decimal_places=2, null=True, blank=True)
    value_unit = models.CharField(_("đơn vị tính"), max_length=60, blank=True)
    text = models.TextField(_("nội dung chỉ tiêu, nhiệm vụ"))

    class Meta:
        verbose_name = _("chỉ tiêu, nhiệm vụ")
        verbose_name_plural = _("chỉ tiêu, nhiệm vụ")
        ordering = ["-year", "pk"]

    def __str__(self) -> str:
        return f"{self.period_label()}: {self.text[:80]}"

    def period_label(self) -> str:
        if self.period_from and self.period_to:
            return f"{self.period_from}–{self.period_to}"
        return str(self.year)

    def clean(self) -> None:
        super().clean()
        if (self.period_from is None) != (self.period_to is None):
            raise ValidationError(
                {"period_to": _("Giai đoạn cần cả năm bắt đầu và năm kết thúc (hoặc để trống cả hai).")}
            )
        if self.period_from and self.period_to and self.period_to <= self.period_from:
            raise ValidationError({"period_to": _("Năm kết thúc giai đoạn phải sau năm bắt đầu.")})
        if self.value is not None and not self.value_unit:
            raise ValidationError({"value_unit": _("Chỉ tiêu có số thì hãy ghi đơn vị tính (%, người, cuộc…).")})


class ReportStatement(ActivityRecord):
    """A statement of a report, for what no registry counts (e.g. "chính sách hậu phương quân
    đội được quan tâm"); `quantified` marks one that carries a number."""

    search_sources = ("text",)

    topic = models.CharField(_("lĩnh vực"), max_length=20, choices=StatementTopic.choices)
    quantified = models.BooleanField(_("có số liệu"), default=False)
    number = models.DecimalField(_("số liệu"), max_digits=14, decimal_places=2, null=True, blank=True)
    number_unit = models.CharField(_("đơn vị tính"), max_length=60, blank=True)
    text = models.TextField(_("nội dung"))

    class Meta:
        verbose_name = _("nội dung báo cáo")
        verbose_name_plural = _("nội dung báo cáo")
        ordering = ["-year", "topic"]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} {self.year}: {self.text[:60]}"

    def clean(self) -> None:
        super().clean()
        if self.number is not None:
            self.quantified = True
        elif self.quantified:
            raise ValidationError({"number": _("Đã đánh dấu “có số liệu” thì hãy nhập số liệu (hoặc bỏ đánh dấu).")})


class ConscriptionResult(ActivityRecord):
    """The year's call-up result of a unit as one aggregate (quota, delivered, %)."""

    quota = models.PositiveIntegerField(_("chỉ tiêu giao"), null=True, blank=True)
    delivered = models.PositiveIntegerField(_("số giao quân"), null=True, blank=True)
    police_quota = models.PositiveIntegerField(_("chỉ tiêu nghĩa vụ CAND"), null=True, blank=True)
    police_delivered = models.PositiveIntegerField(_("số giao nghĩa vụ CAND"), null=True, blank=True)
    pct = models.DecimalField(
        _("tỷ lệ hoàn thành (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("200"))],
        help_text=_("Tự tính khi có chỉ tiêu và số giao quân."),
    )
    quality_text = models.CharField(_("chất lượng (ghi như báo cáo)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kết quả tuyển quân")
        verbose_name_plural = _("kết quả tuyển quân")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="activities_conscription_one_per_year")]

    def __str__(self) -> str:
        return f"{_('Tuyển quân')} {self.year}"

    def computed_pct(self) -> Decimal | None:
        if self.quota and self.delivered is not None:
            return (Decimal(self.delivered) * 100 / Decimal(self.quota)).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
        return None

    def clean(self) -> None:
        super().clean()
        computed = self.computed_pct()
        if computed is not None:
            if self.pct is not None and abs(Decimal(self.pct) - computed) >= Decimal("0.01"):
                raise ValidationError(
                    {
                        "pct": _(
                            "Tỷ lệ %(p)s%% không khớp với số giao quân/chỉ tiêu (%(c)s%%). Hãy để trống để hệ thống tự tính."
                        )
                        % {"p": self.pct, "c": computed}
                    }
                )
            self.pct = computed
        elif self.pct is None and not self.quality_text:
            raise ValidationError({"pct": _("Hãy nhập chỉ tiêu và số giao quân, hoặc tỷ lệ hoàn thành.")})
