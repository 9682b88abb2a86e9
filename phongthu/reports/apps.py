from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "phongthu.reports"
    label = "reports"
    verbose_name = "Báo cáo"

    def ready(self) -> None:
        from phongthu.reports import crud, jobs, panels  # noqa: F401  (CRUD screens, PDF runner, unit-page link)

        panels.register()

        from django.utils.translation import gettext_lazy as _

        from phongthu.core import navigation, scoping

        navigation.contribute(
            navigation.Link("figures", _("Báo cáo tổng kết"), "reports:home", needs=scoping.VIEW, order=10)
        )
