"""Writes to the unit tree. Every write that changes reach rebuilds the scope index."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db import transaction

from phongthu.units.choices import LineageKind
from phongthu.units.models import LineageEvent, LineageLink, Unit, UnitLink, UnitScope


@transaction.atomic
def rebuild_scope() -> int:
    """Recompute the reach index: descendants at any time, plus predecessors' reach."""
    children: dict[int, set[int]] = defaultdict(set)
    for parent_id, child_id in UnitLink.objects.values_list("parent_id", "child_id"):
        children[parent_id].add(child_id)
    preds: dict[int, set[int]] = defaultdict(set)
    for pred_id, succ_id in LineageLink.objects.values_list("predecessor_id", "successor_id"):
        preds[succ_id].add(pred_id)
    memo: dict[int, frozenset[int]] = {}

    def reach(uid: int, stack: frozenset[int]) -> frozenset[int]:
        if uid in memo:
            return memo[uid]
        acc = {uid}
        for nxt in children[uid] | preds[uid]:
            if nxt not in stack:
                acc |= reach(nxt, stack | {uid})
        result = frozenset(acc)
        memo[uid] = result
        return result

    UnitScope.objects.all().delete()
    rows: list[UnitScope] = []
    total = 0
    for uid in Unit.objects.values_list("pk", flat=True):
        for d in reach(uid, frozenset()):
            rows.append(UnitScope(ancestor_id=uid, descendant_id=d))
        if len(rows) > 20000:
            UnitScope.objects.bulk_create(rows, batch_size=5000)
            total += len(rows)
            rows = []
    UnitScope.objects.bulk_create(rows, batch_size=5000)
    return total + len(rows)


@transaction.atomic
def unit_create(*, parent: Unit | None, hierarchy: str = "CIVIL", rebuild: bool = True, **fields: Any) -> Unit:
    unit = Unit(**fields)
    unit.full_clean()
    unit.save()
    if parent is not None:
        UnitLink.objects.create(child=unit, parent=parent, hierarchy=hierarchy, valid_from=unit.valid_from)
    if rebuild:
        rebuild_scope()
    return unit


@transaction.atomic
def record_lineage(
    *,
    kind: str,
    date: datetime.date,
    predecessors: list[Unit],
    successors: list[Unit],
    legal_basis: str = "",
    designated: Unit | None = None,
    rebuild: bool = True,
) -> LineageEvent:
    """Record a merge/split/rename; predecessors end the day before `date`."""
    event = LineageEvent.objects.create(kind=kind, date=date, legal_basis=legal_basis)
    for pred in predecessors:
        for succ in successors:
            is_designated = designated is None or succ == designated or kind != LineageKind.SPLIT
            LineageLink.objects.create(event=event, predecessor=pred, successor=succ, designated=is_designated)
        if pred not in successors and (pred.valid_to is None or pred.valid_to >= date):
            pred.valid_to = date - datetime.timedelta(days=1)
            pred.save(update_fields=["valid_to"])
    if rebuild:
        rebuild_scope()
    return event
