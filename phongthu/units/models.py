"""The dated unit tree: units, dated parent links (civil and military), lineage, scope index."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phongthu.core import scoping
from phongthu.core.authority import Office
from phongthu.core.models import NamedModel, ScopedModel
from phongthu.units.choices import LEVEL_OF_KIND, Hierarchy, Kind, Level, LineageKind


def valid_on(day: datetime.date, prefix: str = "") -> Q:
    """Rows whose [valid_from, valid_to] range contains `day` (open ends allowed)."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


class Unit(NamedModel, ScopedModel):
    unit_path: ClassVar[str] = "self"
    audited: ClassVar[bool] = True

    code = models.CharField(_("mã"), max_length=20, db_index=True)
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices, editable=False, db_index=True)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)
    # Set where the data cannot date the unit's start: it is only known to exist on this day
    # (the 30/6/2025 map that vietnamadminunits ships, or the date of a dated-changes source).
    seen_on = models.DateField(_("chưa rõ ngày bắt đầu, có trong bản đồ ngày"), null=True, blank=True)
    military_name = models.CharField(_("tên cơ quan quân sự"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["name_sort"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code", "valid_from"], name="unit_code_unique_per_period"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.level = LEVEL_OF_KIND[self.kind]
        super().save(*args, **kwargs)

    @staticmethod
    def scope_extra_q(user: Any, action: str, scope: Any) -> Q:
        """Tree ancestors of one's assigned units are visible (to navigate), never editable."""
        if action != "view":
            return Q(pk__in=[])
        frontier = set(scoping.grants(user, action).values_list("unit_id", flat=True))
        seen: set[int] = set()
        while frontier:
            parents = set(UnitLink.objects.filter(child_id__in=frontier).values_list("parent_id", flat=True)) - seen
            seen |= parents
            frontier = parents
        return Q(pk__in=seen)

    # What a unit choice list (core.forms) prefetches to label a dissolved unit with its successor.
    choice_prefetch: ClassVar[tuple[str, ...]] = ("successor_links__successor",)

    def choice_label(self, day: datetime.date) -> str:
        """The name in a choice list on `day`: a unit not in force then says when and what follows."""
        if self.valid_to is not None and self.valid_to < day:
            successors = sorted({link.successor.name for link in self.successor_links.all()})
            after = f" → {', '.join(successors)}" if successors else ""
            return f"{self.name} ({_('đến')} {self.valid_to:%d/%m/%Y}{after})"
        if self.valid_from is not None and self.valid_from > day:
            return f"{self.name} ({_('từ')} {self.valid_from:%d/%m/%Y})"
        return self.name

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or self.valid_to >= day)


class UnitLink(models.Model):
    """A dated parent link; a unit may have a civil and a military parent at once."""

    audited: ClassVar[bool] = True

    child = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="parent_links", verbose_name=_("đơn vị"))
    parent = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="child_links", verbose_name=_("đơn vị cấp trên")
    )
    hierarchy = models.CharField(_("hệ"), max_length=10, choices=Hierarchy.choices, default=Hierarchy.CIVIL)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("quan hệ cấp trên")
        verbose_name_plural = _("quan hệ cấp trên")
        indexes = [models.Index(fields=["parent", "hierarchy"]), models.Index(fields=["child", "hierarchy"])]
        constraints = [
            models.CheckConstraint(condition=~Q(child=models.F("parent")), name="unit_link_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.child} → {self.parent}"


class LineageEvent(models.Model):
    audited: ClassVar[bool] = True

    kind = models.CharField(_("loại biến động"), max_length=10, choices=LineageKind.choices)
    date = models.DateField(_("ngày hiệu lực"))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("biến động đơn vị")
        verbose_name_plural = _("biến động đơn vị")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class LineageLink(models.Model):
    """predecessor → successor within an event; `designated` picks where a split's figures go."""

    event = models.ForeignKey(LineageEvent, on_delete=models.CASCADE, related_name="links")
    predecessor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="successor_links")
    successor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="predecessor_links")
    designated = models.BooleanField(_("đơn vị kế thừa số liệu"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "predecessor", "successor"], name="lineage_link_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class UnitScope(models.Model):
    """Reach index: `descendant` is under `ancestor` at some time, or is its predecessor's.

    Rebuilt by `units.services.rebuild_scope()` whenever links or lineage change; it turns
    every scope check into one indexed sub-query. `write` is False where the reach passes
    through a split: an old unit shared by several successors is written only by the
    designated one (LineageLink.designated), read by all.
    """

    ancestor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    descendant = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    write = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ancestor", "descendant"], name="unit_scope_unique")]
        indexes = [
            models.Index(fields=["ancestor", "descendant"], condition=Q(write=True), name="unit_scope_write_reach")
        ]

    def __str__(self) -> str:
        return f"{self.ancestor_id} ⊇ {self.descendant_id}"


class Reattribution(models.Model):
    """A user's decision that one record of a split unit counts under another successor."""

    audited: ClassVar[bool] = True

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("tính vào đơn vị"))
    reason = models.CharField(_("lý do"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("điều chỉnh đơn vị kế thừa số liệu")
        verbose_name_plural = _("điều chỉnh đơn vị kế thừa số liệu")
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="reattribution_unique")]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} → {self.to_unit}"


class OfficeHolder(ScopedModel):
    """Who held an office of a unit, from when to when: the signer's name on its decisions.

    Offices are those of `core.authority.Office` (Chủ tịch UBND, Chỉ huy trưởng, ...); a
    decision carries the name of the holder on its date, never a name the actor types.
    """

    audited: ClassVar[bool] = True

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="office_holders", verbose_name=_("đơn vị"))
    office = models.CharField(_("chức vụ"), max_length=24, choices=Office.choices)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    valid_from = models.DateField(_("giữ chức từ"))
    valid_to = models.DateField(_("đến"), null=True, blank=True)
    appointment_ref = models.CharField(_("quyết định bổ nhiệm, bầu"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("người giữ chức vụ")
        verbose_name_plural = _("người giữ chức vụ")
        ordering = ["unit", "office", "-valid_from"]
        indexes = [models.Index(fields=["unit", "office", "valid_from"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="office_holder_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.get_office_display()} {self.unit}"
