"""Rules that tie a record to the life of its unit, checked once for every generic save path.

A closed unit (one whose `valid_to` has passed) takes no record dated after its end: the
record belongs to the unit that succeeded it. `check_record()` is the one function the
generic save (core.services.object_save), the entry forms (core.forms.build_form, so also the
form-based import), and the API (perform_create / perform_update) call.

The record's date is declared per model: `record_date_field` on the model or its CrudConfig
(a path or a tuple of paths: dates such as "exam_date", or a year such as "year", read as
1 January), else derived from the model's `year_sources` and the CrudConfig's `year_lookup`
("date__year" → "date"), else the day of entry. The earliest date given wins: a record about
a period that began while the unit existed belongs to it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone

from phongthu.core import scoping

_KIND_WORDS = {
    "MERGE": "sáp nhập",
    "SPLIT": "chia tách",
    "DISSOLVE": "giải thể",
    "RENAME": "đổi tên",
}


def _follow(obj: Any, path: str) -> Any:
    for part in path.split("__"):
        if obj is None:
            return None
        try:
            obj = getattr(obj, part)
        except (ObjectDoesNotExist, AttributeError):
            return None
    return obj


def unit_path_of(model: type[models.Model]) -> str | None:
    path = getattr(model, "unit_path", None)
    return None if not path or path == "self" else str(path)


def owning_unit(obj: models.Model) -> Any:
    """The unit a record belongs to (through `unit_path`), or None if not set yet."""
    path = unit_path_of(type(obj))
    return _follow(obj, path) if path else None


def owning_unit_id(obj: models.Model) -> int | None:
    unit = owning_unit(obj)
    return int(unit.pk) if unit is not None and unit.pk is not None else None


def record_date_paths(model: type[models.Model]) -> tuple[str, ...]:
    declared = getattr(model, "record_date_field", None)
    from phongthu.core.crud import config_for

    config = config_for(model)
    if not declared and config is not None:
        declared = config.record_date_field
    if declared:
        return (declared,) if isinstance(declared, str) else tuple(declared)
    # Undeclared: the dates a yearly record takes its year from, then the year itself.
    paths = list(getattr(model, "year_sources", ()))
    lookup = config.year_lookup if config is not None else None
    if lookup:
        paths.append(lookup[: -len("__year")] if lookup.endswith("__year") else lookup)
    return tuple(paths)


def record_date(obj: models.Model) -> datetime.date | None:
    """The date the record is about: the earliest of its declared dates, else 1 January of its
    year; None when the model declares none or all are empty."""
    dates: list[datetime.date] = []
    years: list[int] = []
    for path in record_date_paths(type(obj)):
        value = _follow(obj, path)
        if isinstance(value, datetime.datetime):
            dates.append(value.date())
        elif isinstance(value, datetime.date):
            dates.append(value)
        elif isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999:
            years.append(value)
    if dates:
        return min(dates)
    return datetime.date(min(years), 1, 1) if years else None


def closed_unit_message(unit: Any, day: datetime.date) -> str | None:
    """The refusal for a record dated `day` on `unit`, or None if the unit still existed then."""
    end = getattr(unit, "valid_to", None)
    if end is None or day <= end:
        return None
    link_model = scoping.lineage_model()
    links = list(link_model.objects.filter(predecessor=unit).select_related("event", "successor"))
    word = _KIND_WORDS.get(links[0].event.kind, "giải thể/sáp nhập") if links else "giải thể/sáp nhập"
    gone = (end + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    text = f"Đơn vị {unit} đã {word} từ ngày {gone} (hoạt động đến hết ngày {end:%d/%m/%Y})"
    successor = designated_successor(unit)
    if successor is not None:
        return f"{text}; ghi nhận tại đơn vị kế thừa {successor}."
    return f"{text}; đơn vị không còn nhận số liệu mới sau ngày này."


def designated_successor(unit: Any) -> Any:
    """The unit that carries `unit`'s records today, following designated lineage links."""
    link_model = scoping.lineage_model()
    current, seen = unit, {unit.pk}
    for _hop in range(20):
        links = list(link_model.objects.filter(predecessor=current).select_related("successor"))
        chosen = next((lk for lk in links if lk.designated), links[0] if len(links) == 1 else None)
        if chosen is None or chosen.successor_id in seen:
            break
        current = chosen.successor
        seen.add(current.pk)
    return current if current.pk != unit.pk else None


def closed_unit_error(
    obj: models.Model, *, adding: bool, previous_unit_id: int | None = None
) -> tuple[str | None, str] | None:
    """(field to attach it to, message) when `obj` would be filed on a unit closed by its date."""
    path = unit_path_of(type(obj))
    if path is None:
        return None
    unit = owning_unit(obj)
    if unit is None:
        return None
    day = record_date(obj)
    if day is None:
        if not adding and previous_unit_id == unit.pk:
            return None  # an undated record edited where it already was
        day = timezone.localdate()
    message = closed_unit_message(unit, day)
    if message is None:
        return None
    field = path if "__" not in path else None
    return field, message


def check_record(obj: models.Model, *, adding: bool, previous_unit_id: int | None = None) -> None:
    """Raise a ValidationError (Vietnamese, naming the unit and its end) for a closed unit."""
    error = closed_unit_error(obj, adding=adding, previous_unit_id=previous_unit_id)
    if error is None:
        return
    field, message = error
    raise ValidationError({field: message} if field else message)
