from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PeopleConfig(AppConfig):
    name = "phongthu.people"
    label = "people"
    verbose_name = "Công dân"

    def ready(self) -> None:
        from phongthu.people import pickers, search_index  # noqa: F401  (pickers declares the person picker)

        # SQLite's search index and its triggers, put back after any migration rebuilt the table.
        post_migrate.connect(search_index.after_migrate, sender=self, dispatch_uid="people_search_fts")
