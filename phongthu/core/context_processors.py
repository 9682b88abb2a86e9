from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from phongthu.core.crud import registry
from phongthu.core.current_unit import current_unit


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    groups: dict[str, list[Any]] = {}
    for config in registry.values():
        groups.setdefault(str(config.model._meta.app_config.verbose_name), []).append(config)
    unit = current_unit(request, from_request=False)
    return {"nav_groups": sorted(groups.items()), "current_unit": unit}
