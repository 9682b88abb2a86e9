from django.apps import AppConfig


class ForcesConfig(AppConfig):
    name = "phongthu.forces"
    label = "forces"
    verbose_name = "Dân quân tự vệ, dự bị động viên"
