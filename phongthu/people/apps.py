from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "phongthu.people"
    label = "people"
    verbose_name = "Công dân"

    def ready(self) -> None:
        from phongthu.people import pickers

        pickers.register()
