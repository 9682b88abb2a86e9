"""Figures a model adds to a unit's year view, besides the count of its records (trainees,
person-turns, days of training...). `CrudConfig.year_lookup` declares that a model is on the year
view; its figures are functions in `<app>/year_figures.py`, registered here per config:

    @year_figures(CourseCrud)
    def course(queryset):           # the scoped records of the unit and year
        return [("Số lượt người được bồi dưỡng", ...)]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Figures = Callable[[Any], list[tuple[str, Any]]]
_figures: dict[type[Any], Figures] = {}
_discovered = False


def year_figures(config: type[Any]) -> Callable[[Figures], Figures]:
    def register(fn: Figures) -> Figures:
        _figures[config] = fn
        return fn

    return register


def figures_for(config: type[Any], queryset: Any) -> list[tuple[str, Any]]:
    """The extra figures of `config` for an already scoped queryset ([] when it declares none)."""
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("year_figures")
        _discovered = True
    fn = _figures.get(config)
    return fn(queryset) if fn is not None else []
