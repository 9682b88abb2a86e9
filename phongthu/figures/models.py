"""What the figures engine stores: entered aggregate values, targets, the approval of a unit's
period, and the maintained per-unit, per-month aggregates of counted indicators."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from phongthu.core.models import ScopedModel
from phongthu.core.periods import Period


class PeriodFields(models.Model):
    """A period in its canonical form plus its dates (for range queries)."""

    period = models.CharField(_("kỳ báo cáo"), max_length=24)
    period_start = models.DateField(editable=False)
    period_end = models.DateField(editable=False)

    class Meta:
        abstract = True

    def set_period(self, period: Period) -> None:
        self.period, self.period_start, self.period_end = period.code, period.start, period.end

    @property
    def period_obj(self) -> Period:
        return Period(self.period_start, self.period_end)


class EnteredValue(ScopedModel, PeriodFields):
    """An aggregate value typed for (unit, period, indicator[, breakdown option])."""

    audited: ClassVar[bool] = True

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    indicator = models.CharField(_("chỉ số"), max_length=60)
    option = models.CharField(_("phân tổ"), max_length=60, blank=True, default="")
    value = models.DecimalField(_("giá trị"), max_digits=16, decimal_places=2)
    comment = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("số liệu nhập tổng hợp")
        verbose_name_plural = _("số liệu nhập tổng hợp")
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "indicator", "option"], name="figures_entered_unique")
        ]
        indexes = [models.Index(fields=["indicator", "period_start", "period_end"], name="figures_entered_lookup")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}: {self.value}"


class Target(ScopedModel, PeriodFields):
    """A target (chỉ tiêu) for an indicator, unit and period, set by the level above."""

    audited: ClassVar[bool] = True

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    indicator = models.CharField(_("chỉ số"), max_length=60)
    value = models.DecimalField(_("chỉ tiêu"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        constraints = [models.UniqueConstraint(fields=["unit", "period", "indicator"], name="figures_target_unique")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}: {self.value}"


class ApprovalState(models.TextChoices):
    OPEN = "open", _("Chưa báo cáo")
    SUBMITTED = "submitted", _("Đã báo cáo, chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    RETURNED = "returned", _("Trả lại")


class Approval(ScopedModel, PeriodFields):
    """A unit's figures for a period: submitted upward, approved (frozen) or returned."""

    audited: ClassVar[bool] = True

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    state = models.CharField(_("trạng thái"), max_length=12, choices=ApprovalState.choices, default=ApprovalState.OPEN)
    reason = models.TextField(_("lý do"), blank=True)
    submitted_at = models.DateTimeField(_("ngày báo cáo"), null=True, blank=True)
    decided_at = models.DateTimeField(_("ngày duyệt"), null=True, blank=True)
    # Counted values frozen on approval: {indicator code: value as string}.
    snapshot = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("báo cáo số liệu")
        verbose_name_plural = _("báo cáo số liệu")
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="figures_approval_unique")]

    def __str__(self) -> str:
        # People read the unit and the period, never their ids and codes (queue, History).
        return _("Số liệu %(period)s — %(unit)s") % {"period": self.period_obj.label, "unit": self.unit.name}

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("figures:dashboard", args=[self.unit_id, self.period])


class Aggregate(models.Model):
    """Maintained value of a summable counted indicator for one record-owning unit and one
    month (`month` 0: records that carry only a year). Kept up to date in the transaction of
    the write (signals.py); `manage.py recompute_figures` rebuilds it from the records."""

    indicator = models.CharField(max_length=60)
    unit_id = models.IntegerField()
    year = models.SmallIntegerField()
    month = models.SmallIntegerField()
    option = models.CharField(max_length=60, blank=True, default="")
    value = models.DecimalField(max_digits=18, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit_id", "year", "month", "option"], name="figures_aggregate_unique"
            )
        ]
        indexes = [models.Index(fields=["indicator", "year", "month"], name="figures_aggregate_period")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.unit_id} {self.year}/{self.month}: {self.value}"

    @classmethod
    def row(cls, **kw: Any) -> Aggregate:
        return cls(**kw)
