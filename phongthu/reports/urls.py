"""Include at `reports/`."""

from django.urls import path

from phongthu.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportHomeView.as_view(), name="home"),
    path("unit/<int:unit_id>/", views.UnitReportView.as_view(), name="unit"),
    path("unit/<int:unit_id>/year/", views.YearView.as_view(), name="year"),
    path("unit/<int:unit_id>/file/<str:fmt>/", views.ReportFileView.as_view(), name="file"),
    path("unit/<int:unit_id>/issue/", views.IssueView.as_view(), name="issue"),
    path("issued/<int:pk>/docx/", views.IssuedFileView.as_view(), name="issued-file"),
    path("pdf/<uuid:pk>/", views.PdfJobView.as_view(), name="pdf-job"),
    path("pdf/<uuid:pk>/file/", views.PdfJobFileView.as_view(), name="pdf-file"),
]
