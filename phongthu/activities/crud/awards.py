from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models

from phongthu.activities.choices import AwardStatus
from phongthu.activities.models import Award
from phongthu.core.crud import CrudConfig, register
from phongthu.core.transitions import history_of

if TYPE_CHECKING:
    from django.http import HttpRequest


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
    # A record typed here is the unit's proposal (Điều 84 Luật Thi đua, khen thưởng 2022): only
    # the office that proposes may create or edit it, on screen, API and import alike.
    write_authority = "AWARD_PROPOSE"

    @classmethod
    def authority_of(cls, obj: models.Model) -> tuple[str, int | None, Any] | None:
        # Judged on the award's own date: a 2019 district's proposal is the 2019 office's.
        assert isinstance(obj, Award)
        return "AWARD_PROPOSE", obj.unit_id, obj.regime_date()

    @classmethod
    def detail_context(cls, obj: models.Model, request: HttpRequest) -> dict[str, Any]:
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
