"""The PDF as a background job: the page shows the job's progress when the conversion takes
longer than a second, then offers the file. The PDF is kept in a private folder by job id."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.utils import translation

from phongthu.core.jobs import JobError, Progress, register_runner
from phongthu.core.periods import Period
from phongthu.reports.pdf import PdfError, docx_to_pdf

KIND = "report_pdf"


def output_dir() -> Path:
    path = Path(tempfile.gettempdir()) / "phongthu-report-pdf"
    path.mkdir(parents=True, exist_ok=True)
    return path


def output_path(job_id: Any) -> Path:
    return output_dir() / f"{job_id}.pdf"


@register_runner(KIND)
def run(job: Any, progress: Progress) -> dict[str, Any]:
    from phongthu.reports.docx import render
    from phongthu.reports.selectors import review_report
    from phongthu.units.models import Unit

    params = job.params
    progress.update(0, phase="Lập báo cáo", force=True)
    unit = Unit.objects.get(pk=params["unit"])
    period = Period.parse(params["period"])
    with translation.override("vi"):  # the document is Vietnamese whatever the requester's language
        report = review_report(unit, period, user=job.user)
        data = render(report)
    progress.update(1, phase="Chuyển sang PDF (LibreOffice)", force=True)
    try:
        pdf = docx_to_pdf(data)
    except PdfError as error:
        raise JobError(str(error)) from None
    output_path(job.pk).write_bytes(pdf)
    progress.update(2, phase="Hoàn thành", force=True)
    return {"filename": f"{report.filename}.pdf", "size": len(pdf)}
