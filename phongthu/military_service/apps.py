from django.apps import AppConfig


class MilitaryServiceConfig(AppConfig):
    name = "phongthu.military_service"
    label = "military_service"
    verbose_name = "Nghĩa vụ quân sự"

    def ready(self) -> None:
        from phongthu.military_service import (
            actions,  # noqa: F401  (declares the registration procedures)
            authority,  # noqa: F401  (declares the app's authority rows)
            person_panels,
        )
        from phongthu.military_service.services import reevaluation

        person_panels.register()
        reevaluation.connect()  # the stored eligibility answer follows single edits and imports
