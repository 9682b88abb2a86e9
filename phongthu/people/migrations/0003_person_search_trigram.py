"""Diacritic-free name search is a substring match (`name_search LIKE '%…%'`); on PostgreSQL a
trigram index serves it (1.5 s → tens of ms at a million people). Skipped where pg_trgm cannot
be installed (no privilege) and on other databases, where the search stays a scan."""

from typing import Any

from django.db import migrations, transaction

INDEXES = {
    "person_name_search_trgm": "name_search",
    "person_id_number_trgm": "id_number",
}


def forward(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # no privilege to install the extension: keep the scan
        return
    with connection.cursor() as cursor:
        for name, column in INDEXES.items():
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON people_person USING gin ({column} gin_trgm_ops)")


def backward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("people", "0002_person_higher_education_completed_person_studying_and_more")]
    operations = [migrations.RunPython(forward, backward)]
