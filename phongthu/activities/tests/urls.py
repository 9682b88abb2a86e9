"""Test urlconf: the project's URLs plus this app's pages, until config/urls.py includes them."""

from django.urls import include, path

from config import urls as project

urlpatterns = [path("", include("config.urls"))]
if not any(getattr(p, "namespace", None) == "activities" for p in project.urlpatterns):
    urlpatterns.append(path("activities/", include("phongthu.activities.urls")))
