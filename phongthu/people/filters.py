"""List filters of the person registry that are not plain model fields, declared as a FilterSet
the core filter layer extends (core/filtering.py adds `within`, `q`, `sex`, ...).

`unit` covers the unit's whole subtree (like `within`); `birth_year` by year of birth;
`education` has "below grade 8". The filters reaching into the military-service file
(`registration_status`, `ground`, `health_class`) are added by military_service from its
`ready()` (`core.filtering.contribute`), since people may not import military_service.
Each value is validated: a bad one is a message, not a 500.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phongthu.core.filtering import (
    ExactChoiceFilter,
    IntegerFilter,
    RecordFilterSet,
    UnitSubtreeFilter,
    cached_choices,
)
from phongthu.units.choices import Hierarchy
from phongthu.units.models import Unit, UnitLink, valid_on
from phongthu.units.selectors import roots

BELOW_GRADE_8 = "lt8"


def birth_year_q(year: int) -> Q:
    """Born in `year`, as a date range the (residence_unit, date_of_birth) index serves."""
    return Q(date_of_birth__gte=datetime.date(year, 1, 1), date_of_birth__lte=datetime.date(year, 12, 31))


def _education_q(value: Any) -> Q:
    if value == BELOW_GRADE_8:
        return Q(education_grade__lt=8)
    return Q(education_grade=int(value))  # a validated choice: "0".."12"


def _unit_choices() -> list[tuple[str, str]]:
    """The province, each defense region and the communes under it (military tree, today),
    read in three queries."""
    day = datetime.date.today()
    links = UnitLink.objects.filter(valid_on(day), hierarchy=Hierarchy.MILITARY).values_list("parent_id", "child_id")
    kids: dict[int, list[int]] = {}
    for parent, child in links:
        kids.setdefault(parent, []).append(child)
    ids = {c for cs in kids.values() for c in cs}
    names = dict(Unit.objects.filter(valid_on(day), pk__in=ids).order_by("name_sort").values_list("pk", "name"))
    order = {pk: i for i, pk in enumerate(names)}
    result: list[tuple[str, str]] = []
    for province in roots(on=day):
        result.append((str(province.pk), province.name))
        for region in sorted((r for r in kids.get(province.pk, []) if r in names), key=order.__getitem__):
            result.append((str(region), f"— {names[region]}"))
            for commune in sorted((c for c in kids.get(region, []) if c in names), key=order.__getitem__):
                result.append((str(commune), f"— — {names[commune]}"))
    return result


def _birth_year_choices() -> list[tuple[str, str]]:
    this_year = datetime.date.today().year
    return [(str(y), str(y)) for y in range(this_year - 16, this_year - 46, -1)]


def _education_choices() -> list[tuple[str, str]]:
    return [(BELOW_GRADE_8, str(_("Dưới lớp 8"))), *((str(g), f"{g}/12") for g in range(12, -1, -1))]


def by_condition(condition: Any) -> Any:
    """A filter method applying `condition(value)` (django-filter skips empty values)."""

    def method(qs: Any, name: str, value: Any) -> Any:
        return qs.filter(condition(value))

    return method


class PersonFilterSet(RecordFilterSet):
    unit = UnitSubtreeFilter(
        unit_path="residence_unit", label=_("đơn vị (gồm trực thuộc)"), choices=cached_choices(_unit_choices)
    )
    birth_year = IntegerFilter(
        label=_("năm sinh"),
        min_value=1900,
        max_value=2200,
        choices=cached_choices(_birth_year_choices),
        method=by_condition(birth_year_q),
    )
    education = ExactChoiceFilter(
        label=_("trình độ văn hóa"), choices=_education_choices, method=by_condition(_education_q)
    )
