from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "phongthu.figures"
    label = "figures"
    verbose_name = "Số liệu, chỉ tiêu và báo cáo số liệu"

    def ready(self) -> None:
        from phongthu.figures import authority, signals  # noqa: F401  (authority rows; live aggregates)
