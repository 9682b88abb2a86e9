"""The audit trail is append-only in the database itself, not only in the ORM."""

from typing import Any

from django.db import migrations

from phongthu.core.audit_guard import drop_append_only_guard, install_append_only_guard


def forward(apps: Any, schema_editor: Any) -> None:
    install_append_only_guard(schema_editor.connection, ["core_objectchange"])


def backward(apps: Any, schema_editor: Any) -> None:
    drop_append_only_guard(schema_editor.connection, ["core_objectchange"])


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
