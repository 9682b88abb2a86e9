"""Who the year transfer (kết chuyển) carries into next year's pool, and why — one plan read by
the preview on the campaign page and by `campaign_rollover`, so the preview is what happens.

Rules: a citizen enlisted or handed over, or exempt from registration for good, stays behind; so
does someone no longer in the ready book (not registered, barred, serving, reservist) and someone
the eligibility engine judges out of the pool on next year's reference date — over the age
ceiling (25, or 27 after college/university), not registrable, female without volunteering.
Everyone carried starts again "Trong nguồn" in the new campaign; the engine's answer (deferred,
exempted, not qualified, not examined) is re-computed from the file, so a deferment whose
ground still holds stays visible, and one that ended (school finished) does not.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from phongthu.campaigns.choices import HANDED_OVER_STATUSES, CandidateStatus
from phongthu.campaigns.models import Campaign, Candidate

NOT_CARRIED = frozenset({*HANDED_OVER_STATUSES, CandidateStatus.EXEMPT_FROM_REGISTRATION})


@dataclass
class PlanLine:
    candidate: Candidate
    carried: bool
    reason: str
    evaluation: Any = None
    commune_id: int | None = None


@dataclass
class RolloverPlan:
    year: int
    reference_date: datetime.date
    lines: list[PlanLine] = field(default_factory=list)

    @property
    def carried(self) -> list[PlanLine]:
        return [line for line in self.lines if line.carried]

    def counts(self) -> list[tuple[str, int]]:
        out: dict[str, int] = {}
        for line in self.lines:
            out[line.reason] = out.get(line.reason, 0) + 1
        return sorted(out.items(), key=lambda kv: -kv[1])


def target_reference_date(campaign: Campaign, year: int) -> datetime.date:
    target: Campaign | None = Campaign.objects.filter(unit=campaign.unit, year=year, round=1).first()
    if target is not None:
        return target.reference_date()
    return datetime.date(year - 1, 11, 1)  # the default of Campaign.reference_date()


def rollover_plan(
    campaign: Campaign, *, year: int | None = None, reference_date: datetime.date | None = None
) -> RolloverPlan:
    from phongthu.campaigns.services.pool import POOL_ENGINE_STATUSES, evaluate_people, registered_q
    from phongthu.military_service.eligibility.codes import STATUS_LABELS, Status
    from phongthu.units.selectors import designated_successor_map

    year = year or campaign.year + 1
    as_of = reference_date or target_reference_date(campaign, year)
    plan = RolloverPlan(year=year, reference_date=as_of)
    there = set(
        Candidate.objects.filter(campaign__unit=campaign.unit, campaign__year=year, campaign__round=1).values_list(
            "person_id", flat=True
        )
    )
    old = list(Candidate.objects.filter(campaign=campaign).select_related("person").order_by("commune_id", "pk"))
    registered = set(Candidate.objects.filter(registered_q("person__"), campaign=campaign).values_list("pk", flat=True))
    judged = []
    for c in old:
        if c.status in NOT_CARRIED:
            reason = "Đã nhập ngũ" if c.status in HANDED_OVER_STATUSES else "Miễn đăng ký NVQS"
            plan.lines.append(PlanLine(c, False, reason))
        elif c.person_id in there:
            plan.lines.append(PlanLine(c, False, f"Đã có trong nguồn năm {year}"))
        elif c.pk not in registered:
            plan.lines.append(PlanLine(c, False, "Không còn trong sổ sẵn sàng nhập ngũ"))
        else:
            judged.append(c)
    successors = designated_successor_map()
    for c, evaluation in zip(judged, evaluate_people([c.person for c in judged], as_of), strict=True):
        label = STATUS_LABELS.get(Status(str(evaluation.status)), str(evaluation.status))
        if str(evaluation.status) not in POOL_ENGINE_STATUSES:
            plan.lines.append(PlanLine(c, False, label, evaluation))
            continue
        commune_id = successors.get(c.commune_id, c.commune_id)
        plan.lines.append(PlanLine(c, True, f"Kết chuyển — {label}", evaluation, commune_id))
    return plan
