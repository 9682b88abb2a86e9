"""Call-up decisions as administrative documents (Decree 30/2020; V-DOC-1).

The number is allocated when the decision is first saved: one sequence per issuing body and
calendar year, restarting at 01 on 1 January. The issuing unit's row is locked while the
number is taken, so two clerks never get the same number.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from phongthu.campaigns.choices import Branch, DecisionKind, SigningAuthority
from phongthu.campaigns.models.campaign import Campaign, CampaignGuard
from phongthu.core.models import ScopedModel


class CallUpDecision(CampaignGuard, ScopedModel):
    unit_path: ClassVar[str] = "issuer"
    audited: ClassVar[bool] = True

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("đợt"))
    kind = models.CharField(_("loại quyết định"), max_length=20, choices=DecisionKind.choices)
    issuer = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="campaign_decisions", verbose_name=_("cơ quan ban hành")
    )
    branch = models.CharField(_("lực lượng"), max_length=10, choices=Branch.choices, default=Branch.ARMY)
    candidate = models.ForeignKey(
        "campaigns.Candidate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("công dân"),
    )
    year = models.PositiveSmallIntegerField(_("năm"), editable=False)
    seq = models.PositiveIntegerField(_("số thứ tự"), editable=False)
    type_code = models.CharField(_("loại văn bản"), max_length=10, default="QĐ", editable=False)
    org_code = models.CharField(_("chữ viết tắt cơ quan"), max_length=30, default="UBND")
    date = models.DateField(_("ngày ban hành"))
    place = models.CharField(_("địa danh"), max_length=120)
    parent_body = models.CharField(_("cơ quan chủ quản"), max_length=255, blank=True)
    issuing_body = models.CharField(_("cơ quan ban hành (ghi trên văn bản)"), max_length=255)
    abstract = models.CharField(_("trích yếu"), max_length=255)
    signing_authority = models.CharField(
        _("thẩm quyền ký"), max_length=5, choices=SigningAuthority.choices, blank=True, default=""
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, default="CHỦ TỊCH")
    signer_name = models.CharField(_("họ tên người ký"), max_length=150)
    recipients = models.TextField(_("nơi nhận"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("quyết định tuyển quân")
        verbose_name_plural = _("quyết định tuyển quân")
        ordering = ["-date", "-seq"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year", "seq"], name="decision_number_unique_per_body_year"),
        ]

    def __str__(self) -> str:
        return f"{self.symbol} ngày {self.date:%d/%m/%Y}" if self.seq and self.date else str(_("Quyết định"))

    @property
    def symbol(self) -> str:
        """V-DOC-1: `{seq:02d}/{TYPE}-{ORG}`."""
        return f"{self.seq:02d}/{self.type_code}-{self.org_code}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is None and not self.seq:
            from phongthu.units.models import Unit

            with transaction.atomic():
                Unit.objects.select_for_update().filter(pk=self.issuer_id).first()
                self.year = self.date.year
                last = CallUpDecision.objects.filter(issuer_id=self.issuer_id, year=self.year).aggregate(m=Max("seq"))
                self.seq = (last["m"] or 0) + 1
                super().save(*args, **kwargs)
            return
        super().save(*args, **kwargs)
