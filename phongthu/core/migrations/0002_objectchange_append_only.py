"""The audit trail is append-only in the database itself, not only in the ORM."""

from typing import Any

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION phongthu_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'core_objectchange is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_objectchange_no_update BEFORE UPDATE OR DELETE ON core_objectchange
  FOR EACH ROW EXECUTE FUNCTION phongthu_audit_append_only();
CREATE TRIGGER core_objectchange_no_truncate BEFORE TRUNCATE ON core_objectchange
  FOR EACH STATEMENT EXECUTE FUNCTION phongthu_audit_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS core_objectchange_no_update ON core_objectchange;
DROP TRIGGER IF EXISTS core_objectchange_no_truncate ON core_objectchange;
DROP FUNCTION IF EXISTS phongthu_audit_append_only();
"""
SQLITE_FORWARD = [
    "CREATE TRIGGER core_objectchange_no_update BEFORE UPDATE ON core_objectchange "
    "BEGIN SELECT RAISE(ABORT, 'core_objectchange is append-only'); END;",
    "CREATE TRIGGER core_objectchange_no_delete BEFORE DELETE ON core_objectchange "
    "BEGIN SELECT RAISE(ABORT, 'core_objectchange is append-only'); END;",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_objectchange_no_update;",
    "DROP TRIGGER IF EXISTS core_objectchange_no_delete;",
]


def forward(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        for sql in SQLITE_FORWARD:
            schema_editor.execute(sql)


def backward(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        for sql in SQLITE_BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
