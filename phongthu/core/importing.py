"""The import pipeline: read CSV/XLSX → map columns → validate every row → dry-run report
("Dòng N, cột C: …") → commit all-or-nothing or only the valid rows → audited, as a job.

Two kinds of import spec share the reader, the mapping and the report:
- `FormImportSpec` (any registered CrudConfig): each row goes through the same form as
  single-record entry and is saved one by one;
- fast specs (`core.bulk.FastImportSpec`, e.g. the people and NVQS register importers): a
  lightweight row validator built from the model fields' own validators, duplicates found by
  key inside the file and against the database, then COPY (PostgreSQL) or bulk_create (SQLite)
  with the audit rows written in bulk.

Whatever goes wrong with the file as a whole raises `ImportFileError` with a Vietnamese message
and nothing is written. Public API used by core.views: read_table, run_import, map_columns,
ImportFileError, RowError, Table, ImportResult.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from openpyxl.utils import get_column_letter

from phongthu.core import scoping
from phongthu.core.context import change_context
from phongthu.core.context import current as current_context
from phongthu.core.crud import CrudConfig, registry
from phongthu.core.forms import build_form
from phongthu.core.jobs import JobError, Progress, register_runner
from phongthu.core.text import search_key

MAX_ROWS = 200_000  # per import through the form path (row-by-row saves)
MAX_FAST_ROWS = 2_000_000  # per import through a fast spec (streamed)
MAX_COLUMNS = 200
MAX_CELL_CHARS = 2_000
MAX_ERRORS_KEPT = 5_000  # errors beyond this are counted, not listed
HEADER_SCAN_ROWS = 15


class ImportFileError(Exception):
    """The file as a whole cannot be read; nothing is written."""


class CellError(ValueError):
    """One cell cannot be accepted; the message says what to do, in Vietnamese."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Any]]  # data rows; row i is spreadsheet line `first_line + i`
    first_line: int = 2
    lines: list[int] | None = None  # the spreadsheet line of each row, when not consecutive

    def line_of(self, index: int) -> int:
        return self.lines[index] if self.lines is not None else self.first_line + index

    def iter_rows(self) -> Iterator[tuple[int, list[Any]]]:
        for i, row in enumerate(self.rows):
            yield self.line_of(i), row


@dataclass
class RowError:
    line: int
    column: str  # spreadsheet letter, or "" for the whole row
    field: str
    message: str

    def __str__(self) -> str:
        where = f"Dòng {self.line}" + (f", cột {self.column} ({self.field})" if self.column else "")
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "field": self.field, "message": self.message}


@dataclass
class ImportResult:
    total: int = 0
    valid: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0  # all errors, including those not kept in `errors`
    invalid_lines: int = 0
    duplicates: int = 0
    committed: bool = False
    cancelled: bool = False
    warnings: list[str] = field(default_factory=list)

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(error)

    def sort_errors(self) -> None:
        self.errors.sort(key=lambda e: (e.line, e.column))

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "valid": self.valid,
            "created": self.created,
            "errors": [e.as_dict() for e in self.errors],
            "error_count": max(self.error_count, len(self.errors)),
            "invalid_lines": self.invalid_lines,
            "duplicates": self.duplicates,
            "committed": self.committed,
            "cancelled": self.cancelled,
            "warnings": self.warnings,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportResult:
        result = cls(**{k: v for k, v in data.items() if k != "errors"})
        result.errors = [RowError(**e) for e in data.get("errors", [])]
        return result


# ---------------------------------------------------------------- cells


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


_cell = cell_text  # the earlier private name

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


# ---------------------------------------------------------------- reading files


@dataclass
class TableReader:
    """A file opened for import: headers found, data rows streamed with their line numbers."""

    name: str
    headers: list[str]
    header_line: int
    _rows: Callable[[], Iterator[tuple[int, list[str]]]]
    size_hint: int | None = None  # rows, when known

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        return self._rows()


def _check_headers(headers: list[str]) -> None:
    if len(headers) > MAX_COLUMNS:
        raise ImportFileError(f"Tệp có {len(headers)} cột, quá {MAX_COLUMNS} cột. Hãy xóa các cột không dùng.")
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


def _pick_header(candidates: list[tuple[int, list[str]]], hints: set[str] | None) -> int:
    """Index of the header row among the first non-empty rows: the first one, or (with hints
    of known column names) the row matching most of them — office files put a title above."""
    if not hints:
        return 0
    best, best_score = 0, 0
    for i, (_line, row) in enumerate(candidates):
        score = sum(1 for c in row if search_key(c) in hints)
        if score > best_score:
            best, best_score = i, score
    return best if best_score >= 2 else 0


def _normalise_row(values: Sequence[Any]) -> list[str]:
    row = [v.strip() if type(v) is str else cell_text(v) for v in values]
    while row and row[-1] == "":
        row.pop()
    return row


def _finish(
    name: str,
    source: Callable[[], Iterator[tuple[int, list[str]]]],
    hints: set[str] | None,
    size_hint: int | None = None,
) -> TableReader:
    head: list[tuple[int, list[str]]] = []
    for line, row in source():
        if any(row):
            head.append((line, row))
            if len(head) >= HEADER_SCAN_ROWS:
                break
    if not head:
        raise ImportFileError("Tệp không có dữ liệu (trang tính đầu tiên trống).")
    index = _pick_header(head, hints)
    header_line, headers = head[index]
    headers = list(headers)
    _check_headers(headers)
    width = len(headers)

    def rows() -> Iterator[tuple[int, list[str]]]:
        for line, row in source():
            if line <= header_line or not any(row):
                continue
            if len(row) > width and any(row[width:]):
                extra = next(i for i in range(width, len(row)) if row[i])
                raise ImportFileError(
                    f"Dòng {line} có dữ liệu ở cột {get_column_letter(extra + 1)}, ngoài các cột có tiêu đề. "
                    "Hãy thêm tiêu đề cho cột đó hoặc xóa dữ liệu thừa."
                )
            if row and max(map(len, row)) > MAX_CELL_CHARS:
                i = next(i for i, value in enumerate(row) if len(value) > MAX_CELL_CHARS)
                value = row[i]
                raise ImportFileError(
                    f"Dòng {line}, cột {get_column_letter(i + 1)}: ô dài {len(value)} ký tự, quá {MAX_CELL_CHARS}. "
                    "Có thể tệp bị dán nhầm dữ liệu; hãy kiểm tra lại."
                )
            yield line, row

    return TableReader(name=name, headers=headers, header_line=header_line, _rows=rows, size_hint=size_hint)


_CSV_HINT = "Trong Excel, chọn Lưu thành → 'CSV UTF-8 (Comma delimited)' rồi tải lại."


def _open_csv(name: str, data: bytes, hints: set[str] | None) -> TableReader:
    if b"\x00" in data[:4096]:
        raise ImportFileError("Tệp không phải CSV dạng văn bản (có thể là tệp Excel bị đổi đuôi). " + _CSV_HINT)
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
    try:
        sample = decoder.decode(data[:65536], final=len(data) <= 65536)
    except UnicodeDecodeError as exc:
        raise ImportFileError("Tệp CSV không ở mã UTF-8. " + _CSV_HINT) from exc
    try:
        dialect: Any = csv.Sniffer().sniff(sample[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel

    def source() -> Iterator[tuple[int, list[str]]]:
        stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", errors="strict", newline="")
        reader = csv.reader(stream, dialect)
        try:
            for row in reader:
                yield reader.line_num, _normalise_row(row)
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                f"Tệp CSV có ký tự không ở mã UTF-8 (gần dòng {reader.line_num + 1}). " + _CSV_HINT
            ) from exc
        except csv.Error as exc:
            raise ImportFileError(f"Dòng {reader.line_num}: tệp CSV sai cấu trúc ({exc}).") from exc

    return _finish(name, source, hints, size_hint=data.count(b"\n"))


_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def _first_sheet_xml(archive: zipfile.ZipFile) -> str | None:
    try:
        # Two small package parts; expat ≥ 2.4.1 (here 2.5) refuses entity-expansion bombs and
        # ElementTree resolves no external entities.
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))  # noqa: S314
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))  # noqa: S314
    except (KeyError, ElementTree.ParseError):
        return None
    sheet = book.find("m:sheets/m:sheet", _NS)
    if sheet is None:
        return None
    rid = sheet.get(f"{{{_NS['r']}}}id")
    for rel in rels.findall("rel:Relationship", _NS):
        if rel.get("Id") == rid:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


def _xlsx_formula_cells(data: bytes) -> list[str]:
    """Cells of the first sheet holding a formula: found in the sheet XML, then located with
    openpyxl (their cached values may be stale or missing, so they are refused)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ImportFileError("Tệp .xlsx bị hỏng hoặc không phải tệp Excel. Hãy mở và lưu lại bằng Excel.") from exc
    path = _first_sheet_xml(archive)
    if path is None or path not in archive.namelist():
        return []
    found = False
    with archive.open(path) as stream:
        tail = b""
        while chunk := stream.read(1 << 20):
            if _FORMULA.search(tail + chunk):
                found = True
                break
            tail = chunk[-16:]
    if not found:
        return []
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    cells: list[str] = []
    for row in book.worksheets[0].iter_rows():
        for cell in row:
            if getattr(cell, "data_type", None) == "f" and hasattr(cell, "coordinate"):
                cells.append(str(cell.coordinate))
                if len(cells) >= 5:
                    return cells
    return cells or ["?"]


def _open_spreadsheet(name: str, data: bytes, hints: set[str] | None) -> TableReader:
    from python_calamine import CalamineWorkbook

    is_xlsx = name.lower().endswith((".xlsx", ".xlsm"))
    if is_xlsx:
        formulas = _xlsx_formula_cells(data)
        if formulas:
            where = ", ".join(formulas)
            raise ImportFileError(
                f"Ô {where} chứa công thức. Hãy chọn cả bảng, Sao chép rồi Dán đặc biệt → Giá trị (Paste Values), "
                "lưu lại rồi tải lên."
            )
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not book.sheet_names:
            raise ImportFileError("Tệp Excel không có trang tính nào.")
        sheet = book.get_sheet_by_index(0)
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(f"Không đọc được tệp Excel ({exc}). Hãy mở và lưu lại tệp bằng Excel.") from exc
    start_row = sheet.start[0] if sheet.start else 0
    merged = list(getattr(sheet, "merged_cell_ranges", None) or [])

    def source() -> Iterator[tuple[int, list[str]]]:
        for i, row in enumerate(sheet.iter_rows()):
            yield start_row + i + 1, _normalise_row(row)

    reader = _finish(name, source, hints, size_hint=sheet.height)
    for (r1, c1), (r2, c2) in merged:
        if r2 + 1 >= reader.header_line:  # title rows above the header may be merged
            area = f"{get_column_letter(c1 + 1)}{r1 + 1}:{get_column_letter(c2 + 1)}{r2 + 1}"
            raise ImportFileError(
                f"Vùng ô {area} đang được gộp (Merge). Trong bảng dữ liệu mỗi ô chỉ ghi một giá trị: hãy bỏ gộp ô "
                "(Unmerge) và điền đủ giá trị vào từng ô."
            )
    return reader


def open_table(name: str, data: bytes, *, hints: set[str] | None = None) -> TableReader:
    """Open an uploaded file; `hints` (diacritic-free column names) let a title row above the
    header be skipped. Raises ImportFileError for anything wrong with the file as a whole."""
    lower = name.lower()
    limit = int(getattr(settings, "PHONGTHU_IMPORT_MAX_BYTES", 300 * 1024 * 1024))
    if len(data) > limit:
        raise ImportFileError(f"Tệp lớn {len(data) // (1024 * 1024)} MB, vượt giới hạn {limit // (1024 * 1024)} MB.")
    if not data:
        raise ImportFileError("Tệp rỗng.")
    if lower.endswith((".csv", ".txt")):
        return _open_csv(name, data, hints)
    if lower.endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        return _open_spreadsheet(name, data, hints)
    raise ImportFileError("Chỉ nhận tệp .xlsx hoặc .csv.")


def read_table(name: str, data: bytes, *, hints: set[str] | None = None, max_rows: int = MAX_ROWS) -> Table:
    """The whole file in memory (the form path and the earlier API)."""
    reader = open_table(name, data, hints=hints)
    rows: list[list[Any]] = []
    lines: list[int] = []
    width = len(reader.headers)
    for line, row in reader.rows():
        rows.append((row + [""] * width)[:width])
        lines.append(line)
        if len(rows) > max_rows:
            raise ImportFileError(f"Tệp có hơn {max_rows} dòng, vượt quá giới hạn mỗi lần nhập.")
    return Table(headers=reader.headers, rows=rows, first_line=reader.header_line + 1, lines=lines)


# ---------------------------------------------------------------- specs and mapping


@dataclass(frozen=True)
class Column:
    """One importable column: the field key, the header offices write, other spellings."""

    key: str
    label: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    example: str = ""
    help: str = ""

    def header_keys(self) -> set[str]:
        return {search_key(self.key), search_key(self.label), *(search_key(a) for a in self.aliases)}


ProgressFn = Callable[[int, str], None]  # (rows done, phase text)
CancelFn = Callable[[], bool]


@dataclass
class ImportContext:
    user: Any
    commit: bool
    valid_only: bool = False
    defaults: dict[str, Any] = field(default_factory=dict)
    progress: ProgressFn | None = None
    cancelled: CancelFn | None = None

    def report(self, done: int, phase: str) -> None:
        if self.progress is not None:
            self.progress(done, phase)

    def should_stop(self) -> bool:
        return bool(self.cancelled and self.cancelled())


class ImportSpec:
    """What a file can be imported into. Subclasses set `columns` and implement `run`."""

    key: ClassVar[str] = ""
    title: ClassVar[str] = ""
    model: ClassVar[Any] = None
    columns: ClassVar[list[Column]] = []
    ignored_headers: ClassVar[tuple[str, ...]] = ("stt", "so tt", "tt", "so thu tu")
    default_fields: ClassVar[tuple[str, ...]] = ()  # keys a "default for every row" may fill

    @classmethod
    def hints(cls) -> set[str]:
        keys: set[str] = set(cls.ignored_headers)
        for column in cls.get_columns():
            keys |= column.header_keys()
        return keys

    @classmethod
    def get_columns(cls) -> list[Column]:
        return list(cls.columns)

    @classmethod
    def column(cls, key: str) -> Column:
        return next(c for c in cls.get_columns() if c.key == key)

    @classmethod
    def auto_map(cls, headers: list[str]) -> dict[str, int]:
        by_key: dict[str, str] = {}
        for column in cls.get_columns():
            for k in column.header_keys():
                by_key.setdefault(k, column.key)
        mapping: dict[str, int] = {}
        for i, header in enumerate(headers):
            found = by_key.get(search_key(header))
            if found and found not in mapping:
                mapping[found] = i
        return mapping

    @classmethod
    def missing(cls, mapping: dict[str, int], defaults: dict[str, Any] | None = None) -> list[Column]:
        defaults = defaults or {}
        return [c for c in cls.get_columns() if c.required and c.key not in mapping and c.key not in defaults]

    def run(self, reader: TableReader, mapping: dict[str, int], ctx: ImportContext) -> ImportResult:
        raise NotImplementedError


def _missing_error(missing: list[Column]) -> RowError:
    labels = ", ".join(c.label for c in missing)
    return RowError(1, "", "", f"Thiếu cột bắt buộc: {labels}. Hãy thêm cột với đúng tiêu đề hoặc chọn cột tương ứng.")


class FormImportSpec(ImportSpec):
    """Any registered model: each row through the same form as single-record entry."""

    config: ClassVar[type[CrudConfig]]

    @classmethod
    def for_config(cls, config: type[CrudConfig]) -> type[FormImportSpec]:
        return type(
            f"{config.__name__}FormImport",
            (cls,),
            {"config": config, "key": f"{config.app_label}.{config.slug}", "model": config.model},
        )

    @classmethod
    def get_columns(cls) -> list[Column]:
        config = cls.config
        return [
            Column(name, config.label(name), required=not config.field(name).blank)
            for name in config.get_import_fields()
        ]

    def _row_data(
        self, mapping: dict[str, int], row: list[Any], line: int, result: ImportResult
    ) -> dict[str, Any] | None:
        config = self.config
        data: dict[str, Any] = {}
        ok = True
        for name, idx in mapping.items():
            value = row[idx] if idx < len(row) else ""
            f = config.field(name)
            try:
                if value != "" and f.get_internal_type() == "DateField":
                    value = parse_date(str(value)).isoformat()
                if f.get_internal_type() == "BooleanField":
                    value = "on" if parse_bool(str(value)) else ""
            except CellError as exc:
                result.add_error(RowError(line, get_column_letter(idx + 1), config.label(name), str(exc)))
                ok = False
                continue
            if f.is_relation and value != "":
                value = _resolve_fk(f, value)
            if f.choices and value != "":
                value = _resolve_choice(f, value)
            data[name] = value
        return data if ok else None

    def run(self, reader: TableReader, mapping: dict[str, int], ctx: ImportContext) -> ImportResult:
        config = self.config
        result = ImportResult()
        missing = self.missing(mapping)
        if missing:
            result.add_error(_missing_error(missing))
            return result
        letters = {name: get_column_letter(idx + 1) for name, idx in mapping.items()}
        forms_ok = []
        for n, (line, row) in enumerate(reader.rows(), start=1):
            result.total += 1
            if result.total > MAX_ROWS:
                raise ImportFileError(f"Tệp có hơn {MAX_ROWS} dòng, vượt quá giới hạn mỗi lần nhập.")
            data = self._row_data(mapping, row, line, result)
            if data is None:
                result.invalid_lines += 1
                continue
            form = build_form(config, ctx.user, scoping.IMPORT, data=data)
            if form.is_valid():
                forms_ok.append((line, form))
            else:
                result.invalid_lines += 1
                for name, errs in form.errors.items():
                    for err in errs:
                        label = config.label(name) if name != "__all__" else ""
                        result.add_error(RowError(line, letters.get(name, ""), label, str(err)))
            if n % 500 == 0:
                ctx.report(n, "validate")
                if ctx.should_stop():
                    result.cancelled = True
                    return result
        result.valid = len(forms_ok)
        if not ctx.commit or (result.error_count and not ctx.valid_only):
            return result
        ctx.report(result.total, "write")
        with transaction.atomic():
            for line, form in forms_ok:
                obj = form.save()
                try:
                    scoping.assert_in_scope(obj, ctx.user, scoping.IMPORT)
                except Exception as exc:
                    transaction.set_rollback(True)
                    result.add_error(RowError(line, "", "", str(exc)))
                    result.created = 0
                    return result
                result.created += 1
        result.committed = True
        return result


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


# ---------------------------------------------------------------- registry of specs

_specs: dict[str, type[ImportSpec]] = {}


def register_import_spec(spec: type[ImportSpec]) -> type[ImportSpec]:
    """A spec registered under a CrudConfig's key ("people.person") replaces its form import."""
    _specs[spec.key] = spec
    return spec


_discovered = False


def _discover() -> None:
    """Apps declare fast import specs in importers.py (like screens in crud.py)."""
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("importers")
        _discovered = True


def all_specs() -> dict[str, type[ImportSpec]]:
    _discover()
    return dict(_specs)


def spec_for(key: str) -> type[ImportSpec] | None:
    _discover()
    if key in _specs:
        return _specs[key]
    config = registry.get(key)
    if config is not None and config.allow_import:
        return FormImportSpec.for_config(config)
    return None


def spec_for_config(config: type[CrudConfig]) -> type[ImportSpec]:
    return spec_for(f"{config.app_label}.{config.slug}") or FormImportSpec.for_config(config)


# ---------------------------------------------------------------- the earlier API


def map_columns(config: type[CrudConfig], headers: list[str]) -> tuple[dict[str, int], list[str]]:
    """Match headers to fields by label or name, ignoring case and diacritics."""
    spec = spec_for_config(config)
    mapping = spec.auto_map(headers)
    return mapping, [c.label for c in spec.missing(mapping)]


def _reader_for(table: Table, name: str = "table") -> TableReader:
    return TableReader(
        name=name,
        headers=table.headers,
        header_line=table.first_line - 1,
        _rows=table.iter_rows,
        size_hint=len(table.rows),
    )


def run_import(
    config: type[CrudConfig], table: Table, *, user: Any, commit: bool, valid_only: bool = False
) -> ImportResult:
    spec = spec_for_config(config)
    mapping = spec.auto_map(table.headers)
    result = execute_import(
        spec, _reader_for(table), mapping, ImportContext(user=user, commit=commit, valid_only=valid_only)
    )
    return result


def execute_import(
    spec: type[ImportSpec], reader: TableReader, mapping: dict[str, int], ctx: ImportContext
) -> ImportResult:
    """Run a spec over a file with a column mapping; never half-writes (see each spec)."""
    if ctx.commit and not scoping.can(ctx.user, scoping.IMPORT):
        result = ImportResult()
        result.add_error(RowError(1, "", "", "Bạn không có quyền nhập dữ liệu."))
        return result
    if current_context().user is None and ctx.user is not None:
        # Called outside a request or job (shell, tests): the importer is the audited user.
        with change_context(user=ctx.user):
            result = spec().run(reader, mapping, ctx)
    else:
        result = spec().run(reader, mapping, ctx)
    result.sort_errors()
    return result


# ---------------------------------------------------------------- the sample file


def template_workbook(spec: type[ImportSpec], *, examples: list[dict[str, str]] | None = None) -> bytes:
    """An XLSX with the header row in the layout offices use, example rows and a guide sheet."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Du lieu")
    head = book.add_format({"bold": True, "border": 1, "text_wrap": True, "valign": "top", "bg_color": "#E2EFDA"})
    required = book.add_format({"bold": True, "border": 1, "text_wrap": True, "valign": "top", "bg_color": "#FCE4D6"})
    text = book.add_format({"num_format": "@"})
    columns = spec.get_columns()
    sheet.write(0, 0, "STT", head)
    for i, column in enumerate(columns, start=1):
        sheet.write(0, i, column.label, required if column.required else head)
        sheet.set_column(i, i, max(12, min(40, len(column.label) + 4)), text)
    rows = examples if examples is not None else [{c.key: c.example for c in columns}]
    for r, example in enumerate(rows, start=1):
        sheet.write_number(r, 0, r)
        for i, column in enumerate(columns, start=1):
            sheet.write_string(r, i, example.get(column.key, ""))
    sheet.freeze_panes(1, 2)
    guide = book.add_worksheet("Huong dan")
    guide.set_column(0, 0, 34)
    guide.set_column(1, 1, 90)
    guide.write_row(0, 0, ["Cột", "Cách ghi"], head)
    guide.write(1, 0, "Chung")
    guide.write(
        1,
        1,
        "Dòng 1 là tiêu đề; có thể để dòng tên sổ phía trên. Không gộp ô, không dùng công thức. "
        "Ngày ghi dd/mm/yyyy (ví dụ 10/09/2006). Cột màu cam là bắt buộc.",
    )
    for r, column in enumerate(columns, start=2):
        guide.write(r, 0, column.label + (" (bắt buộc)" if column.required else ""))
        guide.write(r, 1, column.help or (f"Ví dụ: {column.example}" if column.example else ""))
    book.close()
    return buffer.getvalue()


def stored_upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


# ---------------------------------------------------------------- as a background job

PHASES = {
    "read": "Đang đọc tệp",
    "validate": "Đang kiểm tra từng dòng",
    "check": "Đang tìm bản ghi trùng trong hệ thống",
    "write": "Đang ghi vào cơ sở dữ liệu",
    "done": "Xong",
}


@register_runner("import")
def run_import_job(job: Any, progress: Progress) -> dict[str, Any]:
    """params: spec, path, name, mapping {key: column index}, defaults, commit, valid_only."""
    params = job.params
    spec = spec_for(params["spec"])
    if spec is None:
        raise JobError("Không còn loại dữ liệu nhập này.")
    path = Path(params["path"])
    if not path.exists():
        raise JobError("Tệp tải lên không còn trên máy chủ; hãy tải tệp lên lại.")
    progress.update(0, phase=PHASES["read"], force=True)
    try:
        reader = open_table(params["name"], path.read_bytes(), hints=spec.hints())
        progress.update(0, total=reader.size_hint, phase=PHASES["validate"], force=True)
        ctx = ImportContext(
            user=job.user,
            commit=bool(params.get("commit")),
            valid_only=bool(params.get("valid_only")),
            defaults=dict(params.get("defaults") or {}),
            progress=lambda done, phase: progress.update(done, phase=PHASES.get(phase, phase)),
            cancelled=progress.cancelled,
        )
        mapping = {str(k): int(v) for k, v in (params.get("mapping") or {}).items()}
        result = execute_import(spec, reader, mapping, ctx)
    except (ImportFileError, PermissionDenied) as exc:
        raise JobError(f"{exc} Không có dữ liệu nào được ghi.") from exc
    except IntegrityError as exc:
        raise JobError(
            "Dữ liệu trong hệ thống vừa thay đổi trong lúc nhập (ví dụ một số CCCD vừa được người khác nhập). "
            "Không có dữ liệu nào được ghi; hãy kiểm tra lại và nhập lại."
        ) from exc
    progress.update(result.total, total=result.total, phase=PHASES["done"], force=True)
    if result.committed:
        path.unlink(missing_ok=True)
    return result.as_dict()
