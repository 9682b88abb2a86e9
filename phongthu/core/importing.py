"""The import pipeline: parse CSV/XLSX → map columns → validate each row with the same form
as single-record entry → dry-run report → commit all-or-nothing or only the valid rows.

Messages name the row and column the way users see them in Excel ("Dòng 5, cột C").
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from openpyxl.utils import get_column_letter

from phongthu.core import scoping
from phongthu.core.crud import CrudConfig
from phongthu.core.forms import build_form
from phongthu.core.text import search_key

MAX_ROWS = 200_000


class ImportFileError(Exception):
    """The file as a whole cannot be read; nothing is written."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Any]]  # data rows; row i is spreadsheet line i + 2


@dataclass
class RowError:
    line: int
    column: str  # spreadsheet letter, or "" for the whole row
    field: str
    message: str

    def __str__(self) -> str:
        where = f"Dòng {self.line}" + (f", cột {self.column} ({self.field})" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    total: int = 0
    valid: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip()


def read_table(name: str, data: bytes) -> Table:
    lower = name.lower()
    if lower.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                "Tệp CSV không ở mã UTF-8. Trong Excel, chọn Lưu thành → 'CSV UTF-8 (Comma delimited)' rồi tải lại."
            ) from exc
        try:
            dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        raw: list[list[Any]] = list(csv.reader(io.StringIO(text), dialect))
    elif lower.endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            raw = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except Exception as exc:
            raise ImportFileError(f"Không đọc được tệp Excel ({exc}). Hãy mở và lưu lại tệp bằng Excel.") from exc
    else:
        raise ImportFileError("Chỉ nhận tệp .xlsx hoặc .csv.")
    raw = [r for r in raw if any(_cell(c) != "" for c in r)]
    if not raw:
        raise ImportFileError("Tệp không có dữ liệu (trang tính đầu tiên trống).")
    headers = [_cell(h) for h in raw[0]]
    while headers and headers[-1] == "":
        headers.pop()
    seen: dict[str, int] = {}
    for i, h in enumerate(headers):
        if h == "":
            continue
        key = search_key(h)
        if key in seen:
            raise ImportFileError(
                f"Tiêu đề cột bị trùng: cột {get_column_letter(seen[key] + 1)} và cột {get_column_letter(i + 1)} "
                f"cùng tên '{h}'. Hãy đổi tên hoặc xóa một cột."
            )
        seen[key] = i
    rows = [[_cell(c) for c in r[: len(headers)]] for r in raw[1:]]
    if len(rows) > MAX_ROWS:
        raise ImportFileError(f"Tệp có {len(rows)} dòng, vượt quá giới hạn {MAX_ROWS} dòng mỗi lần nhập.")
    return Table(headers=headers, rows=rows)


def map_columns(config: type[CrudConfig], headers: list[str]) -> tuple[dict[str, int], list[str]]:
    """Match headers to fields by label or name, ignoring case and diacritics."""
    wanted = config.get_import_fields()
    by_key: dict[str, str] = {}
    for name in wanted:
        by_key[search_key(name)] = name
        by_key[search_key(config.label(name))] = name
    mapping: dict[str, int] = {}
    for i, h in enumerate(headers):
        found = by_key.get(search_key(h))
        if found and found not in mapping:
            mapping[found] = i
    missing = [config.label(n) for n in wanted if n not in mapping and not config.field(n).blank]
    return mapping, missing


def _row_data(config: type[CrudConfig], mapping: dict[str, int], row: list[Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, idx in mapping.items():
        value = row[idx] if idx < len(row) else ""
        f = config.field(name)
        if f.is_relation and value != "":
            value = _resolve_fk(f, value)
        if f.get_internal_type() == "BooleanField":
            value = "on" if search_key(str(value)) in {"1", "x", "co", "true", "yes", "dung"} else ""
        if f.choices and value != "":
            value = _resolve_choice(f, value)
        data[name] = value
    return data


def _resolve_fk(f: Any, value: Any) -> Any:
    """Accept a primary key, a code, or a name for a related record."""
    model = f.related_model
    text = str(value).strip()
    if text.isdigit() and model._default_manager.filter(pk=int(text)).exists():
        return text
    for attr in ("code", "name"):
        if any(x.name == attr for x in model._meta.concrete_fields):
            match = list(model._default_manager.filter(**{attr: text}).values_list("pk", flat=True)[:2])
            if len(match) == 1:
                return str(match[0])
    return text


def _resolve_choice(f: Any, value: Any) -> Any:
    key = search_key(str(value))
    for code, label in f.flatchoices:
        if key in (search_key(str(code)), search_key(str(label))):
            return code
    return value


def run_import(
    config: type[CrudConfig], table: Table, *, user: Any, commit: bool, valid_only: bool = False
) -> ImportResult:
    mapping, missing = map_columns(config, table.headers)
    result = ImportResult(total=len(table.rows))
    if missing:
        result.errors.append(
            RowError(1, "", "", "Thiếu cột bắt buộc: " + ", ".join(missing) + ". Hãy thêm cột với đúng tiêu đề.")
        )
        return result
    letters = {name: get_column_letter(idx + 1) for name, idx in mapping.items()}
    forms_ok = []
    for i, row in enumerate(table.rows):
        line = i + 2
        form = build_form(config, user, scoping.IMPORT, data=_row_data(config, mapping, row))
        if form.is_valid():
            forms_ok.append((line, form))
            continue
        for name, errs in form.errors.items():
            for err in errs:
                result.errors.append(
                    RowError(line, letters.get(name, ""), config.label(name) if name != "__all__" else "", str(err))
                )
    result.valid = len(forms_ok)
    if not commit or (result.errors and not valid_only):
        return result
    with transaction.atomic():
        for line, form in forms_ok:
            obj = form.save()
            try:
                scoping.assert_in_scope(obj, user, scoping.IMPORT)
            except Exception as exc:
                transaction.set_rollback(True)
                result.errors.append(RowError(line, "", "", str(exc)))
                result.created = 0
                return result
            result.created += 1
    result.committed = True
    return result
