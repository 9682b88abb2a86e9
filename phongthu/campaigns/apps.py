from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "phongthu.campaigns"
    label = "campaigns"
    verbose_name = "Tuyển quân"
