"""A citizen inside a campaign (Candidate, domain.md §12.1); status follows SM-2."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongthu.campaigns.choices import (
    Branch,
    CandidateStatus,
    ListKind,
    PoliticalCheck,
    ReturnReason,
    ScreeningResult,
)
from phongthu.campaigns.models.campaign import Campaign, CampaignGuard
from phongthu.core.models import ScopedModel


class Candidate(CampaignGuard, ScopedModel):
    unit_path: ClassVar[str] = "commune"
    audited: ClassVar[bool] = True

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="candidates", verbose_name=_("đợt"))
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="campaign_entries", verbose_name=_("công dân")
    )
    commune = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="campaign_candidates", verbose_name=_("xã, phường")
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=30,
        choices=CandidateStatus.choices,
        default=CandidateStatus.IN_SOURCE_POOL,
        editable=False,
        db_index=True,
    )
    volunteer = models.BooleanField(_("tình nguyện"), default=False, editable=False)
    # The eligibility engine's answer when the citizen entered the pool (codes.md §1).
    eligibility_status = models.CharField(_("kết quả xét điều kiện"), max_length=30, blank=True, editable=False)
    eligibility_codes = models.CharField(_("mã lý do"), max_length=255, blank=True, editable=False)
    eligibility_rule_set = models.CharField(max_length=60, blank=True, editable=False)
    age_at_reference = models.PositiveSmallIntegerField(_("tuổi tại ngày tính tuổi"), null=True, editable=False)
    education_ok = models.BooleanField(_("đạt trình độ văn hóa"), null=True, editable=False)
    # Milestones written by the services (never typed twice).
    reviewed_on = models.DateField(_("ngày xét duyệt"), null=True, blank=True, editable=False)
    screening_result = models.CharField(
        _("kết quả sơ tuyển"), max_length=4, choices=ScreeningResult.choices, blank=True, editable=False
    )
    screening_date = models.DateField(_("ngày sơ tuyển"), null=True, blank=True, editable=False)
    screening_note = models.CharField(_("ghi chú sơ tuyển"), max_length=255, blank=True, editable=False)
    nominated_on = models.DateField(_("ngày bình cử"), null=True, blank=True, editable=False)
    health_class = models.PositiveSmallIntegerField(_("phân loại sức khỏe"), null=True, blank=True, editable=False)
    fit = models.BooleanField(_("đủ sức khỏe"), null=True, editable=False)
    political_check = models.CharField(
        _("thẩm tra chính trị"),
        max_length=8,
        choices=PoliticalCheck.choices,
        default=PoliticalCheck.PENDING,
        editable=False,
    )
    political_note = models.CharField(_("ghi chú thẩm tra chính trị"), max_length=255, blank=True, editable=False)
    branch = models.CharField(_("lực lượng"), max_length=10, choices=Branch.choices, blank=True, editable=False)
    list_kind = models.CharField(_("danh sách"), max_length=10, choices=ListKind.choices, blank=True, editable=False)
    province_decision = models.ForeignKey(
        "campaigns.CallUpDecision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="listed_candidates",
        editable=False,
        verbose_name=_("quyết định danh sách của tỉnh"),
    )
    call_decision = models.ForeignKey(
        "campaigns.CallUpDecision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="called_candidates",
        editable=False,
        verbose_name=_("quyết định gọi nhập ngũ"),
    )
    call_decision_no = models.CharField(_("số quyết định gọi nhập ngũ"), max_length=60, blank=True, editable=False)
    call_decision_date = models.DateField(_("ngày quyết định gọi nhập ngũ"), null=True, blank=True, editable=False)
    call_delivered_at = models.DateField(_("ngày giao quyết định"), null=True, blank=True, editable=False)
    handover_date = models.DateField(_("ngày giao quân"), null=True, blank=True, editable=False)
    handover_point = models.CharField(_("điểm giao quân"), max_length=255, blank=True, editable=False)
    receiving_unit = models.CharField(_("đơn vị nhận quân"), max_length=255, blank=True, editable=False)
    recheck_date = models.DateField(_("ngày phúc tra"), null=True, blank=True, editable=False)
    recheck_result = models.CharField(_("kết quả phúc tra"), max_length=255, blank=True, editable=False)
    return_reason = models.CharField(
        _("lý do trả về"), max_length=10, choices=ReturnReason.choices, blank=True, editable=False
    )
    replaced_by = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        editable=False,
        verbose_name=_("người thay thế (bù đổi)"),
    )
    rolled_over_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("kết chuyển từ năm trước"),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("công dân trong đợt tuyển quân")
        verbose_name_plural = _("công dân trong đợt tuyển quân")
        ordering = ["campaign_id", "commune_id", "person__name_sort"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="candidate_once_per_campaign"),
        ]
        indexes = [models.Index(fields=["campaign", "commune", "status"])]

    def __str__(self) -> str:
        return f"{self.person.full_name} — {self.campaign.year}" if self.person_id and self.campaign_id else "—"

    # Columns for lists and exports.
    @property
    def full_name(self) -> str:
        return self.person.full_name

    @property
    def date_of_birth(self) -> object:
        return self.person.date_of_birth

    def clean(self) -> None:
        super().clean()
        if self.person_id and self.commune_id and self.campaign_id:
            from phongthu.units.models import UnitScope

            if self.commune.level != "COMMUNE":
                raise ValidationError({"commune": _("Chọn đơn vị cấp xã (xã, phường, đặc khu).")})
            if not UnitScope.objects.filter(ancestor_id=self.campaign.unit_id, descendant_id=self.commune_id).exists():
                raise ValidationError(
                    {"commune": _("Xã, phường phải thuộc địa bàn của đơn vị tổ chức đợt tuyển quân.")}
                )
