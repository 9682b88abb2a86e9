"""List filters of the person registry that are not plain model fields.

`Person.objects.filter(unit=<id>)` means "lives anywhere in that unit's subtree (through the
UnitScope reach index)"; `birth_year`, `registration_status`, `ground`, `health_class` and
`education` reach into the military-service file. The generic list view filters with
`queryset.filter(**{name: value})` and labels its selects through `CrudConfig.field(name)`, so
each filter here is also a small field-like object (verbose name and choices).
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

NO_REGISTRATION = "NONE"
BELOW_GRADE_8 = "lt8"


def _int(value: Any) -> int | None:
    text = str(value).strip()
    return int(text) if text.isdigit() else None


def _unit_q(value: Any) -> Q:
    from phongthu.units.models import UnitScope

    unit_id = _int(value)
    if unit_id is None:
        return Q(pk__in=[])
    return Q(residence_unit__in=UnitScope.objects.filter(ancestor_id=unit_id).values("descendant_id"))


def _birth_year_q(value: Any) -> Q:
    year = _int(value)
    if year is None or not 1900 <= year <= 2200:
        return Q(pk__in=[])
    return Q(date_of_birth__gte=datetime.date(year, 1, 1), date_of_birth__lte=datetime.date(year, 12, 31))


def _status_q(value: Any) -> Q:
    if value == NO_REGISTRATION:
        # NOT EXISTS plans as an anti-join; "registration IS NULL" on the select_related outer
        # join misleads PostgreSQL's estimates (measured: 10 s instead of 0.3 s at 1M people).
        from django.apps import apps

        registration = apps.get_model("military_service", "MilitaryServiceRegistration")
        return ~Q(Exists(registration.objects.filter(person_id=OuterRef("pk"))))
    return Q(registration__status=value)


def _ground_q(value: Any) -> Q:
    """Grounds in force today (no end date, or ending today or later)."""
    today = datetime.date.today()
    return Q(registration__grounds__code=value) & (
        Q(registration__grounds__valid_until__isnull=True) | Q(registration__grounds__valid_until__gte=today)
    )


def _health_q(value: Any) -> Q:
    return Q(registration__health_class=_int(value) or 0)


def _education_q(value: Any) -> Q:
    if value == BELOW_GRADE_8:
        return Q(education_grade__lt=8)
    grade = _int(value)
    return Q(education_grade=grade) if grade is not None else Q(pk__in=[])


def _unit_choices() -> list[tuple[str, str]]:
    """The province, each defense region and the communes under it (military tree, today),
    read in three queries."""
    from phongthu.units.choices import Hierarchy
    from phongthu.units.models import Unit, UnitLink, valid_on
    from phongthu.units.selectors import roots

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


def _status_choices() -> list[tuple[str, str]]:
    from phongthu.military_service.choices import RegistrationStatus

    return [(NO_REGISTRATION, str(_("Chưa có hồ sơ NVQS"))), *((k, str(v)) for k, v in RegistrationStatus.choices)]


def _ground_choices() -> list[tuple[str, str]]:
    from phongthu.military_service.choices import GroundCode

    return [(k, str(v)) for k, v in GroundCode.choices]


def _health_choices() -> list[tuple[str, str]]:
    return [(str(n), str(_("Loại %(n)d")) % {"n": n}) for n in range(1, 7)]


def _education_choices() -> list[tuple[str, str]]:
    return [(BELOW_GRADE_8, str(_("Dưới lớp 8"))), *((str(g), f"{g}/12") for g in range(12, -1, -1))]


CHOICES_TTL = 60.0  # seconds: the unit tree changes rarely, a list page asks twice per request


@dataclass
class VirtualFilter:
    """Quacks like a model field where the generic list view needs one (label, choices)."""

    name: str
    verbose_name: Any
    condition: Callable[[Any], Q]
    choices_fn: Callable[[], list[tuple[str, str]]]
    blank: bool = True
    is_relation: bool = False
    _cached: tuple[float, list[tuple[str, str]]] | None = field(default=None, repr=False)

    @property
    def choices(self) -> list[tuple[str, str]]:
        now = time.monotonic()
        if self._cached is None or now - self._cached[0] > CHOICES_TTL:
            self._cached = (now, self.choices_fn())
        return self._cached[1]

    @property
    def flatchoices(self) -> list[tuple[str, str]]:
        return self.choices

    def get_internal_type(self) -> str:
        return "CharField"


PERSON_FILTERS: dict[str, VirtualFilter] = {
    f.name: f
    for f in (
        VirtualFilter("unit", _("đơn vị (gồm trực thuộc)"), _unit_q, _unit_choices),
        VirtualFilter("birth_year", _("năm sinh"), _birth_year_q, _birth_year_choices),
        VirtualFilter("registration_status", _("trạng thái đăng ký NVQS"), _status_q, _status_choices),
        VirtualFilter("ground", _("diện tạm hoãn, miễn"), _ground_q, _ground_choices),
        VirtualFilter("education", _("trình độ văn hóa"), _education_q, _education_choices),
        VirtualFilter("health_class", _("phân loại sức khỏe"), _health_q, _health_choices),
    )
}


ORDER_KEYS = {"registration_status": "registration__status", "health_class": "registration__health_class"}


def order_key(name: Any) -> Any:
    """Sorting by a virtual column sorts by the field behind it."""
    if not isinstance(name, str):
        return name
    bare = name.lstrip("-")
    return name[: len(name) - len(bare)] + ORDER_KEYS[bare] if bare in ORDER_KEYS else name


def is_text_search(args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """Whether a filter call is a substring search (the list view's `q`)."""

    def lookups(node: Any) -> Iterator[str]:
        if isinstance(node, Q):
            for child in node.children:
                yield from lookups(child)
        elif isinstance(node, tuple) and node and isinstance(node[0], str):
            yield node[0]

    names = [*kwargs, *(name for arg in args for name in lookups(arg))]
    return any(name.endswith(("__contains", "__icontains")) for name in names)


def sort_expression(key: Any) -> Any:
    """The name ordering as an expression no index serves (for small, searched results)."""
    from django.db.models import BinaryField, F, Value
    from django.db.models.functions import Coalesce

    if not isinstance(key, str) or key.lstrip("-") != "name_sort":
        return key
    expression = Coalesce(F("name_sort"), Value(b"", output_field=BinaryField()))
    return expression.desc() if key.startswith("-") else expression.asc()


def translate(kwargs: dict[str, Any]) -> tuple[list[Q], dict[str, Any]]:
    """Split filter kwargs into conditions for the virtual filters and plain lookups."""
    conditions: list[Q] = []
    plain: dict[str, Any] = {}
    for key, value in kwargs.items():
        virtual = PERSON_FILTERS.get(key)
        if virtual is None:
            plain[key] = value
        else:
            conditions.append(virtual.condition(value))
    return conditions, plain
