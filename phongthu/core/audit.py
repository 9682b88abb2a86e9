"""Change logging written once: one ObjectChange row per create/update/delete/view/export.

Models opt in with `audited = True`. Single saves are caught by signals; bulk writes
go through `audited_bulk_create` / `audited_update`, which write the rows themselves and send
`bulk_written` (no per-record signals fire for them) so that upper layers can follow them.
Imports write the compact layout: one summary row per chunk and model (`bulk_summary`), and
one `BulkChangeRecord` per record; `core.history.trail` reads both as one trail.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal, receiver

from phongthu.core.context import current
from phongthu.core.display import vietnamese_number
from phongthu.core.models import BulkChangeRecord, ObjectChange, ScopedModel


def _json_value(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return None
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value


def snapshot_attnames(model: type[models.Model]) -> list[str]:
    """The columns a snapshot records, in the model's order. Secrets (password hashes) and
    bookkeeping (last_login) never enter the trail; neither do derived columns (search keys)."""
    excluded: frozenset[str] = getattr(model, "audit_exclude", frozenset())
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.name not in excluded
        and not isinstance(field, models.BinaryField)
        and (field.editable or field.name == "status")
    ]


def snapshot(obj: models.Model) -> dict[str, Any]:
    return {attname: _json_value(getattr(obj, attname)) for attname in snapshot_attnames(type(obj))}


def _user_fields() -> dict[str, Any]:
    ctx = current()
    user = ctx.user
    if user is not None and getattr(user, "is_authenticated", False):
        return {"user_id": user.pk, "user_name": user.get_username()}
    return {"user_id": None, "user_name": ""}


def _unit_id(obj: models.Model) -> int | None:
    if isinstance(obj, ScopedModel):
        try:
            return obj.owning_unit_id()
        except Exception:  # a half-built relation must not stop the audit row
            return None
    return None


def build_change(
    obj: models.Model,
    action: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> ObjectChange:
    ctx = current()
    return ObjectChange(
        action=action,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        unit_id=_unit_id(obj),
        before=before,
        after=after,
        request_id=ctx.request_id,
        job_id=ctx.job_id,
        reason=(reason or ctx.reason)[:500],
        **_user_fields(),
    )


def record(obj: models.Model, action: str, **kwargs: Any) -> ObjectChange:
    change = build_change(obj, action, **kwargs)
    change.save()
    return change


def is_audited(model: type[models.Model]) -> bool:
    return bool(getattr(model, "audited", False))


@receiver(pre_save, dispatch_uid="phongthu_audit_pre_save")
def _remember_before(sender: type[models.Model], instance: models.Model, raw: bool, **kw: Any) -> None:
    if raw or not is_audited(sender) or instance.pk is None:
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    # Carried on the instance from pre_save to post_save; no model declares it.
    instance._audit_before = snapshot(previous) if previous is not None else None  # type: ignore[attr-defined]


@receiver(post_save, dispatch_uid="phongthu_audit_post_save")
def _log_save(sender: type[models.Model], instance: models.Model, created: bool, raw: bool, **kw: Any) -> None:
    if raw or not is_audited(sender):
        return
    before = None if created else getattr(instance, "_audit_before", None)
    after = snapshot(instance)
    if not created and before == after:
        return
    record(instance, ObjectChange.Action.CREATE if created else ObjectChange.Action.UPDATE, before=before, after=after)


@receiver(post_delete, dispatch_uid="phongthu_audit_post_delete")
def _log_delete(sender: type[models.Model], instance: models.Model, **kw: Any) -> None:
    if is_audited(sender):
        record(instance, ObjectChange.Action.DELETE, before=snapshot(instance), after=None)


# Sent (sender=model) after a bulk write of `model`'s records in the writing transaction:
# pks = the written primary keys (a list, or a subquery expression giving them); before = the
# records' snapshots before an update (their old unit and dates), else None; parents_announced
# = True (imports): each record's parent (through the import's links, e.g. an NVQS file's person)
# was created in the same write and announced just before, with these records already stored;
# derived = the models whose rows derived from these records were written with them
# (`core.bulk.derived`, imports): a receiver keeping such rows need not refresh them.
bulk_written = Signal()


def bulk_summary(model: type[models.Model], count: int, unit_id: int | None, action: str = "create") -> ObjectChange:
    """The summary row of a bulk change (object id "*"), unsaved: who, when, the request or job,
    why, once for its `count` records; the auditor's log lists it, filed under `unit_id`. Its
    `after` names the snapshot's fields once: each record row stores only their values, in this
    order (a third of the bytes, and cheaper to build; `core.history` reads them back)."""
    ctx = current()
    verb = {"create": "Nhập"}.get(action, str(ObjectChange.Action(action).label))
    return ObjectChange(
        action=action,
        content_type=ContentType.objects.get_for_model(model),
        object_id="*",
        object_repr=f"{verb} {vietnamese_number(count)} {model._meta.verbose_name_plural}"[:255],
        unit_id=unit_id,
        after={"records": count, "fields": snapshot_attnames(model)},
        request_id=ctx.request_id,
        job_id=ctx.job_id,
        reason=ctx.reason[:500],
        **_user_fields(),
    )


def bulk_created(
    model: type[models.Model], objs: Sequence[models.Model], unit_id: int | None, unit_attname: str | None
) -> ObjectChange:
    """Audit a bulk creation in the compact layout: the summary row and one BulkChangeRecord
    (id, unit from the record's own `unit_attname` column, name, snapshot) per record (the
    in-memory import writer; PostgreSQL writes the same rows in SQL, `core.bulk.postgres`)."""
    summary = bulk_summary(model, len(objs), unit_id)
    summary.save()
    fields = snapshot_attnames(model)
    BulkChangeRecord.objects.bulk_create(
        [
            BulkChangeRecord(
                object_id=o.pk,
                change=summary,
                unit_id=getattr(o, unit_attname) if unit_attname else None,
                object_repr=str(o)[:255],
                after=[_json_value(getattr(o, f)) for f in fields],
            )
            for o in objs
        ],
        batch_size=2000,
    )
    return summary


def audited_bulk_create(
    model: type[models.Model], objs: Sequence[models.Model], *, batch_size: int = 2000
) -> list[models.Model]:
    """bulk_create that also writes one change row per created record."""
    created = model._default_manager.bulk_create(objs, batch_size=batch_size)
    ObjectChange.objects.bulk_create(
        [build_change(o, ObjectChange.Action.CREATE, after=snapshot(o)) for o in created],
        batch_size=batch_size,
    )
    bulk_written.send(sender=model, pks=[o.pk for o in created], before=None)
    return created


def audited_update(queryset: models.QuerySet[Any], **values: Any) -> int:
    """queryset.update that also writes before/after rows for every touched record."""
    rows = list(queryset)
    befores = {o.pk: snapshot(o) for o in rows}
    count = queryset.model._default_manager.filter(pk__in=[o.pk for o in rows]).update(**values)
    for o in rows:
        for k, v in values.items():
            setattr(o, k, v)
    ObjectChange.objects.bulk_create(
        [build_change(o, ObjectChange.Action.UPDATE, before=befores[o.pk], after=snapshot(o)) for o in rows]
    )
    bulk_written.send(sender=queryset.model, pks=list(befores), before=list(befores.values()))
    return count


def log_access(obj: models.Model, action: str = ObjectChange.Action.VIEW) -> None:
    """Viewing a person's record is itself audited."""
    record(obj, action)


def log_list_access(objs: Iterable[models.Model]) -> None:
    """A list answer that carries whole records (the API) counts as viewing each of them:
    one VIEW row per record, so "who has read this person?" is one indexed query."""
    ObjectChange.objects.bulk_create([build_change(o, ObjectChange.Action.VIEW) for o in objs])


def log_export(model: type[models.Model], objs: Iterable[models.Model], description: str) -> None:
    ctx = current()
    ObjectChange.objects.create(
        action=ObjectChange.Action.EXPORT,
        content_type=ContentType.objects.get_for_model(model),
        object_id="*",
        object_repr=description[:255],
        after={"ids": [str(o.pk) for o in objs][:10000]},
        request_id=ctx.request_id,
        job_id=ctx.job_id,
        reason=ctx.reason,
        **_user_fields(),
    )


def bulk_status_history(
    model: type[models.Model],
    rows: Iterable[tuple[Any, str, str, int | None]],
    *,
    field: str = "status",
    reason: str = "",
    legal_ground: str = "",
    effective_date: datetime.date | None = None,
) -> int:
    """Status history for many records at once — the same `StatusChange` rows a transition
    writes, for changes decided in bulk (re-evaluation, imports): rows are (object id, from
    status, to status, unit id). PostgreSQL receives them by COPY, other databases by
    bulk_create; in the caller's transaction. Returns how many were written."""
    from django.db import connection
    from django.utils import timezone

    from phongthu.core.models import StatusChange

    content_type_id = ContentType.objects.get_for_model(model).pk
    user = _user_fields()
    now = timezone.now()
    reason = (reason or current().reason)[:500]
    legal_ground = legal_ground[:255]
    written = 0
    if connection.vendor == "postgresql":
        columns = (
            "content_type_id, object_id, field, from_status, to_status, time, effective_date, actor_id, "
            "actor_name, reason, legal_ground, decision_ref, unit_id"
        )
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY core_statuschange ({columns}) FROM STDIN") as copy,
        ):
            for object_id, old, new, unit_id in rows:
                copy.write_row(
                    (content_type_id, str(object_id), field, old or "", new, now, effective_date, user["user_id"],
                     user["user_name"], reason, legal_ground, "", unit_id)
                )  # fmt: skip
                written += 1
        return written
    batch: list[StatusChange] = []
    for object_id, old, new, unit_id in rows:
        batch.append(
            StatusChange(
                content_type_id=content_type_id, object_id=str(object_id), field=field, from_status=old or "",
                to_status=new, effective_date=effective_date, actor_id=user["user_id"], actor_name=user["user_name"],
                reason=reason, legal_ground=legal_ground, unit_id=unit_id,
            )
        )  # fmt: skip
        if len(batch) >= 2000:
            written += len(StatusChange.objects.bulk_create(batch))
            batch = []
    written += len(StatusChange.objects.bulk_create(batch)) if batch else 0
    return written


def status_history_from_query(
    model: type[models.Model],
    rows_sql: str,
    params: Sequence[Any] = (),
    *,
    field: str = "status",
    reason: str = "",
    legal_ground: str = "",
    effective_date: datetime.date | None = None,
    with_sql: str = "",
    with_params: Sequence[Any] = (),
) -> int:
    """`bulk_status_history` for changes the database already holds: `rows_sql` selects
    (object id, from status, to status, unit id) and the same `StatusChange` rows are written by
    one INSERT … SELECT, in the caller's transaction. Returns how many were written.
    `with_sql` ("WITH name AS (…), …", parameters `with_params`) goes before the INSERT: `rows_sql`
    may read its names, and its data-modifying statements (the changes themselves) run in the same
    statement."""
    from django.db import connection
    from django.utils import timezone

    user = _user_fields()
    constants = (
        ContentType.objects.get_for_model(model).pk, field, timezone.now(), effective_date, user["user_id"],
        user["user_name"], (reason or current().reason)[:500], legal_ground[:255],
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            f"{with_sql} INSERT INTO core_statuschange (content_type_id, object_id, field, from_status, to_status, "  # noqa: S608
            "time, effective_date, actor_id, actor_name, reason, legal_ground, decision_ref, unit_id) "
            "SELECT %s, CAST(r.object_id AS varchar(64)), %s, COALESCE(r.from_status, ''), r.to_status, %s, %s, %s, "
            f"%s, %s, %s, '', r.unit_id FROM ({rows_sql}) AS r (object_id, from_status, to_status, unit_id)",
            [*with_params, *constants, *params],
        )
        return int(cursor.rowcount)


def log_bulk_change(model: type[models.Model], description: str, details: dict[str, Any]) -> None:
    """One audit row for a change made in bulk to many records of `model` (a re-evaluation run):
    who, when, the job, what and how many; the records' own changes are in their status history."""
    ctx = current()
    ObjectChange.objects.create(
        action=ObjectChange.Action.UPDATE,
        content_type=ContentType.objects.get_for_model(model),
        object_id="*",
        object_repr=description[:255],
        after=details,
        request_id=ctx.request_id,
        job_id=ctx.job_id,
        reason=ctx.reason[:500],
        **_user_fields(),
    )
