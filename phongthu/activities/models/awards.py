"""Emulation and commendation (domain.md §7, SM-6): awards and the base-salary table."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phongthu.activities import rules
from phongthu.activities.choices import AwardAuthority, AwardStatus, AwardTitle, RecipientKind
from phongthu.activities.models.base import ActivityRecord


class BaseSalary(models.Model):
    """Lương cơ sở, effective-dated: the rate on a date is the latest row starting on or before it."""

    valid_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    amount = models.PositiveIntegerField(_("mức lương cơ sở (đồng/tháng)"))
    legal_basis = models.CharField(_("căn cứ"), max_length=255)

    class Meta:
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.amount:,} đ từ {self.valid_from:%d/%m/%Y}".replace(",", ".")

    @classmethod
    def on(cls, day: datetime.date) -> BaseSalary | None:
        return cls.objects.filter(valid_from__lte=day).order_by("-valid_from").first()


class Award(ActivityRecord):
    """One award decision line: to a person, a collective, or a report's totals."""

    search_sources = ("recipient_name", "issuer_name", "decision_number", "reason")
    year_sources = ("decision_date",)

    title = models.CharField(_("danh hiệu, hình thức"), max_length=32, choices=AwardTitle.choices)
    recipient_kind = models.CharField(
        _("đối tượng khen"), max_length=10, choices=RecipientKind.choices, default=RecipientKind.INDIVIDUAL
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cá nhân (nếu có hồ sơ)"),
    )
    recipient_name = models.CharField(_("tên cá nhân, tập thể được khen"), max_length=255, blank=True)
    collectives_count = models.PositiveIntegerField(_("số tập thể"), default=0)
    individuals_count = models.PositiveIntegerField(_("số cá nhân"), default=0)
    received_by_unit = models.BooleanField(
        _("đơn vị được khen"),
        default=False,
        help_text=_("Khen thưởng mà chính đơn vị (hoặc lực lượng của đơn vị) nhận."),
    )
    authority = models.CharField(_("thẩm quyền quyết định"), max_length=32, choices=AwardAuthority.choices)
    issuer_name = models.CharField(_("cơ quan khen thưởng (ghi như văn bản)"), max_length=255, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    achievement_period = models.CharField(_("thời gian lập thành tích"), max_length=100, blank=True)
    cash_multiple = models.DecimalField(
        _("hệ số tiền thưởng"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Để trống để lấy theo danh hiệu (Điều 54 Nghị định 98/2023/NĐ-CP)."),
    )
    quota_pool = models.PositiveIntegerField(
        _("tổng số làm căn cứ tỷ lệ"),
        null=True,
        blank=True,
        help_text=_("Số cán bộ, chiến sĩ (hoặc đơn vị) để kiểm tra tỷ lệ khen thưởng DQTV."),
    )
    reason = models.TextField(_("thành tích, lý do khen"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=AwardStatus.choices, default=AwardStatus.PROPOSED, editable=False
    )
    base_salary = models.PositiveIntegerField(
        _("lương cơ sở tại ngày quyết định"), null=True, blank=True, editable=False
    )
    cash_amount = models.PositiveIntegerField(
        _("tiền thưởng mỗi đối tượng (đồng)"), null=True, blank=True, editable=False
    )
    cash_total = models.PositiveIntegerField(_("tổng tiền thưởng (đồng)"), null=True, blank=True, editable=False)
    paid_on = models.DateField(_("ngày chi thưởng"), null=True, blank=True, editable=False)
    revoked_at = models.DateField(_("ngày thu hồi"), null=True, blank=True, editable=False)
    revocation_reason = models.CharField(_("lý do thu hồi"), max_length=500, blank=True, editable=False)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-year", "title"]
        indexes = [models.Index(fields=["unit", "year", "title"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="REVOKED") | Q(revoked_at__isnull=False), name="activities_award_revoked_has_date"
            )
        ]

    def __str__(self) -> str:
        who = self.recipient_name or (self.person.full_name if self.person is not None else "")
        if self.recipient_kind == RecipientKind.AGGREGATE:
            who = _("%(c)s tập thể, %(i)s cá nhân") % {"c": self.collectives_count, "i": self.individuals_count}
        return f"{self.get_title_display()} — {who} ({self.year})"

    # -- rules ---------------------------------------------------------------------------

    def year_must_match(self) -> bool:
        return False  # the year of the achievement; the decision often comes the next year

    def regime_date(self) -> datetime.date:
        """The legal regime is that of the decision date (else the end of the award year)."""
        if self.decision_date:
            return self.decision_date
        return datetime.date(int(self.year or datetime.date.today().year), 12, 31)

    def authority_errors(self) -> list[str]:
        """V-AWARD-1: the title fits the recipient, and the authority may grant it on that date."""
        errors: list[str] = []
        title, kind = self.title, self.recipient_kind
        if title in rules.INDIVIDUAL_ONLY and (kind == RecipientKind.COLLECTIVE or self.collectives_count):
            errors.append(
                str(
                    _("“%(t)s” chỉ tặng cho cá nhân; hãy chọn đối tượng khen là cá nhân (số tập thể = 0).")
                    % {"t": self.get_title_display()}
                )
            )
        if title in rules.COLLECTIVE_ONLY and (kind == RecipientKind.INDIVIDUAL or self.individuals_count):
            errors.append(
                str(
                    _("“%(t)s” chỉ tặng cho tập thể; hãy chọn đối tượng khen là tập thể (số cá nhân = 0).")
                    % {"t": self.get_title_display()}
                )
            )
        if title in rules.UNSPECIFIED_TITLES or not self.authority:
            return errors
        day = self.regime_date()
        regime = rules.regime_on(day)
        table = rules.setting("AWARD_AUTHORITY").get(regime.code, {})
        granted, citation = table.get(self.authority, (frozenset(), ""))
        if title not in granted:
            where = f" ({citation})" if citation else ""
            errors.append(
                str(
                    _(
                        "Theo quy định áp dụng %(regime)s (ngày %(day)s), %(auth)s không có thẩm quyền tặng “%(title)s”%(where)s. "
                        "Hãy chọn đúng cấp có thẩm quyền hoặc đúng danh hiệu (quy tắc V-AWARD-1)."
                    )
                    % {
                        "regime": regime.label,
                        "day": day.strftime("%d/%m/%Y"),
                        "auth": self.get_authority_display(),
                        "title": self.get_title_display(),
                        "where": where,
                    }
                )
            )
        return errors

    def default_multiple(self) -> Decimal | None:
        table: dict[str, Decimal] = rules.setting("CASH_MULTIPLES")
        return table.get(self.title)

    def compute_cash(self) -> None:
        """V-AWARD-2: cash = multiple × base salary on the decision date (per recipient)."""
        multiple = self.cash_multiple if self.cash_multiple is not None else self.default_multiple()
        if multiple is None or self.decision_date is None:
            self.base_salary = self.cash_amount = self.cash_total = None
            return
        salary = BaseSalary.on(self.decision_date)
        if salary is None:
            raise ValidationError(
                {
                    "decision_date": _(
                        "Chưa có mức lương cơ sở áp dụng ngày %(d)s: quản trị viên cần bổ sung bảng lương cơ sở trước khi tính tiền thưởng."
                    )
                    % {"d": self.decision_date.strftime("%d/%m/%Y")}
                }
            )
        self.base_salary = salary.amount
        amount = (multiple * Decimal(salary.amount)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        self.cash_amount = int(amount)
        self.cash_total = int(amount) * max(self.recipients_count(), 1)

    def recipients_count(self) -> int:
        return int(self.collectives_count) + int(self.individuals_count)

    def normalise_counts(self) -> None:
        if self.recipient_kind == RecipientKind.INDIVIDUAL:
            self.collectives_count, self.individuals_count = 0, 1
        elif self.recipient_kind == RecipientKind.COLLECTIVE:
            self.collectives_count, self.individuals_count = 1, 0

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        if self.recipient_kind == RecipientKind.AGGREGATE:
            if not self.collectives_count and not self.individuals_count:
                errors["collectives_count"] = [str(_("Khen thưởng tổng hợp: hãy nhập số tập thể và/hoặc số cá nhân."))]
        elif not self.recipient_name.strip() and not self.person_id:
            errors["recipient_name"] = [
                str(_("Hãy nhập tên cá nhân, tập thể được khen (hoặc chọn công dân có hồ sơ)."))
            ]
        if self.person_id and self.recipient_kind != RecipientKind.INDIVIDUAL:
            errors.setdefault("person", []).append(str(_("Chỉ chọn công dân khi đối tượng khen là cá nhân.")))
        if self.decision_number and not self.decision_date:
            errors["decision_date"] = [str(_("Đã có số quyết định thì hãy nhập ngày quyết định."))]
        self.normalise_counts()
        authority = self.authority_errors()
        if authority:
            errors.setdefault("authority", []).extend(authority)
        if self.status == AwardStatus.REVOKED and not self.revocation_reason.strip():
            errors["revocation_reason"] = [str(_("Thu hồi khen thưởng phải ghi rõ lý do."))]
        if errors:
            raise ValidationError(errors)
        self.compute_cash()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.person is not None and not self.recipient_name:
            self.recipient_name = self.person.full_name
        self.normalise_counts()
        super().save(*args, **kwargs)
