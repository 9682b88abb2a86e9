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
from phongthu.units.models import Unit
from phongthu.units.models import valid_on as in_force

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


def valid_on(qs: Any, on: datetime.date) -> Any:
    return qs.filter(in_force(on))


def communes(user: Any, action: str) -> Any:
    """Any commune in force: where a citizen may move to is not the mover's reach (unit names are
    public); the move's date narrows it further."""
    return Unit.objects.filter(level=Level.COMMUNE)


def new_parents(user: Any, action: str) -> Any:
    """Where a unit may be moved under: the units this user administers (unit master data)."""
    from phongthu.units import services

    reach = services.admin_reach(user)
    units = Unit.objects.all() if reach is None else Unit.objects.filter(pk__in=reach)
    return units.filter(level__in=[Level.PROVINCE, Level.REGION, Level.DISTRICT, Level.COMMUNE])


SOURCE = pickers.declare(
    __name__,
    kind="unit",
    model=Unit,
    reads_with_view=False,
    placeholder=_("Gõ tên đơn vị (có dấu hoặc không)"),
    fallback_help=_("Nhập mã hồ sơ của đơn vị."),
    choices={"communes": communes, "new_parents": new_parents},
)
