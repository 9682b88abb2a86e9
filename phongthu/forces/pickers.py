"""How a reserve (DBĐV) unit is found in a picker (core.pickers): by name without diacritics,
among the units where the user may write (the form's action), with its managing unit."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phongthu.core import pickers
from phongthu.core.text import search_key
from phongthu.forces.models import ReserveUnit


def search(qs: Any, q: str, on: datetime.date, limit: int) -> list[ReserveUnit]:
    cond = Q()
    for token in search_key(q).split():
        cond &= Q(name_search__contains=token)
    return list(qs.filter(cond).order_by("name_sort", "pk")[: limit + 1])


def browse(qs: Any, user: Any, on: datetime.date, limit: int) -> list[ReserveUnit]:
    return list(qs.order_by("name_sort", "pk")[: limit + 1])


def label(unit: ReserveUnit, on: datetime.date) -> str:
    return str(unit.name)


def detail(unit: ReserveUnit, on: datetime.date) -> str:
    return f"{unit.get_kind_display()} · {unit.unit.name}"


def prepare(qs: Any) -> Any:
    return qs.select_related("unit")


SOURCE = pickers.declare(
    __name__,
    kind="reserve_unit",
    model=ReserveUnit,
    reads_with_view=False,
    placeholder=_("Gõ tên đơn vị dự bị động viên"),
    fallback_help=_("Nhập mã hồ sơ của đơn vị dự bị động viên."),
)
