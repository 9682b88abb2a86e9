"""The in-memory writer of the fast import path (SQLite and any other database): keep the valid
rows, find duplicates against the database by query, write with `bulk_create` and audit in bulk
(the compact layout: a summary row per chunk and model, one `BulkChangeRecord` per record)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from phongthu.core import scoping
from phongthu.core.audit import bulk_created, bulk_written
from phongthu.core.bulk.derived import DerivedRows
from phongthu.core.bulk.staging import Record, StatusHistory, _unit_attname, _Writer
from phongthu.core.context import current
from phongthu.core.imports import ImportContext
from phongthu.core.models import StatusChange

if TYPE_CHECKING:
    from phongthu.core.bulk import FastImportSpec


class _MemoryWriter(_Writer):
    """SQLite (and any other database): keep the valid rows, write them with bulk_create."""

    def __init__(self, spec: FastImportSpec, ctx: ImportContext) -> None:
        super().__init__(spec, ctx)
        self.records: list[Record] = []
        self.db_dups: list[tuple[int, str]] = []

    def stage(self, records: list[Record], write: bool = False) -> None:
        self.records.extend(records)
        for name, model, attnames in self.spec.duplicate_keys:
            keyed = {}
            for r in records:
                values = r.values.get(model, {})
                key = tuple(values.get(a) for a in attnames)
                if not any(v in (None, "") for v in key):
                    keyed[key] = r.line
            if not keyed:
                continue
            qs = model._default_manager.all()
            for i, attname in enumerate(attnames):
                qs = qs.filter(**{f"{attname}__in": {k[i] for k in keyed}})
            existing = set(qs.values_list(*attnames))
            self.db_dups.extend((line, name) for key, line in keyed.items() if key in existing)

    def duplicates_in_db(self) -> list[tuple[int, str]]:
        return sorted(self.db_dups)

    def _write_history(self, model: type[models.Model], history: StatusHistory, objs: list[models.Model]) -> None:
        unit = _unit_attname(model)
        self._status_rows(
            model,
            objs,
            [getattr(o, unit) if unit else None for o in objs],
            field=history.field,
            status=history.field,
            effective_date=history.effective_date,
            reason=current().reason or history.reason,
            legal_ground=history.legal_ground,
        )

    def _status_rows(
        self,
        model: type[models.Model],
        objs: list[models.Model],
        units: list[Any],
        *,
        field: str,
        status: str,
        effective_date: str | None,
        reason: str,
        legal_ground: str,
    ) -> None:
        """One first status-history row ('' → the record's `status` attribute) per created object."""
        actor_id, actor_name = self._actor()
        content_type = ContentType.objects.get_for_model(model)
        StatusChange.objects.bulk_create(
            [
                StatusChange(
                    content_type=content_type,
                    object_id=str(o.pk),
                    field=field,
                    from_status="",
                    to_status=getattr(o, status),
                    effective_date=getattr(o, effective_date) if effective_date else None,
                    actor_id=actor_id,
                    actor_name=actor_name,
                    reason=reason[:500],
                    legal_ground=legal_ground[:255],
                    unit_id=unit,
                )
                for o, unit in zip(objs, units, strict=True)
            ],
            batch_size=2000,
        )

    def _write_derived(self, records: list[Record]) -> None:
        """The rows the layers above derive from these (written) records (`core.bulk.derived`)."""
        if not self.derived:
            return
        for (source, derived, _f), rows in zip(self.derived.plans, self.derived.rows(records), strict=True):
            objs = [
                derived.model(**{derived.link: r.values[source]["id"]}, **dict(zip(derived.columns, row, strict=True)))
                for r, row in rows
            ]
            derived.model._default_manager.bulk_create(objs, batch_size=2000)
            if derived.history is not None:
                units = [
                    r.values[source].get(derived.history.unit) if derived.history.unit else None for r, _row in rows
                ]
                self._write_derived_history(derived, objs, units)

    def _write_derived_history(self, derived: DerivedRows, objs: list[models.Model], units: list[Any]) -> None:
        history = derived.history
        assert history is not None
        self._status_rows(
            derived.model,
            objs,
            units,
            field=history.field,
            status=history.status,
            effective_date=history.effective_date,
            reason=history.reason,
            legal_ground=history.legal_ground,
        )

    def commit(self, skip_lines: set[int]) -> int:
        records = [r for r in self.records if r.line not in skip_lines]
        user = self.ctx.user
        with transaction.atomic():
            for start in range(0, len(records), 2000):
                chunk = records[start : start + 2000]
                created: dict[type[models.Model], list[models.Model]] = {}
                for model in self.spec.targets:
                    objs = []
                    for r in chunk:
                        values = dict(r.values.get(model) or {})
                        if not values:
                            continue
                        link = self.spec.links.get(model)
                        if link is not None:
                            values[link[0]] = r.values[link[1]]["_obj"].pk
                        obj = model(**{k: v for k, v in values.items() if not k.startswith("_")})
                        r.values[model]["_obj"] = obj
                        objs.append(obj)
                    created[model] = model._default_manager.bulk_create(objs)
                    for r in chunk:
                        if r.values.get(model):
                            r.values[model]["id"] = r.values[model]["_obj"].pk
                self._write_derived(chunk)
                owner, owner_attname = self.spec.owning_unit
                filed_under = scoping.smallest_unit_holding(getattr(o, owner_attname) for o in created.get(owner, []))
                for model, objs in created.items():
                    _check_scope_sqlite(model, objs, user)
                    bulk_created(model, objs, filed_under, _unit_attname(model))
                    linked = self.spec.links.get(model)
                    bulk_written.send(
                        sender=model,
                        pks=[o.pk for o in objs],
                        before=None,
                        parents_announced=linked is not None and linked[1] in self.spec.targets,
                        derived=self.derived.written(model),
                    )
                for model, history in self.spec.status_history.items():
                    self._write_history(model, history, created.get(model, []))
        return len(records)


def _check_scope_sqlite(model: type[models.Model], objs: list[models.Model], user: Any) -> None:
    ids = [o.pk for o in objs]
    if not ids:
        return
    allowed = model._default_manager.filter(pk__in=ids).restrict(user, scoping.IMPORT).count()  # type: ignore[attr-defined]
    if allowed != len(ids):
        raise PermissionDenied("Có bản ghi nằm ngoài phạm vi đơn vị được giao cho bạn; không nhập gì cả.")
