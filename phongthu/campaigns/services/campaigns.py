"""Campaign-level writes: quota allocation, closing, and the year-end rollover (kết chuyển)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from phongthu.campaigns.choices import (
    CAMPAIGN_TRANSITIONS,
    HANDED_OVER_STATUSES,
    Branch,
    CampaignRound,
    CampaignStatus,
    CandidateStatus,
)
from phongthu.campaigns.models import Campaign, Candidate, Quota
from phongthu.campaigns.services.common import acting_office, assert_open, refuse
from phongthu.core import audit, scoping, services
from phongthu.core.context import reason as reason_context
from phongthu.core.models import ObjectChange
from phongthu.core.transitions import transition

if TYPE_CHECKING:
    from phongthu.accounts.models import User

ORGANISE = "CAMPAIGN_ORGANISE"


@dataclass(frozen=True)
class QuotaInput:
    unit: Any
    branch: str
    official_count: int
    reserve_count: int = 0


def quota_authority_unit(quota: Quota) -> int | None:
    """The unit whose office allocates this row: the receiving commune (or pre-2025 district's
    commune) resolves to the allocating level above it; rows of the province and of the defence
    regions (not administrative levels) are set by the province (QUOTA_ALLOCATE)."""
    unit = quota.unit if quota.unit_id else None
    if unit is not None and unit.level == "COMMUNE":
        return int(unit.pk)
    return quota.campaign.unit_id if quota.campaign_id else None


def quota_authority_day(quota: Quota) -> datetime.date | None:
    """Quotas are allocated before the exams: the campaign's reference date dates the regime."""
    return quota.campaign.reference_date() if quota.campaign_id else None


@transaction.atomic
def quotas_allocate(
    *, campaign: Campaign, parent_unit: Any, rows: list[QuotaInput], actor: User, reason: str = ""
) -> list[Quota]:
    """Set the quotas of `parent_unit`'s children (giao số lượng), each linked to the parent's row.

    Every row is validated (children may not exceed the parent; reserve ≤ the configured share at
    commune level); the whole allocation is saved or nothing is.
    """
    assert_open(campaign)
    saved: list[Quota] = []
    errors: list[str] = []
    for row in rows:
        if row.branch not in Branch.values:
            raise refuse("branch", "Chọn lực lượng: Quân đội hoặc Công an.")
        parent = None
        if parent_unit is not None and parent_unit.pk != row.unit.pk:
            parent = Quota.objects.filter(campaign=campaign, unit=parent_unit, branch=row.branch).first()
            if parent is None:
                raise refuse(
                    None,
                    f"{parent_unit.name} chưa có chỉ tiêu {Branch(row.branch).label}: "
                    "giao chỉ tiêu cho đơn vị cấp trên trước.",
                )
        quota = Quota.objects.filter(campaign=campaign, unit=row.unit, branch=row.branch).first()
        if quota is None:
            if row.official_count == 0 and row.reserve_count == 0:
                continue
            quota = Quota(campaign=campaign, unit=row.unit, branch=row.branch)
        quota.parent = parent
        quota.official_count = row.official_count
        quota.reserve_count = row.reserve_count
        try:
            quota.full_clean()
        except ValidationError as exc:
            for message in exc.messages:
                errors.append(f"{row.unit.name} ({Branch(row.branch).label}): {message}")
            continue
        services.object_save(obj=quota, actor=actor, reason=reason or "Giao chỉ tiêu tuyển quân")
        saved.append(quota)
    if errors:
        raise ValidationError(errors)
    return saved


def campaign_close(campaign: Campaign, *, actor: User, on: datetime.date, note: str = "") -> Campaign:
    """Kết thúc đợt: from now on every record of the campaign is read-only."""
    transition(
        campaign,
        CampaignStatus.CLOSED,
        actor=actor,
        allowed=CAMPAIGN_TRANSITIONS,
        authority=ORGANISE,
        reason=note or "Kết thúc đợt tuyển quân, khóa số liệu",
        effective_date=on,
    )
    return campaign


# Not carried into next year: served, or exempt from registration for good.
_NOT_CARRIED = frozenset({*HANDED_OVER_STATUSES, CandidateStatus.EXEMPT_FROM_REGISTRATION})


@dataclass
class RolloverResult:
    campaign: Campaign
    carried: int
    not_eligible: int
    already_there: int


@transaction.atomic
def campaign_rollover(campaign: Campaign, *, actor: User, year: int | None = None) -> RolloverResult:
    """Kết chuyển: next year's pool gets this year's not-enlisted citizens who are still eligible.

    The closed year is never written to: its candidates are read, and the new rows point back to
    them (`rolled_over_from`). A commune dissolved since then hands its citizens to its designated
    successor.
    """
    from phongthu.campaigns.services.pool import candidate_from
    from phongthu.campaigns.services.rollover_plan import rollover_plan

    if campaign.status != CampaignStatus.CLOSED:
        raise refuse(None, "Chỉ kết chuyển sau khi đợt tuyển quân đã kết thúc (khóa số liệu).")
    scoping.assert_in_scope(campaign, actor, scoping.CHANGE)
    acting_office(actor, ORGANISE, campaign.unit_id, None)
    target_year = year or campaign.year + 1
    if target_year <= campaign.year:
        raise refuse("year", "Năm kết chuyển phải sau năm của đợt đã kết thúc.")
    with reason_context(f"Kết chuyển từ {campaign}"):
        target = Campaign.objects.filter(unit=campaign.unit, year=target_year, round=CampaignRound.FIRST).first()
        if target is None:
            target = Campaign(
                unit=campaign.unit,
                year=target_year,
                round=CampaignRound.FIRST,
                reserve_max_percent=campaign.reserve_max_percent,
                replacement_max_percent=campaign.replacement_max_percent,
                replacement_max_days=campaign.replacement_max_days,
                recheck_max_days=campaign.recheck_max_days,
                call_notice_min_days=campaign.call_notice_min_days,
                publication_days=campaign.publication_days,
                previous=campaign,
            )
            target.full_clean()
            services.object_save(obj=target, actor=actor, reason=f"Kết chuyển từ {campaign}")
        assert_open(target)
        plan = rollover_plan(campaign, year=target_year, reference_date=target.reference_date())
        new = [
            candidate_from(
                campaign=target,
                person=line.candidate.person,
                commune_id=line.commune_id or line.candidate.commune_id,
                evaluation=line.evaluation,
                rolled_over_from=line.candidate,
            )
            for line in plan.carried
        ]
        already_there = sum(1 for line in plan.lines if line.reason.startswith("Đã có trong nguồn"))
        stays = len([line for line in plan.lines if not line.carried and line.candidate.status not in _NOT_CARRIED])
        not_eligible = stays - already_there
        created = audit.audited_bulk_create(Candidate, new)
        audit.record(
            target,
            ObjectChange.Action.UPDATE,
            before=None,
            after={"rolled_over_from": campaign.pk, "carried": len(created), "not_eligible": not_eligible},
            reason=f"Kết chuyển {len(created)} công dân từ {campaign}",
        )
    return RolloverResult(campaign=target, carried=len(created), not_eligible=not_eligible, already_there=already_there)
