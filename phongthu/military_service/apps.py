from django.apps import AppConfig


class MilitaryServiceConfig(AppConfig):
    name = "phongthu.military_service"
    label = "military_service"
    verbose_name = "Nghĩa vụ quân sự"
