from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from phongthu.core.api import build_viewset
from phongthu.core.api_actions import AuthorityAPIView, RecordActionAPIView, RecordActionsAPIView
from phongthu.core.crud import registry
from phongthu.reports.api import ReviewReportAPIView
from phongthu.units.api import UnitViewSet

router = DefaultRouter()
router.register("units/unit", UnitViewSet, basename="units-unit")
for key, config in registry.items():
    if config.api and key != "units.unit":
        router.register(f"{config.app_label}/{config.slug}", build_viewset(config), basename=key.replace(".", "-"))

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    path("v1/military-service/", include("phongthu.military_service.api.urls")),
    path("v1/reports/review", ReviewReportAPIView.as_view(), name="api-reports-review"),
    path("v1/authority/", AuthorityAPIView.as_view(), name="api-authority"),
    path("v1/figures/", include("phongthu.figures.api_urls")),
    path("v1/<str:app>/<str:model>/<int:pk>/actions/", RecordActionsAPIView.as_view(), name="api-record-actions"),
    path(
        "v1/<str:app>/<str:model>/<int:pk>/actions/<str:name>/", RecordActionAPIView.as_view(), name="api-record-action"
    ),
    path("v1/", include(router.urls)),
]
