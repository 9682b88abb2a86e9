from django.apps import AppConfig


class ForcesConfig(AppConfig):
    name = "phongthu.forces"
    label = "forces"
    verbose_name = "Dân quân tự vệ, dự bị động viên"

    def ready(self) -> None:
        from phongthu.forces import actions  # noqa: F401  (declares the app's authority rows and steps)
