from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "phongthu.core"
    label = "core"
    verbose_name = "Lõi hệ thống"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from phongthu.core import audit, lookups, text  # noqa: F401  (connects signals, registers in_ids)

        autodiscover_modules("crud")  # domain apps declare their screens in crud.py
