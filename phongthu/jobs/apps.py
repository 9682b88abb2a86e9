from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "phongthu.jobs"
    label = "jobs"
    verbose_name = "Tác vụ nền"
