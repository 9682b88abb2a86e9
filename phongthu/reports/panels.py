"""The "Báo cáo" entry on every unit page, contributed through core.panels (the units app does
not know the report layer above it)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from phongthu.core import panels
from phongthu.units.models import Unit


def unit_links(unit: Any, request: HttpRequest) -> dict[str, Any]:
    return {"panel_links": [(_("Báo cáo"), reverse("reports:unit", args=[unit.pk]))]}


def register() -> None:
    panels.contribute(Unit, unit_links)
