"""What a file can be imported into (an `ImportSpec`), the registry of specs, and running one
over an opened file.

- `FormImportSpec` (any registered CrudConfig with `allow_import`): each row goes through the
  same form as single-record entry and is saved in one transaction, scope re-checked.
- Fast specs (`core.bulk.FastImportSpec`, declared in an app's importers.py and registered
  under a CrudConfig key or their own key) replace the form path for big registers.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from openpyxl.utils import get_column_letter

from phongthu.core import scoping
from phongthu.core.context import change_context
from phongthu.core.context import current as current_context
from phongthu.core.crud import CrudConfig, registry
from phongthu.core.forms import build_form
from phongthu.core.imports.cells import parse_bool, parse_date
from phongthu.core.imports.readers import TableReader
from phongthu.core.imports.results import MAX_ROWS, CellError, ImportFileError, ImportResult, RowError
from phongthu.core.text import search_key

if TYPE_CHECKING:
    from phongthu.core.types import Actor


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
        keys: set[str] = set()
        for text in (self.key, self.key.replace("_", " "), self.label, *self.aliases):
            keys |= header_variants(text)
        return keys


_PUNCTUATION = re.compile(r"[*:;,.!?/\\_\-–—()\[\]{}\"'“”‘’]+")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def header_variants(text: str) -> set[str]:
    """The keys a header matches by: with or without diacritics, the required mark "*",
    punctuation and a bracketed note ("Số định danh cá nhân (CCCD)" also matches
    "so dinh danh ca nhan" and "CCCD" alone)."""
    base = search_key(text)
    plain = " ".join(_PUNCTUATION.sub(" ", base).split())
    bare = " ".join(_PUNCTUATION.sub(" ", _BRACKETED.sub(" ", base)).split())
    inner = [" ".join(_PUNCTUATION.sub(" ", m.group(0)).split()) for m in _BRACKETED.finditer(base)]
    return {k for k in (base, plain, bare, *inner) if k}


ProgressFn = Callable[[int, str], None]  # (rows done, phase text)
CancelFn = Callable[[], bool]


@dataclass
class ImportContext:
    user: Actor
    commit: bool
    valid_only: bool = False
    defaults: dict[str, Any] = field(default_factory=dict)
    progress: ProgressFn | None = None
    cancelled: CancelFn | None = None
    mode: str = "create"  # or "upsert" / "update": core.imports.updates

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
    action: ClassVar[str] = scoping.IMPORT  # who may run it (UNIT_ADMIN for the unit tree's imports)
    # The column that finds a record already stored (CCCD); set it to offer "cập nhật người đã có".
    match_key: ClassVar[str] = ""

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
            variants = header_variants(header)
            # The header as written wins over a shortened form of it.
            ordered = [search_key(header), *sorted(variants - {search_key(header)}, key=len, reverse=True)]
            found = next((by_key[k] for k in ordered if k in by_key and by_key[k] not in mapping), None)
            if found:
                mapping[found] = i
        return mapping

    @classmethod
    def missing(cls, mapping: dict[str, int], defaults: dict[str, Any] | None = None) -> list[Column]:
        defaults = defaults or {}
        return [c for c in cls.get_columns() if c.required and c.key not in mapping and c.key not in defaults]

    def run(self, reader: TableReader, mapping: dict[str, int], ctx: ImportContext) -> ImportResult:
        raise NotImplementedError


def missing_columns_error(missing: list[Column]) -> RowError:
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
                try:
                    value = _resolve_fk(f, value, _row_day(config, mapping, row))
                except CellError as exc:
                    result.add_error(RowError(line, get_column_letter(idx + 1), config.label(name), str(exc)))
                    ok = False
                    continue
            if f.choices and value != "":
                value = _resolve_choice(f, value)
            data[name] = value
        return data if ok else None

    def run(self, reader: TableReader, mapping: dict[str, int], ctx: ImportContext) -> ImportResult:
        config = self.config
        result = ImportResult()
        missing = self.missing(mapping)
        if missing:
            result.add_error(missing_columns_error(missing))
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


def _row_day(config: type[CrudConfig], mapping: dict[str, int], row: list[Any]) -> datetime.date | None:
    """The row's date for dated lookups: its earliest date cell (a record's own date), if any."""
    days = []
    for name, idx in mapping.items():
        if idx < len(row) and row[idx] != "" and config.field(name).get_internal_type() == "DateField":
            try:
                days.append(parse_date(str(row[idx])))
            except CellError:
                continue
    return min(days) if days else None


def _resolve_fk(f: Any, value: Any, day: datetime.date | None = None) -> Any:
    """Accept a primary key, a code, or a name for a related record. Dated records (units: codes
    and names were reused in 2025) resolve against the row's date, else today; several in force
    then is an error naming them, never a silent choice."""
    model = f.related_model
    text = str(value).strip()
    if text.isdigit() and model._default_manager.filter(pk=int(text)).exists():
        return text
    names = {x.name for x in model._meta.concrete_fields}
    dated = {"valid_from", "valid_to"} <= names
    on = day or timezone.localdate()
    for attr in ("code", "name"):
        if attr in names:
            qs = model._default_manager.filter(**{attr: text})
            match = list(qs.values_list("pk", flat=True)[:2])
            if len(match) > 1 and dated:
                qs = qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
                    Q(valid_to__isnull=True) | Q(valid_to__gte=on)
                )
                match = list(qs.values_list("pk", flat=True)[:2])
                if len(match) > 1:
                    raise CellError(
                        f"'{text}' khớp nhiều đơn vị có hiệu lực ngày {on:%d/%m/%Y}. Hãy ghi mã đơn vị (số định danh)."
                    )
                if not match:
                    raise CellError(
                        f"'{text}' khớp nhiều đơn vị của các thời kỳ khác nhau nhưng không đơn vị nào có hiệu lực "
                        f"ngày {on:%d/%m/%Y}. Hãy ghi mã đơn vị (số định danh)."
                    )
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


def spec_for(key: str) -> type[ImportSpec] | None:
    _discover()
    if key in _specs:
        return _specs[key]
    config = registry.get(key)
    if config is not None and config.allow_import:
        return FormImportSpec.for_config(config)
    return None


def execute_import(
    spec: type[ImportSpec], reader: TableReader, mapping: dict[str, int], ctx: ImportContext
) -> ImportResult:
    """Run a spec over a file with a column mapping; never half-writes (see each spec)."""
    if ctx.commit and not scoping.can(ctx.user, spec.action):
        result = ImportResult()
        result.add_error(RowError(1, "", "", "Bạn không có quyền nhập dữ liệu."))
        return result

    def run() -> ImportResult:
        if ctx.mode != "create" and spec.match_key:
            from phongthu.core.imports.updates import run_with_updates

            return run_with_updates(spec, reader, mapping, ctx)
        return spec().run(reader, mapping, ctx)

    if current_context().user is None and ctx.user is not None:
        # Called outside a request or job (shell, tests): the importer is the audited user.
        with change_context(user=ctx.user):
            result = run()
    else:
        result = run()
    result.sort_errors()
    return result
