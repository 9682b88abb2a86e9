"""Extra context of the generic detail pages (campaign, candidate, deferment)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from phongthu.campaigns import actions as candidate_actions
from phongthu.campaigns import selectors
from phongthu.campaigns.choices import (
    Branch,
    CandidateStatus,
    DefermentStatus,
    ListKind,
)
from phongthu.campaigns.models import Campaign, Candidate, DefermentDecision
from phongthu.campaigns.services import deferments
from phongthu.campaigns.views.common import chosen_unit, today
from phongthu.core import scoping

S = CandidateStatus


def campaign_detail_context(campaign: Campaign, request: HttpRequest) -> dict[str, Any]:
    from phongthu.units.models import Unit

    unit = chosen_unit(request, campaign)
    board = selectors.dashboard(campaign=campaign, unit=unit, user=request.user)
    communes = (
        Unit.objects.restrict(request.user, scoping.ADD)
        .filter(level="COMMUNE", pk__in=selectors.subtree(campaign.unit), valid_to__isnull=True)
        .order_by("name_sort")
    )
    return {
        "campaign": campaign,
        "unit": unit,
        "board": board,
        "communes": communes,
        "branches": Branch.choices,
        "today": today(),
        "can_decide": can_write(request, campaign),
        "balance": selectors.balance_problems(campaign=campaign, user=request.user),
    }


def can_write(request: HttpRequest, campaign: Campaign) -> bool:
    return bool(Campaign.objects.restrict(request.user, scoping.CHANGE).filter(pk=campaign.pk).exists())


def candidate_detail_context(candidate: Candidate, request: HttpRequest) -> dict[str, Any]:
    from phongthu.core.transitions import history_of

    available = candidate_actions.available(candidate) if not candidate.campaign.is_closed else []
    reserves: list[Candidate] = []
    if any(a.name == "replace" for a in available):
        reserves = list(
            Candidate.objects.restrict(request.user, scoping.CHANGE)
            .filter(
                campaign_id=candidate.campaign_id,
                list_kind=ListKind.RESERVE,
                branch=candidate.branch,
                status__in=[S.SHORTLISTED, S.DECIDED_BY_PROVINCE, S.CALL_DELIVERED],
            )
            .select_related("person", "commune")
        )
    return {
        "actions": available,
        "reserves": reserves,
        "transitions": labelled(history_of(candidate).order_by("time", "id"), CandidateStatus.choices),
        "exams": candidate.health_exams.all(),
        "deferments": candidate.deferments.all(),
        "today": today(),
        "can_exam": candidate.status == S.CALLED_TO_EXAM and not candidate.campaign.is_closed,
    }


def labelled(rows: Any, choices: Any) -> list[tuple[Any, str, str]]:
    labels = {str(k): str(v) for k, v in choices}
    return [(t, labels.get(t.from_status, t.from_status), labels.get(t.to_status, t.to_status)) for t in rows]


def deferment_detail_context(deferment: DefermentDecision, request: HttpRequest) -> dict[str, Any]:
    from phongthu.core.transitions import history_of

    campaign = deferment.candidate.campaign
    return {
        "transitions": labelled(history_of(deferment).order_by("time", "id"), DefermentStatus.choices),
        "can_decide": deferment.status == DefermentStatus.PROPOSED
        and not campaign.is_closed
        and can_write(request, campaign),
        "can_publish": deferment.status == DefermentStatus.DECIDED and not campaign.is_closed,
        "authority": deferments.authority_for(deferment),
        "today": today(),
        "publication_days": campaign.publication_days,
    }
