"""Spreadsheet cells → values: the text a user sees, dates in the forms offices write, yes/no."""

from __future__ import annotations

import datetime
import re
from typing import Any

from phongthu.core.imports.results import CellError
from phongthu.core.text import search_key


def cell_text(value: Any) -> str:
    """A spreadsheet value as the text a user would see (dates as ISO, 12.0 as 12)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time(0) else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value)
    return str(value).strip()


_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month]


def _make_date(year: int, month: int, day: int, text: str) -> datetime.date:
    if not 1 <= month <= 12:
        raise CellError(
            f"'{text}': tháng {month} không hợp lệ. Hãy ghi ngày theo dạng ngày/tháng/năm, ví dụ 10/09/2006."
        )
    if not 1900 <= year <= 2200:
        raise CellError(f"'{text}': năm {year} không hợp lệ.")
    last = _days_in_month(year, month)
    if not 1 <= day <= last:
        raise CellError(f"Ngày {text} không tồn tại: tháng {month}/{year} chỉ có {last} ngày.")
    return datetime.date(year, month, day)


def parse_date(text: str) -> datetime.date:
    """Accept dd/mm/yyyy (also with - or .), ISO yyyy-mm-dd and Excel date serials."""
    text = text.strip()
    match = _DMY.match(text)
    if match:
        day, month, year_text = match.groups()
        if len(year_text) != 4:
            raise CellError(f"'{text}': năm phải ghi đủ 4 chữ số, ví dụ 10/09/2006.")
        return _make_date(int(year_text), int(month), int(day), text)
    match = _ISO.match(text)
    if match:
        return _make_date(int(match[1]), int(match[2]), int(match[3]), text)
    if re.fullmatch(r"\d{4}", text):
        raise CellError(f"'{text}': cần ghi đủ ngày, tháng, năm (dd/mm/yyyy), không chỉ năm.")
    if re.fullmatch(r"\d{1,5}(\.0+)?", text) and 367 <= float(text) <= 110_000:
        return _EXCEL_EPOCH + datetime.timedelta(days=int(float(text)))  # Excel serial number
    raise CellError(f"'{text}' không phải ngày hợp lệ. Hãy ghi theo dạng ngày/tháng/năm, ví dụ 10/09/2006.")


TRUE_WORDS = frozenset({"1", "x", "co", "true", "yes", "dung", "phai", "v"})
FALSE_WORDS = frozenset({"", "0", "khong", "false", "no", "sai", "-"})


def parse_bool(text: str) -> bool:
    key = search_key(text)
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    raise CellError(f"'{text}': hãy ghi 'Có' / 'x' hoặc 'Không' / để trống.")
