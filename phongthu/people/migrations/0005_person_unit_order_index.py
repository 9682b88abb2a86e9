"""person_unit_order: a unit's people in list order, read without the table (index-only).

PostgreSQL sorts a commune's page keys from it (7,095 people: 3 ms instead of 45) and joins a
unit's people ids to the NVQS file's side for the health-class filter. Not on SQLite: there it
led the planner to gather a 100,000-person region by unit and sort it (30 → 435 ms) instead of
walking the name index (core/paging._walk_sort_index); SQLite's unit index already holds the id.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS person_unit_order "
    "ON people_person (residence_unit_id, name_sort, date_of_birth, id)"
)
DROP = "DROP INDEX IF EXISTS person_unit_order"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_person_search_fts"),
    ]

    operations = [migrations.RunPython(create, drop)]
