"""The project URLs plus this app's and the jobs pages, for tests run before (or after) they are
included in config/urls.py."""

from django.apps import apps
from django.urls import include, path

from config.urls import urlpatterns as project_urls

_namespaces = {getattr(p, "namespace", None) for p in project_urls}

urlpatterns = list(project_urls)
if "military_service" not in _namespaces:
    urlpatterns.append(path("military-service/", include("phongthu.military_service.urls")))
if "jobs" not in _namespaces and apps.is_installed("phongthu.jobs"):
    urlpatterns.append(path("jobs/", include("phongthu.jobs.urls")))
