"""The fast import path: the same rules as single-record entry, at bulk speed.

- Each cell is parsed by a `FieldParser` built from the model field (max length, choices,
  blank/null) that runs the field's own validators; the model's cross-field rules are called
  as plain functions (e.g. `Person.check_facts`). No ModelForm, no model instance per row.
- Duplicates are found by key (e.g. CCCD; name + birth date + commune) inside the file and
  against the database, whatever the user's scope.
- PostgreSQL: validated rows are COPYed (psycopg 3) into temporary staging tables with
  pre-allocated ids; duplicates against the database are found by joins; then one
  `INSERT … SELECT` per table and one `INSERT … SELECT` writing every audit row
  (core_objectchange) with the same before/after snapshot the signals write.
- SQLite: rows are kept in memory and written with `bulk_create`; audit rows in bulk.
Nothing is written unless the final transaction commits (all rows, or only the valid ones).

The package: `cells` (parsers), `staging` (what both writers share), `memory` and `postgres`
(the two writers), `derived` (rows an upper app derives from the records, written with each
chunk); this module holds the spec and the engine that drives a writer.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import threading
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from openpyxl.utils import get_column_letter

from phongthu.core.bulk.cells import FieldParser, Parser, UnitLookup, cached
from phongthu.core.bulk.memory import _MemoryWriter as _MemoryWriter  # re-exported for tests
from phongthu.core.bulk.postgres import _PostgresWriter as _PostgresWriter  # re-exported for tests
from phongthu.core.bulk.staging import Record, StatusHistory, _Writer
from phongthu.core.imports import (
    MAX_FAST_ROWS,
    CellError,
    Column,
    ImportContext,
    ImportFileError,
    ImportResult,
    ImportSpec,
    RowError,
    TableReader,
    missing_columns_error,
)

BATCH = 5_000


class FastImportSpec(ImportSpec):
    """Subclasses set `columns` (keys "<model label>.<field>" for each target field, or plain
    names they handle themselves), `targets` (insertion order; later ones may reference earlier
    ones through `links`) and implement `build()`."""

    targets: ClassVar[list[type[models.Model]]] = []
    # child model → (its FK attname, parent model)
    links: ClassVar[dict[type[models.Model], tuple[str, type[models.Model]]]] = {}
    # (name, model, attnames): duplicates inside the file and against the database
    duplicate_keys: ClassVar[list[tuple[str, type[models.Model], tuple[str, ...]]]] = []
    owning_unit: ClassVar[tuple[type[models.Model], str]]  # model, attname checked against scope
    # Records created with a status get their StatusChange row ("" → status), as a transition would.
    status_history: ClassVar[dict[type[models.Model], StatusHistory]] = {}

    def __init__(self) -> None:
        # column key → cell parser (a FieldParser, or one wrapping it with office spellings)
        self.parsers: dict[str, Callable[[str], Any]] = {}

    # hooks ---------------------------------------------------------------------------------

    def prepare(self, ctx: ImportContext) -> None:
        """Build lookups once (units in scope, …)."""

    def parser_for(self, key: str) -> Callable[[str], Any]:
        return self.parsers[key]

    def build(self, cells: dict[str, Any], line: int, ctx: ImportContext) -> tuple[Record | None, dict[str, str]]:
        """Turn parsed cells into a record; return errors per column key ('' = whole row)."""
        raise NotImplementedError

    # engine --------------------------------------------------------------------------------

    def _plan(self, mapping: dict[str, int], defaults: dict[str, Any] | None = None) -> None:
        """Per mapped column, once: its parser and how errors name it; and the plan of a row
        whose cells are all valid (the common case), one dict comprehension a row."""
        defaults = defaults or {}
        self.plan = [
            (key, idx, _unwrapped(self.parser_for(key)), get_column_letter(idx + 1), self.column(key).label)
            for key, idx in mapping.items()
        ]
        # Per column: its memo (cell text → value, filled by its parser), read in the row's own
        # loop. A blank cell of a column with a default chosen for every row parses to None, which
        # the default then replaces: what `_parse_each` does by skipping the cell.
        self.fast_plan = [
            (key, idx, _NO_MEMO, _blank_is_none(parse)) if key in defaults else (key, idx, _memo_of(parse), parse)
            for key, idx, parse, _l, _b in self.plan
        ]
        self.width = max(mapping.values(), default=-1) + 1

    def _parse(self, line: int, row: list[str], ctx: ImportContext, result: ImportResult) -> dict[str, Any] | None:
        if len(row) < self.width:
            row = row + [""] * (self.width - len(row))
        try:
            cells = {
                key: memo[text] if (text := row[idx]) in memo else parse(text)
                for key, idx, memo, parse in self.fast_plan
            }
        except CellError:  # a refused cell: parse the row again, cell by cell, naming every error
            return self._parse_each(line, row, ctx, result)
        for key, value in ctx.defaults.items():
            if cells.get(key) in (None, ""):
                cells[key] = value
        return cells

    def _parse_each(self, line: int, row: list[str], ctx: ImportContext, result: ImportResult) -> dict[str, Any] | None:
        cells: dict[str, Any] = {}
        ok = True
        width = len(row)
        defaults = ctx.defaults
        for key, idx, parse, letter, label in self.plan:
            text = row[idx] if idx < width else ""
            if not text and key in defaults:
                continue  # filled from the default chosen for every row
            try:
                cells[key] = parse(text)
            except CellError as exc:
                ok = False
                result.add_error(RowError(line, letter, label, str(exc)))
        for key, value in defaults.items():
            if cells.get(key) in (None, ""):
                cells[key] = value
        return cells if ok else None

    def _row_errors(self, line: int, errors: dict[str, str], mapping: dict[str, int], result: ImportResult) -> None:
        for key, message in errors.items():
            idx = mapping.get(key)
            letter = get_column_letter(idx + 1) if idx is not None else ""
            label = self.column(key).label if key and idx is not None else ""
            result.add_error(RowError(line, letter, label, message))

    def run(self, reader: TableReader, mapping: dict[str, int], ctx: ImportContext) -> ImportResult:
        result = ImportResult()
        missing = self.missing(mapping, ctx.defaults)
        if missing:
            result.add_error(missing_columns_error(missing))
            return result
        self.prepare(ctx)
        self._plan(mapping, ctx.defaults)
        writer: _Writer = _PostgresWriter(self, ctx) if connection.vendor == "postgresql" else _MemoryWriter(self, ctx)
        # PostgreSQL writes each validated chunk while the next one is validated, all in this one
        # transaction: it commits only when the whole import does, else nothing stays written.
        if not writer.streams:
            return self._run(reader, mapping, ctx, writer, result)
        with _progress_on_own_connection(ctx) as job_ctx, transaction.atomic():
            result = self._run(reader, mapping, job_ctx, writer, result)
            if not result.committed:
                transaction.set_rollback(True)
        return result

    def _run(
        self, reader: TableReader, mapping: dict[str, int], ctx: ImportContext, writer: _Writer, result: ImportResult
    ) -> ImportResult:
        with _fewer_collections:
            return self._run_rows(reader, mapping, ctx, writer, result)

    def _run_rows(
        self, reader: TableReader, mapping: dict[str, int], ctx: ImportContext, writer: _Writer, result: ImportResult
    ) -> ImportResult:
        seen: dict[str, dict[Any, int]] = {name: {} for name, _m, _c in self.duplicate_keys}
        batch: list[Record] = []

        def may_write() -> bool:  # rows go on being written only while the import can still commit
            return ctx.commit and (ctx.valid_only or not result.error_count)

        try:
            writer.start()
            for line, row in reader.rows():
                result.total += 1
                if result.total > MAX_FAST_ROWS:
                    raise ImportFileError(f"Tệp có hơn {MAX_FAST_ROWS} dòng, vượt quá giới hạn mỗi lần nhập.")
                cells = self._parse(line, row, ctx, result)
                record = None
                if cells is not None:
                    record, errors = self.build(cells, line, ctx)
                    if errors:
                        self._row_errors(line, errors, mapping, result)
                        record = None
                if record is not None and self._duplicate_in_file(record, seen, mapping, result):
                    record = None
                if record is None:
                    result.invalid_lines += 1
                    continue
                batch.append(record)
                if len(batch) >= BATCH:
                    writer.stage(batch, may_write())
                    result.valid += len(batch)
                    batch = []
                    ctx.report(result.total, "validate")
                    if ctx.should_stop():
                        result.cancelled = True
                        return result
            if batch:
                writer.stage(batch, may_write())
                result.valid += len(batch)
            for lookup in vars(self).values():  # unit names that matched units of several periods
                if isinstance(lookup, UnitLookup):
                    result.warnings.extend(lookup.warnings.values())
            ctx.report(result.total, "check")
            dup_lines: set[int] = set()
            for line, name in writer.duplicates_in_db():
                if line not in dup_lines:  # one message per row, the first key that matched
                    dup_lines.add(line)
                    result.add_error(RowError(line, "", "", _DUPLICATE_DB[name]))
            result.duplicates += len(dup_lines)
            result.valid -= len(dup_lines)
            result.invalid_lines += len(dup_lines)
            if not ctx.commit or (result.error_count and not ctx.valid_only) or result.valid == 0:
                return result
            ctx.report(result.total, "write")
            result.created = writer.commit(dup_lines)
            result.committed = True
            return result
        finally:
            writer.close()
            result.timings = dict(getattr(writer, "seconds", {}))

    def _duplicate_in_file(
        self, record: Record, seen: dict[str, dict[Any, int]], mapping: dict[str, int], result: ImportResult
    ) -> bool:
        keys = []
        by_model = record.values
        for name, model, attnames in self.duplicate_keys:
            values = by_model.get(model)
            if not values:
                continue
            if len(attnames) == 1:  # one column (CCCD): the value itself is the key
                key: Any = values.get(attnames[0])
                if key is None or key == "":
                    continue  # a blank key (no CCCD) is not a duplicate of another blank
            else:
                key = tuple(map(values.get, attnames))
                if None in key or "" in key:
                    continue
            known = seen[name]
            first = known.get(key)
            if first is not None:
                result.duplicates += 1
                result.add_error(RowError(record.line, "", "", _DUPLICATE_FILE[name] % {"line": first}))
                return True
            keys.append((known, key))
        line = record.line
        for known, key in keys:
            known[key] = line
        return False


class _FewerCollections:
    """Raise the garbage collector's first threshold while imports run, restored when the last
    one ends (jobs run in threads of one process). Validating allocates a few objects a cell,
    nearly all freed at once by reference counting, yet at the default (700) they set off a
    full collection of the whole heap every few thousand rows: ≈ 20 % of the validation CPU."""

    THRESHOLD = 50_000

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running = 0
        self.saved: tuple[int, int, int] = gc.get_threshold()

    def __enter__(self) -> None:
        with self.lock:
            if self.running == 0:
                self.saved = gc.get_threshold()
                if 0 < self.saved[0] < self.THRESHOLD:  # 0: collection switched off, leave it so
                    gc.set_threshold(self.THRESHOLD, self.saved[1], self.saved[2])
            self.running += 1

    def __exit__(self, *exc: object) -> None:
        with self.lock:
            self.running -= 1
            if self.running == 0:
                gc.set_threshold(*self.saved)


_fewer_collections = _FewerCollections()


def _unwrapped(parser: Callable[[str], Any]) -> Callable[[str], Any]:
    """A `FieldParser`'s compiled closure itself: one call less a cell."""
    return parser.parse if isinstance(parser, FieldParser) else parser


_NO_MEMO: dict[str, Any] = {}


def _memo_of(parse: Callable[[str], Any]) -> dict[str, Any]:
    """The dict a parser remembers its results in (text → the value it would return), if any."""
    memo = getattr(parse, "memo", None)
    return memo if isinstance(memo, dict) else _NO_MEMO


def _blank_is_none(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    def parse_or_default(text: str) -> Any:
        return parse(text) if text else None

    return parse_or_default


@contextlib.contextmanager
def _progress_on_own_connection(ctx: ImportContext) -> Iterator[ImportContext]:
    """The job's progress and cancel check on a connection of their own while the import's
    transaction is open: written there they are seen at once (and never lock the job row until
    the import commits), and they never meet the import's statements still running."""
    side = connections.create_connection(DEFAULT_DB_ALIAS)

    def on_side(fn: Callable[..., Any] | None) -> Any:
        if fn is None:
            return None

        def call(*args: Any) -> Any:
            main = connections[DEFAULT_DB_ALIAS]
            connections[DEFAULT_DB_ALIAS] = side
            try:
                return fn(*args)
            finally:
                connections[DEFAULT_DB_ALIAS] = main

        return call

    try:
        yield dataclasses.replace(ctx, progress=on_side(ctx.progress), cancelled=on_side(ctx.cancelled))
    finally:
        side.close()


_DUPLICATE_FILE: dict[str, str] = {
    "cccd": "Trùng số CCCD với dòng %(line)s của tệp; mỗi công dân chỉ ghi một dòng.",
    "identity": "Trùng họ tên, ngày sinh và xã, phường với dòng %(line)s của tệp; mỗi công dân chỉ ghi một dòng.",
}
_DUPLICATE_DB: dict[str, str] = {
    "cccd": "Số CCCD đã có trong hệ thống (công dân đã được nhập trước đây). Hãy bỏ dòng này hoặc kiểm tra lại số.",
    "identity": "Đã có công dân cùng họ tên, ngày sinh ở xã, phường này trong hệ thống. Hãy bỏ dòng này nếu trùng.",
}


__all__ = [
    "BATCH",
    "Column",
    "FastImportSpec",
    "FieldParser",
    "Parser",
    "Record",
    "StatusHistory",
    "UnitLookup",
    "cached",
]
