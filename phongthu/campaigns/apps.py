from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "phongthu.campaigns"
    label = "campaigns"
    verbose_name = "Tuyển quân"

    def ready(self) -> None:
        from phongthu.campaigns import authority  # noqa: F401  (declares the app's authority rows)
