"""A record's History as a person reads it: field labels instead of column names, choice
labels instead of codes, related records by name, dates dd/mm/yyyy, old → new.

The audit trail stores raw column values (`residence_unit_id: 12`, `status: "REVIEWED"`); this
turns them into words with one query per related model, never one per row.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from phongthu.core.display import NO, YES, vietnamese_number
from phongthu.core.models import BulkChangeRecord, ObjectChange


@dataclass
class Change:
    label: str
    old: str
    new: str


def _fields_by_key(model: type[models.Model]) -> dict[str, models.Field[Any, Any]]:
    out: dict[str, models.Field[Any, Any]] = {}
    for f in model._meta.concrete_fields:
        out[f.attname] = f
        out[f.name] = f
    return out


def _text(field: models.Field[Any, Any] | None, value: Any, names: dict[tuple[str, Any], str]) -> str:
    if value is None or value == "":
        return ""
    if field is not None:
        if field.choices:
            labels = {str(k): str(v) for k, v in field.flatchoices}
            return labels.get(str(value), str(value))
        if field.is_relation:
            return names.get((field.name, str(value)), f"#{value}")
        if isinstance(field, models.BooleanField) or isinstance(value, bool):
            return str(YES if value else NO)
        if isinstance(field, models.DateField) and isinstance(value, str):
            try:
                if isinstance(field, models.DateTimeField):
                    return datetime.datetime.fromisoformat(value).strftime("%d/%m/%Y %H:%M")
                return datetime.date.fromisoformat(value[:10]).strftime("%d/%m/%Y")
            except ValueError:
                return value
    if isinstance(value, bool):
        return str(YES if value else NO)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return vietnamese_number(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def changes_in_words(model: type[models.Model], diffs: list[list[tuple[str, Any, Any]]]) -> list[list[Change]]:
    """Raw (field key, old, new) triples, per record, in words: labels, choice labels, related
    records by name (one query per related model), dates dd/mm/yyyy."""
    fields = _fields_by_key(model)
    wanted: dict[str, set[str]] = {}
    for triples in diffs:
        for key, old, new in triples:
            field = fields.get(key)
            if field is not None and field.is_relation and field.related_model is not None:
                wanted.setdefault(field.name, set()).update(str(v) for v in (old, new) if v not in (None, ""))
    names: dict[tuple[str, Any], str] = {}
    for name, ids in wanted.items():
        related = fields[name].related_model
        manager = related._default_manager  # type: ignore[union-attr]
        for pk, obj in manager.in_bulk([i for i in ids if i.isdigit()] or []).items():
            names[(name, str(pk))] = str(obj)
    out = []
    for triples in diffs:
        changes = []
        for key, old, new in triples:
            field = fields.get(key)
            label = str(field.verbose_name) if field is not None else key.replace("_", " ")
            changes.append(Change(label[:1].upper() + label[1:], _text(field, old, names), _text(field, new, names)))
        out.append(changes)
    return out


def trail(
    records: Sequence[tuple[type[models.Model], Any]], *, exclude: Sequence[str] = (), limit: int = 200
) -> list[ObjectChange]:
    """The audit trail of these (model, pk) records, newest first: their own rows and their
    records in bulk changes (an import's chunk, `BulkChangeRecord`), the latter read as the same
    ObjectChange shape (who, when and why from the chunk's summary row). Never saved: they carry
    the summary's id, and audit rows refuse a second save."""
    if not records:
        return []
    own = Q()
    bulk = Q()
    for model, pk in records:
        content_type = ContentType.objects.get_for_model(model)
        own |= Q(content_type=content_type, object_id=str(pk))
        if str(pk).isdigit():
            bulk |= Q(object_id=int(pk), change__content_type=content_type)
    entries = list(
        ObjectChange.objects.filter(own)
        .exclude(action__in=exclude)
        .select_related("user")
        .order_by("-time", "-id")[:limit]
    )
    if bulk:
        found = BulkChangeRecord.objects.filter(bulk).exclude(change__action__in=exclude)
        entries.extend(_as_change(r) for r in found.select_related("change", "change__user")[:limit])
    entries.sort(key=lambda e: (e.time, e.pk), reverse=True)
    return entries[:limit]


def created_by_job(model: type[models.Model], job_id: str) -> list[ObjectChange]:
    """Every `model` record a job created, as creation entries of the trail (single rows, and
    records of the job's bulk changes): what an auditor asks of an import."""
    content_type = ContentType.objects.get_for_model(model)
    own = ObjectChange.objects.filter(content_type=content_type, action="create", job_id=job_id).exclude(object_id="*")
    bulk = BulkChangeRecord.objects.filter(
        change__content_type=content_type, change__action="create", change__job_id=job_id
    ).select_related("change", "change__user")
    return [*own.select_related("user"), *(_as_change(r) for r in bulk)]


def _as_change(record: BulkChangeRecord) -> ObjectChange:
    summary = record.change
    entry = ObjectChange(
        pk=summary.pk,
        time=summary.time,
        user_id=summary.user_id,
        user_name=summary.user_name,
        request_id=summary.request_id,
        job_id=summary.job_id,
        action=summary.action,
        content_type_id=summary.content_type_id,
        object_id=str(record.object_id),
        object_repr=record.object_repr,
        unit_id=record.unit_id,
        before=None,
        after=_named(summary, record.after),
        reason=summary.reason,
    )
    entry._state.adding = False
    entry._state.fields_cache["user"] = summary.user
    return entry


def _named(summary: ObjectChange, after: Any) -> Any:
    """A record row's snapshot values with the field names its summary row holds once."""
    fields = (summary.after or {}).get("fields")
    if isinstance(after, list) and isinstance(fields, list):
        return dict(zip(fields, after, strict=True))
    return after


def describe(model: type[models.Model], entries: list[ObjectChange]) -> list[tuple[ObjectChange, list[Change]]]:
    """Each audit row of `model` with its changed fields in words (creation lists what was set)."""
    diffs = [entry.changed_fields() if entry.action in ("update", "create", "transition") else [] for entry in entries]
    return list(zip(entries, changes_in_words(model, diffs), strict=True))


def empty_mark() -> str:
    return _("(trống)")
