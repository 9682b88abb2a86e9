"""Detail-page panels another app contributes: the person page shows the NVQS file, but
`people` may not import `military_service`, so military_service registers its panel here from
its `AppConfig.ready()` and the generic detail view merges every panel's context."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.http import HttpRequest

PanelContext = Callable[[Any, HttpRequest], dict[str, Any]]

_panels: dict[type[models.Model], list[PanelContext]] = {}


def contribute(model: type[models.Model], context: PanelContext) -> None:
    """`context(obj, request)` returns extra template context for `model`'s detail page."""
    if context not in _panels.setdefault(model, []):
        _panels[model].append(context)


def context_for(obj: models.Model, request: HttpRequest) -> dict[str, Any]:
    """Panels' contexts merged; `panel_links` ([(label, url)], buttons the detail page's title bar
    shows, e.g. the unit page's "Báo cáo") add up across apps instead of replacing each other."""
    merged: dict[str, Any] = {}
    links: list[tuple[str, str]] = []
    for context in _panels.get(type(obj), []):
        extra = dict(context(obj, request))
        links += extra.pop("panel_links", [])
        merged.update(extra)
    if links:
        merged["panel_links"] = links
    return merged
