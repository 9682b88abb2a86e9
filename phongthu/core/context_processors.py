from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from phongthu.core.crud import registry


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    groups: dict[str, list[Any]] = {}
    for config in registry.values():
        groups.setdefault(str(config.model._meta.app_config.verbose_name), []).append(config)
    from phongthu.core.pages import current_unit

    unit = current_unit(request)
    return {"nav_groups": sorted(groups.items()), "current_unit": unit}
