"""Who may manage users and role assignments, and which roles they may grant (issue 13).

System administrators manage everyone; province staff manage the users whose assignments lie
in their subtree and grant only roles at or below their own.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from phongthu.accounts.models import Role, RoleAssignment, User
from phongthu.core import scoping

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


def unit_reach(user: Any) -> Any:
    """Unit ids a manager may grant roles on: everywhere (None) for administrators, else the
    subtrees of their province staff assignments."""
    if is_admin(user):
        return None
    index = scoping.scope_index()
    return index.objects.filter(ancestor_id__in=managed_units(user).values("unit_id")).values("descendant_id")


def managed_users(manager: Any) -> Any:
    """The users a manager sees: all for administrators; for province staff, the users holding
    an assignment in their subtree, never a system administrator."""
    users = User.objects.all()
    if is_admin(manager):
        return users
    reach = unit_reach(manager)
    in_reach = RoleAssignment.objects.filter(unit_id__in=reach).values("user_id")
    return users.filter(pk__in=in_reach, is_system_admin=False, is_superuser=False)


def grantable_units(manager: Any) -> Any:
    from django.utils import timezone

    units = scoping.unit_model().objects.filter(level__in=["PROVINCE", "REGION", "COMMUNE"])
    day = timezone.localdate()
    units = units.filter(
        models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day),
        models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
    )
    reach = unit_reach(manager)
    if reach is not None:
        units = units.filter(pk__in=reach)
    return units.order_by("level", "name_sort")
