"""Status history is append-only in the database like the change log; on SQLite an
`INSERT OR REPLACE` over an existing row of either table is refused too."""

from typing import Any

from django.db import migrations

from phongthu.core.audit_guard import AUDIT_TABLES, drop_append_only_guard, install_append_only_guard


def forward(apps: Any, schema_editor: Any) -> None:
    install_append_only_guard(schema_editor.connection, AUDIT_TABLES)


def backward(apps: Any, schema_editor: Any) -> None:
    drop_append_only_guard(schema_editor.connection, ["core_statuschange"])
    # core_objectchange keeps the guard of 0002; only the REPLACE trigger is new here.
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS core_objectchange_no_replace;")


class Migration(migrations.Migration):
    dependencies = [("core", "0003_status_change")]
    operations = [migrations.RunPython(forward, backward)]
