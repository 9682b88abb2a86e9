"""Rows derived from an import's records, written with them (a hook for the layers above).

An app may keep rows of its own that follow another app's records, e.g. military_service
stores each person's eligibility answer (`StoredEligibility`) and refreshes it after every
write of a person (`core.audit.bulk_written`). For an import that refresh would read back every
new record once the last chunk is written, serially. Instead the app registers here, for the
imported model (the *source*), how to compute its rows from a record's own values; the fast
import writers (`core.bulk.memory`, `core.bulk.postgres`) then write them with each chunk:

- `DerivedRows.start()` is called once per import and returns a function: record → the row's
  values in `columns` order (or None: no row for that record). It runs in Python while the chunk
  is validated, before the chunk's writes are sent; it may remember answers per import.
- The row's `link` column (its foreign key to the source record, e.g. `person_id`) is filled by
  the writer with the record's id. Rows of records left out of the chunk (duplicates in the
  database, "only valid rows") are left out too. No audit row: a derived row is computed, not
  decided; with `history`, each row gets its `StatusChange` ("" → the row's status), as a bulk
  status change writes it (`core.audit.bulk_status_history`): the declared reason, the user of
  the import, the unit read from the source record.
- `bulk_written` for the source then carries `derived=(model, …)`: the receivers know these
  rows are already stored (the app skips its own refresh for those records).

Everything stays in the import's one transaction: a refused import leaves no derived row either.
Registering is done from an `AppConfig.ready()` (core never imports the app).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from phongthu.core.bulk.staging import Record


@dataclass(frozen=True)
class DerivedHistory:
    """The status history row each derived row gets ("" → its status)."""

    field: str  # StatusChange.field (e.g. "eligibility")
    status: str  # the derived model's attname holding the new status
    reason: str
    effective_date: str = ""  # the derived model's attname holding the date it took effect
    legal_ground: str = ""
    unit: str = ""  # the source record's attname holding the unit the row is filed under


@dataclass(frozen=True)
class DerivedRows:
    model: type[models.Model]  # the model whose rows are written
    link: str  # its attname holding the source record's id (filled by the writer)
    columns: tuple[str, ...]  # its other attnames, in the order the row function gives them
    start: Callable[[], Callable[[Record], tuple[Any, ...] | None]]  # per import: record → row
    history: DerivedHistory | None = None


_registry: dict[type[models.Model], dict[str, DerivedRows]] = {}


def register_derived(source: type[models.Model], derived: DerivedRows, *, uid: str) -> None:
    """Write `derived` rows with every fast import of `source` records (once per `uid`)."""
    _registry.setdefault(source, {})[uid] = derived


def derived_rows(source: type[models.Model]) -> list[DerivedRows]:
    return list(_registry.get(source, {}).values())


@functools.cache
def field_defaults(model: type[models.Model]) -> dict[str, Any]:
    """attname → the value an import writes for a field its record leaves out (a row function
    reads a record's values with these: `record.values[model].get(attname, defaults[attname])`)."""
    from phongthu.core.bulk.staging import _default

    return {f.attname: _default(f) for f in model._meta.concrete_fields}


class DerivedPlan:
    """One import's derived rows: per source model, its registrations and their row functions."""

    def __init__(self, targets: list[type[models.Model]]) -> None:
        self.plans: list[tuple[type[models.Model], DerivedRows, Callable[[Record], tuple[Any, ...] | None]]] = [
            (source, d, d.start()) for source in targets for d in derived_rows(source)
        ]

    def __bool__(self) -> bool:
        return bool(self.plans)

    def rows(self, records: list[Record]) -> list[list[tuple[Record, tuple[Any, ...]]]]:
        """Per plan: (record, row values without the link) for the records that have a row."""
        out = []
        for source, _d, row_of in self.plans:
            rows = []
            for r in records:
                if r.values.get(source):
                    row = row_of(r)
                    if row is not None:
                        rows.append((r, row))
            out.append(rows)
        return out

    def written(self, source: type[models.Model]) -> tuple[type[models.Model], ...]:
        """What `bulk_written` for `source` announces as already stored (`derived=`)."""
        return tuple(d.model for s, d, _f in self.plans if s is source)


__all__ = ["DerivedHistory", "DerivedPlan", "DerivedRows", "derived_rows", "field_defaults", "register_derived"]
