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


# ---------------------------------------------------------------- official statistical forms
# The Ministry's forms (biểu mẫu) are printed pages, not lists: a header block of lines placed
# left / centre / right, a heading tree of merged cells, a row of column numbers, data rows with
# some rows bold, footnotes, a paper size, landscape, one font. `FormSheet` says all of that;
# `form_workbook()` writes it with the same value rules as `Sheet`.

PAPER_SIZES = {"A4": 9, "A3": 8}  # xlsxwriter paper codes


@dataclass
class FormLine:
    """One line above the table: text at the left, the centre and/or the right third."""

    left: str = ""
    center: str = ""
    right: str = ""
    bold: bool = False
    italic: bool = False


@dataclass
class Heading:
    """A heading cell spanning rows first_row..last_row and columns first_col..last_col of the
    heading block (0-based, relative to the block's top-left)."""

    text: str
    first_row: int
    first_col: int
    last_row: int | None = None
    last_col: int | None = None


@dataclass
class FormSheet:
    name: str
    columns: int
    headings: Sequence[Heading]
    heading_rows: int
    rows: Sequence[Sequence[Any]]
    lines: Sequence[FormLine] = ()
    numbered_columns: bool = True  # a row "1, 2, …, n" under the headings
    bold_rows: frozenset[int] = frozenset()  # indexes into `rows`
    widths: Sequence[float] | float = 8.0
    notes: Sequence[str] = ()  # footnotes under the table (settings, what is not tracked)
    paper: str = "A4"
    landscape: bool = True
    font: str = "Times New Roman"
    font_size: int = 11
    wrap: bool = False  # multi-line cells (lists of people)


def _form_formats(book: Any, spec: FormSheet) -> dict[str, Any]:
    base = {"font_name": spec.font, "font_size": spec.font_size}
    cell = {**base, "border": 1, "valign": "top", **({"text_wrap": True} if spec.wrap else {})}
    return {
        "left": book.add_format({**base}),
        "left_b": book.add_format({**base, "bold": True}),
        "left_i": book.add_format({**base, "italic": True}),
        "center": book.add_format({**base, "align": "center"}),
        "center_b": book.add_format({**base, "align": "center", "bold": True}),
        "center_i": book.add_format({**base, "align": "center", "italic": True}),
        "right": book.add_format({**base, "align": "right"}),
        "right_b": book.add_format({**base, "align": "right", "bold": True}),
        "right_i": book.add_format({**base, "align": "right", "italic": True}),
        "heading": book.add_format(
            {**base, "bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
        ),
        "number": book.add_format({**base, "italic": True, "border": 1, "align": "center"}),
        "cell": book.add_format(cell),
        "cell_b": book.add_format({**cell, "bold": True}),
        "num": book.add_format({**cell, "num_format": "#,##0"}),
        "num_b": book.add_format({**cell, "num_format": "#,##0", "bold": True}),
        "pct": book.add_format({**cell, "num_format": "0.00"}),
        "pct_b": book.add_format({**cell, "num_format": "0.00", "bold": True}),
        "date": book.add_format({**cell, "num_format": "dd/mm/yyyy"}),
        "note": book.add_format({**base, "italic": True, "font_size": max(8, spec.font_size - 1)}),
    }


def _span(sheet: Any, row: int, first: int, last: int, text: str, fmt: Any) -> None:
    if last > first:
        sheet.merge_range(row, first, row, last, text, fmt)
    else:
        sheet.write_string(row, first, text, fmt)


def _add_form(book: Any, spec: FormSheet) -> None:
    sheet = book.add_worksheet(spec.name[:31])
    f = _form_formats(book, spec)
    n = spec.columns
    widths = [float(spec.widths)] * n if isinstance(spec.widths, int | float) else list(spec.widths)
    for col, w in enumerate(widths[:n]):
        sheet.set_column(col, col, w)
    third = max(1, n // 3)
    top = 0
    for line in spec.lines:
        style = "_b" if line.bold else "_i" if line.italic else ""
        if line.left:
            _span(sheet, top, 0, third - 1, line.left, f["left" + style])
        if line.center:
            _span(
                sheet,
                top,
                third if (line.left or line.right) else 0,
                n - third - 1 if (line.left or line.right) else n - 1,
                line.center,
                f["center" + style],
            )
        if line.right:
            _span(sheet, top, n - third, n - 1, line.right, f["right" + style])
        top += 1
    if spec.lines:
        top += 1
    for h in spec.headings:
        r1, c1 = top + h.first_row, h.first_col
        r2 = top + (h.last_row if h.last_row is not None else h.first_row)
        c2 = h.last_col if h.last_col is not None else h.first_col
        if r2 > r1 or c2 > c1:
            sheet.merge_range(r1, c1, r2, c2, h.text, f["heading"])
        else:
            sheet.write_string(r1, c1, h.text, f["heading"])
    top += spec.heading_rows
    if spec.numbered_columns:
        for col in range(n):
            sheet.write_number(top, col, col + 1, f["number"])
        top += 1
    first_data = top
    for i, values in enumerate(spec.rows):
        bold = "_b" if i in spec.bold_rows else ""
        for col, value in enumerate(values):
            value = plain(value)
            if isinstance(value, datetime.date):
                sheet.write_datetime(top, col, datetime.datetime(value.year, value.month, value.day), f["date"])
            elif isinstance(value, decimal.Decimal | float):
                sheet.write_number(top, col, float(value), f["pct" + bold])
            elif isinstance(value, int):
                sheet.write_number(top, col, value, f["num" + bold])
            else:
                sheet.write_string(top, col, str(value), f["cell" + bold])
        top += 1
    top += 1
    for note in spec.notes:
        sheet.write_string(top, 0, note, f["note"])
        top += 1
    sheet.set_paper(PAPER_SIZES.get(spec.paper, 9))
    if spec.landscape:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(first_data - (1 if spec.numbered_columns else 0) - spec.heading_rows, first_data - 1)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)


def form_workbook(*forms: FormSheet) -> bytes:
    """The XLSX file of official forms, one sheet each."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for spec in forms:
        _add_form(book, spec)
    book.close()
    return buffer.getvalue()
