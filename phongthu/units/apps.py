from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "phongthu.units"
    label = "units"
    verbose_name = "Đơn vị"

    def ready(self) -> None:
        from phongthu.core import authority
        from phongthu.units.authority_tree import DatedUnitTree

        authority.provide(tree=DatedUnitTree())
