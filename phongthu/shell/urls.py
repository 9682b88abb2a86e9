from __future__ import annotations

from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from phongthu.shell.pages import AuditLogView, HomeView, SwitchUnitView
from phongthu.shell.queue import QueueView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("audit/", AuditLogView.as_view(), name="audit-log"),
    path("switch-unit/", SwitchUnitView.as_view(), name="switch-unit"),
    path("queue/", QueueView.as_view(), name="queue"),
    # Browsers ask for /favicon.ico on pages without a <link rel=icon> (files, API docs).
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
]
