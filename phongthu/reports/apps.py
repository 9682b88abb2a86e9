from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "phongthu.reports"
    label = "reports"
    verbose_name = "Báo cáo"

    def ready(self) -> None:
        # CRUD screens, PDF runner, unit-page link, the report kept on the figures' approval.
        from phongthu.reports import crud, jobs, panels, signals  # noqa: F401

        panels.register()

        from django.utils.translation import gettext_lazy as _

        from phongthu.core import navigation, scoping

        navigation.contribute(
            navigation.Link("figures", _("Báo cáo tổng kết"), "reports:home", needs=scoping.VIEW, order=10)
        )
