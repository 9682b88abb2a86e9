"""XLSX export of any scoped list; every export is audited."""

from __future__ import annotations

import datetime
import io
from typing import Any

import xlsxwriter
from django.http import HttpResponse

from phongthu.core import audit
from phongthu.core.crud import CrudConfig

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _value(obj: Any, name: str) -> Any:
    getter = getattr(obj, f"get_{name}_display", None)
    if callable(getter):
        return getter()
    value = getattr(obj, name, "")
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if hasattr(value, "pk"):
        return str(value)
    return value


def xlsx_response(config: type[CrudConfig], queryset: Any, fields: list[str]) -> HttpResponse:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True})
    sheet = book.add_worksheet(config.verbose_name_plural()[:31])
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1})
    date_fmt = book.add_format({"num_format": "dd/mm/yyyy"})
    for col, name in enumerate(fields):
        sheet.write(0, col, config.label(name), bold)
        sheet.set_column(col, col, 18)
    exported = []
    for row, obj in enumerate(queryset.iterator(chunk_size=2000), start=1):
        exported.append(obj)
        for col, name in enumerate(fields):
            value = _value(obj, name)
            if hasattr(value, "strftime") and not hasattr(value, "hour"):
                sheet.write_datetime(row, col, datetime.datetime(value.year, value.month, value.day), date_fmt)
            else:
                sheet.write(row, col, value)
    sheet.freeze_panes(1, 0)
    book.close()
    audit.log_export(config.model, exported, f"Xuất {len(exported)} {config.verbose_name_plural()}")
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{config.slug}.xlsx"'
    return response
