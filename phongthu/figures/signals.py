"""Keep the per-unit, per-month aggregates of counted indicators live: a record's save or
delete recounts the buckets of its unit and year, in the transaction of the write."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from phongthu.core.audit import bulk_written
from phongthu.figures import engine
from phongthu.figures.registry import Indicator, all_indicators


@cache
def _by_model() -> dict[str, list[Indicator]]:
    out: dict[str, list[Indicator]] = {}
    for ind in all_indicators():
        c = ind.counted
        if c is not None and c.summable:
            out.setdefault(c.model.lower(), []).append(ind)
    return out


def _indicators(sender: Any) -> list[Indicator]:
    return _by_model().get(sender._meta.label_lower, [])


def _keys(indicators: list[Indicator], obj: Any) -> set[tuple[int, int]]:
    keys = set()
    for ind in indicators:
        unit_id, year = engine.bucket_key(ind, obj)
        if unit_id is not None and year is not None:
            keys.add((unit_id, year))
    return keys


@receiver(pre_save, dispatch_uid="figures_pre_save")
def _before(sender: Any, instance: Any, raw: bool, **kw: Any) -> None:
    indicators = _indicators(sender)
    if raw or not indicators or instance.pk is None:
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    instance._figures_before = _keys(indicators, previous) if previous is not None else set()


def _refresh(sender: Any, keys: set[tuple[int, int]]) -> None:
    if not keys:
        return
    units = {u for u, _y in keys}
    years = {y for _u, y in keys}
    with transaction.atomic():
        engine.refresh_many(_indicators(sender), units, years)


@receiver(post_save, dispatch_uid="figures_post_save")
def _after_save(sender: Any, instance: Any, raw: bool, **kw: Any) -> None:
    indicators = _indicators(sender)
    if raw or not indicators:
        return
    _refresh(sender, _keys(indicators, instance) | getattr(instance, "_figures_before", set()))


@receiver(post_delete, dispatch_uid="figures_post_delete")
def _after_delete(sender: Any, instance: Any, **kw: Any) -> None:
    indicators = _indicators(sender)
    if indicators:
        _refresh(sender, _keys(indicators, instance))


@receiver(post_save, sender="core.ObjectChange", dispatch_uid="figures_after_transition")
def _after_transition(sender: Any, instance: Any, created: bool, raw: bool, **kw: Any) -> None:
    """A status change (`core.transitions`) writes with `update()`, not `save()`: its audit row
    is the signal that the record's buckets must be recounted, in the same transaction."""
    if raw or not created or instance.action != "transition":
        return
    model = instance.content_type.model_class()
    indicators = _indicators(model) if model is not None else []
    if not indicators:
        return
    obj = model._default_manager.filter(pk=instance.object_id).first()
    if obj is not None:
        _refresh(model, _keys(indicators, obj))


def _snapshot_key(c: Any, snap: dict[str, Any]) -> tuple[int | None, int | None]:
    """(unit, year) of a record as its audit snapshot had it (direct fields only: a nested path
    such as the campaign's year does not change by updating the record itself)."""
    unit_id = snap.get(f"{c.unit_field}_id") if "__" not in c.unit_field else None
    day = snap.get(c.date_field) if c.date_field else None
    year = snap.get(c.year_field) if c.year_field and "__" not in c.year_field else None
    return unit_id, int(str(day)[:4]) if day else (int(year) if year is not None else None)


@receiver(bulk_written, dispatch_uid="figures_bulk_written")
def _after_bulk(sender: Any, pks: Any, before: list[dict[str, Any]] | None = None, **kw: Any) -> None:
    """Imports and bulk writes (`core.audit.bulk_written`): recount the buckets of the units and
    years the written records fall in now (one grouped query per way of placing them) and, for
    an update, fell in before, in the writing transaction."""
    indicators = _indicators(sender)
    if not indicators or (isinstance(pks, list) and not pks):
        return
    units: set[int] = set()
    years: set[int] = set()
    shapes: dict[tuple[str, str, str], Any] = {}
    for ind in indicators:
        assert ind.counted is not None
        shapes.setdefault((ind.counted.unit_field, ind.counted.date_field, ind.counted.year_field), ind.counted)
    for (unit_field, _d, _y), c in shapes.items():
        year, _month = engine.bucket_values(c)
        qs = sender._default_manager.filter(pk__in=pks).annotate(_fy=year)
        for unit_id, y in qs.values_list(unit_field, "_fy").distinct().order_by():
            units.add(unit_id)
            years.add(y)
        for snap in before or ():
            u, y = _snapshot_key(c, snap)
            units.add(u)  # type: ignore[arg-type]
            years.add(y)  # type: ignore[arg-type]
    units.discard(None)  # type: ignore[arg-type]
    years.discard(None)  # type: ignore[arg-type]
    if units and years:
        with transaction.atomic():
            engine.refresh_many(indicators, units, years)
