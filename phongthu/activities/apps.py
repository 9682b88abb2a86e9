from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "phongthu.activities"
    label = "activities"
    verbose_name = "Hoạt động quốc phòng"
