"""One value formatter for screens and files.

`screen_value(obj, name)` is what a list or detail page shows; `cell_value(obj, name)` is what an
exported spreadsheet cell holds. Both resolve the field the same way (`field_value`): choices
give their Vietnamese label, booleans "Có"/"Không", related records their name, empty values "".
They differ only where a spreadsheet keeps a typed value so it can be sorted and summed: dates
stay dates (shown dd/mm/yyyy by the cell format) and numbers stay numbers (shown with the
Vietnamese separators on screen: 1.234,5).
"""

from __future__ import annotations

import datetime
import decimal
import functools
import inspect
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

# In the reader's language (documents are written under translation.override("vi")).
YES = gettext_lazy("Có")
NO = gettext_lazy("Không")


@functools.cache
def _choice_labels(model: type[models.Model], name: str) -> dict[Any, Any] | None:
    """value → label of a field whose `get_<name>_display` is Django's own: Django rebuilds that
    mapping (hashing every lazy label) on each call — a list of 50 rows paid it 50 times a column."""
    if not isinstance(inspect.getattr_static(model, f"get_{name}_display", None), functools.partialmethod):
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return {value: label for value, label in field.flatchoices}  # type: ignore[union-attr]


def field_value(obj: Any, name: str) -> Any:
    """The value of a field with the rules screens and files share: choice labels, Có/Không,
    a related record's text, "" for empty."""
    labels = _choice_labels(type(obj), name) if isinstance(obj, models.Model) else None
    if labels is not None:
        value = getattr(obj, name)
        try:
            return str(labels.get(value, value))
        except TypeError:  # an unhashable value (a JSON list): Django's own path
            pass
    getter = getattr(obj, f"get_{name}_display", None)
    if callable(getter):
        return str(getter())
    value = getattr(obj, name, "")
    return plain(value)


def plain(value: Any) -> Any:
    """Shared rules for a bare value (also used by documents that compute their own columns)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(YES if value else NO)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    return value


def vietnamese_number(value: int | float | decimal.Decimal) -> str:
    """1234567.5 → "1.234.567,5": dot for thousands, comma for decimals."""
    if isinstance(value, float):
        value = decimal.Decimal(repr(value))
    if isinstance(value, decimal.Decimal):
        places = max(0, -int(value.as_tuple().exponent))
        text = f"{value:,.{places}f}"
    else:
        text = f"{value:,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def as_text(value: Any) -> str:
    """A value already through `plain()` as the Vietnamese text a screen shows."""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, decimal.Decimal | float):
        return vietnamese_number(value)
    return str(value)


def screen_value(obj: Any, name: str) -> str:
    return as_text(field_value(obj, name))


def cell_value(obj: Any, name: str) -> Any:
    """The typed value for a spreadsheet cell (the writer formats dates and numbers)."""
    return field_value(obj, name)
