"""Template tests of reach, so a page links only where the user may go."""

from __future__ import annotations

from typing import Any

from django import template

from phongthu.core import scoping

register = template.Library()


@register.filter
def unit_in_scope(unit: Any, user: Any) -> bool:
    """The unit is in the user's own view scope (ancestors shown for orientation are not)."""
    if unit is None:
        return False
    scope = scoping.unit_scope_query(user, scoping.VIEW)
    return scope is None or scope.filter(descendant_id=unit.pk).exists()
