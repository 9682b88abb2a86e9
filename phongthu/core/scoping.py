"""Scoped access, written once: role assignments on units become a subtree filter.

`Model.objects.restrict(user, action)` is the only way generic views, the API, form choice
fields, exports, imports and report selectors read records. After every save, services call
`assert_in_scope` inside the transaction so nobody moves a record out of their reach.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q

VIEW = "view"
ADD = "add"
CHANGE = "change"
DELETE = "delete"
EXPORT = "export"
IMPORT = "import"
APPROVE = "approve"
AUDIT = "audit"
UNIT_ADMIN = "unit_admin"  # unit master data: names, dates, links, lineage, defense regions
ACTIONS = (VIEW, ADD, CHANGE, DELETE, EXPORT, IMPORT, APPROVE, AUDIT, UNIT_ADMIN)
# Writes reach an old unit shared by several successors only through the designated one
# (UnitScope.write); reads keep the full reach.
WRITE_ACTIONS = frozenset({ADD, CHANGE, DELETE, IMPORT})


def _is_admin(user: Any) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or getattr(user, "is_system_admin", False))


def unit_scope_query(user: Any, action: str) -> models.QuerySet[Any] | None:
    """Unit ids the user may act on: None means everywhere; an empty queryset nowhere."""
    unit_scope = apps.get_model("units", "UnitScope")
    if _is_admin(user):
        return None
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return unit_scope.objects.none().values("descendant_id")
    cache: dict[str, Any] = user.__dict__.setdefault("_phongthu_scope_cache", {})
    if action in cache:
        return cache[action]
    assignment = apps.get_model("accounts", "RoleAssignment")
    grants = assignment.objects.active().granting(action).filter(user=user)
    with_desc = grants.filter(include_descendants=True).values("unit_id")
    only_unit = grants.filter(include_descendants=False).values("unit_id")
    reach = Q(ancestor_id__in=with_desc) | Q(ancestor_id__in=only_unit, descendant_id=models.F("ancestor_id"))
    if action in WRITE_ACTIONS:
        reach &= Q(write=True)
    query = unit_scope.objects.filter(reach).values("descendant_id")
    cache[action] = query
    return query


def can(user: Any, action: str) -> bool:
    """Whether the user holds `action` anywhere (used to show or hide a button)."""
    if _is_admin(user):
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    assignment = apps.get_model("accounts", "RoleAssignment")
    return bool(assignment.objects.active().granting(action).filter(user=user).exists())


class RestrictedQuerySet(models.QuerySet[Any]):
    def restrict(self, user: Any, action: str = VIEW) -> RestrictedQuerySet:
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        scope = unit_scope_query(user, action)
        if scope is None:
            return self
        path: str = getattr(self.model, "unit_path", "unit")
        lookup = "pk__in" if path == "self" else f"{path}__in"
        condition = Q(**{lookup: scope})
        extra = getattr(self.model, "scope_extra_q", None)
        if extra is not None:
            condition |= extra(user, action, scope)
        return self.filter(condition)


def assert_in_scope(obj: models.Model, user: Any, action: str) -> None:
    """Re-check inside the transaction, after the save: is the record still in reach?"""
    if _is_admin(user):
        return
    manager = type(obj)._default_manager
    if not manager.filter(pk=obj.pk).restrict(user, action).exists():  # type: ignore[attr-defined]
        raise PermissionDenied("Bản ghi nằm ngoài phạm vi đơn vị được giao cho bạn.")
