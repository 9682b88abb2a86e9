from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "phongthu.figures"
    label = "figures"
    verbose_name = "Số liệu, chỉ tiêu và báo cáo số liệu"

    def ready(self) -> None:
        from phongthu.figures import authority  # noqa: F401, I001  (authority rows first: the steps name them)
        from phongthu.figures import approval, signals  # noqa: F401  (steps, live aggregates)

        from django.utils.translation import gettext_lazy as _

        from phongthu.core import navigation, scoping, todo
        from phongthu.figures.todo_items import figures_with_targets

        navigation.contribute(
            navigation.Link("figures", _("Số liệu, chỉ tiêu"), "figures:home", needs=scoping.VIEW, order=0)
        )
        todo.provide(figures_with_targets)
