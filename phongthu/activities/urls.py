"""Non-CRUD pages; include at `activities/` (the CRUD screens come from core under /r/activities/)."""

from django.urls import path

from phongthu.activities import views

app_name = "activities"

urlpatterns = [
    path("year/<int:unit_id>/<int:year>/", views.YearView.as_view(), name="year"),
    path("term-plan/", views.TermPlanView.as_view(), name="term-plan"),
]
