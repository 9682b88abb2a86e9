"""Registration screens. Include with: path("military-service/", include("phongthu.military_service.urls"))."""

from django.urls import path

from phongthu.military_service import views

app_name = "military_service"

urlpatterns = [
    path("drive/", views.DriveView.as_view(), name="drive"),
    path("movements/", views.MovementsView.as_view(), name="movements"),
    path("book/", views.RegisterBookView.as_view(), name="book"),
    path("import-template.xlsx", views.ImportTemplateView.as_view(), name="import-template"),
]
