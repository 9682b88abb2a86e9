"""Helpers shared by the campaign services: one way to move a candidate, one way to refuse."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from phongthu.campaigns.choices import ALLOWED_TRANSITIONS, LEGAL_GROUND, CampaignStatus
from phongthu.campaigns.models import Campaign, Candidate
from phongthu.campaigns.models.campaign import closed_error
from phongthu.core import audit, authority, scoping
from phongthu.core.actions import current_office
from phongthu.core.context import reason as reason_context
from phongthu.core.models import ObjectChange
from phongthu.core.transitions import transition

if TYPE_CHECKING:
    from phongthu.accounts.models import User

M = TypeVar("M", bound=models.Model)


def assert_open(campaign: Campaign) -> None:
    stored = Campaign.objects.filter(pk=campaign.pk).values_list("status", flat=True).first()
    if stored == CampaignStatus.CLOSED:
        raise closed_error(campaign)


def acting_office(actor: User, code: str, unit_id: int | None, on: datetime.date | None) -> authority.OfficeAnswer:
    """The office the actor acts for: the one `actions.perform()` checked, else checked here
    (the same rule for a service called from a command, an import or a test)."""
    office = current_office()
    if office is not None and office.rule.action == code:
        return office
    return authority.require(actor, code, unit_id, on)


def signer_of(office: authority.OfficeAnswer, on: datetime.date) -> str:
    """The holder's name on the decision's date; a decision is never signed by a typed name."""
    if not office.holder_name:
        raise refuse(
            None,
            f"Chưa có người giữ chức vụ {office.title} vào ngày {fmt(on)} trong danh sách người giữ chức vụ: "
            "quản trị viên cập nhật danh sách trước khi ghi quyết định.",
        )
    return office.holder_name


def move(
    candidate: Candidate,
    to: str,
    *,
    actor: User,
    authority: str,
    reason: str = "",
    legal_ground: str = "",
    decision_ref: str = "",
    effective_date: datetime.date | None = None,
    extra: dict[str, Any] | None = None,
) -> Candidate:
    """The only way a candidate's status changes (SM-2), with a history row."""
    assert_open(candidate.campaign)
    transition(
        candidate,
        to,
        actor=actor,
        allowed=ALLOWED_TRANSITIONS,
        authority=authority,
        reason=reason,
        legal_ground=legal_ground or LEGAL_GROUND.get(to, ""),
        decision_ref=decision_ref,
        effective_date=effective_date,
        extra=extra,
    )
    return candidate


def set_fields(obj: M, *, actor: User, reason: str = "", **values: Any) -> M:
    """Write milestone fields that are not a status change: locked, scoped, audited."""
    model = type(obj)
    with transaction.atomic(), reason_context(reason):
        locked = model._default_manager.select_for_update(of=("self",)).get(pk=obj.pk)
        scoping.assert_in_scope(locked, actor, scoping.CHANGE)
        before = audit.snapshot(locked)
        for key, value in values.items():
            setattr(locked, key, value)
        model._default_manager.filter(pk=locked.pk).update(**values)
        audit.record(locked, ObjectChange.Action.UPDATE, before=before, after=audit.snapshot(locked), reason=reason)
    for key, value in values.items():
        setattr(obj, key, value)
    return obj


def refuse(field: str | None, message: str, code: str = "invalid") -> ValidationError:
    if field:
        return ValidationError({field: [message]}, code=code)
    return ValidationError(message, code=code)


def fmt(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"
