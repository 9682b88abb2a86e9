"""Role assignments as `core.authority` reads them: who records an office's decisions."""

from __future__ import annotations

from typing import Any

from phongthu.accounts.models import RoleAssignment


class AssignedRoles:
    def holds(self, user: Any, roles: frozenset[str], unit_id: int) -> bool:
        """An active write assignment, with one of `roles`, on the office's own unit."""
        cache: dict[tuple[frozenset[str], int], bool] = user.__dict__.setdefault("_phongthu_authority_cache", {})
        key = (roles, unit_id)
        if key not in cache:
            cache[key] = RoleAssignment.objects.active().recording(roles).filter(user=user, unit_id=unit_id).exists()
        return cache[key]
