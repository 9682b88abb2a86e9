"""Extra context of the generic detail pages (campaign, candidate, deferment)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from phongthu.campaigns import selectors
from phongthu.campaigns.choices import CandidateStatus, DefermentStatus
from phongthu.campaigns.gnn import FORMS
from phongthu.campaigns.models import Campaign, Candidate, DefermentDecision
from phongthu.campaigns.services import deferments
from phongthu.campaigns.views.common import chosen_unit, today
from phongthu.core import authority, scoping

S = CandidateStatus


def campaign_detail_context(campaign: Campaign, request: HttpRequest) -> dict[str, Any]:
    from phongthu.units.models import Unit

    unit = chosen_unit(request, campaign)
    board = selectors.dashboard(campaign=campaign, unit=unit, user=request.user)
    day = today()
    communes = [
        c
        for c in Unit.objects.restrict(request.user, scoping.ADD)
        .filter(level="COMMUNE", pk__in=selectors.subtree(campaign.unit), valid_to__isnull=True)
        .order_by("name_sort")
        if authority.allowed(request.user, "CANDIDATE_REVIEW", c.pk, day)
    ]
    return {
        "campaign": campaign,
        "unit": unit,
        "board": board,
        "communes": communes,
        "balance": selectors.balance_problems(campaign=campaign, user=request.user),
        "gnn_forms": list(FORMS.items()),
        "rollover": _rollover_preview(campaign, request) if campaign.is_closed else None,
    }


def _rollover_preview(campaign: Campaign, request: HttpRequest) -> Any:
    """Kết chuyển: who moves to next year and why, before anyone presses the button (only the
    candidates this user may see are listed)."""
    from phongthu.campaigns.services.rollover_plan import rollover_plan

    plan = rollover_plan(campaign)
    visible = set(selectors.scoped_candidates(campaign, request.user).values_list("pk", flat=True))
    plan.lines = [line for line in plan.lines if line.candidate.pk in visible]
    return plan


def candidate_detail_context(candidate: Candidate, request: HttpRequest) -> dict[str, Any]:
    from phongthu.core.transitions import history_of

    can_exam = (
        candidate.status == S.CALLED_TO_EXAM
        and not candidate.campaign.is_closed
        and authority.allowed(request.user, "HEALTH_EXAM_RECORD", candidate.commune_id, today())
    )
    return {
        "transitions": labelled(history_of(candidate).order_by("time", "id"), CandidateStatus.choices),
        "exams": candidate.health_exams.all(),
        "deferments": candidate.deferments.all(),
        "can_exam": can_exam,
    }


def labelled(rows: Any, choices: Any) -> list[tuple[Any, str, str]]:
    labels = {str(k): str(v) for k, v in choices}
    return [(t, labels.get(t.from_status, t.from_status), labels.get(t.to_status, t.to_status)) for t in rows]


def deferment_detail_context(deferment: DefermentDecision, request: HttpRequest) -> dict[str, Any]:
    from phongthu.core.transitions import history_of

    campaign = deferment.candidate.campaign
    office = deferments.deciding_office(deferment, deferment.decision_date or today())
    return {
        "transitions": labelled(history_of(deferment).order_by("time", "id"), DefermentStatus.choices),
        "authority": deferment.decided_by or (office.title if office else "—"),
        "publication_days": campaign.publication_days,
    }
