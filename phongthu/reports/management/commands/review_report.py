"""`manage.py review_report --unit <id | code:<code> | name> --period <period> --format docx|pdf|html --out <file>`"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.loader import render_to_string

from phongthu.core.periods import Period, PeriodError
from phongthu.reports.docx import render
from phongthu.reports.lookup import UnitLookupError, resolve_unit
from phongthu.reports.pdf import PdfError, docx_to_pdf
from phongthu.reports.selectors import review_report


class Command(BaseCommand):
    help = "Lập báo cáo tổng kết của một đơn vị cho một kỳ (DOCX, PDF hoặc HTML)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="id, code:<mã chính thức> hoặc tên đơn vị")
        parser.add_argument(
            "--period", required=True, help="2019, 2019S1, 2019Q3, 201907, 2015-2019, 2019-01-01..2019-06-30"
        )
        parser.add_argument("--format", default="docx", choices=["docx", "pdf", "html"])
        parser.add_argument("--out", required=True, help="tệp kết quả")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = Period.parse(options["period"])
        except PeriodError as exc:
            raise CommandError(str(exc)) from None
        try:
            unit = resolve_unit(options["unit"], period)
        except UnitLookupError as exc:
            raise CommandError(str(exc)) from None
        report = review_report(unit, period)
        fmt = options["format"]
        if fmt == "html":
            from phongthu.reports.views import document_html

            data = render_to_string(
                "reports/printable.html", {"report": report, "document": document_html(report)}
            ).encode()
        else:
            data = render(report)
            if fmt == "pdf":
                try:
                    data = docx_to_pdf(data)
                except PdfError as exc:
                    raise CommandError(str(exc)) from None
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        self.stdout.write(f"{report.doc_type} {report.title} — {unit.name}: {out} ({len(data)} byte)")
