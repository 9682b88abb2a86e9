from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.db.models import Q

from phongthu.core import scoping
from phongthu.core.crud import CrudConfig, register
from phongthu.units import selectors
from phongthu.units.choices import Hierarchy
from phongthu.units.models import OfficeHolder, Unit
from phongthu.units.services import admin_reach, can_admin_unit

if TYPE_CHECKING:
    from django.http import HttpRequest


def parse_day(raw: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat(raw) if raw else selectors.today()
    except ValueError:
        return selectors.today()


def _admins_province(user: Any, province: Unit) -> bool:
    reach = admin_reach(user)
    return reach is None or Unit.objects.filter(pk=province.pk, pk__in=reach).exists()


@register
class UnitCrud(CrudConfig):
    model = Unit
    fields: ClassVar[list[str]] = [
        "name",
        "short_name",
        "military_name",
        "legal_basis",
        "valid_from",
        "valid_to",
        "note",
    ]
    list_columns: ClassVar[list[str]] = ["name", "code", "kind", "valid_from", "valid_to"]
    export_fields: ClassVar[list[str] | None] = [
        "name",
        "code",
        "kind",
        "level",
        "short_name",
        "military_name",
        "valid_from",
        "valid_to",
        "legal_basis",
    ]
    filter_fields: ClassVar[list[str]] = ["level", "kind"]
    default_ordering: ClassVar[list[str]] = ["level", "name_sort"]
    # Master data changes only through the audited services in units/services.py (with a
    # legal basis), on the administrators' page: never through the generic form or API.
    allow_create = False
    allow_edit = False
    allow_delete = False
    allow_import = False
    detail_template = "units/unit_detail.html"

    @classmethod
    def detail_context(cls, obj: models.Model, request: HttpRequest) -> dict[str, Any]:
        assert isinstance(obj, Unit)
        day = parse_day(request.GET.get("on"))
        visible = Unit.objects.restrict(request.user, "view")
        breadcrumbs = selectors.ancestors(obj, on=day)
        civil = selectors.children(obj, on=day, queryset=visible)
        shown = Unit.objects.filter(Q(pk=obj.pk) | Q(pk__in=[u.pk for u in breadcrumbs]) | Q(pk__in=civil.values("pk")))
        return {
            "on": day,
            "breadcrumbs": breadcrumbs,
            "snapshot_note": selectors.snapshot_note(day, shown),
            "undated": obj.seen_on is not None and obj.valid_from is None,
            "parents": selectors.parents(obj, on=day),
            "civil_children": civil,
            "military_children": selectors.children(obj, on=day, hierarchy=Hierarchy.MILITARY, queryset=visible),
            "predecessors": selectors.predecessors(obj),
            "successors": selectors.successors(obj),
            "lineage": selectors.lineage_of(obj),
            "valid_today": obj.is_valid_on(day),
            "can_admin_unit": can_admin_unit(request.user, obj),
            "can_admin_unit_regions": obj.level == "PROVINCE" and _admins_province(request.user, obj),
        }


@register
class OfficeHolderCrud(CrudConfig):
    """Who held which office of a unit, when: the signer's name on that office's decisions.
    Unit master data, kept by administrators (system, or the province's)."""

    model = OfficeHolder
    fields: ClassVar[list[str]] = ["unit", "office", "full_name", "valid_from", "valid_to", "appointment_ref"]
    list_columns: ClassVar[list[str]] = ["full_name", "office", "unit", "valid_from", "valid_to"]
    filter_fields: ClassVar[list[str]] = ["office"]
    search_fields: ClassVar[list[str]] = []
    default_ordering: ClassVar[list[str]] = ["unit__name_sort", "office", "-valid_from"]
    write_reach = scoping.UNIT_ADMIN
    allow_import = False
