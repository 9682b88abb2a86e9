from django.urls import path

from phongthu.units import admin_views, history_views, views

urlpatterns = [
    path("tree/", views.TreeView.as_view(), name="unit-tree"),
    path("tree/<int:pk>/children/", views.TreeChildrenView.as_view(), name="unit-tree-children"),
    path("search/", views.UnitSearchView.as_view(), name="unit-search"),
    path("<int:pk>/admin/", admin_views.UnitAdminView.as_view(), name="unit-admin"),
    path("lineage/new/", history_views.LineageEntryView.as_view(), name="unit-lineage-new"),
    path("<int:pk>/regions/", history_views.RegionsView.as_view(), name="unit-regions"),
]
