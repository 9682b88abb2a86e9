from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from phongthu.activities.choices import AwardAuthority, AwardStatus, AwardTitle, RecipientKind
from phongthu.activities.crud.common import SAMPLE_YEAR, seq
from phongthu.activities.models import Award
from phongthu.core.crud import CrudConfig, register
from phongthu.core.transitions import history_of


@register
class AwardCrud(CrudConfig):
    model = Award
    fields: ClassVar[list[str]] = [
        "unit", "year", "title", "recipient_kind", "person", "recipient_name", "collectives_count",
        "individuals_count", "received_by_unit", "authority", "achievement_period", "cash_multiple", "quota_pool",
        "reason", "note",
    ]  # fmt: skip
    # The decision's issuer, number and date are written by its step (the deciding office, or the
    # document of a decision taken outside the system), never typed into the proposal.
    decision_fields: ClassVar[list[str]] = ["issuer_name", "decision_number", "decision_date"]
    list_columns: ClassVar[list[str]] = [
        "title", "recipient_name", "year", "status", "collectives_count", "individuals_count", "issuer_name", "unit",
    ]  # fmt: skip
    export_fields: ClassVar[list[str] | None] = [
        *fields, *decision_fields, "status", "base_salary", "cash_amount", "cash_total", "paid_on", "revoked_at", "revocation_reason",
    ]  # fmt: skip
    filter_fields: ClassVar[list[str]] = ["year", "title", "status", "authority", "recipient_kind", "received_by_unit"]
    search_fields: ClassVar[list[str]] = ["search_text"]
    default_ordering: ClassVar[list[str]] = ["-year", "title", "pk"]
    detail_template = "activities/award_detail.html"
    year_lookup = "year"

    @classmethod
    def year_figures(cls, queryset: Any) -> list[tuple[str, Any]]:
        decided = Q(status__in=[AwardStatus.DECIDED, AwardStatus.PAID])
        totals = queryset.aggregate(
            collectives=Sum("collectives_count", filter=decided & Q(received_by_unit=False)),
            individuals=Sum("individuals_count", filter=decided & Q(received_by_unit=False)),
            received=Count("pk", filter=Q(received_by_unit=True) & ~Q(status=AwardStatus.REVOKED)),
            proposed=Count("pk", filter=Q(status__in=[AwardStatus.PROPOSED, AwardStatus.COUNCIL_REVIEWED])),
            cash=Sum("cash_total", filter=decided),
        )
        return [
            (_("Tập thể được khen thưởng"), totals["collectives"] or 0),
            (_("Cá nhân được khen thưởng"), totals["individuals"] or 0),
            (_("Khen thưởng đơn vị nhận"), totals["received"] or 0),
            (_("Đang đề nghị, chờ quyết định"), totals["proposed"] or 0),
            (_("Tiền thưởng (đồng)"), totals["cash"] or 0),
        ]

    @classmethod
    def detail_context(cls, obj: models.Model, request: Any) -> dict[str, Any]:
        from phongthu.activities.selectors import award_quota_warnings

        assert isinstance(obj, Award)
        labels = dict(AwardStatus.choices)
        return {
            "status_history": [
                (h, labels.get(h.from_status, h.from_status), labels.get(h.to_status, h.to_status))
                for h in history_of(obj)
            ],
            "quota_warnings": award_quota_warnings(obj),
            "authority_problems": obj.authority_errors(),
        }

    @classmethod
    def sample(cls, unit: models.Model, *, save: bool = True) -> models.Model:
        record = Award(
            unit=unit,  # type: ignore[misc]
            year=SAMPLE_YEAR,
            title=AwardTitle.GIAY_KHEN,
            recipient_kind=RecipientKind.COLLECTIVE,
            recipient_name=f"Trung đội dân quân cơ động số {next(seq)}",
            authority=AwardAuthority.CHU_TICH_UBND_XA,
            issuer_name="UBND xã",
            reason="Thành tích xuất sắc trong huấn luyện DQTV",
        )
        if save:
            record.full_clean()
            record.save()
        return record
