"""Database triggers that make the audit tables append-only.

`core_objectchange` (the change log), `core_bulkchangerecord` (its per-record rows of bulk
writes) and `core_statuschange` (status history) refuse UPDATE,
DELETE and TRUNCATE. On SQLite `INSERT OR REPLACE` deletes the old row without firing a
DELETE trigger (unless recursive_triggers is on), so a BEFORE INSERT trigger refuses any
insert that reuses an existing id; on PostgreSQL `ON CONFLICT DO UPDATE` hits the UPDATE trigger.

Only a test harness that must flush the whole database (browser tests) drops them, and
reinstalls them right after; nothing in the application does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

AUDIT_TABLES = ("core_objectchange", "core_statuschange")  # as migrations 0004 and 0006 knew them
# Every append-only table today; each one's key columns (SQLite's INSERT OR REPLACE guard reads them).
ALL_AUDIT_TABLES = (*AUDIT_TABLES, "core_bulkchangerecord")
_KEYS = {"core_bulkchangerecord": ("object_id", "change_id")}

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION phongthu_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def _pg_install(table: str) -> list[str]:
    return [
        PG_FUNCTION,
        *_pg_drop(table),
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION phongthu_audit_append_only();",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION phongthu_audit_append_only();",
    ]


def _pg_drop(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_update ON {table};",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};",
    ]


def _sqlite_install(table: str) -> list[str]:
    refuse = f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"
    keys = _KEYS.get(table)
    if keys is not None:  # a composite key is always given: any insert reusing one replaces a row
        same = " AND ".join(f"{k} = NEW.{k}" for k in keys)
        return [
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} {refuse}",
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} {refuse}",
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_replace BEFORE INSERT ON {table} "  # noqa: S608
            f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {same}) {refuse}",
        ]
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} {refuse}",
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} {refuse}",
        # An auto-assigned id is NULL (or -1) here, never an existing row's id.
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_replace BEFORE INSERT ON {table} WHEN NEW.id IS NOT NULL "  # noqa: S608
        f"AND EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) {refuse}",
    ]


def _sqlite_drop(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_{suffix};" for suffix in ("no_update", "no_delete", "no_replace")]


def _run(connection: Any, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install_append_only_guard(connection: Any, tables: Sequence[str] = ALL_AUDIT_TABLES) -> None:
    for table in tables:
        if connection.vendor == "postgresql":
            _run(connection, _pg_install(table))
        elif connection.vendor == "sqlite":
            _run(connection, _sqlite_install(table))


def drop_append_only_guard(connection: Any, tables: Sequence[str] = ALL_AUDIT_TABLES) -> None:
    for table in tables:
        if connection.vendor == "postgresql":
            _run(connection, _pg_drop(table))
        elif connection.vendor == "sqlite":
            _run(connection, _sqlite_drop(table))
