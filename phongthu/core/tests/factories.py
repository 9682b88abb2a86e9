"""The test-factory registry: each app declares, in `<app>/tests/factories.py`, how to build a
valid record of each of its registered models inside a given unit. The inherited suite (scope
matrix, import wizard, export, history) asks `sample(config, unit)` for every registered model,
so production `CrudConfig`s carry declarations only.

    @factory(PersonCrud)
    def person(unit, *, save=True): ...
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db import models

Factory = Callable[..., models.Model]
_factories: dict[type[Any], Factory] = {}
_discovered = False


def factory(config: type[Any]) -> Callable[[Factory], Factory]:
    def register(fn: Factory) -> Factory:
        _factories[config] = fn
        return fn

    return register


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    _discovered = True
    for app in apps.get_app_configs():
        if not app.name.startswith("phongthu.") or importlib.util.find_spec(f"{app.name}.tests") is None:
            continue
        if importlib.util.find_spec(f"{app.name}.tests.factories") is not None:
            importlib.import_module(f"{app.name}.tests.factories")


def sample(config: type[Any], unit: models.Model, *, save: bool = True) -> models.Model:
    """A valid record of `config.model` belonging to `unit` (saved unless save=False)."""
    _discover()
    fn = _factories.get(config)
    if fn is None:
        raise LookupError(
            f"{config.__name__} has no test factory: add @factory({config.__name__}) to "
            f"{config.__module__.split('.')[1]}/tests/factories.py"
        )
    return fn(unit, save=save)
