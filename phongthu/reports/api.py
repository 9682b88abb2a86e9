"""`GET /api/v1/reports/review?unit=<id>&period=<p>&format=docx|pdf|html` — the review report as
a file. Scope-checked (a unit outside the caller's scope is "not found"); a bad period or format
is a 400 with a Vietnamese message naming the parameter."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from phongthu.activities.selectors import can_view_unit
from phongthu.core.docx import DOCX_TYPE
from phongthu.core.downloads import file_response
from phongthu.core.periods import Period, PeriodError
from phongthu.reports.docx import render
from phongthu.reports.pdf import PdfError, docx_to_pdf
from phongthu.reports.selectors import review_report
from phongthu.units.models import Unit


def _error(field: str, message: str, status: int = 400) -> Response:
    return Response({"detail": message, "errors": {field: [message]}}, status=status)


class ReviewReportAPIView(APIView):
    permission_classes = [IsAuthenticated]

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # `format` names the file here, not a DRF renderer: never let it turn into a 404.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", int, required=True, description="Mã số đơn vị (id)"),
            OpenApiParameter("period", str, required=True, description="Kỳ: 2019, 2019S1, 2015-2019, …"),
            OpenApiParameter("format", str, enum=["docx", "pdf", "html"], description="Định dạng tệp"),
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request) -> Any:
        raw_unit = str(request.query_params.get("unit", "")).strip()
        if not raw_unit.isdigit():
            return _error("unit", "Tham số unit: hãy ghi số id của đơn vị.")
        unit = Unit.objects.filter(pk=int(raw_unit)).first()
        if unit is None or not can_view_unit(request.user, unit):
            return _error("unit", f"Không tìm thấy đơn vị id {raw_unit} trong phạm vi của bạn.", status=404)
        try:
            period = Period.parse(str(request.query_params.get("period", "")))
        except PeriodError as exc:
            return _error("period", str(exc))
        fmt = str(request.query_params.get("format", "docx")).lower()
        if fmt not in ("docx", "pdf", "html"):
            return _error("format", "Tham số format: chỉ nhận docx, pdf hoặc html.")
        with translation.override("vi"):  # the document is Vietnamese whatever the caller's language
            report = review_report(unit, period, user=request.user)
            if fmt == "html":
                from phongthu.reports.views import document_html

                html = render_to_string("reports/printable.html", {"report": report, "document": document_html(report)})
                return HttpResponse(html, content_type="text/html; charset=utf-8")
            data = render(report)
        if fmt == "docx":
            return file_response(data, DOCX_TYPE, f"{report.filename}.docx")
        try:
            return file_response(docx_to_pdf(data), "application/pdf", f"{report.filename}.pdf")
        except PdfError as exc:
            return _error("format", str(exc), status=503)
