from __future__ import annotations

from typing import ClassVar

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
