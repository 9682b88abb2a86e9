"""Keep the per-unit, per-month aggregates of counted indicators live: a record's save or
delete recounts the buckets of its unit and year, in the transaction of the write."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

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
