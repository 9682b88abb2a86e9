"""Diacritic-free substring search on SQLite: an FTS5 trigram index over the stored search keys
(people/search_index.py; PostgreSQL has its pg_trgm indexes since 0003). Skipped on other
databases and on an SQLite without the trigram tokenizer, where the search stays a scan."""

from typing import Any

from django.db import migrations


def forward(apps: Any, schema_editor: Any) -> None:
    from phongthu.people import search_index

    search_index.ensure(schema_editor.connection)


def backward(apps: Any, schema_editor: Any) -> None:
    from phongthu.people import search_index

    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in search_index.TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute("DROP TABLE IF EXISTS people_person_fts")


class Migration(migrations.Migration):
    dependencies = [("people", "0003_person_search_trigram")]
    operations = [migrations.RunPython(forward, backward)]
