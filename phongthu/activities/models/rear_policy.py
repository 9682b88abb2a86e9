"""Military rear policy (domain.md §8): families of serving soldiers, allowance cases, visits
and gifts, and discharged soldiers received back in the commune."""

from __future__ import annotations

import calendar
import datetime
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongthu.activities import rules
from phongthu.activities.choices import HARDSHIP_TYPES, RearPolicyCaseType, ServiceBranch
from phongthu.activities.models.base import ActivityRecord, unit_fk
from phongthu.core.models import ScopedModel
from phongthu.core.text import search_key


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """`days` working days after `start` (Monday–Friday; public holidays are not modelled)."""
    current = start
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def add_months(start: datetime.date, months: int) -> datetime.date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


class SoldierFamily(ScopedModel):
    """A family of a serving soldier (hậu phương quân đội), kept by the commune."""

    unit_path: ClassVar[str] = "unit"
    audited: ClassVar[bool] = True

    unit = unit_fk(_("xã, phường quản lý"))
    soldier = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quân nhân (nếu có hồ sơ)"),
    )
    soldier_name = models.CharField(_("họ tên quân nhân"), max_length=150, blank=True)
    branch = models.CharField(_("lực lượng"), max_length=8, choices=ServiceBranch.choices, default=ServiceBranch.ARMY)
    service_unit = models.CharField(_("đơn vị đang phục vụ"), max_length=255, blank=True)
    enlistment_date = models.DateField(_("ngày nhập ngũ"), null=True, blank=True)
    expected_discharge = models.DateField(_("dự kiến xuất ngũ"), null=True, blank=True)
    household_head = models.CharField(_("chủ hộ, thân nhân chính"), max_length=150, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    circumstances = models.TextField(_("hoàn cảnh gia đình"), blank=True)
    search_text = models.CharField(max_length=500, editable=False, default="", db_index=True)

    class Meta:
        verbose_name = _("gia đình quân nhân tại ngũ")
        verbose_name_plural = _("gia đình quân nhân tại ngũ")
        ordering = ["search_text"]

    def __str__(self) -> str:
        return str(_("Gia đình quân nhân %(n)s") % {"n": self.display_name})

    @property
    def display_name(self) -> str:
        if self.soldier_name:
            return self.soldier_name
        return self.soldier.full_name if self.soldier is not None else ""

    def clean(self) -> None:
        if not self.soldier_id and not self.soldier_name.strip():
            raise ValidationError({"soldier_name": _("Hãy chọn quân nhân có hồ sơ hoặc nhập họ tên quân nhân.")})
        if self.enlistment_date and self.expected_discharge and self.expected_discharge <= self.enlistment_date:
            raise ValidationError({"expected_discharge": _("Ngày dự kiến xuất ngũ phải sau ngày nhập ngũ.")})

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.soldier is not None and not self.soldier_name:
            self.soldier_name = self.soldier.full_name
        self.search_text = search_key(f"{self.display_name} {self.household_head} {self.address}")[:500]
        super().save(*args, **kwargs)


class RearPolicyCase(ActivityRecord):
    """An allowance, tuition exemption, visit or gift for a soldier's family (V-RP-1)."""

    search_sources = ("recipient_name", "occasion", "approval_ref")
    year_sources = ("date",)

    family = models.ForeignKey(
        SoldierFamily,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("gia đình quân nhân"),
    )
    case_type = models.CharField(_("loại chế độ"), max_length=20, choices=RearPolicyCaseType.choices)
    recipient = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người nhận (nếu có hồ sơ)"),
    )
    recipient_name = models.CharField(_("họ tên người nhận"), max_length=150, blank=True)
    date = models.DateField(_("ngày chi, trao"))
    amount = models.PositiveIntegerField(
        _("số tiền (đồng)"), null=True, blank=True, help_text=_("Để trống để lấy mức theo quy định.")
    )
    cases_count = models.PositiveIntegerField(_("số trường hợp (nếu nhập tổng hợp)"), default=1)
    illness_days = models.PositiveSmallIntegerField(_("số ngày ốm"), null=True, blank=True)
    hospital_days = models.PositiveSmallIntegerField(_("số ngày điều trị nội trú"), null=True, blank=True)
    occasion = models.CharField(_("dịp, lý do"), max_length=255, blank=True)
    approval_ref = models.CharField(_("quyết định, phê duyệt"), max_length=120, blank=True)
    recipient_search = models.CharField(max_length=150, editable=False, default="", db_index=True)

    class Meta:
        verbose_name = _("chế độ hậu phương quân đội")
        verbose_name_plural = _("chế độ hậu phương quân đội")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.get_case_type_display()} — {self.recipient_name or self.recipient or ''} ({self.date:%d/%m/%Y})"

    def recipient_key(self) -> models.Q | None:
        if self.recipient_id:
            return models.Q(recipient_id=self.recipient_id)
        name = search_key(self.recipient_name)
        if name:
            return models.Q(unit_id=self.unit_id, recipient__isnull=True, recipient_search=name)
        return None

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.recipient is not None and not self.recipient_name:
            self.recipient_name = self.recipient.full_name
        self.recipient_search = search_key(self.recipient_name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        if self.case_type in HARDSHIP_TYPES or self.case_type == RearPolicyCaseType.DEATH:
            if not self.recipient_id and not self.recipient_name.strip():
                errors["recipient_name"] = [str(_("Trợ cấp phải ghi người nhận (chọn công dân hoặc nhập họ tên)."))]
            if self.cases_count != 1:
                errors["cases_count"] = [
                    str(_("Trợ cấp ghi từng trường hợp (số trường hợp = 1) để kiểm tra giới hạn trong năm."))
                ]
        if self.case_type == RearPolicyCaseType.HARDSHIP_ILLNESS:
            ill = self.illness_days or 0
            hospital = self.hospital_days or 0
            if ill < rules.ILLNESS_MIN_DAYS_ILL and hospital < rules.ILLNESS_MIN_DAYS_HOSPITAL:
                errors["illness_days"] = [
                    str(
                        _(
                            "Trợ cấp ốm đau chỉ áp dụng khi thân nhân ốm từ %(a)s ngày trở lên hoặc điều trị nội trú từ %(b)s ngày trở lên "
                            "(%(c)s). Hãy nhập số ngày ốm hoặc số ngày nội trú."
                        )
                        % {
                            "a": rules.ILLNESS_MIN_DAYS_ILL,
                            "b": rules.ILLNESS_MIN_DAYS_HOSPITAL,
                            "c": rules.REAR_POLICY_CITATION,
                        }
                    )
                ]
        limit = rules.setting("HARDSHIP_LIMIT_PER_YEAR").get(self.case_type)
        key = self.recipient_key()
        if limit is not None and key is not None and self.date and not errors:
            same = (
                type(self)
                ._default_manager.filter(key, case_type=self.case_type, date__year=self.date.year)
                .exclude(pk=self.pk)
                .count()
            )
            if same >= limit:
                errors["date"] = [
                    str(
                        _(
                            "Người nhận đã được hưởng %(n)s lần “%(t)s” trong năm %(y)s; tối đa %(limit)s lần/năm (%(c)s, quy tắc V-RP-1). "
                            "Không thể ghi thêm lần này."
                        )
                        % {
                            "n": same,
                            "t": self.get_case_type_display(),
                            "y": self.date.year,
                            "limit": limit,
                            "c": rules.REAR_POLICY_CITATION,
                        }
                    )
                ]
        if errors:
            raise ValidationError(errors)
        if self.amount is None:
            default = rules.setting("REAR_POLICY_AMOUNTS").get(self.case_type)
            if default is not None:
                self.amount = default


class DischargedSoldier(ActivityRecord):
    """A soldier received back after discharge (V-RP-2: reserve registration, vocational window)."""

    search_sources = ("full_name", "job_status")
    year_sources = ("arrival_date",)

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("công dân (nếu có hồ sơ)"),
    )
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    branch = models.CharField(_("lực lượng"), max_length=8, choices=ServiceBranch.choices, default=ServiceBranch.ARMY)
    service_end_date = models.DateField(_("ngày hoàn thành nghĩa vụ (xuất ngũ)"))
    arrival_date = models.DateField(_("ngày về địa phương"))
    reserve_registration_date = models.DateField(_("ngày đăng ký ngạch dự bị"), null=True, blank=True)
    late_registration_reason = models.CharField(_("lý do đăng ký muộn"), max_length=255, blank=True)
    vocational_request_date = models.DateField(_("ngày đề nghị hỗ trợ học nghề"), null=True, blank=True)
    vocational_card_no = models.CharField(_("số thẻ học nghề"), max_length=50, blank=True)
    discharge_allowance = models.PositiveIntegerField(_("trợ cấp xuất ngũ (đồng)"), null=True, blank=True)
    job_status = models.CharField(_("việc làm, học nghề"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("quân nhân xuất ngũ về địa phương")
        verbose_name_plural = _("quân nhân xuất ngũ về địa phương")
        ordering = ["-arrival_date"]

    def __str__(self) -> str:
        name = self.full_name or (self.person.full_name if self.person is not None else "")
        return f"{name} ({self.arrival_date:%d/%m/%Y})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.person is not None and not self.full_name:
            self.full_name = self.person.full_name
        super().save(*args, **kwargs)

    @property
    def reserve_deadline(self) -> datetime.date:
        return add_working_days(self.arrival_date, int(rules.setting("RESERVE_REGISTRATION_WORKING_DAYS")))

    @property
    def vocational_window_end(self) -> datetime.date:
        return add_months(self.service_end_date, int(rules.setting("VOCATIONAL_WINDOW_MONTHS")))

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        if not self.person_id and not self.full_name.strip():
            errors["full_name"] = [str(_("Hãy chọn công dân có hồ sơ hoặc nhập họ và tên."))]
        if self.service_end_date and self.arrival_date and self.arrival_date < self.service_end_date:
            errors["arrival_date"] = [str(_("Ngày về địa phương không thể trước ngày xuất ngũ."))]
        if errors:
            raise ValidationError(errors)
        if self.reserve_registration_date:
            if self.reserve_registration_date < self.arrival_date:
                errors["reserve_registration_date"] = [
                    str(_("Ngày đăng ký ngạch dự bị không thể trước ngày về địa phương."))
                ]
            elif self.reserve_registration_date > self.reserve_deadline and not self.late_registration_reason.strip():
                errors["late_registration_reason"] = [
                    str(
                        _(
                            "Đăng ký ngạch dự bị quá hạn: hạn là %(d)s (%(n)s ngày làm việc kể từ ngày về địa phương, quy tắc V-RP-2). "
                            "Hãy ghi lý do đăng ký muộn."
                        )
                        % {
                            "d": self.reserve_deadline.strftime("%d/%m/%Y"),
                            "n": rules.setting("RESERVE_REGISTRATION_WORKING_DAYS"),
                        }
                    )
                ]
        if self.vocational_request_date and self.vocational_request_date > self.vocational_window_end:
            errors["vocational_request_date"] = [
                str(
                    _(
                        "Đề nghị hỗ trợ học nghề phải nộp trong %(m)s tháng kể từ ngày hoàn thành nghĩa vụ (hạn cuối %(d)s; "
                        "Điều 14 Nghị định 61/2015/NĐ-CP, quy tắc V-RP-2). Trường hợp này không đủ điều kiện hỗ trợ."
                    )
                    % {
                        "m": rules.setting("VOCATIONAL_WINDOW_MONTHS"),
                        "d": self.vocational_window_end.strftime("%d/%m/%Y"),
                    }
                )
            ]
        if errors:
            raise ValidationError(errors)
