"""Test factories for campaigns: a valid record of each registered model inside a given unit.
The inherited suite (core/tests/test_scope_matrix.py) builds its records with them; a new
registered model adds its factory here."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import models

from phongthu.campaigns.crud import (
    CallUpDecisionCrud,
    CampaignCrud,
    CandidateCrud,
    DefermentDecisionCrud,
    HealthExamCrud,
    QuotaCrud,
)
from phongthu.campaigns.models import CallUpDecision, Campaign, Candidate, DefermentDecision, HealthExam, Quota
from phongthu.core.tests.factories import factory, sample


def _province_of(unit: Any) -> Any:
    from phongthu.units.models import Unit, UnitScope

    ancestors = UnitScope.objects.filter(descendant_id=unit.pk).values("ancestor_id")
    return Unit.objects.filter(pk__in=ancestors, level="PROVINCE", valid_to__isnull=True).order_by("pk").first() or unit


def _sample_candidate(unit: Any) -> Candidate:
    from phongthu.people.crud import PersonCrud

    province = _province_of(unit)
    campaign, _created = Campaign.objects.get_or_create(
        unit=province,
        year=2026,
        round=1,
        defaults={"exam_from": datetime.date(2025, 11, 1), "exam_to": datetime.date(2025, 12, 31)},
    )
    person: Any = sample(PersonCrud, unit)
    candidate = Candidate(campaign=campaign, person=person, commune=unit, eligibility_status="NEEDS_EXAM", note="Mẫu")
    candidate.save()
    return candidate


@factory(CampaignCrud)
def campaign(unit: models.Model, *, save: bool = True) -> models.Model:
    year = 2026 + Campaign.objects.filter(unit_id=unit.pk).count()
    campaign = Campaign(
        unit=unit,  # type: ignore[misc]
        year=year,
        bqp_decision_ref="4807/QĐ-BQP",
        exam_from=datetime.date(year - 1, 11, 1),
        exam_to=datetime.date(year - 1, 12, 31),
        handover_from=datetime.date(year, 3, 4),
        handover_to=datetime.date(year, 3, 6),
    )
    if save:
        campaign.save()
    return campaign


@factory(QuotaCrud)
def quota(unit: models.Model, *, save: bool = True) -> models.Model:
    campaign = sample(CampaignCrud, unit)
    quota = Quota(campaign=campaign, unit=unit, branch="ARMY", official_count=10, reserve_count=0, note="Mẫu")  # type: ignore[misc]
    if save:
        quota.save()
    return quota


@factory(CandidateCrud)
def candidate(unit: models.Model, *, save: bool = True) -> models.Model:
    return _sample_candidate(unit)


@factory(DefermentDecisionCrud)
def deferment_decision(unit: models.Model, *, save: bool = True) -> models.Model:
    candidate = _sample_candidate(unit)
    deferment = DefermentDecision(candidate=candidate, ground="TH_G", evidence="Giấy xác nhận của nhà trường")
    if save:
        deferment.save()
    return deferment


@factory(HealthExamCrud)
def health_exam(unit: models.Model, *, save: bool = True) -> models.Model:
    candidate = _sample_candidate(unit)
    exam = HealthExam(
        candidate=candidate,
        exam_date=datetime.date(2025, 11, 20),
        height_cm=Decimal("168.4"),
        weight_kg=Decimal("60.5"),
        score_eyes=1,
        score_internal=2,
        council="Hội đồng khám sức khỏe NVQS khu vực 1",
    )
    if save:
        exam.save()
    return exam


@factory(CallUpDecisionCrud)
def call_up_decision(unit: models.Model, *, save: bool = True) -> models.Model:
    campaign: Any = sample(CampaignCrud, unit)
    issuer: Any = unit
    decision = CallUpDecision(
        campaign=campaign,
        kind="CALL_ORDER",
        issuer=issuer,
        date=datetime.date(2026, 2, 5),
        place="Mẫu",
        issuing_body=f"ỦY BAN NHÂN DÂN {unit}".upper(),
        abstract="Về việc gọi công dân nhập ngũ năm 2026",
        signer_name="Nguyễn Văn Chủ Tịch",
    )
    if save:
        decision.save()
    return decision
