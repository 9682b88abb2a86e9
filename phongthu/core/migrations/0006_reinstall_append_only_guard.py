"""0005 altered audit columns; SQLite does that by rebuilding the tables, which drops their
triggers. Put the append-only guard back (idempotent on PostgreSQL, where it survived)."""

from typing import Any

from django.db import migrations

from phongthu.core.audit_guard import AUDIT_TABLES, install_append_only_guard


def forward(apps: Any, schema_editor: Any) -> None:
    install_append_only_guard(schema_editor.connection, AUDIT_TABLES)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_audit_indexes_without_duplicates")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
