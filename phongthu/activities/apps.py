from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "phongthu.activities"
    label = "activities"
    verbose_name = "Hoạt động quốc phòng"

    def ready(self) -> None:
        from phongthu.activities import actions  # noqa: F401  (declares the app's authority rows and steps)
