"""Job and import-wizard pages. Include with: path("jobs/", include("phongthu.jobs.urls"))."""

from django.urls import path

from phongthu.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.JobListView.as_view(), name="list"),
    path("<uuid:pk>/", views.JobDetailView.as_view(), name="detail"),
    path("<uuid:pk>/progress/", views.JobProgressView.as_view(), name="progress"),
    path("<uuid:pk>/errors.xlsx", views.JobErrorsView.as_view(), name="errors"),
    path("<uuid:pk>/cancel/", views.JobCancelView.as_view(), name="cancel"),
    path("<uuid:pk>/commit/", views.ImportCommitView.as_view(), name="import-commit"),
    path("import/<str:key>/", views.ImportStartView.as_view(), name="import-start"),
    path("import/<str:key>/template/", views.ImportTemplateView.as_view(), name="import-template"),
    path("import/<str:key>/<str:token>/map/", views.ImportMapView.as_view(), name="import-map"),
]
