"""API routes of the figures engine; included at `/api/v1/figures/`."""

from django.urls import path

from phongthu.figures import api

urlpatterns = [
    path("values", api.ValuesAPIView.as_view(), name="api-figures-values"),
    path("targets", api.TargetsAPIView.as_view(), name="api-figures-targets"),
    path("indicators", api.IndicatorsAPIView.as_view(), name="api-figures-indicators"),
    path("approval/<str:name>", api.ApprovalAPIView.as_view(), name="api-figures-approval"),
]
