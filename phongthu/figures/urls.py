"""Pages of the figures engine; include at `figures/`."""

from django.urls import path, register_converter

from phongthu.core.periods import PeriodConverter
from phongthu.figures import views

register_converter(PeriodConverter, "period")
app_name = "figures"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("<int:unit_id>/<period:period>/", views.DashboardView.as_view(), name="dashboard"),
    path("<int:unit_id>/<period:period>/act/<str:name>/", views.ActView.as_view(), name="act"),
    path("<int:unit_id>/<period:period>/entry/<str:code>/", views.EntryView.as_view(), name="entry"),
]
