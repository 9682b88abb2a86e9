"""Database triggers that make the audit table append-only (UPDATE, DELETE, TRUNCATE refused).

Only a test harness that must flush the whole database (browser tests) drops them, and
reinstalls them right after; nothing in the application does.
"""

from __future__ import annotations

from typing import Any

PG_INSTALL = """
CREATE OR REPLACE FUNCTION phongthu_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'core_objectchange is append-only';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_objectchange_no_update ON core_objectchange;
DROP TRIGGER IF EXISTS core_objectchange_no_truncate ON core_objectchange;
CREATE TRIGGER core_objectchange_no_update BEFORE UPDATE OR DELETE ON core_objectchange
  FOR EACH ROW EXECUTE FUNCTION phongthu_audit_append_only();
CREATE TRIGGER core_objectchange_no_truncate BEFORE TRUNCATE ON core_objectchange
  FOR EACH STATEMENT EXECUTE FUNCTION phongthu_audit_append_only();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS core_objectchange_no_update ON core_objectchange;
DROP TRIGGER IF EXISTS core_objectchange_no_truncate ON core_objectchange;
"""
SQLITE_INSTALL = [
    "CREATE TRIGGER IF NOT EXISTS core_objectchange_no_update BEFORE UPDATE ON core_objectchange "
    "BEGIN SELECT RAISE(ABORT, 'core_objectchange is append-only'); END;",
    "CREATE TRIGGER IF NOT EXISTS core_objectchange_no_delete BEFORE DELETE ON core_objectchange "
    "BEGIN SELECT RAISE(ABORT, 'core_objectchange is append-only'); END;",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS core_objectchange_no_update;",
    "DROP TRIGGER IF EXISTS core_objectchange_no_delete;",
]


def _run(connection: Any, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install_append_only_guard(connection: Any) -> None:
    if connection.vendor == "postgresql":
        _run(connection, [PG_INSTALL])
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_INSTALL)


def drop_append_only_guard(connection: Any) -> None:
    if connection.vendor == "postgresql":
        _run(connection, [PG_DROP])
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_DROP)
