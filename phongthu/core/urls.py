from __future__ import annotations

from django.urls import URLPattern, include, path

from phongthu.core import views
from phongthu.core.action_views import ActionView, AuthorityPageView
from phongthu.core.crud import CrudConfig, registry
from phongthu.core.pickers import PickView


def crud_patterns(config: type[CrudConfig]) -> list[URLPattern]:
    p = f"{config.app_label}-{config.slug}"
    base = f"{config.app_label}/{config.slug}/"
    return [
        path(base, views.ObjectListView.as_view(config=config), name=f"{p}-list"),
        path(f"{base}new/", views.ObjectEditView.as_view(config=config), name=f"{p}-add"),
        path(f"{base}<int:pk>/", views.ObjectDetailView.as_view(config=config), name=f"{p}-detail"),
        path(f"{base}<int:pk>/edit/", views.ObjectEditView.as_view(config=config), name=f"{p}-edit"),
        path(f"{base}<int:pk>/delete/", views.ObjectDeleteView.as_view(config=config), name=f"{p}-delete"),
    ]


def all_crud_patterns() -> list[URLPattern]:
    patterns: list[URLPattern] = []
    for config in registry.values():
        patterns += crud_patterns(config)
    return patterns


urlpatterns = [
    path("pick/<str:kind>/", PickView.as_view(), name="pick"),
    path("authority/", AuthorityPageView.as_view(), name="authority"),
    path("r/<str:app>/<str:model>/<int:pk>/actions/<str:name>/", ActionView.as_view(), name="record-action"),
    path("r/", include((all_crud_patterns(), "crud"), namespace="crud")),
]
