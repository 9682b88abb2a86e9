from django.urls import path

from phongthu.units import views

urlpatterns = [
    path("tree/", views.TreeView.as_view(), name="unit-tree"),
    path("tree/<int:pk>/children/", views.TreeChildrenView.as_view(), name="unit-tree-children"),
    path("search/", views.UnitSearchView.as_view(), name="unit-search"),
]
