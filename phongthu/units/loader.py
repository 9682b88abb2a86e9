"""Load the real map from the data tables that `vietnamadminunits` ships (MIT).

Only its SQLite tables and converter JSON are read (never its geocoding, which needs the
network). Pre-2025 units end on 30/6/2025; 2025 communes start on 1/7/2025; lineage links
every old commune to the new one(s) that replaced it, `designated` marking where a split
commune's figures go. A province that absorbed others keeps its identity.
"""

from __future__ import annotations

import datetime
import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import vietnamadminunits
from django.db import transaction

from phongthu.core.audit import audited_bulk_create
from phongthu.core.text import search_key, sort_key
from phongthu.units import dated_changes
from phongthu.units.choices import LEVEL_OF_KIND, Hierarchy, Kind, Level, LineageKind
from phongthu.units.models import LineageEvent, LineageLink, Unit, UnitLink
from phongthu.units.services import rebuild_scope

REFORM_DATE = datetime.date(2025, 7, 1)
LEGACY_END = REFORM_DATE - datetime.timedelta(days=1)
PROVINCE_BASIS = "Nghị quyết 202/2025/QH15 ngày 12/6/2025 của Quốc hội"
COMMUNE_BASIS = "Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã năm 2025"
DISTRICT_BASIS = "Luật Tổ chức chính quyền địa phương 2025 (chính quyền địa phương hai cấp từ 1/7/2025)"

DATA_DIR = Path(vietnamadminunits.__file__).parent / "data"

_DISTRICT_KIND = {
    "Quận": Kind.URBAN_DISTRICT,
    "Huyện": Kind.RURAL_DISTRICT,
    "Thị xã": Kind.TOWN,
    "Thành phố": Kind.PROVINCIAL_CITY,
}
_COMMUNE_KIND = {"Phường": Kind.WARD, "Xã": Kind.COMMUNE, "Thị trấn": Kind.TOWNSHIP, "Đặc khu": Kind.SPECIAL_ZONE}


def _province_kind(name: str) -> str:
    return Kind.CENTRAL_CITY if name.startswith("Thành phố") else Kind.PROVINCE


def _rows(table: str) -> list[dict[str, Any]]:
    with sqlite3.connect(DATA_DIR / "dataset.db") as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(f"SELECT * FROM [{table}]")]  # noqa: S608 (fixed names)


@dataclass
class LoadReport:
    created_units: int = 0
    created_links: int = 0
    lineage_events: int = 0
    scope_rows: int = 0
    provinces: list[str] = field(default_factory=list)


class _Builder:
    """Collects units and links in memory, then writes them in bulk."""

    def __init__(self) -> None:
        self.existing: dict[tuple[str, str, datetime.date | None], Unit] = {
            (u.level, u.code, u.valid_from): u for u in Unit.objects.all()
        }
        self.new_units: list[Unit] = []

    def unit(
        self,
        *,
        kind: str,
        code: str,
        name: str,
        short: str,
        valid_from: datetime.date | None,
        valid_to: datetime.date | None,
        basis: str,
        seen_on: datetime.date | None = None,
        note: str = "",
    ) -> tuple[Unit, bool]:
        key = (LEVEL_OF_KIND[kind], code, valid_from)
        if key in self.existing:
            return self.existing[key], False
        unit = Unit(
            kind=kind,
            level=LEVEL_OF_KIND[kind],
            code=code,
            name=name,
            short_name=short,
            name_search=search_key(name),
            name_sort=sort_key(name),
            valid_from=valid_from,
            valid_to=valid_to,
            legal_basis=basis,
            seen_on=seen_on,
            note=note,
        )
        self.existing[key] = unit
        self.new_units.append(unit)
        return unit, True

    def flush(self) -> int:
        audited_bulk_create(Unit, self.new_units)
        count = len(self.new_units)
        self.new_units = []
        return count


@transaction.atomic
def load_admin_units(*, province_code: str | None = None) -> LoadReport:
    report = LoadReport()
    converter = json.loads((DATA_DIR / "converter_2025.json").read_text(encoding="utf-8"))
    new_rows = _rows("admin_units")
    legacy_rows = _rows("admin_units_legacy")

    new_provinces: dict[str, dict[str, Any]] = {}
    for r in new_rows:
        new_provinces.setdefault(r["provinceKey"], r)
    if province_code:
        wanted = [k for k, r in new_provinces.items() if r["provinceCode"] == province_code.zfill(2)]
        if not wanted:
            raise ValueError(f"Không có tỉnh, thành phố mã {province_code} trong bản đồ 2025.")
        new_provinces = {k: new_provinces[k] for k in wanted}
    old_keys_of: dict[str, list[str]] = {k: converter["DICT_PROVINCE"][k] for k in new_provinces}
    wanted_old = {o for olds in old_keys_of.values() for o in olds}
    legacy_rows = [r for r in legacy_rows if r["provinceKey"] in wanted_old]
    new_rows = [r for r in new_rows if r["provinceKey"] in new_provinces]

    changes = dated_changes.load({r["provinceCode"] for r in new_provinces.values()})
    # (level, code) of the 30/6/2025 map → (start, basis) where a shipped change dates it.
    starts: dict[tuple[str, str], tuple[datetime.date, str]] = {}
    for ch in changes:
        after = {d.after for d in ch.districts}
        for code in after:
            starts[(Level.DISTRICT, code)] = (ch.date, ch.legal_basis)
        for r in legacy_rows:
            if r["provinceCode"] == ch.province and r["districtCode"] in after and r["wardCode"]:
                starts[(Level.COMMUNE, r["wardCode"])] = (ch.date, ch.legal_basis)
        for code in ch.starts:
            starts[(Level.COMMUNE, code)] = (ch.date, ch.legal_basis)

    b = _Builder()
    created: set[int] = set()  # id() of units created in this run

    def make(**kw: Any) -> Unit:
        if kw["valid_from"] is None and kw["valid_to"] == LEGACY_END:
            start = starts.get((LEVEL_OF_KIND[kw["kind"]], kw["code"]))
            if start:
                kw["valid_from"], kw["basis"] = start
            else:
                kw["seen_on"] = LEGACY_END  # the package cannot date it: known from the 30/6/2025 map
        unit, is_new = b.unit(**kw)
        if is_new:
            created.add(id(unit))
        return unit

    # Legacy provinces; one that absorbed others continues (no end date).
    old_province: dict[str, Unit] = {}
    # Identity is name and code together: a 2025 province keeps an old one's identity only if it
    # kept both (Hải Phòng); a merged province that took one of them (Gia Lai took Bình Định's
    # code 52) is a new unit, and the old provinces end on 30/6/2025 with lineage to it.
    old_code = {r["provinceKey"]: r["provinceCode"] for r in legacy_rows}
    continuing = {
        k for k, olds in old_keys_of.items() if k in olds and old_code.get(k) == new_provinces[k]["provinceCode"]
    }
    for r in legacy_rows:
        pk = r["provinceKey"]
        if pk in old_province:
            continue
        if pk in continuing:
            nr = new_provinces[pk]
            old_province[pk] = make(
                kind=_province_kind(nr["province"]),
                code=nr["provinceCode"],
                name=nr["province"],
                short=nr["provinceShort"],
                valid_from=None,
                valid_to=None,
                basis=PROVINCE_BASIS,
                seen_on=LEGACY_END,
            )
        else:
            old_province[pk] = make(
                kind=_province_kind(r["province"]),
                code=r["provinceCode"],
                name=r["province"],
                short=r["provinceShort"],
                valid_from=None,
                valid_to=LEGACY_END,
                basis="",
            )
    new_province: dict[str, Unit] = {}
    for pk, nr in new_provinces.items():
        if pk in continuing:
            new_province[pk] = old_province[pk]
        else:
            new_province[pk] = make(
                kind=_province_kind(nr["province"]),
                code=nr["provinceCode"],
                name=nr["province"],
                short=nr["provinceShort"],
                valid_from=REFORM_DATE,
                valid_to=None,
                basis=PROVINCE_BASIS,
            )

    districts: dict[str, Unit] = {}
    district_parent: dict[str, str] = {}
    old_wards: dict[str, Unit] = {}
    ward_parent: dict[str, str] = {}
    for r in legacy_rows:
        dkey = f"{r['provinceKey']}_{r['districtKey']}"
        if dkey not in districts:
            districts[dkey] = make(
                kind=_DISTRICT_KIND.get(r["districtType"], Kind.RURAL_DISTRICT),
                code=r["districtCode"],
                name=r["district"],
                short=r["districtShort"],
                valid_from=None,
                valid_to=LEGACY_END,
                basis="",
            )
            district_parent[dkey] = r["provinceKey"]
        if not r["ward"]:
            continue  # island districts without communes (e.g. huyện Bạch Long Vĩ)
        wkey = f"{dkey}_{r['wardKey']}"
        old_wards[wkey] = make(
            kind=_COMMUNE_KIND.get(r["wardType"], Kind.COMMUNE),
            code=r["wardCode"],
            name=r["ward"],
            short=r["wardShort"],
            valid_from=None,
            valid_to=LEGACY_END,
            basis="",
        )
        ward_parent[wkey] = dkey

    new_wards: dict[tuple[str, str], Unit] = {}
    for r in new_rows:
        new_wards[(r["provinceKey"], r["wardKey"])] = make(
            kind=_COMMUNE_KIND.get(r["wardType"], Kind.COMMUNE),
            code=r["wardCode"],
            name=r["ward"],
            short=r["wardShort"],
            valid_from=REFORM_DATE,
            valid_to=None,
            basis=COMMUNE_BASIS,
        )
    dated = _DatedLayer(changes, make, list(old_province.values()), [*districts.values(), *old_wards.values()])
    report.created_units = b.flush()

    # Parent links (civil, and the military hierarchy which mirrored it before 1/7/2025).
    links: list[UnitLink] = []

    def link(
        child: Unit, parent: Unit, *, start: datetime.date | None, end: datetime.date | None, basis: str = ""
    ) -> None:
        if id(child) not in created:
            return
        if start is None:
            start = child.valid_from  # a unit dated by a shipped change sits under its parent from then
        for hierarchy in (Hierarchy.CIVIL, Hierarchy.MILITARY):
            if hierarchy == Hierarchy.MILITARY and start == REFORM_DATE:
                continue  # after the reform, communes sit under a defense region (province data)
            links.append(
                UnitLink(
                    child=child, parent=parent, hierarchy=hierarchy, valid_from=start, valid_to=end, legal_basis=basis
                )
            )

    for dkey, unit in districts.items():
        link(unit, old_province[district_parent[dkey]], start=None, end=LEGACY_END)
    for wkey, unit in old_wards.items():
        link(unit, districts[ward_parent[wkey]], start=None, end=LEGACY_END)
    for (pk, _wk), unit in new_wards.items():
        link(unit, new_province[pk], start=REFORM_DATE, end=None, basis=COMMUNE_BASIS)
    for child, parent, end in dated.links():
        link(child, parent, start=None, end=end)
    UnitLink.objects.bulk_create(links, batch_size=5000)
    report.created_links = len(links)

    # Lineage: provinces merged, districts dissolved, communes merged or split.
    events: list[tuple[LineageEvent, list[tuple[Unit, Unit, bool]]]] = []
    for pk, olds in old_keys_of.items():
        target = new_province[pk]
        merged = [old_province[o] for o in olds if o in old_province and old_province[o] is not target]
        if merged and any(id(u) in created for u in merged):
            ev = LineageEvent(
                kind=LineageKind.MERGE,
                date=REFORM_DATE,
                legal_basis=PROVINCE_BASIS,
                note=f"Hợp nhất thành {target.name}",
            )
            events.append((ev, [(u, target, True) for u in merged]))
        dissolved = [d for k, d in districts.items() if district_parent[k] in olds and id(d) in created]
        if dissolved:
            ev = LineageEvent(
                kind=LineageKind.DISSOLVE,
                date=REFORM_DATE,
                legal_basis=DISTRICT_BASIS,
                note="Kết thúc hoạt động của đơn vị hành chính cấp huyện",
            )
            events.append((ev, [(d, target, True) for d in dissolved]))

    preds_of: dict[tuple[str, str], list[tuple[str, bool]]] = defaultdict(list)
    split_olds: set[str] = set()
    for pk in new_provinces:
        for new_key, olds in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].get(pk, {}).items():
            for o in olds:
                preds_of[(pk, new_key)].append((o, True))
        for old_key, targets in converter["DICT_PROVINCE_WARD_DIVIDED"].get(pk, {}).items():
            split_olds.add(old_key)
            for t in targets:
                preds_of[(pk, t["newWardKey"])].append((old_key, bool(t["isDefaultNewWard"])))
    for key, unit in new_wards.items():
        if id(unit) not in created:
            continue
        pairs = []
        for o, d in preds_of.get(key, []):
            old = old_wards.get(o) or districts.get("_".join(o.split("_")[:2]))
            if old is not None:
                pairs.append((old, unit, d))
        if not pairs:
            continue
        if any(o in split_olds for o, _d in preds_of[key]):
            kind = LineageKind.SPLIT
        elif len(pairs) == 1:
            kind = LineageKind.RENAME
        else:
            kind = LineageKind.MERGE
        events.append((LineageEvent(kind=kind, date=REFORM_DATE, legal_basis=COMMUNE_BASIS, note=unit.name), pairs))

    events += [e for e in dated.events() if any(id(p) in created for p, _s, _d in e[1])]
    saved = LineageEvent.objects.bulk_create([e for e, _p in events], batch_size=2000)
    lineage_links = [
        LineageLink(event=ev, predecessor=p, successor=s, designated=d)
        for ev, (_e, pairs) in zip(saved, events, strict=True)
        for p, s, d in pairs
    ]
    LineageLink.objects.bulk_create(lineage_links, batch_size=5000, ignore_conflicts=True)
    report.lineage_events = len(saved)
    report.scope_rows = rebuild_scope()
    report.provinces = sorted(u.name for u in new_province.values())
    return report


class _DatedLayer:
    """The districts and communes a shipped dated change replaced, with their links and lineage."""

    def __init__(
        self,
        changes: list[dated_changes.DatedChange],
        make: Any,
        provinces: list[Unit],
        legacy_units: list[Unit],
    ) -> None:
        by_code = {(u.level, u.code): u for u in legacy_units}
        self._links: list[tuple[Unit, Unit, datetime.date]] = []
        self._events: list[tuple[LineageEvent, list[tuple[Unit, Unit, bool]]]] = []
        for ch in changes:
            province = next((p for p in provinces if p.code == ch.province and p.valid_to is None), None)
            if province is None:
                continue
            for d in ch.districts:
                successor = by_code.get((Level.DISTRICT, d.after))
                if successor is None:
                    raise ValueError(f"{ch.source}: không có quận, huyện mã {d.after} trong bản đồ 30/6/2025.")
                old = make(
                    kind=Kind.RURAL_DISTRICT if d.name.startswith("Huyện") else successor.kind,
                    code=d.code,
                    name=d.name,
                    short=d.short,
                    valid_from=None,
                    valid_to=ch.end,
                    basis="",
                    seen_on=d.known_on or ch.end,
                )
                self._links.append((old, province, ch.end))
                self._events.append(
                    (
                        LineageEvent(kind=LineageKind.RENAME, date=ch.date, legal_basis=ch.legal_basis, note=d.note),
                        [(old, successor, True)],
                    )
                )
                pairs: list[tuple[Unit, Unit, bool]] = []
                unknown: list[Unit] = []
                for i, c in enumerate(d.communes, start=1):
                    prefix = "Thị trấn" if c.name.startswith("Thị trấn") else c.name.split(" ")[0]
                    commune = make(
                        kind=_COMMUNE_KIND.get(prefix, Kind.COMMUNE),
                        code=f"{d.code}.{i:02d}",  # the GSO code of that time is not in our sources
                        name=c.name,
                        short=c.name[len(prefix) + 1 :],
                        valid_from=None,
                        valid_to=ch.end,
                        basis="",
                        seen_on=d.known_on or ch.end,
                        note="Mã đơn vị hành chính thời kỳ này chưa có nguồn.",
                    )
                    self._links.append((commune, old, ch.end))
                    target = by_code.get((Level.COMMUNE, c.successor)) if c.successor else None
                    if target is not None:
                        pairs.append((commune, target, True))
                    else:
                        unknown.append(commune)
                if pairs:
                    self._events.append(
                        (LineageEvent(kind=LineageKind.REPARENT, date=ch.date, legal_basis=ch.legal_basis), pairs)
                    )
                if unknown:
                    note = f"Chưa rõ đơn vị kế thừa cấp xã; số liệu tính về {successor.name}."
                    self._events.append(
                        (
                            LineageEvent(kind=LineageKind.MERGE, date=ch.date, legal_basis=ch.legal_basis, note=note),
                            [(u, successor, True) for u in unknown],
                        )
                    )

    def links(self) -> list[tuple[Unit, Unit, datetime.date]]:
        return self._links

    def events(self) -> list[tuple[LineageEvent, list[tuple[Unit, Unit, bool]]]]:
        return self._events
