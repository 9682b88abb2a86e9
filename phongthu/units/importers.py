"""Excel imports of the unit tree's own history (same wizard and dry run as every import):

- `units.lineage`: merges, splits, renames, re-parenting with date and legal basis; rows with
  the same "Mã biến động" form one event (a merge: several old units, one successor).
- `units.defense_region`: which communes each Ban CHPTKV covers from a date.

Who may run them: system administrators, and province administrators inside their province
(`scoping.UNIT_ADMIN`; the services check each unit). Nothing is written unless every row is
valid; names and codes resolve against the row's date (codes and names were reused in 2025).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from openpyxl.utils import get_column_letter

from phongthu.core import scoping
from phongthu.core.imports.cells import parse_bool, parse_date
from phongthu.core.imports.readers import TableReader
from phongthu.core.imports.results import CellError, ImportResult, RowError
from phongthu.core.imports.specs import Column, ImportContext, ImportSpec, missing_columns_error, register_import_spec
from phongthu.core.text import search_key
from phongthu.units import services
from phongthu.units.choices import Kind, LineageKind
from phongthu.units.models import LineageEvent, Unit

if TYPE_CHECKING:
    from phongthu.accounts.models import User


def resolve_unit(text: str, day: datetime.date, *, user: Any, kinds: set[str] | None = None) -> Unit:
    """One unit in force on `day` by id, code or name (with or without diacritics), within what
    the user administers; several or none is an error naming the date."""
    raw = " ".join(str(text).split())
    if not raw:
        raise CellError("Hãy ghi tên hoặc mã đơn vị.")
    reach = services.admin_reach(user)
    qs = Unit.objects.all() if reach is None else Unit.objects.filter(pk__in=reach)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    key = search_key(raw)
    # The exact name first ("Xã Cẩm Giàng" is not "Xã Cẩm Giang"), then without diacritics.
    candidates = list(qs.filter(code=raw)) or list(qs.filter(name=raw)) or list(qs.filter(name_search=key))
    if not candidates and raw.isdigit():
        candidates = list(qs.filter(pk=int(raw)))
    if not candidates:
        raise CellError(f"Không tìm thấy đơn vị '{raw}' trong phạm vi bạn quản trị.")
    in_force = [u for u in candidates if u.is_valid_on(day)]
    if len(in_force) == 1:
        found: Unit = in_force[0]
        return found
    if len(in_force) > 1:
        names = "; ".join(sorted(f"{u.name} (mã {u.code})" for u in in_force))
        raise CellError(f"'{raw}' khớp nhiều đơn vị có hiệu lực ngày {day:%d/%m/%Y}: {names}. Hãy ghi mã đơn vị.")
    raise CellError(f"'{raw}' không có hiệu lực vào ngày {day:%d/%m/%Y}.")


_KIND_WORDS = (
    {search_key(str(label)): value for value, label in LineageKind.choices}
    | {search_key(value): value for value in LineageKind.values}
    | {"sap nhap": LineageKind.MERGE, "hop nhat": LineageKind.MERGE, "chia": LineageKind.SPLIT}
)


def parse_kind(text: str) -> str:
    kind = _KIND_WORDS.get(search_key(text))
    if kind is None:
        words = ", ".join(str(label) for _v, label in LineageKind.choices)
        raise CellError(f"Loại biến động '{text}' không hợp lệ; chọn một trong: {words}.")
    return kind


def _text(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value).strip()


class _TableSpec(ImportSpec):
    """Reads every row into cells by column key, reporting bad cells by line and column."""

    action: ClassVar[str] = scoping.UNIT_ADMIN

    def cells(
        self, reader: TableReader, mapping: dict[str, int], result: ImportResult
    ) -> list[tuple[int, dict[str, str]]]:
        rows = []
        for line, row in reader.rows():
            result.total += 1
            values = {key: _text(row[i]) if i < len(row) else "" for key, i in mapping.items()}
            rows.append((line, values))
        return rows

    def error(self, result: ImportResult, mapping: dict[str, int], line: int, key: str, message: str) -> None:
        idx = mapping.get(key)
        letter = get_column_letter(idx + 1) if idx is not None else ""
        label = self.column(key).label if key else ""
        result.add_error(RowError(line, letter, label, message))


@dataclass
class _Event:
    lines: list[int] = field(default_factory=list)
    kind: str = ""
    date: datetime.date | None = None
    basis: str = ""
    note: str = ""
    predecessors: list[Unit] = field(default_factory=list)
    successors: list[Unit] = field(default_factory=list)
    designated: set[int] = field(default_factory=set)


def _lineage_cells(cells: dict[str, str], day: datetime.date, user: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """One lineage row's kind, units (the old one the day before, the new one on the day)."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    try:
        values["kind"] = parse_kind(cells["kind"])
    except CellError as exc:
        errors["kind"] = str(exc)
    for key, on in (("predecessor", day - datetime.timedelta(days=1)), ("successor", day)):
        try:
            values[key] = resolve_unit(cells[key], on, user=user)
        except CellError as exc:
            errors[key] = str(exc)
    try:
        values["designated"] = parse_bool(cells.get("designated") or "có")
    except CellError as exc:
        errors["designated"] = str(exc)
    return values, errors


class LineageImportSpec(_TableSpec):
    key = "units.lineage"
    title = "Biến động đơn vị hành chính"
    model = LineageEvent
    columns: ClassVar[list[Column]] = [
        Column("event", "Mã biến động", aliases=("Số biến động", "Nhóm"), example="NQ1232-1"),
        Column("date", "Ngày hiệu lực", required=True, example="01/01/2025"),
        Column("kind", "Loại biến động", required=True, example="Hợp nhất, sáp nhập"),
        Column("predecessor", "Đơn vị cũ", required=True, aliases=("Đơn vị trước",), example="Xã Lại Xuân"),
        Column("successor", "Đơn vị kế thừa", required=True, aliases=("Đơn vị mới",), example="Phường Lưu Kiếm"),
        Column("designated", "Kế thừa số liệu", aliases=("Nhận số liệu",), example="Có"),
        Column("legal_basis", "Căn cứ pháp lý", required=True, example="Nghị quyết 1232/NQ-UBTVQH15"),
        Column("note", "Ghi chú"),
    ]

    def run(self, reader: TableReader, mapping: dict[str, int], ctx: ImportContext) -> ImportResult:
        result = ImportResult()
        missing = self.missing(mapping)
        if missing:
            result.add_error(missing_columns_error(missing))
            return result
        events: dict[str, _Event] = {}
        bad: set[int] = set()
        for line, cells in self.cells(reader, mapping, result):
            ok = True
            try:
                day = parse_date(cells["date"])
            except CellError as exc:
                self.error(result, mapping, line, "date", str(exc))
                bad.add(line)
                continue
            values, errors = _lineage_cells(cells, day, ctx.user)
            for key, message in errors.items():
                self.error(result, mapping, line, key, message)
                ok = False
            basis = cells.get("legal_basis", "")
            if not basis:
                self.error(result, mapping, line, "legal_basis", services.BASIS_REQUIRED)
                ok = False
            if not ok:
                bad.add(line)
                continue
            event = events.setdefault(cells.get("event") or f"#{line}", _Event())
            if event.lines and (event.date, event.kind, event.basis) != (day, values["kind"], basis):
                self.error(result, mapping, line, "event", "Các dòng cùng mã biến động phải cùng ngày, loại và căn cứ.")
                bad.add(line)
                continue
            event.lines.append(line)
            event.date, event.kind, event.basis = day, values["kind"], basis
            event.note = event.note or cells.get("note", "")
            for attr, unit in (("predecessors", values["predecessor"]), ("successors", values["successor"])):
                if unit not in getattr(event, attr):
                    getattr(event, attr).append(unit)
            if values["designated"]:
                event.designated.add(values["successor"].pk)
        for event in events.values():
            if len(event.designated) > 1 and event.kind == LineageKind.SPLIT:
                result.add_error(
                    RowError(event.lines[0], "", "", "Một đơn vị chia tách chỉ có một đơn vị kế thừa số liệu.")
                )
                bad.update(event.lines)
            for unit in [*event.predecessors, *event.successors]:
                if not services.can_admin_unit(ctx.user, unit):
                    result.add_error(RowError(event.lines[0], "", "", f"Bạn không có quyền quản trị {unit.name}."))
                    bad.update(event.lines)
                    break
        result.invalid_lines = len(bad)
        result.valid = result.total - len(bad)
        if not ctx.commit or result.error_count:
            return result  # a lineage file is written whole or not at all
        with transaction.atomic():
            for event in events.values():
                assert event.date is not None
                designated = [u for u in event.successors if u.pk in event.designated]
                try:
                    created = services.lineage_record(
                        kind=event.kind,
                        date=event.date,
                        predecessors=event.predecessors,
                        successors=event.successors,
                        actor=cast("User", ctx.user),
                        legal_basis=event.basis,
                        designated=designated[0] if len(designated) == 1 else None,
                        rebuild=False,
                    )
                except (ValidationError, PermissionDenied) as exc:
                    transaction.set_rollback(True)
                    result.add_error(RowError(event.lines[0], "", "", " ".join(getattr(exc, "messages", [str(exc)]))))
                    return result
                if event.note:
                    created.note = event.note
                    created.save(update_fields=["note"])
                result.created += len(event.lines)
            services.rebuild_scope()
        result.committed = True
        return result


class DefenseRegionImportSpec(_TableSpec):
    key = "units.defense_region"
    title = "Địa bàn các Ban Chỉ huy Phòng thủ khu vực"
    model = Unit
    columns: ClassVar[list[Column]] = [
        Column("region", "Ban CHPTKV", required=True, aliases=("Khu vực phòng thủ",), example="Ban CHPTKV 1"),
        Column("commune", "Xã, phường", required=True, aliases=("Đơn vị cấp xã",), example="Phường Hồng Bàng"),
        Column("date", "Từ ngày", required=True, example="01/07/2025"),
        Column("legal_basis", "Căn cứ pháp lý", required=True, example="Quyết định 123/QĐ-BCH"),
    ]

    def run(self, reader: TableReader, mapping: dict[str, int], ctx: ImportContext) -> ImportResult:
        result = ImportResult()
        missing = self.missing(mapping)
        if missing:
            result.add_error(missing_columns_error(missing))
            return result
        groups: dict[tuple[int, datetime.date, str], list[Unit]] = defaultdict(list)
        lines_of: dict[tuple[int, datetime.date, str], list[int]] = defaultdict(list)
        where: dict[tuple[int, datetime.date], tuple[int, str]] = {}  # (commune, date) → first line, region
        bad: set[int] = set()
        for line, cells in self.cells(reader, mapping, result):
            try:
                day = parse_date(cells["date"])
            except CellError as exc:
                self.error(result, mapping, line, "date", str(exc))
                bad.add(line)
                continue
            units: dict[str, Unit] = {}
            for key, kinds in (("region", {str(Kind.DEFENSE_REGION)}), ("commune", None)):
                try:
                    units[key] = resolve_unit(cells[key], day, user=ctx.user, kinds=kinds)
                except CellError as exc:
                    self.error(result, mapping, line, key, str(exc))
            basis = cells.get("legal_basis", "")
            if not basis:
                self.error(result, mapping, line, "legal_basis", services.BASIS_REQUIRED)
            if len(units) < 2 or not basis:
                bad.add(line)
                continue
            region, commune = units["region"], units["commune"]
            if commune.level != "COMMUNE":
                self.error(result, mapping, line, "commune", f"{commune.name} không phải là đơn vị cấp xã.")
                bad.add(line)
                continue
            first = where.setdefault((commune.pk, day), (line, region.name))
            if first[1] != region.name:
                self.error(
                    result,
                    mapping,
                    line,
                    "commune",
                    f"{commune.name} đã được ghi thuộc {first[1]} ở dòng {first[0]}: "
                    "một xã, phường chỉ thuộc một Ban CHPTKV tại một ngày.",
                )
                bad.add(line)
                continue
            groups[(region.pk, day, basis)].append(commune)
            lines_of[(region.pk, day, basis)].append(line)
        result.invalid_lines = len(bad)
        result.valid = result.total - len(bad)
        if not ctx.commit or result.error_count:
            return result
        regions = {u.pk: u for u in Unit.objects.filter(pk__in=[k[0] for k in groups])}
        with transaction.atomic():
            for (region_id, day, basis), communes in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
                try:
                    services.defense_region_set_members(
                        region=regions[region_id],
                        communes=communes,
                        on=day,
                        actor=cast("User", ctx.user),
                        legal_basis=basis,
                    )
                except (ValidationError, PermissionDenied) as exc:
                    transaction.set_rollback(True)
                    line = lines_of[(region_id, day, basis)][0]
                    result.add_error(RowError(line, "", "", " ".join(getattr(exc, "messages", [str(exc)]))))
                    return result
                result.created += len(communes)
        result.committed = True
        return result


register_import_spec(LineageImportSpec)
register_import_spec(DefenseRegionImportSpec)
