from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.db import models

from phongthu.activities.choices import ALLOWED_TRANSITIONS, AwardStatus
from phongthu.activities.models import Award
from phongthu.core import scoping
from phongthu.core.crud import CrudConfig, register
from phongthu.core.transitions import history_of


@register
class AwardCrud(CrudConfig):
    model = Award
    fields: ClassVar[list[str]] = [
        "unit", "year", "title", "recipient_kind", "person", "recipient_name", "collectives_count",
        "individuals_count", "received_by_unit", "authority", "issuer_name", "decision_number", "decision_date",
        "achievement_period", "cash_multiple", "quota_pool", "reason", "note",
    ]  # fmt: skip
    list_columns: ClassVar[list[str]] = [
        "title", "recipient_name", "year", "status", "collectives_count", "individuals_count", "issuer_name", "unit",
    ]  # fmt: skip
    export_fields: ClassVar[list[str] | None] = [
        *fields, "status", "base_salary", "cash_amount", "cash_total", "paid_on", "revoked_at", "revocation_reason",
    ]  # fmt: skip
    filter_fields: ClassVar[list[str]] = ["year", "title", "status", "authority", "recipient_kind", "received_by_unit"]
    search_fields: ClassVar[list[str]] = ["search_text"]
    default_ordering: ClassVar[list[str]] = ["-year", "title", "pk"]
    detail_template = "activities/award_detail.html"
    year_lookup = "year"

    @classmethod
    def detail_context(cls, obj: models.Model, request: Any) -> dict[str, Any]:
        from phongthu.activities.selectors import award_quota_warnings

        assert isinstance(obj, Award)
        labels = dict(AwardStatus.choices)
        can_move = Award.objects.restrict(request.user, scoping.CHANGE).filter(pk=obj.pk).exists()
        return {
            "next_statuses": [(s, labels[s]) for s in sorted(ALLOWED_TRANSITIONS.get(obj.status, set()))]
            if can_move
            else [],
            "status_history": history_of(obj),
            "quota_warnings": award_quota_warnings(obj),
            "authority_problems": obj.authority_errors(),
            "today": datetime.date.today(),
        }
