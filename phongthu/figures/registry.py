"""The indicator catalogue: every figure a report states, declared once in code.

Domain apps declare their indicators in `<app>/indicators.py` (autodiscovered, like
`year_figures.py`); the engine imports no domain app. An indicator is

- *counted* from records (`Counted`: model label, filter, aggregate, date and unit fields),
- *entered* as an aggregate value per (unit, period) in a data set (`entry=True`), or
- *derived* from other indicators (`Derived`: ratio, percentage, difference, x/y coverage).

A counted indicator may also accept entered values for (unit, period)s without records; one
source stands per (unit, period) — see `selectors`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field
from enum import StrEnum
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Source(StrEnum):
    COUNTED = "counted"
    ENTERED = "entered"
    DERIVED = "derived"
    # a parent's value where some units below count records and others entered an aggregate:
    # the sum of each one's own source (never both for one unit)
    MIXED = "mixed"


SOURCE_LABELS = {
    Source.COUNTED: _("từ sổ sách"),
    Source.ENTERED: _("nhập tổng hợp"),
    Source.DERIVED: _("tính toán"),
    Source.MIXED: _("hỗn hợp: từ sổ sách và nhập tổng hợp"),
}

# Disaggregation dimensions and their fixed options (code → Vietnamese label).
DIMENSIONS: dict[str, tuple[str, dict[str, str]]] = {
    "branch": ("Lực lượng nhận", {"army": "Quân đội", "police": "Công an"}),
    "list": ("Danh sách", {"official": "Chính thức", "reserve": "Dự phòng"}),
    "sex": ("Giới tính", {"male": "Nam", "female": "Nữ"}),
    "health": (
        "Loại sức khỏe",
        {"1": "Loại 1", "2": "Loại 2", "3": "Loại 3", "4": "Loại 4", "5": "Loại 5", "6": "Loại 6"},
    ),
    "reserve_grade": ("Hạng dự bị", {"1": "Hạng 1", "2": "Hạng 2"}),
    "militia_kind": (
        "Loại dân quân",
        {
            "mobile": "Cơ động",
            "standing": "Thường trực",
            "local": "Tại chỗ",
            "maritime": "Biển",
            "special": "Chuyên môn",
        },
    ),
}


@dataclass(frozen=True)
class Counted:
    """How records count: `model` ("app.Model"), an optional `filter`, the aggregate (count,
    distinct count of `field`, sum of `field`), the date field that places a record in a period
    (records with only a year fall into periods that hold the whole year), the unit field."""

    model: str
    aggregate: str = "count"  # "count" | "distinct" | "sum"
    field: str = "pk"
    filter: Q | None = dc_field(default=None, compare=False, hash=False)
    date_field: str = ""
    year_field: str = "year"
    unit_field: str = "unit"
    # Extra annotation before aggregating (e.g. trainees of a course from its participants).
    annotate: Callable[[Any], Any] | None = dc_field(default=None, compare=False, hash=False)
    # Stocks: the records in force on a day (e.g. militia members serving on the period's end).
    in_force: Callable[[datetime.date], Q] | None = dc_field(default=None, compare=False, hash=False)
    # Breakdown of the value: option key ("branch=army") → filter.
    breakdown: tuple[tuple[str, Q], ...] = dc_field(default=(), compare=False, hash=False)
    # Query string of the record list for a period (the list's own filter names).
    list_params: Callable[[Any], dict[str, Any]] | None = dc_field(default=None, compare=False, hash=False)
    # Counted live only (its value depends on other models' rows, e.g. a course's participants).
    live_only: bool = False
    # The unit's own records stand when it has some, else its reach's (quotas: a district's
    # own quota is not added to its communes').
    own_first: bool = False

    @property
    def summable(self) -> bool:
        """Whether per-unit, per-month buckets can be added up (distinct counts and stocks cannot)."""
        return (
            self.aggregate != "distinct"
            and self.in_force is None
            and not self.live_only
            and "__" not in self.unit_field  # a parent's move would not refresh the buckets
        )


@dataclass(frozen=True)
class Derived:
    """`op` over `inputs`: "pct" (a*100/b), "ratio" (a/b), "diff" (a-b), "sum", "pair" (a of
    b, shown "a/b": "5/7 phường"), or "coverage" (how many sub-units have a value > 0 for
    inputs[0], shown "x/y")."""

    op: str
    inputs: tuple[str, ...]


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    measure: str
    section: int
    stock: bool
    source: Source
    sentence: str = ""
    dimensions: tuple[str, ...] = ()
    # -- additive beyond the contract -----------------------------------------------------------
    counted: Counted | None = dc_field(default=None, compare=False, hash=False)
    derived: Derived | None = dc_field(default=None, compare=False, hash=False)
    # Accepts entered values (always for ENTERED; for COUNTED where records are missing).
    entry: bool = False
    data_set: str = ""  # code of the data set it is entered in
    integer: bool = True  # entered values are whole numbers
    maximum: int | None = None  # entered values ≤ maximum (e.g. 100 for a %)
    app_label: str = ""

    @property
    def accepts_entry(self) -> bool:
        return self.entry or self.source is Source.ENTERED

    @property
    def source_label(self) -> str:
        return str(SOURCE_LABELS[self.source])


@dataclass(frozen=True)
class DataSet:
    """A form grouping entered indicators by topic and period type (biểu nhập số liệu)."""

    code: str
    label: str
    period_kinds: tuple[str, ...]  # PeriodKind values accepted ("year", "half", ...)
    section: int = 0


@dataclass(frozen=True)
class Rule:
    """A relation between values of one unit and period: `left` op `right` (+ `right2`),
    with its Vietnamese message; severity "error" blocks, "warning" asks for a comment."""

    code: str
    left: str
    op: str  # "<=" | ">=" | "positive_if"
    right: tuple[str, ...]
    message: str
    severity: str = "error"


_indicators: dict[str, Indicator] = {}
_order: list[str] = []
_data_sets: dict[str, DataSet] = {}
_rules: list[Rule] = []
_word_target_providers: list[Callable[[Any, Any], list[str]]] = []
_discovered = False


def _discover() -> None:
    global _discovered
    if not _discovered:
        _discovered = True
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("indicators")


def register(*indicators: Indicator, app_label: str = "") -> None:
    for ind in indicators:
        if ind.source is Source.COUNTED and ind.counted is None:
            raise ValueError(f"counted indicator {ind.code} declares no Counted")
        if ind.source is Source.DERIVED and ind.derived is None:
            raise ValueError(f"derived indicator {ind.code} declares no Derived")
        if app_label and not ind.app_label:
            object.__setattr__(ind, "app_label", app_label)
        if ind.code not in _indicators:
            _order.append(ind.code)
        _indicators[ind.code] = ind


def register_data_sets(*sets: DataSet) -> None:
    for ds in sets:
        _data_sets[ds.code] = ds


def register_rules(*rules: Rule) -> None:
    known = {r.code for r in _rules}
    _rules.extend(r for r in rules if r.code not in known)


def register_word_targets(provider: Callable[[Any, Any], list[str]]) -> None:
    """`provider(unit, period)` → texts of word-only targets (e.g. from activities.PeriodTarget)."""
    if provider not in _word_target_providers:
        _word_target_providers.append(provider)


def all_indicators() -> list[Indicator]:
    _discover()
    position = {code: i for i, code in enumerate(_order)}
    return sorted(_indicators.values(), key=lambda i: (i.section, position[i.code]))


def get(code: str) -> Indicator:
    _discover()
    return _indicators[code]


def data_sets() -> list[DataSet]:
    _discover()
    return sorted(_data_sets.values(), key=lambda d: (d.section, d.code))


def data_set(code: str) -> DataSet:
    _discover()
    return _data_sets[code]


def data_set_indicators(code: str) -> list[Indicator]:
    return [i for i in all_indicators() if i.data_set == code and i.accepts_entry]


def rules() -> list[Rule]:
    _discover()
    return list(_rules)


def word_target_providers() -> list[Callable[[Any, Any], list[str]]]:
    _discover()
    return list(_word_target_providers)


def counted_for_model(label: str) -> list[Indicator]:
    """Counted indicators over the model `app_label.ModelName` (for keeping aggregates live)."""
    return [i for i in all_indicators() if i.counted is not None and i.counted.model.lower() == label.lower()]


def option_label(key: str) -> str:
    """ "branch=army" → "Quân đội"."""
    dim, _sep, option = key.partition("=")
    return DIMENSIONS.get(dim, ("", {}))[1].get(option, option)
