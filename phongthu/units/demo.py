"""Demo defense regions (Ban CHPTKV) for a province.

Which communes a Ban CHPTKV covers is decided by the province and is stored as data
(UnitLink rows in the MILITARY hierarchy), editable later. For the demo we group each
2025 commune under the former district its designated predecessor belonged to, folding
districts into regions of about ten communes. This is demo data, not the official list.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from phongthu.units.choices import Hierarchy, Kind
from phongthu.units.loader import REFORM_DATE
from phongthu.units.models import LineageLink, Unit, UnitLink, valid_on
from phongthu.units.services import rebuild_scope

REGION_BASIS = "Quyết định của Bộ CHQS tỉnh về địa bàn các Ban CHPTKV (dữ liệu trình diễn)"


@transaction.atomic
def ensure_defense_regions(province: Unit, *, target_size: int = 12) -> list[Unit]:
    existing = list(Unit.objects.filter(kind=Kind.DEFENSE_REGION, parent_links__parent=province).order_by("code"))
    if existing:
        return existing
    communes = list(
        Unit.objects.filter(
            valid_on(REFORM_DATE),
            parent_links__parent=province,
            parent_links__hierarchy=Hierarchy.CIVIL,
            level="COMMUNE",
        )
    )
    district_of: dict[int, Unit] = {}
    for link in LineageLink.objects.filter(successor__in=communes, designated=True).select_related("predecessor"):
        old = link.predecessor
        parent = UnitLink.objects.filter(child=old, hierarchy=Hierarchy.CIVIL).select_related("parent").first()
        district = parent.parent if parent and parent.parent.level == "DISTRICT" else old
        district_of.setdefault(link.successor_id, district)
    groups: dict[int, list[Unit]] = defaultdict(list)
    names: dict[int, str] = {}
    for c in communes:
        d = district_of.get(c.pk)
        key = d.pk if d else 0
        groups[key].append(c)
        names[key] = (d.short_name or d.name) if d else province.short_name
    # Fold small districts together so each region has roughly target_size communes.
    regions: list[Unit] = []
    bucket: list[Unit] = []
    label = ""
    ordered = sorted(groups, key=lambda k: names[k])
    for i, key in enumerate(ordered):
        bucket += groups[key]
        label = label or names[key]
        if len(bucket) >= target_size or i == len(ordered) - 1:
            n = len(regions) + 1
            region = Unit(
                kind=Kind.DEFENSE_REGION,
                code=f"{province.code}-KV{n:02d}",
                name=f"Ban CHPTKV {n} – {label}",
                military_name=f"Ban Chỉ huy Phòng thủ khu vực {n} – {label}",
                valid_from=REFORM_DATE,
                legal_basis=REGION_BASIS,
            )
            region.save()
            UnitLink.objects.create(
                child=region,
                parent=province,
                hierarchy=Hierarchy.MILITARY,
                valid_from=REFORM_DATE,
                legal_basis=REGION_BASIS,
            )
            UnitLink.objects.bulk_create(
                [
                    UnitLink(
                        child=c,
                        parent=region,
                        hierarchy=Hierarchy.MILITARY,
                        valid_from=REFORM_DATE,
                        legal_basis=REGION_BASIS,
                    )
                    for c in bucket
                ]
            )
            regions.append(region)
            bucket, label = [], ""
    rebuild_scope()
    return regions
