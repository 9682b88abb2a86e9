from django.urls import path

from phongthu.campaigns import views
from phongthu.campaigns.views.gnn import GnnFormView
from phongthu.campaigns.views.review import ReviewDueView

app_name = "campaigns"

urlpatterns = [
    path("<int:pk>/pool/", views.PoolView.as_view(), name="pool"),
    path("<int:pk>/quotas/", views.QuotaAllocationView.as_view(), name="quotas"),
    path("<int:pk>/candidates/", views.BoardView.as_view(), name="board"),
    path("<int:pk>/dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("<int:pk>/export/<str:kind>.<str:fmt>", views.ExportView.as_view(), name="export"),
    path("candidate/<int:pk>/exam/", views.HealthExamView.as_view(), name="exam"),
    path("gnn/<str:form>/", GnnFormView.as_view(), name="gnn-form"),
    path("review-due/", ReviewDueView.as_view(), name="review-due"),
    path("decision/<int:pk>/docx/", views.DecisionDocxView.as_view(), name="decision-docx"),
]
