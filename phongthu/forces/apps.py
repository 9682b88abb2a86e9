from django.apps import AppConfig


class ForcesConfig(AppConfig):
    name = "phongthu.forces"
    label = "forces"
    verbose_name = "Dân quân tự vệ, dự bị động viên"

    def ready(self) -> None:
        from phongthu.forces import actions, pickers  # noqa: F401  (authority rows and steps; the DBĐV unit picker)
