"""Compact per-record rows for bulk writes (BulkChangeRecord), and no per-row foreign-key
check from the audit tables to the content types. SQLite rebuilds the altered tables, which
drops their append-only triggers: the guard is installed again on every audit table."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

from phongthu.core.audit_guard import install_append_only_guard


def guard(apps: Any, schema_editor: Any) -> None:
    tables = ("core_objectchange", "core_statuschange", "core_bulkchangerecord")  # as of this migration
    install_append_only_guard(schema_editor.connection, tables)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0006_reinstall_append_only_guard"),
    ]

    operations = [
        migrations.AlterField(
            model_name="objectchange",
            name="content_type",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="loại bản ghi",
            ),
        ),
        migrations.AlterField(
            model_name="statuschange",
            name="content_type",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.CreateModel(
            name="BulkChangeRecord",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "object_id", "change_id", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("object_id", models.BigIntegerField()),
                ("unit_id", models.BigIntegerField(blank=True, null=True)),
                ("object_repr", models.CharField(max_length=255)),
                ("after", models.JSONField()),
                (
                    "change",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="records",
                        to="core.objectchange",
                    ),
                ),
            ],
            options={
                "verbose_name": "bản ghi của lần ghi hàng loạt",
                "verbose_name_plural": "bản ghi của lần ghi hàng loạt",
            },
        ),
        migrations.RunPython(guard, migrations.RunPython.noop),
    ]
