"""How a citizen is found in a picker (core.pickers): by name without diacritics, CCCD (whole
or part) and year of birth, in any order ("nguyen van an 2005", "0310…"), within the user's reach.

Fast at a million people: the matches are read unordered up to `SORT_CAP` (served by the
trigram indexes on PostgreSQL, people/migrations/0003) and those are sorted the Vietnamese way.
When more match (a common name), the first `limit` of them are shown with "type more": any 20
of 400,000 "Nguyễn" are as good as the alphabetically first, which would cost a walk through
half the name index."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phongthu.core import pickers
from phongthu.core.text import search_key
from phongthu.people.filters import birth_year_q
from phongthu.people.models import Person

SORT_CAP = 300
ORDER = ("name_sort", "date_of_birth", "pk")


def condition(q: str) -> Q | None:
    """The filter for what was typed, or None when nothing searchable was typed."""
    cond = Q()
    found = False
    for token in search_key(q).split():
        if token.isdigit():
            if len(token) == 4 and 1900 <= int(token) <= 2200:
                cond &= birth_year_q(int(token))
            elif len(token) == 12:
                cond &= Q(id_number=token)
            elif len(token) >= 3:
                cond &= Q(id_number__contains=token)
            else:
                continue
            found = True
        elif len(token) >= 1:
            cond &= Q(name_search__contains=token)
            found = True
    return cond if found else None


def search(qs: Any, q: str, on: datetime.date, limit: int) -> list[Person]:
    cond = condition(q)
    if cond is None:
        return []
    # Unordered, the database stops after SORT_CAP + 1 matches found the cheapest way; walking
    # the name index instead reads half the province before the first "Nguyễn" (7.9 s).
    ids = list(qs.filter(cond).order_by().values_list("pk", flat=True)[: SORT_CAP + 1])
    # More than `limit` found (always so above the cap): the picker says "type more".
    return list(qs.filter(pk__in=ids[:SORT_CAP]).order_by(*ORDER)[: limit + 1])


def resolve(qs: Any, raw: str) -> Person | None:
    """Without JavaScript a person may be named by the 12-digit CCCD as well as by id."""
    text = raw.strip()
    if len(text) == 12 and text.isdigit():
        found: Person | None = qs.filter(id_number=text).first()
        return found
    return None


def label(person: Person, on: datetime.date) -> str:
    return str(person.full_name)


def detail(person: Person, on: datetime.date) -> str:
    parts = [person.date_of_birth.strftime("%d/%m/%Y")]
    if person.residence_unit_id is not None:
        parts.append(person.residence_unit.name)
    if person.id_number:
        parts.append(f"CCCD {person.id_number}")
    return " · ".join(parts)


def prepare(qs: Any) -> Any:
    return qs.select_related(None).select_related("residence_unit")


SOURCE = pickers.declare(
    __name__,
    kind="person",
    model=Person,
    reads_with_view=True,
    placeholder=_("Gõ tên (có dấu hoặc không), số CCCD hoặc năm sinh"),
    fallback_help=_("Nhập số CCCD (12 chữ số) hoặc mã hồ sơ của công dân."),
)
