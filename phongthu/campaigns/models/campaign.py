"""The yearly call-up campaign (CallUpCampaign, domain.md §12.1) and its quotas down the tree."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from phongthu.campaigns.choices import Branch, CampaignRound, CampaignStatus, LegalRegime
from phongthu.core.models import ScopedModel


class CampaignClosedError(ValidationError):
    pass


def closed_error(campaign: Campaign) -> CampaignClosedError:
    return CampaignClosedError(
        _("Đợt tuyển quân %(c)s đã kết thúc và khóa số liệu: không được thêm, sửa hoặc xóa bản ghi của đợt này.")
        % {"c": campaign},
        code="campaign_closed",
    )


class CampaignGuard(models.Model):
    """Records of a closed campaign are read-only: forms, services, saves and deletes refuse."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._assert_open()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self._assert_open()
        return super().delete(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self._assert_open()

    def guard_campaign(self) -> Campaign | None:
        return getattr(self, "campaign", None)

    def _assert_open(self) -> None:
        campaign = self.guard_campaign()
        if campaign is None or campaign.pk is None:
            return
        stored = Campaign.objects.filter(pk=campaign.pk).values_list("status", flat=True).first()
        if stored == CampaignStatus.CLOSED:
            raise closed_error(campaign)


class Campaign(ScopedModel):
    """One call-up campaign per province (organising unit), year and round."""

    unit_path: ClassVar[str] = "unit"
    audited: ClassVar[bool] = True

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("đơn vị tổ chức (tỉnh)")
    )
    year = models.PositiveSmallIntegerField(
        _("năm giao quân"), validators=[MinValueValidator(2016), MaxValueValidator(2100)]
    )
    round = models.PositiveSmallIntegerField(_("đợt"), choices=CampaignRound.choices, default=CampaignRound.FIRST)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.OPEN, editable=False
    )
    legal_regime = models.CharField(
        _("chế độ pháp lý"),
        max_length=20,
        choices=LegalRegime.choices,
        blank=True,
        help_text=_("Để trống: xác định theo ngày bắt đầu khám sức khỏe."),
    )
    ttg_decision_ref = models.CharField(_("quyết định của Thủ tướng"), max_length=120, blank=True)
    bqp_decision_ref = models.CharField(_("quyết định giao chỉ tiêu của Bộ Quốc phòng"), max_length=120, blank=True)
    province_decision_ref = models.CharField(_("quyết định giao chỉ tiêu của UBND tỉnh"), max_length=120, blank=True)
    # Key dates (domain.md §2.5); each province's plan sets them.
    source_review_by = models.DateField(_("hạn phúc tra nguồn"), null=True, blank=True)
    commune_review_by = models.DateField(_("hạn xét duyệt cấp xã"), null=True, blank=True)
    screening_by = models.DateField(_("hạn sơ tuyển sức khỏe"), null=True, blank=True)
    exam_from = models.DateField(_("khám sức khỏe từ ngày"), null=True, blank=True)
    exam_to = models.DateField(_("khám sức khỏe đến ngày"), null=True, blank=True)
    lists_by = models.DateField(_("hạn chốt danh sách"), null=True, blank=True)
    call_delivery_by = models.DateField(_("hạn giao quyết định gọi nhập ngũ"), null=True, blank=True)
    handover_from = models.DateField(_("giao quân từ ngày"), null=True, blank=True)
    handover_to = models.DateField(_("giao quân đến ngày"), null=True, blank=True)
    age_reference_date = models.DateField(
        _("ngày tính tuổi"),
        null=True,
        blank=True,
        help_text=_("Để trống: ngày bắt đầu khám sức khỏe, hoặc 01/11 năm trước năm giao quân."),
    )
    # Configurable rules (domain.md §12.4; P18, P19, §2.5 steps 17–18, P16).
    reserve_max_percent = models.DecimalField(
        _("tỷ lệ dự phòng tối đa cấp xã (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("5"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    replacement_max_percent = models.DecimalField(
        _("tỷ lệ bù đổi tối đa (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("2"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    replacement_max_days = models.PositiveSmallIntegerField(_("hạn bù đổi sau giao quân (ngày)"), default=15)
    recheck_max_days = models.PositiveSmallIntegerField(_("hạn phúc tra chiến sĩ mới (ngày)"), default=7)
    call_notice_min_days = models.PositiveSmallIntegerField(
        _("giao quyết định trước ngày giao quân ít nhất (ngày)"), default=15
    )
    publication_days = models.PositiveSmallIntegerField(_("thời gian công khai danh sách (ngày)"), default=20)
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("kết chuyển từ đợt"),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("đợt tuyển quân")
        verbose_name_plural = _("đợt tuyển quân")
        ordering = ["-year", "-round", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "round"], name="campaign_unique_per_unit_year_round")
        ]

    def __str__(self) -> str:
        round_label = _(" (đợt %(n)s)") % {"n": self.round} if self.round and self.round != 1 else ""
        unit_name = self.unit.name if self.unit_id else ""
        return _("Tuyển quân năm %(y)s%(r)s — %(u)s") % {"y": self.year, "r": round_label, "u": unit_name}

    @staticmethod
    def scope_extra_q(user: Any, action: str, scope: Any) -> Q:
        """Staff of a commune see the province's campaign they take part in (never edit it)."""
        if action not in ("view", "export"):
            return Q(pk__in=[])
        from phongthu.accounts.models import RoleAssignment
        from phongthu.units.models import UnitScope

        assigned = RoleAssignment.objects.active().granting(action).filter(user=user).values("unit_id")
        return Q(unit_id__in=UnitScope.objects.filter(descendant_id__in=assigned).values("ancestor_id"))

    @property
    def is_closed(self) -> bool:
        return self.status == CampaignStatus.CLOSED

    def reference_date(self) -> datetime.date:
        if self.age_reference_date:
            return self.age_reference_date
        if self.exam_from:
            return self.exam_from
        return datetime.date(self.year - 1, 11, 1)

    def regime(self) -> str:
        """The declared regime, else the regime of the reference date (for display and checks)."""
        from phongthu.core import regimes

        return self.legal_regime or regimes.regime_on(self.reference_date()).code

    def clean(self) -> None:
        super().clean()
        if self.pk is not None:
            stored = Campaign.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == CampaignStatus.CLOSED:
                raise closed_error(self)
        errors: dict[str, str] = {}
        if self.unit_id is not None and self.unit.level != "PROVINCE":
            stored_unit = Campaign.objects.filter(pk=self.pk).values_list("unit_id", flat=True).first()
            if self.pk is None or stored_unit != self.unit_id:
                errors["unit"] = str(_("Đợt tuyển quân chỉ tổ chức ở cấp tỉnh: chọn tỉnh, thành phố."))
        pairs = (("exam_from", "exam_to"), ("handover_from", "handover_to"))
        for start, end in pairs:
            a, b = getattr(self, start), getattr(self, end)
            if a and b and b < a:
                errors[end] = str(_("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
        if self.legal_regime == LegalRegime.PRE_2025 and self.exam_from and self.exam_from >= datetime.date(2025, 7, 1):
            errors["legal_regime"] = str(
                _("Từ 01/7/2025 không còn cấp huyện: chọn chế độ pháp lý từ 01/7/2025 cho đợt khám từ ngày này.")
            )
        if errors:
            raise ValidationError(errors)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.status == CampaignStatus.CLOSED:
            raise closed_error(self)
        return super().delete(*args, **kwargs)


class Quota(CampaignGuard, ScopedModel):
    """Số lượng giao: per unit and branch; a child row points to its parent's row."""

    unit_path: ClassVar[str] = "unit"
    audited: ClassVar[bool] = True

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="quotas", verbose_name=_("đợt"))
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="campaign_quotas", verbose_name=_("đơn vị được giao")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("chỉ tiêu cấp trên"),
    )
    branch = models.CharField(_("lực lượng"), max_length=10, choices=Branch.choices, default=Branch.ARMY)
    official_count = models.PositiveIntegerField(_("số chính thức"), default=0)
    reserve_count = models.PositiveIntegerField(_("số dự phòng"), default=0)
    # Education standard (domain.md P14, TT 148/2018 Art. 4(4)): per unit and campaign.
    grade7_allowed = models.BooleanField(
        _("được tuyển trình độ lớp 7"),
        default=False,
        help_text=_("Khi không đủ chỉ tiêu, cấp có thẩm quyền cho phép tuyển công dân có trình độ lớp 7."),
    )
    grade7_decision_ref = models.CharField(_("văn bản cho phép tuyển lớp 7"), max_length=120, blank=True)
    primary_cap_applies = models.BooleanField(
        _("xã đặc biệt khó khăn, dân tộc ít người (tối đa 25% trình độ tiểu học)"),
        default=False,
        help_text=_("Được tuyển không quá 25% công dân trình độ tiểu học, còn lại từ trung học cơ sở trở lên."),
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu tuyển quân")
        verbose_name_plural = _("chỉ tiêu tuyển quân")
        ordering = ["campaign_id", "branch", "unit__name_sort"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit", "branch"], name="quota_unique_per_unit_branch"),
        ]

    def __str__(self) -> str:
        unit_name = self.unit.name if self.unit_id else ""
        return f"{unit_name} — {self.get_branch_display()}: {self.official_count} (+{self.reserve_count})"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.campaign_id and self.unit_id:
            from phongthu.units.models import UnitScope

            campaign = self.campaign
            if not UnitScope.objects.filter(ancestor_id=campaign.unit_id, descendant_id=self.unit_id).exists():
                errors["unit"] = str(
                    _("%(u)s không thuộc địa bàn của %(p)s, đơn vị tổ chức đợt tuyển quân: chọn đơn vị trong tỉnh.")
                    % {"u": self.unit.name, "p": campaign.unit.name}
                )
                raise ValidationError(errors)
        if self.parent_id is not None:
            parent = self.parent
            assert parent is not None
            if parent.campaign_id != self.campaign_id:
                errors["parent"] = str(_("Chỉ tiêu cấp trên phải thuộc cùng đợt tuyển quân."))
            elif parent.branch != self.branch:
                errors["parent"] = str(_("Chỉ tiêu cấp trên phải cùng lực lượng (Quân đội/Công an)."))
            else:
                from phongthu.units.models import UnitScope

                if (
                    parent.unit_id == self.unit_id
                    or not UnitScope.objects.filter(ancestor_id=parent.unit_id, descendant_id=self.unit_id).exists()
                ):
                    errors["parent"] = str(_("Đơn vị được giao phải trực thuộc đơn vị của chỉ tiêu cấp trên."))
                else:
                    siblings = Quota.objects.filter(parent_id=parent.pk).exclude(pk=self.pk)
                    taken = siblings.aggregate(o=Sum("official_count"), r=Sum("reserve_count"))
                    if (taken["o"] or 0) + self.official_count > parent.official_count:
                        errors["official_count"] = str(
                            _(
                                "Tổng số chính thức giao cho các đơn vị trực thuộc (%(sum)d) vượt chỉ tiêu của "
                                "%(parent)s (%(max)d): giảm số chính thức."
                            )
                            % {
                                "sum": (taken["o"] or 0) + self.official_count,
                                "parent": parent.unit.name,
                                "max": parent.official_count,
                            }
                        )
                    if (taken["r"] or 0) + self.reserve_count > parent.reserve_count:
                        errors["reserve_count"] = str(
                            _(
                                "Tổng số dự phòng giao cho các đơn vị trực thuộc (%(sum)d) vượt số dự phòng của "
                                "%(parent)s (%(max)d): giảm số dự phòng."
                            )
                            % {
                                "sum": (taken["r"] or 0) + self.reserve_count,
                                "parent": parent.unit.name,
                                "max": parent.reserve_count,
                            }
                        )
        if self.pk is not None:
            given = Quota.objects.filter(parent_id=self.pk).aggregate(o=Sum("official_count"), r=Sum("reserve_count"))
            if (given["o"] or 0) > self.official_count:
                errors["official_count"] = str(
                    _("Đã giao %(n)d chính thức cho đơn vị trực thuộc: chỉ tiêu không được nhỏ hơn số này.")
                    % {"n": given["o"]}
                )
            if (given["r"] or 0) > self.reserve_count:
                errors["reserve_count"] = str(
                    _("Đã giao %(n)d dự phòng cho đơn vị trực thuộc: số dự phòng không được nhỏ hơn số này.")
                    % {"n": given["r"]}
                )
        if self.grade7_allowed and not self.grade7_decision_ref.strip():
            errors["grade7_decision_ref"] = str(_("Ghi số, ký hiệu văn bản cho phép tuyển trình độ lớp 7."))
        if self.campaign_id and self.unit_id and self.unit.level == "COMMUNE" and self.official_count >= 0:
            limit = self.campaign.reserve_max_percent
            if self.reserve_count * 100 > self.official_count * limit:
                errors["reserve_count"] = str(
                    _(
                        "Số dự phòng cấp xã không được vượt %(p)s%% số chính thức (%(o)d): "
                        "tối đa %(max)d, hãy giảm số dự phòng."
                    )
                    % {
                        "p": f"{limit:g}",
                        "o": self.official_count,
                        "max": int(self.official_count * limit // 100),
                    }
                )
        if errors:
            raise ValidationError(errors)
