"""Diacritic-free search of the person registry on SQLite: an FTS5 trigram index.

PostgreSQL serves `name_search LIKE '%…%'` from a trigram (pg_trgm) index (migration 0003). SQLite
has no such index: a search scanned every row in the user's reach (a 200,000-person region:
3.7 s for "nguyen van" at a million people). FTS5's trigram tokenizer indexes the same stored
search keys for substring matches; `core.filtering.SearchFilter` asks it (keys of 3 characters
or more) through the model's `search_fts` table, and falls back to LIKE where it is absent.

The index is an external-content table over `people_person` (no copy of the data) kept by three
triggers. Django rebuilds a SQLite table when a later migration alters it, which drops its
triggers: `ensure()` runs after every `migrate` (post_migrate) and puts back what is missing,
rebuilding the index when a trigger had to be re-created.
"""

from __future__ import annotations

from typing import Any

TABLE = "people_person_fts"
COLUMNS = ("name_search", "id_number")

TRIGGERS = {
    "people_person_fts_ai": """CREATE TRIGGER IF NOT EXISTS people_person_fts_ai AFTER INSERT ON people_person BEGIN
        INSERT INTO people_person_fts(rowid, name_search, id_number) VALUES (new.id, new.name_search, new.id_number);
    END""",
    "people_person_fts_ad": """CREATE TRIGGER IF NOT EXISTS people_person_fts_ad AFTER DELETE ON people_person BEGIN
        INSERT INTO people_person_fts(people_person_fts, rowid, name_search, id_number)
        VALUES ('delete', old.id, old.name_search, old.id_number);
    END""",
    "people_person_fts_au": """CREATE TRIGGER IF NOT EXISTS people_person_fts_au
        AFTER UPDATE OF id, name_search, id_number ON people_person BEGIN
        INSERT INTO people_person_fts(people_person_fts, rowid, name_search, id_number)
        VALUES ('delete', old.id, old.name_search, old.id_number);
        INSERT INTO people_person_fts(rowid, name_search, id_number) VALUES (new.id, new.name_search, new.id_number);
    END""",
}


def ensure(connection: Any) -> bool:
    """Create the index and its triggers where missing (SQLite with FTS5 trigram only); True when
    the index is in place."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE %s", ["people_person%"])
        names = {row[0] for row in cursor.fetchall()}
        if "people_person" not in names:
            return False
        rebuild = False
        if TABLE not in names:
            try:
                cursor.execute(
                    "CREATE VIRTUAL TABLE people_person_fts USING fts5(name_search, id_number, "
                    "content='people_person', content_rowid='id', tokenize='trigram')"
                )
            except Exception:  # an SQLite without FTS5 or its trigram tokenizer (< 3.34): keep LIKE
                return False
            rebuild = True
        for name, sql in TRIGGERS.items():
            if name not in names:
                cursor.execute(sql)
                rebuild = True
        if rebuild:
            cursor.execute("INSERT INTO people_person_fts(people_person_fts) VALUES ('rebuild')")
    return True


def after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    ensure(connections[using])
