"""Foreign affairs, coordination with the police and border guard (Decree 03/2019), the
all-people security movement, and grassroots ratings (domain.md §6.1–6.3)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongthu.activities import rules
from phongthu.activities.choices import CoordinationKind, RatingPeriod
from phongthu.activities.models.base import ActivityRecord, PeriodMixin, check_not_above

DECREE_03 = "Nghị định 03/2019/NĐ-CP"


class ForeignDelegation(ActivityRecord, PeriodMixin):
    """Foreign delegations received: one visit, or a period's totals."""

    search_sources = ("origin", "purpose", "period_label")
    year_sources = ("date", "period_end")

    date = models.DateField(_("ngày đón"), null=True, blank=True)
    origin = models.CharField(_("đoàn từ (quốc gia, tổ chức)"), max_length=255)
    delegations_count = models.PositiveIntegerField(_("số đoàn"), default=1)
    persons_count = models.PositiveIntegerField(_("số người (lượt)"), null=True, blank=True)
    purpose = models.CharField(_("mục đích, nội dung"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("đoàn khách nước ngoài")
        verbose_name_plural = _("đoàn khách nước ngoài")
        ordering = ["-year", "-date"]

    def __str__(self) -> str:
        return f"{self.delegations_count} đoàn — {self.origin} ({self.period_label or self.year})"

    def clean(self) -> None:
        super().clean()
        self.clean_period()


class ForeignerResidenceCheck(ActivityRecord, PeriodMixin):
    """Checks of foreigners' residence and travel, and the violations found."""

    search_sources = ("checked_by", "findings", "period_label")
    year_sources = ("period_end",)

    checked_by = models.CharField(_("lực lượng kiểm tra"), max_length=255)
    checks_count = models.PositiveIntegerField(_("số lượt kiểm tra"), null=True, blank=True)
    violations_count = models.PositiveIntegerField(_("số vi phạm phát hiện"), null=True, blank=True)
    findings = models.TextField(_("kết quả"), blank=True)

    class Meta:
        verbose_name = _("kiểm tra cư trú của người nước ngoài")
        verbose_name_plural = _("kiểm tra cư trú của người nước ngoài")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.checked_by} — {self.period_label or self.year}"

    def clean(self) -> None:
        super().clean()
        self.clean_period()


class CoordinationEvent(ActivityRecord):
    """Police–military–border-guard coordination: events, briefings and signed programmes."""

    search_sources = ("topic", "partners", "outcome")
    year_sources = ("date",)

    kind = models.CharField(_("loại"), max_length=16, choices=CoordinationKind.choices, default=CoordinationKind.EVENT)
    date = models.DateField(_("ngày"), null=True, blank=True)
    basis = models.CharField(_("căn cứ"), max_length=255, blank=True, default=DECREE_03)
    with_police = models.BooleanField(_("Công an"), default=False)
    with_military = models.BooleanField(_("Quân sự"), default=False)
    with_border_guard = models.BooleanField(_("Biên phòng"), default=False)
    with_coast_guard = models.BooleanField(_("Cảnh sát biển"), default=False)
    partners = models.CharField(_("cơ quan, đoàn thể khác"), max_length=500, blank=True)
    topic = models.TextField(_("nội dung phối hợp"))
    outcome = models.TextField(_("kết quả"), blank=True)

    class Meta:
        verbose_name = _("phối hợp các lực lượng")
        verbose_name_plural = _("phối hợp các lực lượng")
        ordering = ["-year", "-date"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.year}"

    def forces_display(self) -> str:
        names = [
            str(label)
            for flag, label in (
                (self.with_police, _("Công an")),
                (self.with_military, _("Quân sự")),
                (self.with_border_guard, _("Biên phòng")),
                (self.with_coast_guard, _("Cảnh sát biển")),
            )
            if flag
        ]
        return ", ".join(names)


class Commitment(ActivityRecord):
    """A signed commitment (e.g. the police with each ward chairman on firecrackers at Tết)."""

    search_sources = ("topic", "led_by", "parties")
    year_sources = ("date",)

    date = models.DateField(_("ngày ký"), null=True, blank=True)
    led_by = models.CharField(_("cơ quan chủ trì"), max_length=255, blank=True)
    parties = models.CharField(_("các bên ký"), max_length=500, blank=True)
    parties_count = models.PositiveIntegerField(_("số bên (đơn vị) ký cam kết"), null=True, blank=True)
    topic = models.TextField(_("nội dung cam kết"))

    class Meta:
        verbose_name = _("ký cam kết")
        verbose_name_plural = _("ký cam kết")
        ordering = ["-year", "-date"]

    def __str__(self) -> str:
        return f"{_('Cam kết')} {self.year}: {self.topic[:60]}"


class SecurityMovementEntry(ActivityRecord):
    """The all-people movement to protect national security: models, typical units, results."""

    search_sources = ("content",)

    content = models.TextField(_("nội dung, kết quả"))
    models_count = models.PositiveIntegerField(_("số mô hình tự quản"), null=True, blank=True)
    typical_units_count = models.PositiveIntegerField(_("số đơn vị điển hình"), null=True, blank=True)

    class Meta:
        verbose_name = _("phong trào toàn dân bảo vệ ANTQ")
        verbose_name_plural = _("phong trào toàn dân bảo vệ ANTQ")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{_('Phong trào toàn dân bảo vệ ANTQ')} {self.year}"


class GrassrootsRating(ActivityRecord):
    """ "Cơ sở vững mạnh toàn diện" and "cụm an toàn làm chủ" results of a unit for a period."""

    period = models.CharField(_("kỳ đánh giá"), max_length=4, choices=RatingPeriod.choices, default=RatingPeriod.YEAR)
    rating = models.CharField(_("xếp loại"), max_length=24, choices=rules.grassroots_rating_choices, blank=True)
    bases_strong = models.PositiveIntegerField(_("số cơ sở đạt vững mạnh"), null=True, blank=True)
    bases_total = models.PositiveIntegerField(_("tổng số cơ sở"), null=True, blank=True)
    clusters_strong = models.PositiveIntegerField(_("số cụm đạt an toàn làm chủ"), null=True, blank=True)
    clusters_total = models.PositiveIntegerField(_("tổng số cụm"), null=True, blank=True)
    assessment = models.TextField(_("nhận xét"), blank=True)

    class Meta:
        verbose_name = _("xây dựng cơ sở vững mạnh toàn diện")
        verbose_name_plural = _("xây dựng cơ sở vững mạnh toàn diện")
        ordering = ["-year", "period"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "period"], name="activities_grassroots_one_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.get_period_display()} {self.year}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        check_not_above(errors, "bases_strong", self.bases_strong, self.bases_total, str(_("Số cơ sở vững mạnh")))
        check_not_above(
            errors, "clusters_strong", self.clusters_strong, self.clusters_total, str(_("Số cụm an toàn làm chủ"))
        )
        if errors:
            raise ValidationError(errors)
