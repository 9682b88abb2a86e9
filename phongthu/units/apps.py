from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "phongthu.units"
    label = "units"
    verbose_name = "Đơn vị"

    def ready(self) -> None:
        from phongthu.core import authority, scoping
        from phongthu.units import pickers  # noqa: F401  (declares the unit picker)
        from phongthu.units.authority_tree import DatedUnitTree
        from phongthu.units.models import LineageLink, Unit, UnitScope
        from phongthu.units.selectors import roots

        authority.provide(tree=DatedUnitTree())
        scoping.provide(units=Unit, scope_index=UnitScope, top_units=roots, lineage=LineageLink)
