from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "phongthu.reports"
    label = "reports"
    verbose_name = "Báo cáo"

    def ready(self) -> None:
        from phongthu.reports import crud, jobs, panels  # noqa: F401  (CRUD screens, PDF runner, unit-page link)

        panels.register()
