"""XLSX lists following core's export conventions (bold header, dd/mm/yyyy dates, audited)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import xlsxwriter
from django.db import models

from phongthu.core import audit

Column = tuple[str, Callable[[Any], Any]]


def workbook(
    *, title: str, columns: Sequence[Column], records: Iterable[Any], model: type[models.Model], description: str
) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True})
    sheet = book.add_worksheet(title[:31])
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1})
    date_fmt = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write(0, 0, "STT", bold)
    for col, (label, _getter) in enumerate(columns, start=1):
        sheet.write(0, col, label, bold)
        sheet.set_column(col, col, 20)
    exported = []
    for row, obj in enumerate(records, start=1):
        exported.append(obj)
        sheet.write(row, 0, row)
        for col, (_label, getter) in enumerate(columns, start=1):
            value = getter(obj)
            if value is None:
                value = ""
            if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
                sheet.write_datetime(row, col, datetime.datetime(value.year, value.month, value.day), date_fmt)
            else:
                sheet.write(row, col, value)
    sheet.freeze_panes(1, 0)
    book.close()
    audit.log_export(model, exported, f"{description} ({len(exported)} dòng)")
    return buffer.getvalue()
