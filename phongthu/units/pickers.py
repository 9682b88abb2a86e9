"""How a unit is found in a picker (core.pickers): by name without diacritics or by code,
among the units in the user's write reach that are in force on the form's date; before anything
is typed, the user's own level first (a commune's staff see their commune first)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from phongthu.core import pickers
from phongthu.core.text import search_key
from phongthu.units.choices import Level
from phongthu.units.models import Unit, valid_on

LEVEL_ORDER = [Level.PROVINCE, Level.REGION, Level.DISTRICT, Level.COMMUNE, Level.VILLAGE, Level.AGENCY]


def _ordered(qs: Any) -> Any:
    rank = Case(
        *(When(level=level, then=Value(i)) for i, level in enumerate(LEVEL_ORDER)),
        default=Value(len(LEVEL_ORDER)),
        output_field=IntegerField(),
    )
    return qs.annotate(level_rank=rank).order_by("level_rank", "name_sort", "pk")


def search(qs: Any, q: str, on: datetime.date, limit: int) -> list[Unit]:
    text = q.strip()
    cond = Q()
    for token in search_key(text).split():
        cond &= Q(name_search__contains=token)
    if text.isdigit():
        cond = Q(code=text) | cond
    return list(_ordered(qs.filter(cond))[: limit + 1])


def browse(qs: Any, user: Any, on: datetime.date, limit: int) -> list[Unit]:
    return list(_ordered(qs)[: limit + 1])


def label(unit: Unit, on: datetime.date) -> str:
    return unit.choice_label(on) if not unit.is_valid_on(on) else str(unit.name)


def detail(unit: Unit, on: datetime.date) -> str:
    return str(unit.get_level_display())


def register() -> None:
    pickers.register(
        pickers.Source(
            kind="unit",
            model=Unit,
            search=search,
            label=label,
            detail=detail,
            valid_on=lambda qs, on: qs.filter(valid_on(on)),
            browse=browse,
            reads_with_view=False,
            placeholder=_("Gõ tên đơn vị (có dấu hoặc không)"),
            fallback_help=_("Nhập mã hồ sơ của đơn vị."),
        )
    )
