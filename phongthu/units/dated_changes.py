"""Dated changes shipped in the repository (`units/data/dated_changes/*.yaml`).

The package's pre-2025 layer is the map of 30/6/2025: it cannot say when a unit began. A
dated-changes file records, with its legal basis and sources, a reorganisation before that day
(Hải Phòng, 1/1/2025): which units of the 30/6/2025 map started then, and which districts and
communes they replaced. The loader applies it; what no source gives stays undated (`seen_on`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data" / "dated_changes"


@dataclass
class OldCommune:
    name: str
    successor: str | None  # code of the 30/6/2025 unit that continued it, where sourced


@dataclass
class DistrictChange:
    name: str
    short: str
    code: str
    known_on: datetime.date | None
    communes: list[OldCommune]
    after: str  # code of the district of the 30/6/2025 map that replaced it
    note: str


@dataclass
class DatedChange:
    province: str
    date: datetime.date
    legal_basis: str
    districts: list[DistrictChange] = field(default_factory=list)
    starts: list[str] = field(default_factory=list)  # other units (codes) that began on `date`
    source: str = ""

    @property
    def end(self) -> datetime.date:
        return self.date - datetime.timedelta(days=1)


def _commune(raw: Any) -> OldCommune:
    if isinstance(raw, str):
        return OldCommune(name=raw, successor=None)
    return OldCommune(name=str(raw["name"]), successor=str(raw["successor"]) if raw.get("successor") else None)


def parse(text: str, source: str = "") -> DatedChange:
    raw = yaml.safe_load(text)
    change = DatedChange(
        province=str(raw["province"]).zfill(2),
        date=raw["date"],
        legal_basis=str(raw["legal_basis"]),
        starts=[str(c) for c in raw.get("starts", [])],
        source=source,
    )
    for d in raw.get("districts", []):
        before = d["before"]
        change.districts.append(
            DistrictChange(
                name=str(before["name"]),
                short=str(before.get("short", "")),
                code=str(before["code"]),
                known_on=before.get("known_on"),
                communes=[_commune(c) for c in before.get("communes", [])],
                after=str(d["after"]),
                note=str(d.get("note", "")),
            )
        )
    return change


def load(provinces: set[str] | None = None) -> list[DatedChange]:
    """Every shipped change, oldest first; only those of `provinces` (2025 codes) if given."""
    changes = [parse(p.read_text(encoding="utf-8"), p.name) for p in sorted(DATA_DIR.glob("*.yaml"))]
    if provinces is not None:
        changes = [c for c in changes if c.province in provinces]
    return sorted(changes, key=lambda c: c.date)
