"""Imports that update people already in the register ("cập nhật người đã có").

A spec opts in with `match_key` (the column that identifies a record, the CCCD). In mode
"upsert" (thêm mới và cập nhật) a row whose key matches an existing record updates it and the
other rows are created by the spec as today; in mode "update" (chỉ cập nhật) rows without a
match are refused. An empty cell leaves the stored value unchanged. The dry run lists, per
matched row, every field that would change in words (core.history); the commit saves each
record through `save()` (audited by core.audit's signals, and every listener such as the
campaign pool's refresh runs) in the same transaction as the creations: all or nothing, or
only the valid rows, as for creation.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

from phongthu.core import scoping
from phongthu.core.history import changes_in_words
from phongthu.core.imports.readers import TableReader
from phongthu.core.imports.results import MAX_ERRORS_KEPT, MAX_ROWS, CellError, ImportFileError, ImportResult, RowError

if TYPE_CHECKING:
    from phongthu.core.imports.specs import ImportContext, ImportSpec

CREATE, UPSERT, UPDATE = "create", "upsert", "update"
MODES = {
    CREATE: _("Chỉ thêm mới"),
    UPSERT: _("Thêm mới và cập nhật người đã có"),
    UPDATE: _("Chỉ cập nhật người đã có"),
}


@dataclasses.dataclass
class _Match:
    line: int
    obj: models.Model
    changed: list[str]  # attnames
    diffs: list[tuple[str, Any, Any]]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _parsers(spec: ImportSpec, ctx: ImportContext) -> Any:
    """The spec's own cell parsers (fast specs) so a cell means the same when it updates."""
    prepare = getattr(spec, "prepare", None)
    if prepare is not None:
        prepare(dataclasses.replace(ctx, defaults=dict(ctx.defaults)))
    return spec.parser_for  # type: ignore[attr-defined]


def run_with_updates(
    spec_class: type[ImportSpec], reader: TableReader, mapping: dict[str, int], ctx: ImportContext
) -> ImportResult:
    spec = spec_class()
    model = spec.model
    result = ImportResult()
    key = spec.match_key
    if key not in mapping:
        column = spec.column(key)
        result.add_error(
            RowError(1, "", "", f"Cập nhật người đã có cần cột '{column.label}' để tìm đúng người. Hãy thêm cột này.")
        )
        return result
    fields = {f.name for f in model._meta.concrete_fields}
    foreign = [spec.column(name).label for name in mapping if name not in fields]
    if foreign:
        # Columns of another record (a spec writing several models): never silently dropped.
        result.add_error(
            RowError(1, "", "", f"Cột không cập nhật được theo cách này: {', '.join(foreign)}. Hãy bỏ các cột đó.")
        )
        return result
    parser_for = _parsers(spec, ctx)
    rows = []
    for line, row in reader.rows():
        rows.append((line, row))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(f"Tệp có hơn {MAX_ROWS} dòng, vượt quá giới hạn mỗi lần nhập.")
    key_idx = mapping[key]
    keys: dict[int, Any] = {}
    for line, row in rows:
        text = row[key_idx] if key_idx < len(row) else ""
        if text:
            try:
                keys[line] = parser_for(key)(text)
            except CellError:
                continue  # reported by the creation pass (or below in update-only mode)
    field: Any = model._meta.get_field(key)
    existing = {
        getattr(o, field.attname): o for o in model._default_manager.filter(**{f"{key}__in": set(keys.values())})
    }
    reachable = set(
        model.objects.restrict(ctx.user, scoping.IMPORT)
        .filter(pk__in=[o.pk for o in existing.values()])
        .values_list("pk", flat=True)
    )
    label = spec.column(key).label
    matches: list[_Match] = []
    seen: dict[Any, int] = {}
    unmatched: list[tuple[int, list[str]]] = []
    for line, row in rows:
        obj = existing.get(keys.get(line))
        if obj is None:
            if ctx.mode == UPDATE:
                result.total += 1
                result.invalid_lines += 1
                text = row[key_idx] if key_idx < len(row) else ""
                why = f"không có ai mang {label} '{text}' trong hệ thống" if text else f"chưa ghi {label}"
                result.add_error(RowError(line, "", "", f"Chỉ cập nhật người đã có: {why}; dòng này không được ghi."))
            else:
                unmatched.append((line, row))
            continue
        result.total += 1
        if obj.pk not in reachable:
            result.invalid_lines += 1
            result.add_error(
                RowError(
                    line,
                    "",
                    "",
                    f"Người có {label} '{keys[line]}' thuộc đơn vị ngoài phạm vi bạn được nhập; không được cập nhật.",
                )
            )
            continue
        if obj.pk in seen:
            result.invalid_lines += 1
            result.duplicates += 1
            result.add_error(
                RowError(line, "", "", f"Trùng {label} với dòng {seen[obj.pk]} của tệp; mỗi người chỉ ghi một dòng.")
            )
            continue
        seen[obj.pk] = line
        match = _apply_row(spec, parser_for, obj, line, row, mapping, result)
        if match is None:
            result.invalid_lines += 1
            continue
        matches.append(match)
    result.valid = len(matches)
    result.updated = sum(1 for m in matches if m.diffs)
    result.unchanged = len(matches) - result.updated
    _describe(model, matches, result)

    created: ImportResult | None = None
    if unmatched:
        created = _create(spec_class, reader, unmatched, mapping, dataclasses.replace(ctx, commit=False))
        _merge(result, created)
    blocked = result.error_count and not ctx.valid_only
    if not ctx.commit or blocked or result.valid == 0:
        result.updated = result.updated if not ctx.commit else 0
        return result
    ctx.report(result.total, "write")
    with transaction.atomic():
        for match in matches:
            if match.diffs:
                match.obj.save(update_fields=match.changed)
                scoping.assert_in_scope(match.obj, ctx.user, scoping.IMPORT)
        if unmatched and created is not None and created.valid:
            done = _create(spec_class, reader, unmatched, mapping, ctx)
            if (done.error_count and not ctx.valid_only) or not done.committed:
                transaction.set_rollback(True)
                result.add_error(
                    RowError(1, "", "", "Dữ liệu vừa thay đổi trong lúc nhập; không có dữ liệu nào được ghi.")
                )
                result.created = result.updated = 0
                return result
            result.created = done.created
    result.committed = True
    return result


def _apply_row(
    spec: ImportSpec,
    parser_for: Any,
    obj: models.Model,
    line: int,
    row: list[str],
    mapping: dict[str, int],
    result: ImportResult,
) -> _Match | None:
    model = type(obj)
    changed: list[str] = []
    diffs: list[tuple[str, Any, Any]] = []
    letters: dict[str, str] = {}
    ok = True
    for name, idx in mapping.items():
        text = row[idx] if idx < len(row) else ""
        if name == spec.match_key or text == "":
            continue  # an empty cell keeps what is stored
        f: Any = model._meta.get_field(name)
        letters[f.name] = get_column_letter(idx + 1)
        try:
            value = parser_for(name)(text)
        except CellError as exc:
            result.add_error(RowError(line, letters[f.name], spec.column(name).label, str(exc)))
            ok = False
            continue
        if name == "full_name":
            value = " ".join(str(value).split())
        old = getattr(obj, f.attname)
        if value != old:
            setattr(obj, f.attname, value)
            changed.append(f.attname)
            diffs.append((f.attname, _plain(old), _plain(value)))
    if not ok:
        return None
    try:
        untouched = [f.name for f in model._meta.concrete_fields if f.attname not in changed]
        obj.full_clean(exclude=untouched, validate_unique=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            column = spec.column(name).label if name in letters else ""
            result.add_error(RowError(line, letters.get(name, ""), column, " ".join(messages)))
        return None
    if changed and "full_name" in changed:
        changed += [a for a in ("name_search", "name_sort") if hasattr(obj, a)]
    return _Match(line, obj, changed, diffs)


def _describe(model: type[models.Model], matches: list[_Match], result: ImportResult) -> None:
    shown = [m for m in matches if m.diffs][:MAX_ERRORS_KEPT]
    words = changes_in_words(model, [m.diffs for m in shown])
    result.updates = [
        {"line": m.line, "name": str(m.obj), "changes": [[c.label, c.old, c.new] for c in changes]}
        for m, changes in zip(shown, words, strict=True)
    ]


def _create(
    spec_class: type[ImportSpec],
    reader: TableReader,
    rows: list[tuple[int, list[str]]],
    mapping: dict[str, int],
    ctx: ImportContext,
) -> ImportResult:
    def only() -> Iterator[tuple[int, list[str]]]:
        return iter(rows)

    sub = dataclasses.replace(reader, _rows=only, size_hint=len(rows))
    return spec_class().run(sub, mapping, ctx)


def _merge(result: ImportResult, other: ImportResult) -> None:
    result.total += other.total
    result.valid += other.valid
    result.invalid_lines += other.invalid_lines
    result.duplicates += other.duplicates
    result.error_count += other.error_count
    result.errors.extend(other.errors[: max(0, MAX_ERRORS_KEPT - len(result.errors))])
    result.warnings.extend(other.warnings)
    result.cancelled = result.cancelled or other.cancelled
