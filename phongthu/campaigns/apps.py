from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "phongthu.campaigns"
    label = "campaigns"
    verbose_name = "Tuyển quân"

    def ready(self) -> None:
        from phongthu.campaigns import actions, authority  # noqa: F401  (authority rows and the actions)
        from phongthu.campaigns.services import refresh

        refresh.connect()  # the pool's evaluation follows the facts it rests on
