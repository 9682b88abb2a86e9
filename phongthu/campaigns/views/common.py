"""Shared helpers of the campaign views: scoped lookups, the chosen unit, messages."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from phongthu.campaigns.models import Campaign
from phongthu.core import actions, scoping


def today() -> datetime.date:
    return timezone.localdate()


def get_campaign(request: HttpRequest, pk: int, action: str = scoping.VIEW) -> Campaign:
    campaign: Campaign = get_object_or_404(Campaign.objects.restrict(request.user, action), pk=pk)
    return campaign


def chosen_unit(request: HttpRequest, campaign: Campaign) -> Any:
    """`?unit=` (any unit the user may view), else the campaign's unit if visible, else theirs."""
    from phongthu.core.pages import current_unit
    from phongthu.units.models import Unit

    visible = Unit.objects.restrict(request.user, scoping.VIEW)
    raw = request.GET.get("unit") or request.POST.get("unit") or ""
    if raw:
        unit = visible.filter(pk=int(raw) if raw.isdigit() else 0).first()
        if unit is None:
            raise Http404
        return unit
    if scoping.unit_scope_query(request.user, scoping.VIEW) is None:
        return campaign.unit
    return current_unit(request) or campaign.unit


def show_errors(request: HttpRequest, exc: ValidationError, prefix: str = "") -> None:
    messages.error(request, f"{prefix}{actions.error_text(exc)}")


def date_or_today(raw: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat((raw or "").strip())
    except ValueError:
        return today()
