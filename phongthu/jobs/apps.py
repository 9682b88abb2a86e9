from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "phongthu.jobs"
    label = "jobs"
    verbose_name = "Tác vụ nền"

    def ready(self) -> None:
        from phongthu.core import jobs
        from phongthu.jobs.models import Job

        jobs.provide(model=Job)
