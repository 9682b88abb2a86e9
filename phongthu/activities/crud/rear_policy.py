from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from phongthu.activities.choices import HARDSHIP_TYPES, RearPolicyCaseType
from phongthu.activities.models import DischargedSoldier, RearPolicyCase, SoldierFamily
from phongthu.core.crud import CrudConfig, register


@register
class SoldierFamilyCrud(CrudConfig):
    model = SoldierFamily
    fields: ClassVar[list[str]] = [
        "unit", "soldier", "soldier_name", "branch", "service_unit", "enlistment_date", "expected_discharge",
        "household_head", "address", "circumstances",
    ]  # fmt: skip
    list_columns: ClassVar[list[str]] = [
        "soldier_name",
        "branch",
        "service_unit",
        "enlistment_date",
        "household_head",
        "unit",
    ]
    filter_fields: ClassVar[list[str]] = ["branch"]
    search_fields: ClassVar[list[str]] = ["search_text"]
    default_ordering: ClassVar[list[str]] = ["search_text", "pk"]
    log_views = True  # personal data


@register
class RearPolicyCaseCrud(CrudConfig):
    model = RearPolicyCase
    fields: ClassVar[list[str]] = [
        "unit", "year", "family", "case_type", "recipient", "recipient_name", "date", "amount", "cases_count",
        "illness_days", "hospital_days", "occasion", "approval_ref", "note",
    ]  # fmt: skip
    list_columns: ClassVar[list[str]] = ["case_type", "recipient_name", "date", "amount", "cases_count", "unit"]
    filter_fields: ClassVar[list[str]] = ["year", "case_type"]
    search_fields: ClassVar[list[str]] = ["search_text"]
    default_ordering: ClassVar[list[str]] = ["-date", "pk"]
    year_lookup = "year"
    log_views = True

    @classmethod
    def year_figures(cls, queryset: Any) -> list[tuple[str, Any]]:
        totals = queryset.aggregate(
            hardship=Sum("cases_count", filter=Q(case_type__in=list(HARDSHIP_TYPES))),
            visits=Sum("cases_count", filter=Q(case_type=RearPolicyCaseType.VISIT_GIFT)),
            amount=Sum("amount"),
        )
        return [
            (_("Lượt trợ cấp khó khăn đột xuất"), totals["hardship"] or 0),
            (_("Lượt thăm hỏi, tặng quà"), totals["visits"] or 0),
            (_("Tổng số tiền (đồng)"), totals["amount"] or 0),
        ]


@register
class DischargedSoldierCrud(CrudConfig):
    model = DischargedSoldier
    fields: ClassVar[list[str]] = [
        "unit", "year", "person", "full_name", "branch", "service_end_date", "arrival_date",
        "reserve_registration_date", "late_registration_reason", "vocational_request_date", "vocational_card_no",
        "discharge_allowance", "job_status", "note",
    ]  # fmt: skip
    list_columns: ClassVar[list[str]] = [
        "full_name", "branch", "service_end_date", "arrival_date", "reserve_registration_date", "job_status", "unit",
    ]  # fmt: skip
    filter_fields: ClassVar[list[str]] = ["year", "branch"]
    search_fields: ClassVar[list[str]] = ["search_text"]
    default_ordering: ClassVar[list[str]] = ["-arrival_date", "pk"]
    year_lookup = "year"
    log_views = True

    @classmethod
    def year_figures(cls, queryset: Any) -> list[tuple[str, Any]]:
        totals = queryset.aggregate(
            registered=Count("pk", filter=Q(reserve_registration_date__isnull=False)),
            vocational=Count("pk", filter=Q(vocational_request_date__isnull=False)),
        )
        return [
            (_("Đã đăng ký ngạch dự bị"), totals["registered"]),
            (_("Đề nghị hỗ trợ học nghề"), totals["vocational"]),
        ]
