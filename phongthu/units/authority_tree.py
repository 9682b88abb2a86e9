"""The dated unit tree as `core.authority` needs it: which unit holds an office on a date."""

from __future__ import annotations

import datetime

from phongthu.core.authority import REGION, UnitRef
from phongthu.units.choices import Hierarchy
from phongthu.units.models import OfficeHolder, Unit, UnitLink, valid_on


def _ref(unit: Unit) -> UnitRef:
    return UnitRef(id=unit.pk, name=unit.name, level=unit.level)


class DatedUnitTree:
    def get(self, unit_id: int) -> UnitRef | None:
        unit = Unit.objects.filter(pk=unit_id).first()
        return _ref(unit) if unit is not None else None

    def exists_on(self, unit_id: int, on: datetime.date) -> bool:
        return Unit.objects.filter(valid_on(on), pk=unit_id).exists()

    def ancestor_at(self, unit_id: int, level: str, on: datetime.date) -> UnitRef | None:
        """The unit itself or its nearest ancestor of `level` on the date (military tree for regions)."""
        hierarchy = Hierarchy.MILITARY if level == REGION else Hierarchy.CIVIL
        current = Unit.objects.filter(pk=unit_id).first()
        seen: set[int] = set()
        while current is not None and current.pk not in seen:
            if current.level == level:
                return _ref(current)
            seen.add(current.pk)
            link = (
                UnitLink.objects.filter(valid_on(on), child=current, hierarchy=hierarchy)
                .select_related("parent")
                .first()
            )
            current = link.parent if link is not None else None
        return None

    def holder(self, unit_id: int, office: str, on: datetime.date) -> str:
        found = (
            OfficeHolder.objects.filter(unit_id=unit_id, office=office, valid_from__lte=on)
            .exclude(valid_to__lt=on)
            .order_by("-valid_from")
            .values_list("full_name", flat=True)
            .first()
        )
        return found or ""
