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
    merged: dict[str, Any] = {}
    for context in _panels.get(type(obj), []):
        merged.update(context(obj, request))
    return merged
