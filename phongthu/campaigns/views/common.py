"""Shared helpers of the campaign views: scoped lookups, the chosen unit, messages."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from phongthu.campaigns.models import Campaign
from phongthu.core import actions, scoping
from phongthu.core.current_unit import current_unit


def today() -> datetime.date:
    return timezone.localdate()


def get_campaign(request: HttpRequest, pk: int, action: str = scoping.VIEW) -> Campaign:
    campaign: Campaign = get_object_or_404(Campaign.objects.restrict(request.user, action), pk=pk)
    return campaign


def chosen_unit(request: HttpRequest, campaign: Campaign) -> Any:
    """`?unit=` (any unit the user may view), else the campaign's unit for users without a scope
    limit, else the user's own unit (core.current_unit), else the campaign's unit."""
    unrestricted = scoping.unit_scope_query(request.user, scoping.VIEW) is None
    return current_unit(request, default=campaign.unit if unrestricted else None) or campaign.unit


def show_errors(request: HttpRequest, exc: ValidationError, prefix: str = "") -> None:
    messages.error(request, f"{prefix}{actions.error_text(exc)}")


def date_or_today(raw: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat((raw or "").strip())
    except ValueError:
        return today()
