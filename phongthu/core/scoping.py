"""Scoped access, written once: role assignments on units become a subtree filter.

`Model.objects.restrict(user, action)` is the only way generic views, the API, form choice
fields, exports, imports and report selectors read records. After every save, services call
`assert_in_scope` inside the transaction so nobody moves a record out of their reach.

core knows no app: the unit tree and the role assignments it reads are handed over by the apps
that own them, from their `AppConfig.ready()` (`provide(...)`, like `core.authority.provide`).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.db.models import Count, Q

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
# What a declared step may write while it is performed for an office (see `acting`).
ACTING_ACTIONS = frozenset({ADD, CHANGE})

# (roles, office unit or None): set while a step is performed for an office (core.actions).
_acting: contextvars.ContextVar[tuple[frozenset[str], int | None] | None] = contextvars.ContextVar(
    "phongthu_acting", default=None
)


@contextmanager
def acting(roles: frozenset[str], unit_id: int | None = None) -> Iterator[None]:
    """While a declared step is performed for an office (`core.actions.perform`, `transition`):
    its writes (ACTING_ACTIONS) also reach the write-designated subtree of the user's *recording*
    assignments with one of the authority row's `roles` — on `unit_id`, the office's own unit,
    when given. So a council records the step its row names on the units of its level without
    holding generic CRUD write (its role grants VIEW, EXPORT, APPROVE only)."""
    token = _acting.set((frozenset(roles), unit_id) if roles else None)
    try:
        yield
    finally:
        _acting.reset(token)


def _acting_key() -> str:
    current = _acting.get()
    if current is None:
        return ""
    roles, unit_id = current
    return f"@{','.join(sorted(roles))}:{unit_id}"


_providers: dict[str, Any] = {}


def provide(
    *,
    units: Any = None,
    scope_index: Any = None,
    top_units: Callable[[], Any] | None = None,
    lineage: Any = None,
    assignments: Any = None,
) -> None:
    """Called from the owning apps' `ready()`: `units` is the unit model, `scope_index` the
    (ancestor, descendant, write) closure model of the unit tree, `top_units()` the top-level
    units in force today, `lineage` the predecessor→successor link model (units app); `assignments` the role-assignment model whose manager has
    `active().granting(action)` and `active().recording(roles)` (accounts app)."""
    given = {
        "units": units,
        "scope_index": scope_index,
        "top_units": top_units,
        "lineage": lineage,
        "assignments": assignments,
    }
    _providers.update({name: value for name, value in given.items() if value is not None})


def _provided(name: str) -> Any:
    try:
        return _providers[name]
    except KeyError:
        raise ImproperlyConfigured(f"core.scoping: no app provided {name!r} (see scoping.provide)") from None


def unit_model() -> Any:
    """The unit model (units.Unit)."""
    return _provided("units")


def scope_index() -> Any:
    """The closure model of the unit tree (units.UnitScope)."""
    return _provided("scope_index")


def lineage_model() -> Any:
    """Predecessor → successor links between units (units.LineageLink)."""
    return _provided("lineage")


def top_units() -> Any:
    """Top-level units in force today (a queryset of the unit model)."""
    return _provided("top_units")()


def grants(user: Any, action: str) -> Any:
    """The user's role assignments in force today that grant `action` (a queryset)."""
    return _provided("assignments").objects.active().granting(action).filter(user=user)


def recording(user: Any, roles: frozenset[str]) -> Any:
    """The user's assignments in force today that record an office's decisions with one of `roles`."""
    return _provided("assignments").objects.active().recording(roles).filter(user=user)


def _reach_q(held: Any) -> Q:
    with_desc = held.filter(include_descendants=True).values("unit_id")
    only_unit = held.filter(include_descendants=False).values("unit_id")
    return Q(ancestor_id__in=with_desc) | Q(ancestor_id__in=only_unit, descendant_id=models.F("ancestor_id"))


def _is_admin(user: Any) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or getattr(user, "is_system_admin", False))


def unit_scope_query(user: Any, action: str) -> models.QuerySet[Any] | None:
    """Unit ids the user may act on: None means everywhere; an empty queryset nowhere."""
    unit_scope = scope_index()
    if _is_admin(user):
        return None
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return unit_scope.objects.none().values("descendant_id")
    cache: dict[str, Any] = user.__dict__.setdefault("_phongthu_scope_cache", {})
    current = _acting.get() if action in ACTING_ACTIONS else None
    key = action + (_acting_key() if current is not None else "")
    if key in cache:
        return cache[key]
    reach = _reach_q(grants(user, action))
    if action in WRITE_ACTIONS:
        reach &= Q(write=True)
    if current is not None:
        roles, unit_id = current
        assigned = recording(user, roles)
        if unit_id is not None:
            assigned = assigned.filter(unit_id=unit_id)
        reach |= _reach_q(assigned) & Q(write=True)
    query = unit_scope.objects.filter(reach).values("descendant_id")
    cache[key] = query
    return query


# A reach of up to this many units is read into a list of ids before the records are queried: the
# planner then knows which units (and how many rows) it filters on — a commune user's search
# walked the name trigram index over the whole province when it saw only a sub-query. A wider
# reach (a national staff role) stays a sub-query.
RESOLVED_SCOPE_LIMIT = 2_000


def scope_unit_ids(user: Any, action: str) -> list[int] | models.QuerySet[Any] | None:
    """`unit_scope_query` resolved to a sorted list of unit ids when it is small (cached for the
    request's user object, like the query)."""
    query = unit_scope_query(user, action)
    if query is None or user is None or not getattr(user, "is_authenticated", False):
        return query
    cache: dict[str, Any] = user.__dict__.setdefault("_phongthu_scope_cache", {})
    key = f"{action}{_acting_key() if action in ACTING_ACTIONS else ''}:ids"
    if key not in cache:
        ids = list(query.values_list("descendant_id", flat=True).distinct()[: RESOLVED_SCOPE_LIMIT + 1])
        cache[key] = query if len(ids) > RESOLVED_SCOPE_LIMIT else sorted(ids)
    return cache[key]


def smallest_unit_holding(unit_ids: Iterable[int | None]) -> int | None:
    """The smallest unit whose reach holds every given unit (the unit itself when there is one):
    where a change spanning several units is filed, so that the auditor of any unit holding
    them all sees it. None when none is given or they share no unit."""
    ids = {i for i in unit_ids if i is not None}
    if len(ids) <= 1:
        return next(iter(ids), None)
    index = scope_index()
    common = (
        index.objects.filter(descendant_id__in=ids)
        .values("ancestor_id")
        .annotate(held=Count("descendant_id", distinct=True))
        .filter(held=len(ids))
        .values("ancestor_id")
    )
    smallest = (
        index.objects.filter(ancestor_id__in=common)
        .values("ancestor_id")
        .annotate(size=Count("descendant_id"))
        .order_by("size", "ancestor_id")
        .first()
    )
    return smallest["ancestor_id"] if smallest else None


def can(user: Any, action: str) -> bool:
    """Whether the user holds `action` anywhere (used to show or hide a button)."""
    if _is_admin(user):
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(grants(user, action).exists())


def held_actions(user: Any) -> frozenset[str]:
    """Every scope action the user holds somewhere today, in one query (menus, buttons)."""
    if _is_admin(user):
        return frozenset(ACTIONS)
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cache: dict[str, Any] = user.__dict__.setdefault("_phongthu_scope_cache", {})
    if "__held__" not in cache:
        rows = _provided("assignments").objects.active().filter(user=user)
        cache["__held__"] = frozenset(a for row in rows for a in row.actions() if a in ACTIONS)
    held: frozenset[str] = cache["__held__"]
    return held


class RestrictedQuerySet(models.QuerySet[Any]):
    def restrict(self, user: Any, action: str = VIEW) -> RestrictedQuerySet:
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        scope = scope_unit_ids(user, action)
        if scope is None:
            return self
        path: str = getattr(self.model, "unit_path", "unit")
        lookup = "pk__in_ids" if path == "self" else f"{path}__in_ids"
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
