"""Opening an uploaded CSV/XLSX for import: the header row found (a title row above it is
skipped), data rows streamed with their spreadsheet line numbers, and whatever is wrong with
the file as a whole (encoding, formulas, merged cells, stray columns, size) refused with a
Vietnamese `ImportFileError` before anything is written. Calamine reads; openpyxl only
locates formulas."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from django.conf import settings
from openpyxl.utils import get_column_letter

from phongthu.core.imports.cells import cell_text
from phongthu.core.imports.results import HEADER_SCAN_ROWS, MAX_CELL_CHARS, MAX_COLUMNS, ImportFileError
from phongthu.core.text import search_key


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


def _normalise_text_row(values: list[str]) -> list[str]:
    """`_normalise_row` for a CSV row, whose cells are all text already."""
    row = list(map(str.strip, values))
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


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 16):
            count += chunk.count(b"\n")
    return count


def _open_csv(name: str, data: bytes | Path, hints: set[str] | None) -> TableReader:
    """`data`: the file's bytes, or its path — then it is read as it is parsed, never held whole
    in memory (a 1,000,000-row register is ≈ 160 MB)."""
    if isinstance(data, Path):
        path = data
        with path.open("rb") as stream:
            head = stream.read(65537)
        final = len(head) <= 65536
        head = head[:65536]
    else:
        head, final = data[:65536], len(data) <= 65536
    if b"\x00" in head[:4096]:
        raise ImportFileError("Tệp không phải CSV dạng văn bản (có thể là tệp Excel bị đổi đuôi). " + _CSV_HINT)
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
    try:
        sample = decoder.decode(head, final=final)
    except UnicodeDecodeError as exc:
        raise ImportFileError("Tệp CSV không ở mã UTF-8. " + _CSV_HINT) from exc
    try:
        dialect: Any = csv.Sniffer().sniff(sample[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel

    def source() -> Iterator[tuple[int, list[str]]]:
        binary = data.open("rb") if isinstance(data, Path) else io.BytesIO(data)
        with io.TextIOWrapper(binary, encoding="utf-8-sig", errors="strict", newline="") as stream:
            reader = csv.reader(stream, dialect)
            try:
                for row in reader:
                    yield reader.line_num, _normalise_text_row(row)
            except UnicodeDecodeError as exc:
                raise ImportFileError(
                    f"Tệp CSV có ký tự không ở mã UTF-8 (gần dòng {reader.line_num + 1}). " + _CSV_HINT
                ) from exc
            except csv.Error as exc:
                raise ImportFileError(f"Dòng {reader.line_num}: tệp CSV sai cấu trúc ({exc}).") from exc

    lines = _count_lines(data) if isinstance(data, Path) else data.count(b"\n")
    return _finish(name, source, hints, size_hint=lines)


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


def open_table(name: str, data: bytes | Path, *, hints: set[str] | None = None) -> TableReader:
    """Open an uploaded file (its bytes, or the path it is stored at: a CSV is then streamed
    from disk, never held whole in memory); `hints` (diacritic-free column names) let a title
    row above the header be skipped. Raises ImportFileError for anything wrong with the file
    as a whole."""
    lower = name.lower()
    limit = int(getattr(settings, "PHONGTHU_IMPORT_MAX_BYTES", 300 * 1024 * 1024))
    size = data.stat().st_size if isinstance(data, Path) else len(data)
    if size > limit:
        raise ImportFileError(f"Tệp lớn {size // (1024 * 1024)} MB, vượt giới hạn {limit // (1024 * 1024)} MB.")
    if not size:
        raise ImportFileError("Tệp rỗng.")
    if lower.endswith((".csv", ".txt")):
        return _open_csv(name, data, hints)
    if lower.endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        # Spreadsheets are zip archives read whole (calamine, openpyxl).
        return _open_spreadsheet(name, data.read_bytes() if isinstance(data, Path) else data, hints)
    raise ImportFileError("Chỉ nhận tệp .xlsx hoặc .csv.")
