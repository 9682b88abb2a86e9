"""Helpers shared by the activities configs."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet, Sum


def sums(queryset: QuerySet[Any], labelled: list[tuple[str, str]]) -> list[tuple[str, Any]]:
    """[(label, field)] → [(label, Sum(field))] in one query; None shows as 0."""
    totals = queryset.aggregate(**{f"f{i}": Sum(name) for i, (_label, name) in enumerate(labelled)})
    return [(label, totals[f"f{i}"] or 0) for i, (label, _name) in enumerate(labelled)]
