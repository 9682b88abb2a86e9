"""A CSV stored on disk is read as it is parsed: memory stays flat however long the file is
(a 1,000,000-row register is ≈ 160 MB), and the rows are the same as from the file's bytes."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from phongthu.core.imports import ImportFileError, open_table

HINTS = {"ho va ten", "ngay sinh", "so cccd"}


def _write(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("Danh sách công dân\nHọ và tên,Ngày sinh,Số CCCD\n")
        for i in range(rows):
            out.write(f"Nguyễn Văn Thành {i},{1 + i % 28:02d}/05/2007,0312070{i:05d}\n")


def test_csv_from_a_path_streams_with_flat_memory(tmp_path: Path) -> None:
    path = tmp_path / "so_dang_ky.csv"
    _write(path, 60_000)
    size = path.stat().st_size
    assert size > 3_000_000
    tracemalloc.start()
    try:
        reader = open_table(path.name, path, hints=HINTS)
        count = 0
        for _line, _row in reader.rows():
            count += 1
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 60_000
    # Reading the file whole would allocate its size at least; streaming stays at buffers.
    assert peak < size / 4, f"peak {peak:,} B for a {size:,} B file"


def test_csv_from_a_path_reads_as_from_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    _write(path, 500)
    from_path = open_table(path.name, path, hints=HINTS)
    from_bytes = open_table(path.name, path.read_bytes(), hints=HINTS)
    assert from_path.headers == from_bytes.headers == ["Họ và tên", "Ngày sinh", "Số CCCD"]
    assert from_path.header_line == from_bytes.header_line == 2
    assert from_path.size_hint == from_bytes.size_hint
    assert list(from_path.rows()) == list(from_bytes.rows())


def test_file_level_errors_from_a_path(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ImportFileError, match="rỗng"):
        open_table(empty.name, empty)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Họ và tên,Ngày sinh\nNguyễn,01/01/2007\n".encode("cp1258", errors="replace") + b"\xff\xfe")
    with pytest.raises(ImportFileError, match="UTF-8"):
        open_table(latin.name, latin)
