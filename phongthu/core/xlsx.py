"""The one XLSX writer: every spreadsheet the system produces (list exports, campaign lists,
the NVQS register book, import templates) is a `Sheet` written by `workbook()`.

A sheet has optional title lines (merged across the columns, then a blank line), a bold header
row, data rows and column widths. Values go through `core.display.plain` (the same rules as the
screens: choice labels, Có/Không, a related record's name); dates are written as dates shown
dd/mm/yyyy, decimals as numbers with their places, so a user can sort and sum them.
"""

from __future__ import annotations

import datetime
import decimal
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.http import HttpResponse

from phongthu.core.display import plain
from phongthu.core.downloads import file_response

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_WIDTH = 18.0


@dataclass
class Sheet:
    name: str  # the tab name (Excel allows 31 characters)
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    title: Sequence[str] = ()  # lines above the header (the register's name, the unit)
    widths: Sequence[float] | float = DEFAULT_WIDTH  # one per column, or one for all
    numbered: bool = False  # a first "STT" column numbering the rows
    borders: bool = False  # boxed cells, as printed registers are
    landscape: bool = False  # print setup: landscape, one page wide, header repeated
    header_fills: Sequence[str | None] = ()  # background per `header` cell (import templates)
    text_columns: bool = False  # cells formatted as text (templates keep leading zeros of CCCD)
    freeze_columns: int = 0


class _Formats:
    def __init__(self, book: Any, sheet: Sheet) -> None:
        border = {"border": 1} if sheet.borders else {}
        self.book = book
        self.border = border
        self.header = {"bold": True, "text_wrap": True, "valign": "top", "border": 1}
        self.title = book.add_format({"bold": True, "font_size": 14, "align": "center"})
        self.cell = book.add_format(border) if border else None
        self.date = book.add_format({"num_format": "dd/mm/yyyy", **border})
        self.datetime = book.add_format({"num_format": "dd/mm/yyyy hh:mm", **border})
        self._headers: dict[str | None, Any] = {}
        self._numbers: dict[int, Any] = {}

    def header_for(self, fill: str | None) -> Any:
        if fill not in self._headers:
            self._headers[fill] = self.book.add_format({**self.header, **({"bg_color": fill} if fill else {})})
        return self._headers[fill]

    def number(self, places: int) -> Any:
        if places not in self._numbers:
            pattern = "#,##0" + ("." + "0" * places if places else "")
            self._numbers[places] = self.book.add_format({"num_format": pattern, **self.border})
        return self._numbers[places]


def _write(sheet: Any, formats: _Formats, row: int, col: int, value: Any) -> None:
    value = plain(value)
    if isinstance(value, datetime.datetime):
        sheet.write_datetime(row, col, value, formats.datetime)
    elif isinstance(value, datetime.date):
        sheet.write_datetime(row, col, datetime.datetime(value.year, value.month, value.day), formats.date)
    elif isinstance(value, decimal.Decimal):
        places = max(0, -int(value.as_tuple().exponent))
        sheet.write_number(row, col, float(value), formats.number(places))
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value, formats.cell)
    else:
        sheet.write_string(row, col, str(value), formats.cell)


def _add_sheet(book: Any, spec: Sheet) -> None:
    sheet = book.add_worksheet(spec.name[:31])
    formats = _Formats(book, spec)
    header = (["STT"] if spec.numbered else []) + [str(h) for h in spec.header]
    width = len(header)
    columns = len(spec.header)
    widths = [float(spec.widths)] * columns if isinstance(spec.widths, int | float) else list(spec.widths)
    if spec.numbered:
        widths = [5.0, *widths]
    text = book.add_format({"num_format": "@"}) if spec.text_columns else None
    for col, w in enumerate(widths[:width]):
        sheet.set_column(col, col, w, text if col >= int(spec.numbered) else None)
    top = 0
    for line in spec.title:
        if width > 1:
            sheet.merge_range(top, 0, top, width - 1, line, formats.title)
        else:
            sheet.write_string(top, 0, line, formats.title)
        top += 1
    if spec.title:
        top += 1  # a blank line between the title and the table
    fills = list(spec.header_fills)
    if spec.numbered and fills:
        fills = [fills[0] if len(set(fills)) == 1 else None, *fills]
    for col, label in enumerate(header):
        sheet.write_string(top, col, label, formats.header_for(fills[col] if col < len(fills) else None))
    for n, values in enumerate(spec.rows, start=1):
        r = top + n
        cells = [n, *values] if spec.numbered else list(values)
        for col, value in enumerate(cells):
            _write(sheet, formats, r, col, value)
    sheet.freeze_panes(top + 1, spec.freeze_columns)
    if spec.landscape:
        sheet.repeat_rows(top)
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)


def workbook(*sheets: Sheet) -> bytes:
    """The XLSX file holding the sheets in order. Rows are consumed once, as they are written."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for spec in sheets:
        _add_sheet(book, spec)
    book.close()
    return buffer.getvalue()


def response(data: bytes, filename: str) -> HttpResponse:
    """An XLSX download; the file name keeps its Vietnamese letters (core.downloads)."""
    return file_response(data, XLSX_TYPE, filename)
