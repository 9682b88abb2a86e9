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
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import datetime
import decimal
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, models, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from openpyxl.utils import get_column_letter

from phongthu.core import scoping
from phongthu.core.audit import bulk_written, snapshot
from phongthu.core.context import current
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
    parse_bool,
    parse_date,
)
from phongthu.core.models import ObjectChange, StatusChange
from phongthu.core.text import search_key

BATCH = 5_000
Parser = Callable[[str], Any]  # cell text → value, or CellError


# ---------------------------------------------------------------- cells → values


def _messages(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


_INTEGER_TYPES = frozenset(
    {"PositiveSmallIntegerField", "IntegerField", "SmallIntegerField", "PositiveIntegerField", "BigIntegerField"}
)


class FieldParser:
    """Parse and validate one cell for one model field, with that field's own rules (blank,
    max length, choices, type, and the field's validators). The conversion is chosen once per
    column; repeated values of choice and relation columns are remembered."""

    def __init__(self, model_field: Any, lookup: Callable[[str], Any] | None = None) -> None:
        f = self.field = model_field
        self.internal = internal = f.get_internal_type()
        # Length is checked with a clearer message; the other validators are the field's own.
        self.validators = [v for v in f.validators if type(v).__name__ != "MaxLengthValidator"]
        if f.has_default():
            self.empty: Any = f.get_default()
            self.empty_error = ""
        else:
            self.empty = None if f.null else ("" if internal in ("CharField", "TextField") else None)
            self.empty_error = "" if f.blank else "Không được để trống."
        self.cache: dict[str, Any] | None = None
        self.convert: Callable[[str], Any]
        if lookup is not None:
            self.convert = lookup
        elif f.choices:
            self.choice_keys: dict[str, Any] = {}
            for code, label in f.flatchoices:
                value = int(code) if internal in _INTEGER_TYPES and code != "" else code
                self.choice_keys[search_key(str(code))] = value
                self.choice_keys[search_key(str(label))] = value
            self.convert = self._choice
            self.cache = {}
        elif internal == "DateField":
            self.convert = parse_date
        elif internal == "BooleanField":
            self.convert = parse_bool
            self.cache = {}
        elif internal in _INTEGER_TYPES:
            self.convert = self._integer
        elif internal == "DecimalField":
            self.convert = self._decimal
        elif internal == "CharField":
            self.convert = self._char
        else:
            self.convert = self._text

    def _choice(self, text: str) -> Any:
        key = search_key(text)
        if key not in self.choice_keys:
            allowed = ", ".join(str(label) for code, label in self.field.flatchoices if code != "")
            raise CellError(f"'{text}' không có trong danh mục. Hãy ghi một trong: {allowed}.")
        return self.choice_keys[key]

    @staticmethod
    def _integer(text: str) -> int:
        cleaned = text.replace(" ", "")
        if not cleaned.lstrip("-").isdigit():
            raise CellError(f"'{text}' không phải số nguyên.")
        return int(cleaned)

    def _decimal(self, text: str) -> decimal.Decimal:
        f = self.field
        try:
            value = decimal.Decimal(text.replace(",", "."))
        except decimal.InvalidOperation as exc:
            raise CellError(f"'{text}' không phải số.") from exc
        if not value.is_finite():
            raise CellError(f"'{text}' không phải số.")
        value = value.quantize(decimal.Decimal(1).scaleb(-f.decimal_places))
        if len(value.as_tuple().digits) > f.max_digits:
            raise CellError(f"'{text}' quá lớn.")
        return value

    def _char(self, text: str) -> str:
        value = " ".join(text.split())
        limit = self.field.max_length
        if limit and len(value) > limit:
            raise CellError(f"Dài {len(value)} ký tự, tối đa {limit} ký tự.")
        return value

    def _text(self, text: str) -> str:
        limit = self.field.max_length
        if limit and len(text) > limit:
            raise CellError(f"Dài {len(text)} ký tự, tối đa {limit} ký tự.")
        return text

    def __call__(self, text: str) -> Any:
        if text == "":
            if self.empty_error:
                raise CellError(self.empty_error)
            return self.empty
        cache = self.cache
        if cache is not None and text in cache:
            return cache[text]
        value = self.convert(text)
        if self.validators:
            try:
                for validator in self.validators:
                    validator(value)
            except ValidationError as exc:
                raise CellError(_messages(exc)) from exc
        if cache is not None and len(cache) < 10_000:
            cache[text] = value
        return value


# ---------------------------------------------------------------- units (the owning-unit column)


_UNIT_PREFIXES = ("xa ", "phuong ", "thi tran ", "dac khu ", "thon ", "to dan pho ")


def cached(parse: Parser, size: int = 10_000) -> Parser:
    """Remember the result of a parser for repeated cell texts (grades, books, health classes)."""
    memo: dict[str, Any] = {}

    def parse_cached(text: str) -> Any:
        if text in memo:
            return memo[text]
        value = parse(text)
        if len(memo) < size:
            memo[text] = value
        return value

    return parse_cached


def _exact(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


class UnitLookup:
    """Text → unit id among the units the user may import into: by id, code or name. A name is
    matched exactly first ("Xã Cẩm Giàng" ≠ "Xã Cẩm Giang"), then without diacritics or the
    "xã"/"phường" prefix; units in force on `on` (default today) win over those of other
    periods with the same name, and `warnings` says so (old and new maps reuse names)."""

    def __init__(
        self,
        user: Any,
        action: str = scoping.IMPORT,
        *,
        levels: Iterable[str] | None = None,
        on: datetime.date | None = None,
    ) -> None:
        qs = scoping.unit_model().objects.restrict(user, action)
        if levels is not None:
            qs = qs.filter(level__in=list(levels))
        today = on or timezone.localdate()
        self.on = today
        self.warnings: dict[str, str] = {}
        self.shadowed: dict[str, int] = {}  # key → how many units of other periods share it
        self.by_id: dict[str, int] = {}
        self.by_code: dict[str, int] = {}
        ranked: dict[str, list[tuple[int, int, str, int]]] = {"exact": [], "loose": []}
        for unit in qs.only("pk", "code", "name", "short_name", "valid_from", "valid_to", "kind", "level"):
            rank = 0 if unit.is_valid_on(today) else 1
            self.by_id[str(unit.pk)] = unit.pk
            if unit.code:
                self.by_code.setdefault(search_key(unit.code), unit.pk)
            for name in {unit.name, unit.short_name} - {""}:
                ranked["exact"].append((rank, 0, _exact(name), unit.pk))
                key = search_key(name)
                ranked["loose"].append((rank, 0, key, unit.pk))
                for prefix in _UNIT_PREFIXES:
                    if key.startswith(prefix):
                        ranked["loose"].append((rank, 1, key[len(prefix) :], unit.pk))
        self.exact = self._best(ranked["exact"], self.shadowed)
        self.loose = self._best(ranked["loose"], self.shadowed)
        self.cache: dict[str, int] = {}

    @staticmethod
    def _best(entries: list[tuple[int, int, str, int]], shadowed: dict[str, int]) -> dict[str, int | None]:
        """key → unit id; None when two different units tie for the best rank (ambiguous).
        `shadowed` counts, per key, other units that lost only because of their period."""
        best: dict[str, tuple[int, int]] = {}
        found: dict[str, int | None] = {}
        for rank, derived, key, pk in sorted(entries):
            if key not in best:
                best[key] = (rank, derived)
                found[key] = pk
            elif best[key] == (rank, derived) and found[key] not in (None, pk):
                found[key] = None
            elif best[key][0] < rank and found[key] != pk:
                shadowed[key] = shadowed.get(key, 0) + 1
        return found

    def __call__(self, text: str) -> int:
        hit = self.cache.get(text)
        if hit is not None:
            return hit
        value = self._find(text)
        self.cache[text] = value
        return value

    def _find(self, text: str) -> int:
        stripped = text.strip()
        if stripped.isdigit() and stripped in self.by_id:
            return self.by_id[stripped]
        for table, key in ((self.exact, _exact(stripped)), (self.loose, search_key(stripped))):
            if key in table:
                found = table[key]
                if found is None:
                    raise CellError(f"Có nhiều đơn vị tên '{text}'. Hãy ghi mã đơn vị.")
                if key in self.shadowed and stripped not in self.warnings:
                    self.warnings[stripped] = (
                        f"'{text}' trùng tên với đơn vị của thời kỳ khác (trước hoặc sau sắp xếp); đã chọn "
                        f"đơn vị có hiệu lực ngày {self.on:%d/%m/%Y}. Nếu không đúng, hãy ghi mã đơn vị."
                    )
                return found
        code = self.by_code.get(search_key(stripped))
        if code is not None:
            return code
        raise CellError(f"Không tìm thấy xã, phường '{text}' trong phạm vi đơn vị bạn được nhập liệu.")


# ---------------------------------------------------------------- the fast spec


@dataclass(frozen=True)
class StatusHistory:
    field: str = "status"
    effective_date: str = ""  # attname of the date the status took effect
    legal_ground: str = ""
    reason: str = "Nhập từ tệp Excel/CSV"


@dataclass
class Record:
    """One valid file row: per model, its attname → value, plus the audit repr."""

    line: int
    values: dict[type[models.Model], dict[str, Any]]
    reprs: dict[type[models.Model], str] = field(default_factory=dict)


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

    def _plan(self, mapping: dict[str, int]) -> None:
        """Per mapped column, once: its parser and how errors name it."""
        self.plan = [
            (key, idx, self.parser_for(key), get_column_letter(idx + 1), self.column(key).label)
            for key, idx in mapping.items()
        ]

    def _parse(self, line: int, row: list[str], ctx: ImportContext, result: ImportResult) -> dict[str, Any] | None:
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
        self._plan(mapping)
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
        seen: dict[str, dict[tuple[Any, ...], int]] = {name: {} for name, _m, _c in self.duplicate_keys}
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
        self, record: Record, seen: dict[str, dict[tuple[Any, ...], int]], mapping: dict[str, int], result: ImportResult
    ) -> bool:
        keys = []
        for name, model, attnames in self.duplicate_keys:
            values = record.values.get(model) or {}
            key = tuple(values.get(a) for a in attnames)
            if None in key or "" in key:
                continue  # a blank key (no CCCD) is not a duplicate of another blank
            first = seen[name].get(key)
            if first is not None:
                result.duplicates += 1
                result.add_error(RowError(record.line, "", "", _DUPLICATE_FILE[name] % {"line": first}))
                return True
            keys.append((name, key))
        for name, key in keys:
            seen[name][key] = record.line
        return False


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


# ---------------------------------------------------------------- writers


def _snapshot_attnames(model: type[models.Model]) -> list[str]:
    """The fields `core.audit.snapshot` records, so bulk audit rows match the signals' rows."""
    names = []
    for f in model._meta.concrete_fields:
        if isinstance(f, models.BinaryField) or (not f.editable and f.name != "status"):
            continue
        names.append(f.attname)
    return names


def _unit_attname(model: type[models.Model]) -> str | None:
    path = getattr(model, "unit_path", "")
    if not path or "__" in path or path == "self":
        return None
    return next(f.attname for f in model._meta.concrete_fields if f.name == path)


class _Writer:
    streams = False  # True: writes chunk by chunk inside the caller's transaction

    def __init__(self, spec: FastImportSpec, ctx: ImportContext) -> None:
        self.spec = spec
        self.ctx = ctx

    def start(self) -> None: ...

    def stage(self, records: list[Record], write: bool = False) -> None:
        """Keep a chunk of valid records; `write`: the import can still commit, so a streaming
        writer may already insert them (inside the import's transaction)."""
        raise NotImplementedError

    def duplicates_in_db(self) -> list[tuple[int, str]]:
        raise NotImplementedError

    def commit(self, skip_lines: set[int]) -> int:
        raise NotImplementedError

    def close(self) -> None: ...

    def _actor(self) -> tuple[Any, str]:
        user = self.ctx.user
        if user is not None and getattr(user, "is_authenticated", False):
            return user.pk, user.get_username()
        return None, ""


class _MemoryWriter(_Writer):
    """SQLite (and any other database): keep the valid rows, write them with bulk_create."""

    def __init__(self, spec: FastImportSpec, ctx: ImportContext) -> None:
        super().__init__(spec, ctx)
        self.records: list[Record] = []
        self.db_dups: list[tuple[int, str]] = []

    def stage(self, records: list[Record], write: bool = False) -> None:
        self.records.extend(records)
        for name, model, attnames in self.spec.duplicate_keys:
            keyed = {}
            for r in records:
                values = r.values.get(model, {})
                key = tuple(values.get(a) for a in attnames)
                if not any(v in (None, "") for v in key):
                    keyed[key] = r.line
            if not keyed:
                continue
            qs = model._default_manager.all()
            for i, attname in enumerate(attnames):
                qs = qs.filter(**{f"{attname}__in": {k[i] for k in keyed}})
            existing = set(qs.values_list(*attnames))
            self.db_dups.extend((line, name) for key, line in keyed.items() if key in existing)

    def duplicates_in_db(self) -> list[tuple[int, str]]:
        return sorted(self.db_dups)

    def _write_history(self, model: type[models.Model], history: StatusHistory, objs: list[models.Model]) -> None:
        actor_id, actor_name = self._actor()
        content_type = ContentType.objects.get_for_model(model)
        unit = _unit_attname(model)
        reason = (current().reason or history.reason)[:500]
        StatusChange.objects.bulk_create(
            [
                StatusChange(
                    content_type=content_type,
                    object_id=str(o.pk),
                    field=history.field,
                    from_status="",
                    to_status=getattr(o, history.field),
                    effective_date=getattr(o, history.effective_date) if history.effective_date else None,
                    actor_id=actor_id,
                    actor_name=actor_name,
                    reason=reason,
                    legal_ground=history.legal_ground,
                    unit_id=getattr(o, unit) if unit else None,
                )
                for o in objs
            ],
            batch_size=2000,
        )

    def commit(self, skip_lines: set[int]) -> int:
        records = [r for r in self.records if r.line not in skip_lines]
        user = self.ctx.user
        with transaction.atomic():
            for start in range(0, len(records), 2000):
                chunk = records[start : start + 2000]
                created: dict[type[models.Model], list[models.Model]] = {}
                for model in self.spec.targets:
                    objs = []
                    for r in chunk:
                        values = dict(r.values.get(model) or {})
                        if not values:
                            continue
                        link = self.spec.links.get(model)
                        if link is not None:
                            values[link[0]] = r.values[link[1]]["_obj"].pk
                        obj = model(**{k: v for k, v in values.items() if not k.startswith("_")})
                        r.values[model]["_obj"] = obj
                        objs.append(obj)
                    created[model] = model._default_manager.bulk_create(objs)
                    for r in chunk:
                        if r.values.get(model):
                            r.values[model]["id"] = r.values[model]["_obj"].pk
                for model, objs in created.items():
                    _check_scope_sqlite(model, objs, user)
                    ObjectChange.objects.bulk_create([_change(o, model, snapshot(o)) for o in objs], batch_size=2000)
                    bulk_written.send(sender=model, pks=[o.pk for o in objs], before=None)
                for model, history in self.spec.status_history.items():
                    self._write_history(model, history, created.get(model, []))
        return len(records)


def _check_scope_sqlite(model: type[models.Model], objs: list[models.Model], user: Any) -> None:
    ids = [o.pk for o in objs]
    if not ids:
        return
    allowed = model._default_manager.filter(pk__in=ids).restrict(user, scoping.IMPORT).count()  # type: ignore[attr-defined]
    if allowed != len(ids):
        raise PermissionDenied("Có bản ghi nằm ngoài phạm vi đơn vị được giao cho bạn; không nhập gì cả.")


def _change(obj: models.Model, model: type[models.Model], after: dict[str, Any]) -> ObjectChange:
    ctx = current()
    user = ctx.user
    authed = user is not None and getattr(user, "is_authenticated", False)
    unit_attname = _unit_attname(model)
    return ObjectChange(
        action=ObjectChange.Action.CREATE,
        content_type=ContentType.objects.get_for_model(model),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        unit_id=getattr(obj, unit_attname) if unit_attname else None,
        before=None,
        after=after,
        request_id=ctx.request_id,
        job_id=ctx.job_id,
        reason=ctx.reason[:500],
        user_id=user.pk if authed else None,
        user_name=user.get_username() if authed else "",
    )


class _PostgresWriter(_Writer):
    """Per chunk of validated rows: COPY into temporary staging tables, find duplicates against
    the database by joins, then (while Python validates the next chunk) INSERT … SELECT the
    data, one audit row per record and the status history, sent without waiting for the answer.
    Everything happens in the import's one transaction (`FastImportSpec.run`): a failed or
    refused import leaves nothing written.

    The SQL below is assembled from model metadata only (table and column names Django defines);
    every value travels through COPY or is quoted by the driver (`compose_sql`).
    """

    streams = True

    def __init__(self, spec: FastImportSpec, ctx: ImportContext) -> None:
        super().__init__(spec, ctx)
        self.stage_names: dict[type[models.Model], str] = {}
        self.id_tables: dict[type[models.Model], str] = {}
        self.columns: dict[type[models.Model], list[str]] = {}
        self.cursor: Any = None
        self.db_dups: list[tuple[int, str]] = []
        self.pending = False  # statements sent, answer not read yet
        self.created = 0
        self.withheld = False  # a chunk was not written (the import cannot commit)
        self.seconds: dict[str, float] = collections.defaultdict(float)  # where the time goes (bench/)

    def start(self) -> None:
        self.cursor = connection.cursor()
        self.now = timezone.now()
        for i, model in enumerate(self.spec.targets):
            name = f"_import_stage_{i}"
            table = model._meta.db_table
            self.stage_names[model] = name
            self.id_tables[model] = f"_import_ids_{i}"
            self.columns[model] = [f.column for f in model._meta.concrete_fields]
            self.cursor.execute(f'DROP TABLE IF EXISTS "{name}"')
            self.cursor.execute(f'DROP TABLE IF EXISTS "{self.id_tables[model]}"')
            self.cursor.execute(
                f'CREATE TEMP TABLE "{name}" (LIKE "{table}" INCLUDING DEFAULTS, _line integer, _repr text) '
                "ON COMMIT DROP"
            )
            self.cursor.execute(f'CREATE TEMP TABLE "{self.id_tables[model]}" (id bigint) ON COMMIT DROP')
        self.write_sql = self._write_statements()

    def _ids(self, model: type[models.Model], n: int) -> list[int]:
        table = model._meta.db_table
        self.cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, n])
        return [row[0] for row in self.cursor.fetchall()]

    def stage(self, records: list[Record], write: bool = False) -> None:
        clock = time.perf_counter()
        self._wait()  # the previous chunk's statements have finished
        self.seconds["waiting for the previous chunk"] += time.perf_counter() - clock
        clock = time.perf_counter()
        for model in self.spec.targets:
            staged = [r for r in records if r.values.get(model)]
            if not staged:
                continue
            ids = self._ids(model, len(staged))
            fields = model._meta.concrete_fields
            link = self.spec.links.get(model)
            cols = ", ".join(f'"{f.column}"' for f in fields)
            defaults = [(f.attname, _default(f)) for f in fields]
            raw = self.cursor.cursor
            with raw.copy(f'COPY "{self.stage_names[model]}" ({cols}, _line, _repr) FROM STDIN') as copy:
                for r, pk in zip(staged, ids, strict=True):
                    values = r.values[model]
                    values["id"] = pk
                    if link is not None:
                        values[link[0]] = r.values[link[1]]["id"]
                    row = [values.get(a, d) for a, d in defaults]
                    copy.write_row([*row, r.line, r.reprs.get(model) or ""])
        self.seconds["COPY into staging"] += time.perf_counter() - clock
        clock = time.perf_counter()
        dups = self._duplicates_in_stage()
        self.db_dups.extend(dups)
        self.seconds["duplicates against the database"] += time.perf_counter() - clock
        write = write and (self.ctx.valid_only or not dups) and not self.withheld
        if not write:
            self.withheld = True
            self.cursor.execute("; ".join(f'TRUNCATE "{n}"' for n in self.stage_names.values()))
            return
        if dups:  # "only the valid rows": rows already in the database stay out
            for model in self.spec.targets:
                self.cursor.execute(
                    f'DELETE FROM "{self.stage_names[model]}" WHERE _line = ANY(%s)',  # noqa: S608
                    [[line for line, _n in dups]],
                )
        clock = time.perf_counter()
        self._check_scope(self.ctx.user)
        self.seconds["scope re-check"] += time.perf_counter() - clock
        first = self.spec.targets[0]
        self.created += sum(1 for r in records if r.values.get(first)) - len({line for line, _n in dups})
        self._send(self.write_sql)

    def _write_statements(self) -> str:
        """One chunk's writes as one text sent at once: data, ids kept for `bulk_written`, audit
        rows (the same snapshot as the save signal), status history, then empty staging."""
        ctx = current()
        user = self.ctx.user
        authed = user is not None and getattr(user, "is_authenticated", False)
        actor_id, actor_name = self._actor()
        compose = connection.ops.compose_sql  # type: ignore[attr-defined]  # PostgreSQL only
        statements = []
        for model in self.spec.targets:
            stage = self.stage_names[model]
            cols = ", ".join(f'"{c}"' for c in self.columns[model])
            statements.append(f'INSERT INTO "{model._meta.db_table}" ({cols}) SELECT {cols} FROM "{stage}"')  # noqa: S608
            statements.append(f'INSERT INTO "{self.id_tables[model]}" SELECT id FROM "{stage}"')  # noqa: S608
            pairs = ", ".join(f"'{a}', {_json_expr(model, a)}" for a in _snapshot_attnames(model))
            unit = _unit_attname(model)
            statements.append(
                compose(
                    'INSERT INTO "core_objectchange" (time, user_id, user_name, request_id, job_id, action, '  # noqa: S608
                    "content_type_id, object_id, object_repr, unit_id, before, after, reason) "
                    f"SELECT %s, %s, %s, %s, %s, 'create', %s, id::text, left(_repr, 255), "
                    f'{f"{unit}" if unit else "NULL"}, NULL, jsonb_build_object({pairs}), %s FROM "{stage}"',
                    [
                        self.now,
                        user.pk if authed else None,
                        user.get_username() if authed else "",
                        ctx.request_id,
                        ctx.job_id,
                        ContentType.objects.get_for_model(model).pk,
                        ctx.reason[:500],
                    ],
                )
            )
        for model, history in self.spec.status_history.items():
            unit = _unit_attname(model)
            effective = f'"{_column(model, history.effective_date)}"' if history.effective_date else "NULL"
            statements.append(
                compose(
                    'INSERT INTO "core_statuschange" (content_type_id, object_id, field, from_status, to_status, '  # noqa: S608
                    "time, effective_date, actor_id, actor_name, reason, legal_ground, decision_ref, unit_id) "
                    f"SELECT %s, id::text, %s, '', \"{_column(model, history.field)}\", %s, {effective}, %s, %s, %s, "
                    f"%s, '', {f'{unit}' if unit else 'NULL'} FROM \"{self.stage_names[model]}\"",
                    [
                        ContentType.objects.get_for_model(model).pk,
                        history.field,
                        self.now,
                        actor_id,
                        actor_name,
                        (ctx.reason or history.reason)[:500],
                        history.legal_ground,
                    ],
                )
            )
        statements.extend(f'TRUNCATE "{n}"' for n in self.stage_names.values())
        return ";\n".join(statements)

    def _send(self, sql: str) -> None:
        """Send without waiting: the database works while Python validates the next chunk."""
        connection.connection.pgconn.send_query(sql.encode())
        self.pending = True

    def _wait(self, *, raise_errors: bool = True) -> None:
        if not self.pending:
            return
        import psycopg
        from django.db import IntegrityError

        pgconn = connection.connection.pgconn
        failed = None
        while (res := pgconn.get_result()) is not None:
            if failed is None and res.status == psycopg.pq.ExecStatus.FATAL_ERROR:
                failed = psycopg.errors.error_from_result(res)
        self.pending = False
        if failed is not None and raise_errors:
            sqlstate = failed.sqlstate or ""
            raise (IntegrityError if sqlstate.startswith("23") else DatabaseError)(str(failed)) from failed

    def _duplicates_in_stage(self) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        for name, model, attnames in self.spec.duplicate_keys:
            stage = self.stage_names[model]
            cols = [_column(model, a) for a in attnames]
            cond = " AND ".join(f't."{c}" = s."{c}"' for c in cols)
            self.cursor.execute(
                f'SELECT s._line FROM "{stage}" s WHERE EXISTS (SELECT 1 FROM "{model._meta.db_table}" t WHERE {cond})'  # noqa: S608
            )
            found.extend((row[0], name) for row in self.cursor.fetchall())
        return sorted(set(found))

    def duplicates_in_db(self) -> list[tuple[int, str]]:
        return sorted(set(self.db_dups))

    def commit(self, skip_lines: set[int]) -> int:
        """Every chunk is already written (rows already in the database left out); wait for the
        last one and tell the layers above (`bulk_written`) once, for all of them."""
        clock = time.perf_counter()
        self._wait()
        self.seconds["waiting for the last chunk"] += time.perf_counter() - clock
        if self.withheld:  # cannot happen when run() decided to commit; never commit a part
            raise DatabaseError("Một phần dữ liệu chưa được ghi; không nhập gì cả.")
        for model in self.spec.targets:
            pks = RawSQL(f'SELECT id FROM "{self.id_tables[model]}"', ())  # noqa: S608, S611 (a table name of ours)
            bulk_written.send(sender=model, pks=pks, before=None)
        return self.created

    def _check_scope(self, user: Any) -> None:
        """Re-check, inside the transaction, that every staged record is in the user's reach."""
        scope = scoping.unit_scope_query(user, scoping.IMPORT)
        if scope is None:
            return
        model, attname = self.spec.owning_unit
        sql, params = scope.query.sql_with_params()
        query = f'SELECT count(*) FROM "{self.stage_names[model]}" WHERE "{attname}" NOT IN ({sql})'  # noqa: S608
        self.cursor.execute(query, params)
        if self.cursor.fetchone()[0]:
            raise PermissionDenied("Có bản ghi nằm ngoài phạm vi đơn vị được giao cho bạn; không nhập gì cả.")

    def close(self) -> None:
        # The staging tables are dropped with the transaction (ON COMMIT DROP, or its rollback).
        self._wait(raise_errors=False)
        if self.cursor is not None:
            self.cursor.close()


def _default(f: Any) -> Any:
    if f.has_default():
        return f.get_default()
    if f.null:
        return None
    return "" if f.get_internal_type() in ("CharField", "TextField") else None


def _column(model: type[models.Model], attname: str) -> str:
    return str(next(f.column for f in model._meta.concrete_fields if f.attname == attname))


def _json_expr(model: type[models.Model], attname: str) -> str:
    f = next(x for x in model._meta.concrete_fields if x.attname == attname)
    if f.get_internal_type() == "DecimalField":
        return f'"{f.column}"::text'  # snapshot() stores decimals as strings
    return f'"{f.column}"'


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
