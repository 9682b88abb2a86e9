from __future__ import annotations

from django.urls import path

from phongthu.shell.pages import AuditLogView, HomeView, SwitchUnitView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("audit/", AuditLogView.as_view(), name="audit-log"),
    path("switch-unit/", SwitchUnitView.as_view(), name="switch-unit"),
]
