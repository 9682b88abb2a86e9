"""Screens, API, import and export of the campaign app, declared once (docs/development/adding-a-model.md).

Status never appears in `fields`: every pipeline step is a service behind a small POST view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models

from phongthu.campaigns.models import CallUpDecision, Campaign, Candidate, DefermentDecision, HealthExam, Quota
from phongthu.core.crud import CrudConfig, register

if TYPE_CHECKING:
    from django.http import HttpRequest

    from phongthu.core.types import Actor
    from phongthu.units.models import Unit


@register
class CampaignCrud(CrudConfig):
    model = Campaign
    fields: ClassVar[list[str]] = [
        "unit", "year", "round", "legal_regime", "ttg_decision_ref", "bqp_decision_ref", "province_decision_ref",
        "source_review_by", "commune_review_by", "screening_by", "exam_from", "exam_to", "lists_by",
        "call_delivery_by", "handover_from", "handover_to", "age_reference_date", "reserve_max_percent",
        "replacement_max_percent", "replacement_max_days", "recheck_max_days", "call_notice_min_days",
        "publication_days", "note",
    ]  # fmt: skip
    list_columns: ClassVar[list[str]] = ["year", "round", "unit", "status", "legal_regime", "bqp_decision_ref"]
    filter_fields: ClassVar[list[str]] = ["year", "round", "status"]
    search_fields: ClassVar[list[str]] = []
    default_ordering: ClassVar[list[str]] = ["-year", "-round"]
    allow_delete = False
    allow_import = False  # a campaign is organised by the province, one at a time
    write_authority = "CAMPAIGN_ORGANISE"  # only the province's staff create or edit it (issue 7)
    year_lookup = "year"
    detail_template = "campaigns/campaign_detail.html"

    @classmethod
    def detail_context(cls, obj: models.Model, request: HttpRequest) -> dict[str, Any]:
        from phongthu.campaigns.views import campaign_detail_context

        assert isinstance(obj, Campaign)
        return campaign_detail_context(obj, request)

    @classmethod
    def home_figure(cls, user: Actor, unit: Unit) -> dict[str, Any]:
        from phongthu.campaigns.selectors import current_campaign, home_rows

        campaign = current_campaign(unit, user)
        if campaign is None:
            return {"title": "Tuyển quân", "rows": [("Chưa có đợt tuyển quân", "—")]}
        return {"title": f"{campaign} — {unit.name}", "rows": home_rows(campaign, unit, user)}


@register
class QuotaCrud(CrudConfig):
    model = Quota
    list_select_related: ClassVar[list[str]] = ["parent__unit", "campaign__unit"]
    fields: ClassVar[list[str]] = [
        "campaign",
        "unit",
        "parent",
        "branch",
        "official_count",
        "reserve_count",
        "grade7_allowed",
        "grade7_decision_ref",
        "primary_cap_applies",
        "note",
    ]
    list_columns: ClassVar[list[str]] = ["unit", "campaign", "branch", "official_count", "reserve_count", "parent"]
    filter_fields: ClassVar[list[str]] = ["branch"]
    search_fields: ClassVar[list[str]] = ["unit__name_search"]
    default_ordering: ClassVar[list[str]] = ["-campaign__year", "branch", "unit__name_sort"]
    year_lookup = "campaign__year"
    allow_import = False
    # Set only by the allocating level, never by the receiving one (issue 7).
    write_authority = "QUOTA_ALLOCATE"

    @classmethod
    def authority_of(cls, obj: models.Model) -> tuple[str, int | None, Any] | None:
        from phongthu.campaigns.services.campaigns import quota_authority_day, quota_authority_unit

        assert isinstance(obj, Quota)
        return "QUOTA_ALLOCATE", quota_authority_unit(obj), quota_authority_day(obj)


@register
class CandidateCrud(CrudConfig):
    model = Candidate
    fields: ClassVar[list[str]] = ["note"]
    list_columns: ClassVar[list[str]] = ["person", "commune", "status", "branch", "list_kind", "health_class"]
    export_fields: ClassVar[list[str] | None] = [
        "person", "commune", "campaign", "status", "eligibility_status", "eligibility_codes", "age_at_reference",
        "screening_result", "health_class", "fit", "political_check", "branch", "list_kind", "call_decision_no",
        "call_decision_date", "call_delivered_at", "handover_date", "handover_point", "receiving_unit",
        "recheck_date", "recheck_result", "return_reason", "note",
    ]  # fmt: skip
    filter_fields: ClassVar[list[str]] = ["status", "branch", "list_kind", "political_check"]
    search_fields: ClassVar[list[str]] = ["person__name_search"]
    default_ordering: ClassVar[list[str]] = ["-campaign__year", "commune__name_sort", "person__name_sort"]
    allow_create = False
    allow_import = False
    allow_delete = False
    log_views = True
    year_lookup = "campaign__year"
    detail_template = "campaigns/candidate_detail.html"

    @classmethod
    def detail_context(cls, obj: models.Model, request: HttpRequest) -> dict[str, Any]:
        from phongthu.campaigns.views import candidate_detail_context

        assert isinstance(obj, Candidate)
        return candidate_detail_context(obj, request)


@register
class DefermentDecisionCrud(CrudConfig):
    model = DefermentDecision
    list_select_related: ClassVar[list[str]] = ["candidate__person", "candidate__campaign"]
    fields: ClassVar[list[str]] = ["evidence", "expected_end_date", "proposed_by", "note"]
    list_columns: ClassVar[list[str]] = ["candidate", "ground", "status", "decision_ref", "posted_from", "posted_to"]
    export_fields: ClassVar[list[str] | None] = [
        "candidate", "kind", "ground", "status", "evidence", "expected_end_date", "proposed_by", "proposed_on",
        "decided_by", "signer_name", "decision_ref", "decision_date", "posted_from", "posted_to", "portal_url", "note",
    ]  # fmt: skip
    filter_fields: ClassVar[list[str]] = ["kind", "ground", "status"]
    search_fields: ClassVar[list[str]] = ["candidate__person__name_search"]
    default_ordering: ClassVar[list[str]] = ["-id"]
    allow_create = False
    allow_import = False
    allow_delete = False
    log_views = True
    year_lookup = "candidate__campaign__year"
    detail_template = "campaigns/deferment_detail.html"

    @classmethod
    def detail_context(cls, obj: models.Model, request: HttpRequest) -> dict[str, Any]:
        from phongthu.campaigns.views import deferment_detail_context

        assert isinstance(obj, DefermentDecision)
        return deferment_detail_context(obj, request)


@register
class HealthExamCrud(CrudConfig):
    model = HealthExam
    list_select_related: ClassVar[list[str]] = ["candidate__person", "candidate__campaign"]
    fields: ClassVar[list[str]] = ["council", "note"]
    list_columns: ClassVar[list[str]] = ["candidate", "exam_date", "health_class", "bmi", "fit", "unfit_codes"]
    export_fields: ClassVar[list[str] | None] = [
        "candidate", "exam_date", "council", "height_cm", "weight_kg", "chest_cm", "height_rounded", "weight_rounded",
        "bmi", "score_physical", "score_eyes", "score_ent", "score_dental", "score_internal", "score_neuro_psych",
        "score_surgery", "score_dermatology", "score_gynecology", "myopia_diopters", "hyperopia",
        "drug_test_positive", "health_class", "fit", "unfit_codes", "note",
    ]  # fmt: skip
    filter_fields: ClassVar[list[str]] = ["health_class", "fit"]
    search_fields: ClassVar[list[str]] = ["candidate__person__name_search"]
    default_ordering: ClassVar[list[str]] = ["-exam_date", "-id"]
    allow_create = False
    allow_import = False
    allow_delete = False
    log_views = True
    year_lookup = "exam_date__year"


@register
class CallUpDecisionCrud(CrudConfig):
    model = CallUpDecision
    fields: ClassVar[list[str]] = ["abstract", "recipients", "note"]  # the signer comes from the office
    list_columns: ClassVar[list[str]] = ["symbol", "date", "kind", "issuer", "abstract", "signer_name"]
    export_fields: ClassVar[list[str] | None] = [
        "symbol", "date", "kind", "issuer", "branch", "abstract", "signer_title", "signer_name", "recipients", "note",
    ]  # fmt: skip
    filter_fields: ClassVar[list[str]] = ["kind", "branch", "year"]
    search_fields: ClassVar[list[str]] = []
    default_ordering: ClassVar[list[str]] = ["-date", "-seq"]
    sort_keys: ClassVar[dict[str, str | list[str]]] = {"symbol": ["year", "seq"]}  # symbol = seq/type-org
    allow_create = False
    allow_import = False
    allow_delete = False
    year_lookup = "year"
    detail_template = "campaigns/decision_detail.html"

    @classmethod
    def label(cls, name: str) -> str:
        if name == "symbol":
            return "số, ký hiệu"
        return super().label(name)
