from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "phongthu.units"
    label = "units"
    verbose_name = "Đơn vị"
