"""Roll figures up the tree of a chosen date, carrying old units' records along lineage.

A record kept against a pre-2025 commune counts, under today's map, in the commune that
replaced it; for a split commune, in its designated successor unless the user re-attributed
that record (`Reattribution`). Counting is one GROUP BY in the database; the mapping of a few
thousand unit ids is done in Python.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, QuerySet

from phongthu.core import scoping
from phongthu.core.models import ScopedModel
from phongthu.units import selectors
from phongthu.units.choices import Hierarchy
from phongthu.units.models import Reattribution, Unit, UnitLink, valid_on

if TYPE_CHECKING:
    from phongthu.accounts.models import User


def current_unit_map(unit_ids: set[int], *, on: datetime.date) -> dict[int, int]:
    """unit id → the unit that holds its figures on `on` (itself if it still exists)."""
    valid = set(Unit.objects.filter(valid_on(on), pk__in=unit_ids).values_list("pk", flat=True))
    successor = selectors.designated_successor_map()
    return {uid: (uid if uid in valid else successor.get(uid, uid)) for uid in unit_ids}


def _child_of(parent: Unit, *, on: datetime.date, hierarchy: str) -> dict[int, int]:
    """descendant id (on `on`) → the child of `parent` it lies under."""
    result: dict[int, int] = {}
    links = UnitLink.objects.filter(valid_on(on), hierarchy=hierarchy)
    for child in selectors.children(parent, on=on, hierarchy=hierarchy):
        frontier = {child.pk}
        result[child.pk] = child.pk
        while frontier:
            nxt = set(links.filter(parent_id__in=frontier).values_list("child_id", flat=True)) - set(result)
            for n in nxt:
                result[n] = child.pk
            frontier = nxt
    return result


def rollup_counts(
    queryset: QuerySet[Any], *, unit_path: str, parent: Unit, on: datetime.date, hierarchy: str = Hierarchy.CIVIL
) -> dict[int, int]:
    """Count records per child of `parent` as the tree stood on `on` (records of old units
    follow their lineage). Returns {child unit id: count}; records outside are dropped."""
    counts = Counter({row[unit_path]: row["n"] for row in queryset.values(unit_path).annotate(n=Count("pk"))})
    overrides = list(
        Reattribution.objects.filter(
            content_type=ContentType.objects.get_for_model(queryset.model),
            object_id__in=[str(pk) for pk in queryset.values_list("pk", flat=True)],
        ).values_list("object_id", "to_unit_id")
    )
    if overrides:
        original = dict(queryset.filter(pk__in=[o for o, _u in overrides]).values_list("pk", unit_path))
        for object_id, to_unit in overrides:
            counts[original[int(object_id) if object_id.isdigit() else object_id]] -= 1
            counts[to_unit] += 1
    mapping = current_unit_map({u for u in counts if u is not None}, on=on)
    under = _child_of(parent, on=on, hierarchy=hierarchy)
    result: Counter[int] = Counter()
    for unit_id, n in counts.items():
        if unit_id is None or n == 0:
            continue
        child = under.get(mapping.get(unit_id, unit_id))
        if child is not None:
            result[child] += n
    return dict(result)


@transaction.atomic
def reattribute(*, obj: ScopedModel, to_unit: Unit, actor: User, reason: str = "") -> Reattribution:
    """Count one record of a split unit under another successor; only among its successors."""
    from django.core.exceptions import ValidationError

    scoping.assert_in_scope(obj, actor, scoping.CHANGE)
    unit_id = obj.owning_unit_id()
    if unit_id is None:
        raise ValidationError({"to_unit": "Bản ghi chưa gắn với đơn vị nào: hãy chọn đơn vị cho bản ghi trước."})
    allowed = set(selectors.successors(Unit.objects.get(pk=unit_id)).values_list("pk", flat=True))
    if to_unit.pk not in allowed:
        raise ValidationError({"to_unit": "Chỉ được tính số liệu vào một trong các đơn vị kế thừa của đơn vị cũ."})
    record, _created = Reattribution.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        defaults={"to_unit": to_unit, "reason": reason},
    )
    return record
