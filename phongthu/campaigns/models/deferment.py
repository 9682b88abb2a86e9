"""Deferment / exemption of one citizen for one campaign year (domain.md §2.4, SM-3)."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongthu.campaigns.choices import DefermentKind, DefermentStatus, Ground, kind_of_ground
from phongthu.campaigns.models.campaign import Campaign, CampaignGuard
from phongthu.campaigns.models.candidate import Candidate
from phongthu.core.models import ScopedModel


class DefermentDecision(CampaignGuard, ScopedModel):
    unit_path: ClassVar[str] = "candidate__commune"
    audited: ClassVar[bool] = True

    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="deferments", verbose_name=_("công dân trong đợt")
    )
    kind = models.CharField(_("loại"), max_length=10, choices=DefermentKind.choices, editable=False)
    ground = models.CharField(_("lý do (Điều 41)"), max_length=6, choices=Ground.choices)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=DefermentStatus.choices,
        default=DefermentStatus.PROPOSED,
        editable=False,
        db_index=True,
    )
    evidence = models.TextField(_("giấy tờ chứng minh"), blank=True)
    expected_end_date = models.DateField(_("dự kiến hết lý do"), null=True, blank=True)
    # Cần rà soát lại hạn: the day the ground must be checked again (end of the school course,
    # of the sentence, of the sibling's service); renewal and conversion set it anew.
    review_on = models.DateField(_("ngày rà soát lại"), null=True, blank=True, db_index=True)
    follows = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followed_by",
        editable=False,
        verbose_name=_("gia hạn, chuyển diện từ quyết định"),
    )
    proposed_by = models.CharField(_("cơ quan đề nghị"), max_length=255, blank=True)
    proposed_on = models.DateField(_("ngày đề nghị"), null=True, blank=True, editable=False)
    # Set by the decide service from the campaign's legal regime (V-NVQS-9), never typed.
    decided_by = models.CharField(_("thẩm quyền quyết định"), max_length=120, blank=True, editable=False)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True, editable=False)
    decision_ref = models.CharField(_("số quyết định"), max_length=120, blank=True, editable=False)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True, editable=False)
    posted_from = models.DateField(_("công khai từ ngày"), null=True, blank=True, editable=False)
    posted_to = models.DateField(_("công khai đến ngày"), null=True, blank=True, editable=False)
    portal_url = models.URLField(_("địa chỉ công khai trên cổng TTĐT"), blank=True, editable=False)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("tạm hoãn, miễn gọi nhập ngũ")
        verbose_name_plural = _("tạm hoãn, miễn gọi nhập ngũ")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(posted_to__isnull=True)
                | models.Q(posted_from__isnull=True)
                | models.Q(posted_to__gt=models.F("posted_from")),
                name="deferment_posting_window_ordered",
            )
        ]

    def __str__(self) -> str:
        name = self.candidate.person.full_name if self.candidate_id else ""
        point = self.get_ground_display().split(" — ", 1)[0]  # "Điểm g khoản 1 Điều 41", no raw code
        return f"{self.get_kind_display()} — {name} ({point})"

    def guard_campaign(self) -> Campaign | None:
        return self.candidate.campaign if self.candidate_id else None

    def save(self, *args: object, **kwargs: object) -> None:
        if self.ground:
            self.kind = kind_of_ground(self.ground)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.ground and self.ground not in Ground.values:
            raise ValidationError({"ground": _("Lý do phải là một mã của Điều 41 (TH_A … TH_H, MI_A … MI_DD).")})
