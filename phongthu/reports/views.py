"""Where users get the review report: the unit's report page (period picker, preview, downloads,
the reports issued), the files (DOCX, PDF through a background job, printable HTML), and issuing
a report with its number. Scope: the unit must be within the user's own scope; every record the
report reads is restricted to it as well."""

from __future__ import annotations

import datetime
import time
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View

from phongthu.activities import selectors as activity_selectors
from phongthu.activities.selectors import can_view_unit
from phongthu.core import scoping
from phongthu.core.current_unit import current_unit
from phongthu.core.docx import DOCX_TYPE
from phongthu.core.downloads import attachment, file_response
from phongthu.core.jobs import mark_stale, start_job
from phongthu.core.periods import Period, PeriodError
from phongthu.figures import registry as figure_registry
from phongthu.figures import selectors as figure_selectors
from phongthu.reports import jobs as pdf_jobs
from phongthu.reports import services
from phongthu.reports.crud import ReportNarrativeCrud
from phongthu.reports.docx import render as render_docx
from phongthu.reports.models import IssuedReport
from phongthu.reports.sections import Section
from phongthu.reports.selectors import ReviewReport, review_report
from phongthu.units import selectors as unit_selectors
from phongthu.units.models import Unit

FORMATS = ("docx", "pdf", "html")
PDF_WAIT = 1.0  # seconds a download waits for the PDF before showing the job's progress instead


def visible_unit(request: HttpRequest, unit_id: Any) -> Unit:
    unit = get_object_or_404(Unit, pk=unit_id)
    if not can_view_unit(request.user, unit):
        raise Http404
    return unit


def default_period(unit: Unit) -> Period:
    today = unit_selectors.today()
    year = today.year if today.month >= 11 else today.year - 1
    if unit.valid_to and unit.valid_to.year < year:
        year = unit.valid_to.year
    if unit.valid_from and unit.valid_from.year > year:
        year = unit.valid_from.year
    return Period.year(year)


def parse_period(raw: str | None, unit: Unit) -> Period:
    return Period.parse(raw) if raw and raw.strip() else default_period(unit)


def year_choices(unit: Unit) -> list[Period]:
    last = default_period(unit).start.year
    first = max(last - 7, unit.valid_from.year if unit.valid_from else last - 7)
    return [Period.year(y) for y in range(last, first - 1, -1)]


def document_html(report: ReviewReport) -> str:
    with translation.override("vi"):  # the document is Vietnamese whatever the screen's language
        return render_to_string("reports/_document.html", {"report": report})


class YearView(LoginRequiredMixin, View):
    """The unit's figures for a period — the year view, the live preview of the report's data: it
    reads the same `ReviewReport` the document is written from (the appendix rows: this period,
    the same period last year and the change, the target and % achieved, "x/y" coverage, by
    sub-unit; the targets in words) and adds the count of each kind of record of the year with
    the links to them. `/activities/year/<unit>/<year>/` redirects here."""

    def get(self, request: HttpRequest, unit_id: int) -> HttpResponse:
        unit = visible_unit(request, unit_id)
        raw = request.GET.get("period", "")
        error = ""
        try:
            period = parse_period(raw, unit)
        except PeriodError as exc:
            error, period = str(exc), default_period(unit)
        report = None if error else review_report(unit, period, user=request.user)
        years = list(period.years)
        rows = activity_selectors.year_summary(unit=unit, year=years[0], user=request.user) if len(years) == 1 else []
        indicators = {i.code: i for i in figure_registry.all_indicators()}
        links = {}
        for row in report.appendix if report else ():
            indicator = indicators.get(row.code)
            links[row.code] = figure_selectors.record_list_url(indicator, unit, period) if indicator else ""
        directions = next((s for s in report.sections if s.number == Section.DIRECTIONS), None) if report else None
        context = {
            "unit": unit,
            "period": period,
            "period_text": raw or period.code,
            "error": error,
            "report": report,
            "figures": [(row, links.get(row.code, "")) for row in report.appendix] if report else [],
            "by_sub_unit": bool(report and report.sub_units and any(any(r.by_sub_unit) for r in report.appendix)),
            "targets": directions.targets if directions else (),
            "rows": rows,
            "record_year": years[0] if len(years) == 1 else None,
            "total": sum(r.count for r in rows),
            "years": [period.start.year - 1, period.end.year + 1],
            "choices": year_choices(unit),
            "halves": [Period.parse(f"{period.start.year}S1"), Period.parse(f"{period.start.year}S2")],
        }
        return render(request, "reports/year.html", context, status=400 if error else 200)


class ReportHomeView(LoginRequiredMixin, View):
    """The navigation's "Báo cáo": the report page of the unit the user works in."""

    def get(self, request: HttpRequest) -> HttpResponse:
        unit = current_unit(request, from_request=False)
        if unit is None:
            messages.info(request, _("Hãy chọn đơn vị trên cây đơn vị, rồi bấm “Báo cáo” trên trang đơn vị."))
            return HttpResponseRedirect(reverse("unit-tree"))
        return HttpResponseRedirect(reverse("reports:unit", args=[unit.pk]))


class UnitReportView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, unit_id: int) -> HttpResponse:
        unit = visible_unit(request, unit_id)
        raw = request.GET.get("period", "")
        error = ""
        report = None
        try:
            period = parse_period(raw, unit)
        except PeriodError as exc:
            error, period = str(exc), default_period(unit)
        if not error:
            with translation.override("vi"):  # the report's words are the document's
                report = review_report(unit, period, user=request.user)
        issued = IssuedReport.objects.restrict(request.user, scoping.VIEW).filter(unit=unit).order_by("-date", "-seq")
        context = {
            "unit": unit,
            "period": period,
            "period_text": raw or period.code,
            "error": error,
            "report": report,
            "document": document_html(report) if report else "",
            "choices": year_choices(unit),
            "halves": [Period.parse(f"{period.start.year}S1"), Period.parse(f"{period.start.year}S2")],
            "issued": issued[:50],
            "sections": Section.choices,
            "narrative_list": ReportNarrativeCrud.list_url() + f"?period={period.code}",
            "narrative_add": ReportNarrativeCrud.add_url() + f"?unit={unit.pk}&period={period.code}",
            "can_issue": scoping.can(request.user, scoping.ADD) and not error,
        }
        return render(request, "reports/unit_report.html", context, status=400 if error else 200)


def _report_or_400(request: HttpRequest, unit: Unit) -> tuple[ReviewReport | None, str]:
    try:
        period = parse_period(request.GET.get("period"), unit)
    except PeriodError as exc:
        return None, str(exc)
    with translation.override("vi"):  # the report's words are the document's
        return review_report(unit, period, user=request.user), ""


class ReportFileView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, unit_id: int, fmt: str) -> HttpResponseBase:
        unit = visible_unit(request, unit_id)
        if fmt not in FORMATS:
            raise Http404
        report, error = _report_or_400(request, unit)
        if report is None:
            return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
        if fmt == "html":
            html = render_to_string("reports/printable.html", {"report": report, "document": document_html(report)})
            return HttpResponse(html)
        if fmt == "docx":
            with translation.override("vi"):
                content = render_docx(report)
            return file_response(content, DOCX_TYPE, f"{report.filename}.docx")
        title = _("Xuất PDF báo cáo %(p)s — %(u)s") % {"p": report.period.label, "u": unit.name}
        job = start_job(
            kind=pdf_jobs.KIND, title=title, user=request.user, params={"unit": unit.pk, "period": report.period.code}
        )
        deadline = time.monotonic() + PDF_WAIT
        while not job.finished and time.monotonic() < deadline:
            time.sleep(0.1)
            job.refresh_from_db()
        if job.status == "SUCCEEDED":
            return _pdf_file(job)
        return HttpResponseRedirect(reverse("reports:pdf-job", args=[job.pk]))


def _pdf_file(job: Any) -> FileResponse:
    path = pdf_jobs.output_path(job.pk)
    if not path.exists():
        raise Http404
    response = FileResponse(path.open("rb"), content_type="application/pdf")
    return attachment(response, job.result_value("filename", "bao-cao.pdf"))


def _own_job(request: HttpRequest, pk: uuid.UUID) -> Any:
    from phongthu.core.jobs import _job_model

    job = get_object_or_404(_job_model(), pk=pk, kind=pdf_jobs.KIND)
    if job.user_id != request.user.pk:
        raise Http404
    return job


class PdfJobView(LoginRequiredMixin, View):
    """The PDF's progress (polled by htmx through the jobs app's fragment), then its link."""

    def get(self, request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
        job = _own_job(request, pk)
        mark_stale(job)
        unit_id, period = job.params.get("unit"), job.params.get("period", "")
        back = reverse("reports:unit", args=[unit_id]) + f"?period={period}"
        return render(request, "reports/pdf_job.html", {"job": job, "back": back})


class PdfJobFileView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: uuid.UUID) -> HttpResponseBase:
        job = _own_job(request, pk)
        if job.status != "SUCCEEDED":
            return HttpResponseRedirect(reverse("reports:pdf-job", args=[job.pk]))
        return _pdf_file(job)


class IssueView(LoginRequiredMixin, View):
    """Give the report its number (one sequence per issuing unit and year) and keep the DOCX."""

    def post(self, request: HttpRequest, unit_id: int) -> HttpResponse:
        unit = visible_unit(request, unit_id)
        try:
            period = Period.parse(request.POST.get("period", ""))
        except PeriodError as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(reverse("reports:unit", args=[unit.pk]))
        back = reverse("reports:unit", args=[unit.pk]) + f"?period={period.code}"
        try:
            issued = services.issue_report(unit, period, actor=request.user, on=datetime.date.today())
        except (PermissionDenied, ValidationError) as exc:
            messages.error(
                request,
                _("Không ban hành được báo cáo: %(e)s") % {"e": "; ".join(getattr(exc, "messages", [str(exc)]))},
            )
            return HttpResponseRedirect(back)
        messages.success(request, _("Đã ban hành báo cáo số %(n)s.") % {"n": issued.number})
        return HttpResponseRedirect(back)


class IssuedFileView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        issued = get_object_or_404(IssuedReport.objects.restrict(request.user, scoping.VIEW), pk=pk)
        name = f"{issued.number.replace('/', '-')} {issued.title}.docx"
        return file_response(bytes(issued.docx), DOCX_TYPE, name)
