from django.urls import include, path

urlpatterns = [
    path("", include("phongthu.shell.urls")),
    path("", include("phongthu.core.urls")),
    path("units/", include("phongthu.units.urls")),
    path("accounts/", include("phongthu.accounts.urls")),
    path("campaigns/", include("phongthu.campaigns.urls")),
    path("military-service/", include("phongthu.military_service.urls")),
    path("jobs/", include("phongthu.jobs.urls")),
    path("activities/", include("phongthu.activities.urls")),
    path("figures/", include("phongthu.figures.urls")),
    path("reports/", include("phongthu.reports.urls")),
    path("api/", include("config.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
