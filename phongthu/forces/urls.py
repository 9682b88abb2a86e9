"""Status actions of the forces registries; include at `forces/` in config/urls.py."""

from django.urls import path

from phongthu.forces.actions import MILITIA_ACTIONS, RESERVIST_ACTIONS
from phongthu.forces.models import MilitiaMember, Reservist
from phongthu.forces.views import StatusActionView

app_name = "forces"

urlpatterns = [
    path(
        "militia-member/<int:pk>/<slug:action>/",
        StatusActionView.as_view(model=MilitiaMember, actions=MILITIA_ACTIONS),
        name="militia-member-action",
    ),
    path(
        "reservist/<int:pk>/<slug:action>/",
        StatusActionView.as_view(model=Reservist, actions=RESERVIST_ACTIONS),
        name="reservist-action",
    ),
]
