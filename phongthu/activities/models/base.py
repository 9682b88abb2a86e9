"""What every record of the year's activities shares: the owning unit, the year it counts in,
an optional period for aggregated entries, a note, and a diacritic-free search key."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongthu.core.models import ScopedModel
from phongthu.core.text import search_key

year_validators = [MinValueValidator(1945), MaxValueValidator(2100)]


def unit_fk(verbose: Any = None, **kwargs: Any) -> models.ForeignKey[Any, Any]:
    return models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=verbose or _("đơn vị"),
        **kwargs,
    )


class ActivityRecord(ScopedModel):
    """A record owned by a unit and counted in one year (`year`, or derived from a date)."""

    audited: ClassVar[bool] = True
    # Fields joined into `search_text` (the list's search box).
    search_sources: ClassVar[tuple[str, ...]] = ()
    # Date fields, in order of preference, from which an empty `year` is derived.
    year_sources: ClassVar[tuple[str, ...]] = ()
    # True when `year` is not entered at all but always follows the date (e.g. meetings).
    year_from_date_only: ClassVar[bool] = False

    unit = unit_fk()
    year = models.PositiveSmallIntegerField(
        _("năm"), blank=True, db_index=True, validators=year_validators, help_text=_("Để trống để lấy theo ngày.")
    )
    note = models.TextField(_("ghi chú"), blank=True)
    search_text = models.CharField(max_length=500, editable=False, default="", db_index=True)

    class Meta:
        abstract = True

    def derived_year(self) -> int | None:
        for name in self.year_sources:
            value = getattr(self, name, None)
            if isinstance(value, datetime.date):
                return value.year
        return None

    def clean(self) -> None:
        super().clean()
        derived = self.derived_year()
        if self.year_from_date_only and derived is not None:
            self.year = derived
        if self.year is None:
            if derived is None:
                raise ValidationError({"year": _("Hãy nhập năm (hoặc ngày để hệ thống tự lấy năm).")})
            self.year = derived
        elif derived is not None and self.year_sources and derived != self.year and self.year_must_match():
            raise ValidationError(
                {
                    "year": _("Năm %(y)s không khớp với ngày đã nhập (năm %(d)s). Hãy sửa năm hoặc ngày.")
                    % {"y": self.year, "d": derived}
                }
            )

    def year_must_match(self) -> bool:
        return True

    def save(self, *args: Any, **kwargs: Any) -> None:
        derived = self.derived_year()
        if derived is not None and (self.year is None or self.year_from_date_only):
            self.year = derived
        parts = [str(getattr(self, name, "") or "") for name in self.search_sources]
        self.search_text = search_key(" ".join(parts))[:500]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)


class PeriodMixin(models.Model):
    """Aggregated entries cover a period (e.g. "2015 – 6/2019") instead of one date."""

    period_start = models.DateField(_("từ ngày"), null=True, blank=True)
    period_end = models.DateField(_("đến ngày"), null=True, blank=True)
    period_label = models.CharField(_("kỳ báo cáo (ghi như văn bản)"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def clean_period(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("Ngày kết thúc kỳ phải sau hoặc bằng ngày bắt đầu.")})


def check_not_above(
    errors: dict[str, list[str]], part_field: str, part: int | None, total: int | None, label: str
) -> None:
    if part is not None and total is not None and part > total:
        errors.setdefault(part_field, []).append(
            str(_("%(label)s (%(a)s) không được lớn hơn tổng số (%(b)s).") % {"label": label, "a": part, "b": total})
        )
