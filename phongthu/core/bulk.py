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

import datetime
import decimal
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from openpyxl.utils import get_column_letter

from phongthu.core import scoping
from phongthu.core.audit import snapshot
from phongthu.core.context import current
from phongthu.core.importing import (
    MAX_FAST_ROWS,
    CellError,
    Column,
    ImportContext,
    ImportFileError,
    ImportResult,
    ImportSpec,
    RowError,
    TableReader,
    parse_bool,
    parse_date,
)
from phongthu.core.models import ObjectChange
from phongthu.core.text import search_key

BATCH = 5_000


# ---------------------------------------------------------------- cells → values


def _messages(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


class FieldParser:
    """Parse and validate one cell for one model field, with that field's own rules."""

    def __init__(self, model_field: Any, lookup: Callable[[str], Any] | None = None) -> None:
        f = self.field = model_field
        self.lookup = lookup  # relations: text → id (raises CellError)
        self.internal = f.get_internal_type()
        self.choice_keys: dict[str, Any] = {}
        if f.choices:
            for code, label in f.flatchoices:
                self.choice_keys[search_key(str(code))] = code
                self.choice_keys[search_key(str(label))] = code
        # Length is checked above with a clearer message; the others are the field's own.
        self.validators = [v for v in f.validators if type(v).__name__ != "MaxLengthValidator"]
        self.empty = None if f.null else ("" if self.internal in ("CharField", "TextField") else f.get_default())

    def __call__(self, text: str) -> Any:
        f = self.field
        if text == "":
            if f.has_default():
                return f.get_default()
            if not f.blank:
                raise CellError("Không được để trống.")
            return self.empty
        if self.lookup is not None:
            return self.lookup(text)
        if self.choice_keys:
            key = search_key(text)
            if key not in self.choice_keys:
                allowed = ", ".join(str(label) for code, label in f.flatchoices if code != "")
                raise CellError(f"'{text}' không có trong danh mục. Hãy ghi một trong: {allowed}.")
            value: Any = self.choice_keys[key]
            if self.internal in ("PositiveSmallIntegerField", "IntegerField", "SmallIntegerField"):
                value = int(value)
        elif self.internal == "DateField":
            value = parse_date(text)
        elif self.internal == "BooleanField":
            value = parse_bool(text)
        elif self.internal in ("PositiveSmallIntegerField", "IntegerField", "SmallIntegerField", "PositiveIntegerField"):
            cleaned = text.replace(" ", "")
            if not cleaned.lstrip("-").isdigit():
                raise CellError(f"'{text}' không phải số nguyên.")
            value = int(cleaned)
        elif self.internal == "DecimalField":
            try:
                value = decimal.Decimal(text.replace(",", "."))
            except decimal.InvalidOperation as exc:
                raise CellError(f"'{text}' không phải số.") from exc
            if not value.is_finite():
                raise CellError(f"'{text}' không phải số.")
            value = value.quantize(decimal.Decimal(1).scaleb(-f.decimal_places))
            if len(value.as_tuple().digits) > f.max_digits:
                raise CellError(f"'{text}' quá lớn.")
        else:
            value = " ".join(text.split()) if self.internal == "CharField" else text
            if f.max_length and len(value) > f.max_length:
                raise CellError(f"Dài {len(value)} ký tự, tối đa {f.max_length} ký tự.")
        try:
            for validator in self.validators:
                validator(value)
        except ValidationError as exc:
            raise CellError(_messages(exc)) from exc
        return value


# ---------------------------------------------------------------- units (the owning-unit column)


_UNIT_PREFIXES = ("xa ", "phuong ", "thi tran ", "dac khu ", "thon ", "to dan pho ")


class UnitLookup:
    """Text → unit id among the units the user may import into (by id, code or name; names
    of units in force today win over older ones of the same name)."""

    def __init__(self, user: Any, action: str = scoping.IMPORT, *, levels: Iterable[str] | None = None) -> None:
        from phongthu.units.models import Unit

        qs = Unit.objects.restrict(user, action)
        if levels is not None:
            qs = qs.filter(level__in=list(levels))
        today = timezone.localdate()
        self.by_key: dict[str, int | None] = {}
        self.objects: dict[int, Any] = {}
        ranked: list[tuple[int, str, int]] = []
        for unit in qs.only("pk", "code", "name", "short_name", "valid_from", "valid_to", "kind", "level"):
            self.objects[unit.pk] = unit
            rank = 0 if unit.is_valid_on(today) else 1
            self.by_key[str(unit.pk)] = unit.pk
            if unit.code:
                self.by_key.setdefault(f"#{search_key(unit.code)}", unit.pk)
            for name in {unit.name, unit.short_name}:
                key = search_key(name)
                if key:
                    ranked.append((rank, key, unit.pk))
                    for prefix in _UNIT_PREFIXES:
                        if key.startswith(prefix):
                            ranked.append((rank, key[len(prefix) :], unit.pk))
        best: dict[str, int] = {}
        for rank, key, pk in sorted(ranked):
            if key not in best:
                best[key] = rank
                self.by_key[key] = pk
            elif best[key] == rank and self.by_key.get(key) != pk:
                self.by_key[key] = None  # two units of the same name in force: ambiguous

    def __call__(self, text: str) -> int:
        key = search_key(text)
        found = self.by_key.get(key, 0) if not key.isdigit() else self.by_key.get(key, self.by_key.get(f"#{key}", 0))
        if found is None:
            raise CellError(f"Có nhiều đơn vị tên '{text}'. Hãy ghi mã đơn vị.")
        if not found:
            raise CellError(f"Không tìm thấy xã, phường '{text}' trong phạm vi đơn vị bạn được nhập liệu.")
        return found


# ---------------------------------------------------------------- the fast spec


@dataclass
class Record:
    """One valid file row: per model, its attname → value, plus the audit repr."""

    line: int
    values: dict[type[models.Model], dict[str, Any]]
    reprs: dict[type[models.Model], str] = field(default_factory=dict)


class FastImportSpec(ImportSpec):
    """Subclasses set `columns` (keys "<model label>.<field>" for each target field, or plain
    names they handle themselves), `models` (insertion order; later ones may reference earlier
    ones through `links`) and implement `build()`."""

    models: ClassVar[list[type[models.Model]]] = []
    # child model → (its FK attname, parent model)
    links: ClassVar[dict[type[models.Model], tuple[str, type[models.Model]]]] = {}
    # (name, model, attnames): duplicates inside the file and against the database
    duplicate_keys: ClassVar[list[tuple[str, type[models.Model], tuple[str, ...]]]] = []
    owning_unit: ClassVar[tuple[type[models.Model], str]]  # model, attname checked against scope

    def __init__(self) -> None:
        self.parsers: dict[str, FieldParser] = {}

    # hooks ---------------------------------------------------------------------------------

    def prepare(self, ctx: ImportContext) -> None:
        """Build lookups once (units in scope, …)."""

    def parser_for(self, key: str) -> FieldParser:
        return self.parsers[key]

    def build(self, cells: dict[str, Any], line: int, ctx: ImportContext) -> tuple[Record | None, dict[str, str]]:
        """Turn parsed cells into a record; return errors per column key ('' = whole row)."""
        raise NotImplementedError

    def extra_rows(self, records: list[Record]) -> dict[type[models.Model], list[dict[str, Any]]]:
        """Rows of history tables written with the records (e.g. status history)."""
        return {}

    # engine --------------------------------------------------------------------------------

    def _parse(
        self, line: int, row: list[str], mapping: dict[str, int], ctx: ImportContext, result: ImportResult
    ) -> dict[str, Any] | None:
        cells: dict[str, Any] = {}
        ok = True
        for key, idx in mapping.items():
            text = row[idx] if idx < len(row) else ""
            if text == "" and key in ctx.defaults:
                continue  # filled from the default chosen for every row
            try:
                cells[key] = self.parser_for(key)(text)
            except CellError as exc:
                ok = False
                result.add_error(RowError(line, get_column_letter(idx + 1), self.column(key).label, str(exc)))
        for key, value in ctx.defaults.items():
            if key not in mapping or cells.get(key) in (None, ""):
                cells[key] = value
        return cells if ok else None

    def _row_errors(self, line: int, errors: dict[str, str], mapping: dict[str, int], result: ImportResult) -> None:
        for key, message in errors.items():
            idx = mapping.get(key)
            letter = get_column_letter(idx + 1) if idx is not None else ""
            label = self.column(key).label if key and idx is not None else ""
            result.add_error(RowError(line, letter, label, message))

    def run(self, reader: TableReader, mapping: dict[str, int], ctx: ImportContext) -> ImportResult:
        from phongthu.core.importing import _missing_error

        result = ImportResult()
        missing = self.missing(mapping, ctx.defaults)
        if missing:
            result.add_error(_missing_error(missing))
            return result
        self.prepare(ctx)
        writer: _Writer = _PostgresWriter(self, ctx) if connection.vendor == "postgresql" else _MemoryWriter(self, ctx)
        seen: dict[str, dict[tuple[Any, ...], int]] = {name: {} for name, _m, _c in self.duplicate_keys}
        batch: list[Record] = []
        try:
            writer.start()
            for line, row in reader.rows():
                result.total += 1
                if result.total > MAX_FAST_ROWS:
                    raise ImportFileError(f"Tệp có hơn {MAX_FAST_ROWS} dòng, vượt quá giới hạn mỗi lần nhập.")
                cells = self._parse(line, row, mapping, ctx, result)
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
                    writer.stage(batch)
                    result.valid += len(batch)
                    batch = []
                    ctx.report(result.total, "validate")
                    if ctx.should_stop():
                        result.cancelled = True
                        return result
            if batch:
                writer.stage(batch)
                result.valid += len(batch)
            ctx.report(result.total, "check")
            duplicates = writer.duplicates_in_db()
            for line, name in duplicates:
                result.add_error(RowError(line, "", "", _DUPLICATE_DB[name]))
            result.duplicates += len(duplicates)
            dup_lines = {line for line, _n in duplicates}
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

    def _duplicate_in_file(
        self, record: Record, seen: dict[str, dict[tuple[Any, ...], int]], mapping: dict[str, int], result: ImportResult
    ) -> bool:
        for name, model, attnames in self.duplicate_keys:
            values = record.values.get(model, {})
            key = tuple(values.get(a) for a in attnames)
            if any(v in (None, "") for v in key):
                continue
            first = seen[name].get(key)
            if first is not None:
                result.duplicates += 1
                result.add_error(RowError(record.line, "", "", _DUPLICATE_FILE[name] % {"line": first}))
                return True
        for name, model, attnames in self.duplicate_keys:
            values = record.values.get(model, {})
            key = tuple(values.get(a) for a in attnames)
            if not any(v in (None, "") for v in key):
                seen[name][key] = record.line
        return False


_DUPLICATE_FILE: dict[str, str] = {
    "cccd": "Trùng số CCCD với dòng %(line)s của tệp; mỗi công dân chỉ ghi một dòng.",
    "identity": "Trùng họ tên, ngày sinh và xã, phường với dòng %(line)s của tệp; mỗi công dân chỉ ghi một dòng.",
}
_DUPLICATE_DB: dict[str, str] = {
    "cccd": "Số CCCD đã có trong hệ thống (công dân đã được nhập trước đây). Hãy bỏ dòng này hoặc kiểm tra lại số.",
    "identity": "Đã có công dân cùng họ tên, ngày sinh ở xã, phường này trong hệ thống. Hãy bỏ dòng này nếu trùng.",
}


def register_duplicate_messages(name: str, in_file: str, in_db: str) -> None:
    _DUPLICATE_FILE[name] = in_file
    _DUPLICATE_DB[name] = in_db


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
    return str(model._meta.get_field(path).attname)


class _Writer:
    def __init__(self, spec: FastImportSpec, ctx: ImportContext) -> None:
        self.spec = spec
        self.ctx = ctx

    def start(self) -> None: ...

    def stage(self, records: list[Record]) -> None:
        raise NotImplementedError

    def duplicates_in_db(self) -> list[tuple[int, str]]:
        raise NotImplementedError

    def commit(self, skip_lines: set[int]) -> int:
        raise NotImplementedError

    def close(self) -> None: ...

    def _history_rows(self, records: list[Record]) -> dict[type[models.Model], list[dict[str, Any]]]:
        return self.spec.extra_rows(records)


class _MemoryWriter(_Writer):
    """SQLite (and any other database): keep the valid rows, write them with bulk_create."""

    def __init__(self, spec: FastImportSpec, ctx: ImportContext) -> None:
        super().__init__(spec, ctx)
        self.records: list[Record] = []
        self.db_dups: list[tuple[int, str]] = []

    def stage(self, records: list[Record]) -> None:
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

    def commit(self, skip_lines: set[int]) -> int:
        records = [r for r in self.records if r.line not in skip_lines]
        user = self.ctx.user
        with transaction.atomic():
            for start in range(0, len(records), 2000):
                chunk = records[start : start + 2000]
                created: dict[type[models.Model], list[models.Model]] = {}
                for model in self.spec.models:
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
                    ObjectChange.objects.bulk_create(
                        [_change(o, model, snapshot(o)) for o in objs], batch_size=2000
                    )
                for model, rows in self._history_rows(chunk).items():
                    model._default_manager.bulk_create(
                        [model(**{k: v for k, v in row.items() if not k.startswith("_")}) for row in rows],
                        batch_size=2000,
                    )
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
    """COPY into temporary staging tables, check, then INSERT … SELECT (data and audit)."""

    def __init__(self, spec: FastImportSpec, ctx: ImportContext) -> None:
        super().__init__(spec, ctx)
        self.stage_names: dict[type[models.Model], str] = {}
        self.columns: dict[type[models.Model], list[str]] = {}
        self.extra: dict[type[models.Model], list[dict[str, Any]]] = {}
        self.cursor: Any = None

    def start(self) -> None:
        self.cursor = connection.cursor()
        for i, model in enumerate(self.spec.models):
            name = f"_import_stage_{i}"
            table = model._meta.db_table
            self.stage_names[model] = name
            self.columns[model] = [f.column for f in model._meta.concrete_fields]
            self.cursor.execute(f'DROP TABLE IF EXISTS "{name}"')
            self.cursor.execute(
                f'CREATE TEMP TABLE "{name}" (LIKE "{table}" INCLUDING DEFAULTS, _line integer, _repr text)'
            )

    def _ids(self, model: type[models.Model], n: int) -> list[int]:
        table = model._meta.db_table
        self.cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, n]
        )
        return [row[0] for row in self.cursor.fetchall()]

    def stage(self, records: list[Record]) -> None:
        for model in self.spec.models:
            rows = [r for r in records if r.values.get(model)]
            if not rows:
                continue
            ids = self._ids(model, len(rows))
            fields = model._meta.concrete_fields
            link = self.spec.links.get(model)
            cols = ", ".join(f'"{f.column}"' for f in fields)
            raw = self.cursor.cursor
            with raw.copy(f'COPY "{self.stage_names[model]}" ({cols}, _line, _repr) FROM STDIN') as copy:
                for r, pk in zip(rows, ids, strict=True):
                    values = r.values[model]
                    values["id"] = pk
                    if link is not None:
                        values[link[0]] = r.values[link[1]]["id"]
                    row = [values.get(f.attname, _default(f)) for f in fields]
                    copy.write_row([*row, r.line, r.reprs.get(model) or ""])
        for model, rows in self._history_rows(records).items():
            self.extra.setdefault(model, []).extend(rows)

    def duplicates_in_db(self) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        for name, model, attnames in self.spec.duplicate_keys:
            stage = self.stage_names[model]
            cols = [model._meta.get_field(a.removesuffix("_id")).column if a.endswith("_id") else a for a in attnames]
            cond = " AND ".join(f't."{c}" = s."{c}"' for c in cols)
            self.cursor.execute(
                f'SELECT s._line FROM "{stage}" s WHERE EXISTS (SELECT 1 FROM "{model._meta.db_table}" t WHERE {cond})'
            )
            found.extend((row[0], name) for row in self.cursor.fetchall())
        return sorted(set(found))

    def commit(self, skip_lines: set[int]) -> int:
        cursor = self.cursor
        ctx = current()
        user = self.ctx.user
        authed = user is not None and getattr(user, "is_authenticated", False)
        created = 0
        with transaction.atomic():
            if skip_lines:
                for model in self.spec.models:
                    cursor.execute(f'DELETE FROM "{self.stage_names[model]}" WHERE _line = ANY(%s)', [list(skip_lines)])
            self._check_scope(user)
            now = timezone.now()
            for model in self.spec.models:
                stage = self.stage_names[model]
                cols = ", ".join(f'"{c}"' for c in self.columns[model])
                cursor.execute(f'INSERT INTO "{model._meta.db_table}" ({cols}) SELECT {cols} FROM "{stage}"')
                if model is self.spec.models[0]:
                    created = cursor.rowcount
                attnames = _snapshot_attnames(model)
                pairs = ", ".join(f"'{a}', {_json_expr(model, a)}" for a in attnames)
                unit = _unit_attname(model)
                cursor.execute(
                    'INSERT INTO "core_objectchange" (time, user_id, user_name, request_id, job_id, action, '
                    "content_type_id, object_id, object_repr, unit_id, before, after, reason) "
                    f"SELECT %s, %s, %s, %s, %s, 'create', %s, id::text, left(_repr, 255), "
                    f"{f'{unit}' if unit else 'NULL'}, NULL, jsonb_build_object({pairs}), %s FROM \"{stage}\"",
                    [
                        now,
                        user.pk if authed else None,
                        user.get_username() if authed else "",
                        ctx.request_id,
                        ctx.job_id,
                        ContentType.objects.get_for_model(model).pk,
                        ctx.reason[:500],
                    ],
                )
            for model, rows in self.extra.items():
                kept = [r for r in rows if r.pop("_line", None) not in skip_lines]
                for start in range(0, len(kept), 5000):
                    model._default_manager.bulk_create([model(**r) for r in kept[start : start + 5000]])
        return created

    def _check_scope(self, user: Any) -> None:
        """Re-check, inside the transaction, that every staged record is in the user's reach."""
        scope = scoping.unit_scope_query(user, scoping.IMPORT)
        if scope is None:
            return
        model, attname = self.spec.owning_unit
        sql, params = scope.query.sql_with_params()
        self.cursor.execute(
            f'SELECT count(*) FROM "{self.stage_names[model]}" WHERE "{attname}" NOT IN ({sql})', params
        )
        if self.cursor.fetchone()[0]:
            raise PermissionDenied("Có bản ghi nằm ngoài phạm vi đơn vị được giao cho bạn; không nhập gì cả.")

    def close(self) -> None:
        if self.cursor is None:
            return
        try:
            for name in self.stage_names.values():
                self.cursor.execute(f'DROP TABLE IF EXISTS "{name}"')
        except Exception:  # noqa: S110 - the connection may be in a failed transaction; temp tables die with it
            pass
        self.cursor.close()


def _default(f: Any) -> Any:
    if f.has_default():
        return f.get_default()
    if f.null:
        return None
    return "" if f.get_internal_type() in ("CharField", "TextField") else None


def _json_expr(model: type[models.Model], attname: str) -> str:
    f = next(x for x in model._meta.concrete_fields if x.attname == attname)
    if f.get_internal_type() == "DecimalField":
        return f'"{f.column}"::text'  # snapshot() stores decimals as strings
    return f'"{f.column}"'


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def json_default(value: Any) -> Any:
    if isinstance(value, datetime.date | decimal.Decimal):
        return str(value)
    raise TypeError(type(value))


def dumps(value: Any) -> str:
    return json.dumps(value, default=json_default, ensure_ascii=False)


__all__ = ["BATCH", "Column", "FastImportSpec", "FieldParser", "Record", "UnitLookup", "register_duplicate_messages"]
