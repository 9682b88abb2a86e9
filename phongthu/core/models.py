"""Base models written once: searchable names, scoped querysets, append-only audit rows."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongthu.core.scoping import VIEW, RestrictedQuerySet
from phongthu.core.text import search_key, sort_key
from phongthu.core.types import Actor


class ScopedModel(models.Model):
    """A record that belongs to a unit; `unit_path` names the lookup to that unit.

    Every model deriving from this is listed, exported, imported and served through the
    API only via `restrict(user, action)`.
    """

    unit_path: ClassVar[str] = "unit"
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    def owning_unit_id(self) -> int | None:
        obj: Any = self
        *path, last = self.unit_path.split("__")
        for part in path:
            if obj is None:
                return None
            obj = getattr(obj, part)
        if obj is None:
            return None
        if last == "self":
            return int(obj.pk) if obj.pk else None
        # The unit's id is on the row already: no query for the unit itself (lists log each row).
        unit_id = getattr(obj, obj._meta.get_field(last).attname)
        return int(unit_id) if unit_id is not None else None


def restricted(model: type[models.Model], user: Actor | None, action: str = VIEW) -> RestrictedQuerySet:
    """`model.objects.restrict(user, action)` for a model known only as a class (generic views,
    the API, actions). A model whose manager is not scoped fails here, loudly."""
    rows = model._default_manager.all()
    if not isinstance(rows, RestrictedQuerySet):
        raise TypeError(f"{model._meta.label} has no scoped manager (RestrictedQuerySet)")
    return rows.restrict(user, action)


class NamedModel(models.Model):
    """A name that sorts the Vietnamese way and is found with or without diacritics."""

    name = models.CharField(_("tên"), max_length=255)
    name_search = models.CharField(max_length=255, editable=False, db_index=True, default="")
    name_sort = models.BinaryField(editable=False, default=b"")

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_search = search_key(self.name)
        self.name_sort = sort_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_search", "name_sort"}
        super().save(*args, **kwargs)


class ObjectChange(models.Model):
    """One audited event. Append-only: enforced here and by a database trigger."""

    class Action(models.TextChoices):
        CREATE = "create", _("Tạo mới")
        UPDATE = "update", _("Sửa")
        DELETE = "delete", _("Xóa")
        VIEW = "view", _("Xem")
        EXPORT = "export", _("Xuất dữ liệu")
        TRANSITION = "transition", _("Chuyển trạng thái")

    time = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        verbose_name=_("người dùng"),
    )
    user_name = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    job_id = models.CharField(max_length=64, blank=True)
    action = models.CharField(_("hành động"), max_length=16, choices=Action.choices)
    # No index of their own: (content_type, object_id, -time) below serves both; each index on
    # the audit costs every write, and a bulk import writes a row per record (bench/RESULTS.md).
    # No foreign-key constraint: content types are never deleted (PROTECT still holds in the ORM),
    # and the check cost one lookup per audit row at commit (bench/RESULTS.md §0.4f).
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("loại bản ghi"),
        db_index=False,
        db_constraint=False,
    )
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("bản ghi"), max_length=255)
    unit_id = models.BigIntegerField(_("đơn vị"), null=True, blank=True, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=500, blank=True)

    class Meta:
        ordering = ["-time", "-id"]
        # Plain b-tree indexes (a CharField's db_index adds a second, LIKE-pattern index on PostgreSQL).
        indexes = [
            models.Index(fields=["content_type", "object_id", "-time"]),
            models.Index(fields=["request_id"], name="core_objectchange_request"),
            models.Index(fields=["job_id"], name="core_objectchange_job"),
        ]
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Nhật ký thay đổi chỉ được ghi thêm, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("Nhật ký thay đổi không được xóa.")

    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class BulkChangeRecord(models.Model):
    """One record of a change written in bulk (an import's chunk of one model).

    Its summary row in `ObjectChange` (object id "*") holds, once for the whole chunk, who,
    when, the request or job, the action, the record type and the reason; this row holds only
    what differs per record: its id, unit, name and snapshot. One index (the key, led by the
    record's id, which History reads by), no foreign-key check per row: a bulk import writes
    one of these per record, and every column and index here is paid for on every row
    (bench/RESULTS.md §0.4f). Append-only like the trail (`core.audit_guard`).
    """

    pk = models.CompositePrimaryKey("object_id", "change_id")
    object_id = models.BigIntegerField()
    # Written in the same statement as its summary row; never deleted (append-only).
    change = models.ForeignKey(ObjectChange, on_delete=models.PROTECT, related_name="records", db_constraint=False)
    unit_id = models.BigIntegerField(null=True, blank=True)
    object_repr = models.CharField(max_length=255)
    after = models.JSONField()

    class Meta:
        verbose_name = _("bản ghi của lần ghi hàng loạt")
        verbose_name_plural = _("bản ghi của lần ghi hàng loạt")

    def __str__(self) -> str:
        return self.object_repr

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Nhật ký thay đổi chỉ được ghi thêm, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("Nhật ký thay đổi không được xóa.")


class StatusChange(models.Model):
    """Append-only history of every status transition of any record (ORM and database trigger)."""

    # Served by the (content_type, object_id, time) index below, like ObjectChange.
    # No foreign-key constraint, as on ObjectChange: one check per history row at commit.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    object_id = models.CharField(max_length=64)
    field = models.CharField(max_length=40, default="status")
    from_status = models.CharField(_("từ trạng thái"), max_length=40, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=40)
    time = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    effective_date = models.DateField(_("ngày hiệu lực"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", db_constraint=False
    )
    actor_name = models.CharField(max_length=150, blank=True)
    reason = models.CharField(_("lý do"), max_length=500, blank=True)
    legal_ground = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)
    decision_ref = models.CharField(_("số quyết định"), max_length=120, blank=True)
    unit_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["time", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "time"])]
        verbose_name = _("lịch sử trạng thái")
        verbose_name_plural = _("lịch sử trạng thái")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Lịch sử trạng thái chỉ được ghi thêm.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("Lịch sử trạng thái không được xóa.")
