"""Issuing a report: number it (one sequence per issuing unit and year, under a lock on the
unit's row, as call-up decisions are numbered), render the DOCX with that number and date, and
keep the file, in one transaction through the scoped, audited save. Keeping (`freeze`) and
dropping (`thaw`) the content of an approved period's report (reports/signals.py)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import translation

from phongthu.core.periods import Period
from phongthu.core.services import object_save
from phongthu.reports.docx import render
from phongthu.reports.models import ApprovedReportContent, IssuedReport
from phongthu.reports.selectors import generate, review_report
from phongthu.units.models import Unit


def issue_report(unit: Unit, period: Period, *, actor: Any, on: datetime.date) -> IssuedReport:
    # The kept DOCX and its title are Vietnamese whatever the issuer's screen language.
    with translation.override("vi"), transaction.atomic():
        Unit.objects.select_for_update().filter(pk=unit.pk).first()
        draft = review_report(unit, period, user=actor, on=on)
        last = IssuedReport.objects.filter(unit=unit, year=on.year).aggregate(m=Max("seq"))["m"] or 0
        issued = IssuedReport(
            unit=unit, period=period.code, year=on.year, seq=last + 1, symbol=draft.symbol, date=on,
            title=draft.title, issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        )  # fmt: skip
        issued.docx = render(review_report(unit, period, user=actor, issued=issued))
        issued.full_clean(exclude=["docx", "issued_by"])
        object_save(obj=issued, actor=actor, reason=f"Ban hành báo cáo {issued.number}")
    return issued


def freeze(unit: Unit, period: Period) -> None:
    """Keep what the report says now, as the approved figures stand (called on approval)."""
    with translation.override("vi"):  # the approver's screen language is not the report's
        content = generate(unit, period).as_json()
    ApprovedReportContent.objects.update_or_create(unit=unit, period=period.code, defaults={"content": content})


def thaw(unit_id: int, period_code: str) -> None:
    ApprovedReportContent.objects.filter(unit_id=unit_id, period=period_code).delete()
