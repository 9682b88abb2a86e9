"""Writes to the unit tree. Every write that changes reach rebuilds the scope index."""

from __future__ import annotations

import contextlib
import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet

from phongthu.core import scoping
from phongthu.core.context import change_context, current
from phongthu.core.context import reason as reason_context
from phongthu.units.choices import Hierarchy, Kind, Level, LineageKind
from phongthu.units.models import LineageEvent, LineageLink, Unit, UnitLink, UnitScope, valid_on

if TYPE_CHECKING:
    from phongthu.accounts.models import User
    from phongthu.core.types import Actor


def reach_rows(
    unit_ids: Iterable[int],
    parent_links: Iterable[tuple[int, int]],
    lineage_links: Iterable[tuple[int, int, bool]],
) -> Iterator[tuple[int, int, bool]]:
    """(ancestor, descendant, write) for the reach index, from plain ids (also used by migrations).

    Reach: descendants at any time, plus predecessors' reach. A row is a write row unless every
    path to it crosses a split the ancestor's side is not designated for: an old unit with
    several successors is written only through its designated lineage link(s), read through all.
    """
    children: dict[int, set[int]] = defaultdict(set)
    for parent_id, child_id in parent_links:
        children[parent_id].add(child_id)
    preds: dict[int, set[int]] = defaultdict(set)
    successors_of: dict[int, set[int]] = defaultdict(set)
    designated: set[tuple[int, int]] = set()
    for pred_id, succ_id, is_designated in lineage_links:
        preds[succ_id].add(pred_id)
        successors_of[pred_id].add(succ_id)
        if is_designated:
            designated.add((pred_id, succ_id))
    write_preds: dict[int, set[int]] = {
        succ: {p for p in ps if len(successors_of[p]) <= 1 or (p, succ) in designated} for succ, ps in preds.items()
    }

    def closure(edges: dict[int, set[int]]) -> Callable[[int], frozenset[int]]:
        memo: dict[int, frozenset[int]] = {}

        def reach(uid: int, stack: frozenset[int]) -> frozenset[int]:
            if uid in memo:
                return memo[uid]
            acc = {uid}
            for nxt in children.get(uid, set()) | edges.get(uid, set()):
                if nxt not in stack:
                    acc |= reach(nxt, stack | {uid})
            result = frozenset(acc)
            memo[uid] = result
            return result

        return lambda uid: reach(uid, frozenset())

    read_reach = closure(preds)
    write_reach = closure(write_preds)
    for uid in unit_ids:
        writable = write_reach(uid)
        for d in read_reach(uid):
            yield uid, d, d in writable


@transaction.atomic
def rebuild_scope() -> int:
    """Recompute the reach index (`reach_rows`) from the unit links and lineage."""
    rows = reach_rows(
        list(Unit.objects.values_list("pk", flat=True)),
        UnitLink.objects.values_list("parent_id", "child_id"),
        LineageLink.objects.values_list("predecessor_id", "successor_id", "designated"),
    )
    UnitScope.objects.all().delete()
    if connection.vendor == "postgresql":
        return _copy_scope(list(rows))  # read every link before COPY holds the connection
    total = 0
    for batch in _batches(rows, 20000):
        UnitScope.objects.bulk_create(
            [UnitScope(ancestor_id=a, descendant_id=d, write=w) for a, d, w in batch], batch_size=5000
        )
        total += len(batch)
    return total


def _copy_scope(rows: Iterable[tuple[int, int, bool]]) -> int:
    """PostgreSQL: COPY the reach rows (the whole country's ~54,000 in a second, not ~20 s)."""
    total = 0
    table = UnitScope._meta.db_table
    with (
        connection.cursor() as cur,
        cur.cursor.copy(f"COPY {table} (ancestor_id, descendant_id, write) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            total += 1
    return total


def _batches(rows: Iterable[tuple[int, int, bool]], size: int) -> Iterator[list[tuple[int, int, bool]]]:
    batch: list[tuple[int, int, bool]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@transaction.atomic
def unit_create(*, parent: Unit | None, hierarchy: str = "CIVIL", rebuild: bool = True, **fields: Any) -> Unit:
    unit = Unit(**fields)
    unit.full_clean()
    unit.save()
    if parent is not None:
        UnitLink.objects.create(child=unit, parent=parent, hierarchy=hierarchy, valid_from=unit.valid_from)
    if rebuild:
        rebuild_scope()
    return unit


@transaction.atomic
def record_lineage(
    *,
    kind: str,
    date: datetime.date,
    predecessors: list[Unit],
    successors: list[Unit],
    legal_basis: str = "",
    designated: Unit | None = None,
    rebuild: bool = True,
) -> LineageEvent:
    """Record a merge/split/rename; predecessors end the day before `date`."""
    event = LineageEvent.objects.create(kind=kind, date=date, legal_basis=legal_basis)
    for pred in predecessors:
        for succ in successors:
            is_designated = designated is None or succ == designated or kind != LineageKind.SPLIT
            LineageLink.objects.create(event=event, predecessor=pred, successor=succ, designated=is_designated)
        if pred not in successors and (pred.valid_to is None or pred.valid_to >= date):
            pred.valid_to = date - datetime.timedelta(days=1)
            pred.save(update_fields=["valid_to"])
    if rebuild:
        rebuild_scope()
    return event


# ---------------------------------------------------------------- unit master data (administrators)
#
# Names, codes, dates, parent links, lineage and defense regions change only here: by a system
# administrator anywhere, or by a province administrator (Role.PROVINCE_ADMIN) inside their
# province. Each write names its legal basis, which becomes the audit rows' reason.

BASIS_REQUIRED = "Hãy nhập căn cứ pháp lý (ví dụ: Nghị quyết 1656/NQ-UBTVQH15)."


def admin_reach(user: Actor) -> QuerySet[UnitScope, Mapping[str, object]] | None:
    """Unit ids the user administers: None for system administrators (everywhere), else the
    reach of their UNIT_ADMIN grants held on a province (a province's administrators)."""
    if scoping.unit_scope_query(user, scoping.UNIT_ADMIN) is None:
        return None
    if isinstance(user, AnonymousUser):
        return UnitScope.objects.none().values("descendant_id")
    provinces = (
        scoping.grants(user, scoping.UNIT_ADMIN)
        .filter(include_descendants=True, unit__level=Level.PROVINCE)
        .values("unit_id")
    )
    return UnitScope.objects.filter(ancestor_id__in=provinces).values("descendant_id")


def can_admin_unit(user: Actor, unit: Unit) -> bool:
    """System administrators anywhere; province administrators below their province."""
    reach = admin_reach(user)
    if reach is None:
        return True
    if unit.level == Level.PROVINCE:
        return False  # a province itself is changed by the central level (system administrators)
    return Unit.objects.filter(pk=unit.pk, pk__in=reach).exists()


def _can_reach(user: Actor, unit: Unit) -> bool:
    reach = admin_reach(user)
    return reach is None or Unit.objects.filter(pk=unit.pk, pk__in=reach).exists()


def _require(actor: User, units: list[Unit], legal_basis: str) -> str:
    for unit in units:
        if not can_admin_unit(actor, unit):
            raise PermissionDenied(
                f"Bạn không có quyền quản trị danh mục đơn vị đối với {unit}: chỉ quản trị hệ thống "
                "hoặc quản trị cấp tỉnh của tỉnh có đơn vị này được sửa."
            )
    basis = (legal_basis or "").strip()
    if not basis:
        raise ValidationError({"legal_basis": BASIS_REQUIRED})
    if len(basis) > 255:
        raise ValidationError({"legal_basis": "Căn cứ pháp lý dài quá 255 ký tự; hãy ghi số, ký hiệu văn bản."})
    return basis


@contextlib.contextmanager
def _audited(actor: User, basis: str) -> Iterator[None]:
    """Bind the actor (commands and tests have no request) and the legal basis as the reason."""
    if current().user is None:
        with change_context(user=actor, reason=basis), transaction.atomic():
            yield
    else:
        with reason_context(basis), transaction.atomic():
            yield


def unit_rename(
    *,
    unit: Unit,
    name: str,
    actor: User,
    legal_basis: str,
    short_name: str | None = None,
    military_name: str | None = None,
    code: str | None = None,
) -> Unit:
    basis = _require(actor, [unit], legal_basis)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Hãy nhập tên đơn vị."})
    with _audited(actor, basis):
        locked: Unit = Unit.objects.select_for_update().get(pk=unit.pk)
        locked.name = name
        if short_name is not None:
            locked.short_name = short_name.strip()
        if military_name is not None:
            locked.military_name = military_name.strip()
        if code is not None and code.strip():
            locked.code = code.strip()
        locked.full_clean()
        locked.save()
    return locked


def unit_set_validity(
    *,
    unit: Unit,
    valid_from: datetime.date | None,
    valid_to: datetime.date | None,
    actor: User,
    legal_basis: str,
) -> Unit:
    basis = _require(actor, [unit], legal_basis)
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."})
    with _audited(actor, basis):
        locked: Unit = Unit.objects.select_for_update().get(pk=unit.pk)
        locked.valid_from, locked.valid_to = valid_from, valid_to
        locked.full_clean()
        locked.save()
    return locked


def unit_reparent(
    *,
    unit: Unit,
    parent: Unit,
    on: datetime.date,
    actor: User,
    legal_basis: str,
    hierarchy: str = Hierarchy.CIVIL,
) -> UnitLink:
    """From `on`, `unit` sits under `parent`; the link in force the day before ends then."""
    basis = _require(actor, [unit], legal_basis)
    if not _can_reach(actor, parent):
        raise PermissionDenied(f"Đơn vị cấp trên {parent} nằm ngoài phạm vi bạn quản trị.")
    if parent.pk == unit.pk or parent.pk in _subtree_all_time(unit.pk):
        raise ValidationError({"parent": f"{parent} đang trực thuộc {unit}: không thể đặt làm đơn vị cấp trên."})
    with _audited(actor, basis):
        for link in UnitLink.objects.select_for_update().filter(valid_on(on), child=unit, hierarchy=hierarchy):
            _end_link(link, on)
        link = UnitLink(child=unit, parent=parent, hierarchy=hierarchy, valid_from=on, legal_basis=basis)
        link.full_clean()
        link.save()
        rebuild_scope()
    return link


def lineage_record(
    *,
    kind: str,
    date: datetime.date,
    predecessors: list[Unit],
    successors: list[Unit],
    actor: User,
    legal_basis: str,
    designated: Unit | None = None,
    rebuild: bool = True,
) -> LineageEvent:
    """`rebuild=False` lets an import record many events and rebuild the scope index once."""
    basis = _require(actor, [*predecessors, *successors], legal_basis)
    if kind not in LineageKind.values:
        raise ValidationError({"kind": "Loại biến động không hợp lệ."})
    if not predecessors or not successors:
        raise ValidationError({"predecessors": "Hãy chọn đơn vị cũ và đơn vị kế thừa."})
    if designated is not None and designated not in successors:
        raise ValidationError({"designated": "Đơn vị kế thừa số liệu phải là một trong các đơn vị kế thừa."})
    with _audited(actor, basis):
        return record_lineage(
            kind=kind,
            date=date,
            predecessors=predecessors,
            successors=successors,
            legal_basis=basis,
            designated=designated,
            rebuild=rebuild,
        )


def defense_region_set_members(
    *, region: Unit, communes: list[Unit], on: datetime.date, actor: User, legal_basis: str
) -> list[UnitLink]:
    """From `on`, the region covers exactly `communes` (military links, dated)."""
    basis = _require(actor, [region, *communes], legal_basis)
    if region.kind != Kind.DEFENSE_REGION:
        raise ValidationError({"region": f"{region} không phải là Ban Chỉ huy Phòng thủ khu vực."})
    wanted = {c.pk for c in communes}
    created: list[UnitLink] = []
    with _audited(actor, basis):
        current_links = UnitLink.objects.select_for_update().filter(
            valid_on(on), parent=region, hierarchy=Hierarchy.MILITARY
        )
        kept = set()
        for link in current_links:
            if link.child_id in wanted:
                kept.add(link.child_id)
            else:
                _end_link(link, on)
        for commune in communes:
            if commune.pk in kept:
                continue
            for link in UnitLink.objects.select_for_update().filter(
                valid_on(on), child=commune, hierarchy=Hierarchy.MILITARY
            ):
                _end_link(link, on)  # it leaves its former region
            link = UnitLink(
                child=commune, parent=region, hierarchy=Hierarchy.MILITARY, valid_from=on, legal_basis=basis
            )
            link.save()
            created.append(link)
        rebuild_scope()
    return created


def _end_link(link: UnitLink, on: datetime.date) -> None:
    """A link that started on or after `on` never took effect: delete it; otherwise end it."""
    if link.valid_from is not None and link.valid_from >= on:
        link.delete()
    else:
        link.valid_to = on - datetime.timedelta(days=1)
        link.save(update_fields=["valid_to"])


def _subtree_all_time(unit_id: int) -> set[int]:
    return set(UnitScope.objects.filter(ancestor_id=unit_id).values_list("descendant_id", flat=True)) - {unit_id}


# ---------------------------------------------------------------- defense regions (Ban CHPTKV)


def _require_province(actor: User, province: Unit, legal_basis: str) -> str:
    reach = admin_reach(actor)
    if reach is not None and not Unit.objects.filter(pk=province.pk, pk__in=reach).exists():
        raise PermissionDenied(f"Bạn không có quyền quản trị các Ban CHPTKV của {province}.")
    basis = (legal_basis or "").strip()
    if not basis:
        raise ValidationError({"legal_basis": BASIS_REQUIRED})
    return basis


def defense_region_create(
    *, province: Unit, name: str, valid_from: datetime.date, actor: User, legal_basis: str
) -> Unit:
    """A new Ban CHPTKV of the province from `valid_from` (its communes are set afterwards)."""
    basis = _require_province(actor, province, legal_basis)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "Hãy nhập tên Ban CHPTKV."})
    if province.level != Level.PROVINCE:
        raise ValidationError({"province": f"{province} không phải là tỉnh, thành phố."})
    with _audited(actor, basis):
        taken = set(
            Unit.objects.filter(kind=Kind.DEFENSE_REGION, code__startswith=f"{province.code}-KV").values_list(
                "code", flat=True
            )
        )
        n = 1
        while f"{province.code}-KV{n:02d}" in taken:
            n += 1
        region = Unit(
            kind=Kind.DEFENSE_REGION,
            code=f"{province.code}-KV{n:02d}",
            name=name,
            military_name=name,
            valid_from=valid_from,
            legal_basis=basis,
        )
        region.full_clean()
        region.save()
        UnitLink.objects.create(
            child=region, parent=province, hierarchy=Hierarchy.MILITARY, valid_from=valid_from, legal_basis=basis
        )
        rebuild_scope()
    return region


def defense_region_close(*, region: Unit, on: datetime.date, actor: User, legal_basis: str) -> Unit:
    """The region ends the day before `on`; its communes must have moved to another one first."""
    basis = _require(actor, [region], legal_basis)
    if region.kind != Kind.DEFENSE_REGION:
        raise ValidationError({"region": f"{region} không phải là Ban Chỉ huy Phòng thủ khu vực."})
    left = UnitLink.objects.filter(valid_on(on), parent=region, hierarchy=Hierarchy.MILITARY).select_related("child")
    if left.exists():
        names = ", ".join(sorted(link.child.name for link in left)[:5])
        raise ValidationError(
            {
                "on": f"{region} còn quản lý {left.count()} xã, phường từ ngày này ({names}…): hãy chuyển sang Ban CHPTKV khác trước."
            }
        )
    if region.valid_from is not None and on <= region.valid_from:
        raise ValidationError({"on": "Ngày giải thể phải sau ngày thành lập."})
    with _audited(actor, basis):
        for link in UnitLink.objects.select_for_update().filter(valid_on(on), child=region):
            _end_link(link, on)
        locked: Unit = Unit.objects.select_for_update().get(pk=region.pk)
        locked.valid_to = on - datetime.timedelta(days=1)
        locked.save()
    return locked


def communes_without_region(province: Unit, on: datetime.date) -> QuerySet[Unit]:
    """The province's communes in force on `on` that no Ban CHPTKV covers then (to be fixed)."""
    communes = UnitLink.objects.filter(
        valid_on(on), parent=province, hierarchy=Hierarchy.CIVIL, child__level=Level.COMMUNE
    )
    covered = UnitLink.objects.filter(valid_on(on), hierarchy=Hierarchy.MILITARY, parent__kind=Kind.DEFENSE_REGION)
    return (
        Unit.objects.filter(valid_on(on), pk__in=communes.values("child_id"))
        .exclude(pk__in=covered.values("child_id"))
        .order_by("name_sort")
    )
