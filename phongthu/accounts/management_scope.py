"""Who may manage users and role assignments, and which roles they may grant (issue 13).

System administrators manage everyone; province staff manage the users whose assignments lie
in their subtree and grant only roles at or below their own.
"""

from __future__ import annotations

from typing import Any

from phongthu.accounts.models import Role, RoleAssignment

# Roles a province's staff may grant (never ADMIN, never a province-wide administrator).
GRANTABLE_BY_PROVINCE = (Role.PROVINCE_STAFF, Role.REGION_STAFF, Role.COMMUNE_STAFF, Role.COUNCIL_MEMBER)


def is_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or user.is_system_admin))


def managed_units(user: Any) -> Any:
    """Assignments that make `user` a manager (province staff, entering data), in force today."""
    return RoleAssignment.objects.active().filter(user=user, role=Role.PROVINCE_STAFF, mode="ENTER")


def can_manage_users(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return is_admin(user) or managed_units(user).exists()


def grantable_roles(user: Any) -> list[tuple[str, str]]:
    if is_admin(user):
        return [(r.value, str(r.label)) for r in Role]
    if managed_units(user).exists():
        return [(r.value, str(r.label)) for r in GRANTABLE_BY_PROVINCE]
    return []
