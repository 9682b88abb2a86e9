"""The project's URLs plus the forces action URLs (until config/urls.py includes them)."""

from django.urls import include, path

from config.urls import urlpatterns as project_urls

urlpatterns = list(project_urls)
if not any(getattr(p, "namespace", None) == "forces" for p in project_urls):
    urlpatterns.append(path("forces/", include("phongthu.forces.urls")))
