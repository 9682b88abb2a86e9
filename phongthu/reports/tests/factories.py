"""Test factories for the report app's registered models (the inherited suite asks for them)."""

from __future__ import annotations

import datetime
import itertools

from django.db import models

from phongthu.core.tests.factories import factory
from phongthu.reports.crud import IssuedReportCrud, ReportNarrativeCrud, ReportTemplateCrud
from phongthu.reports.models import IssuedReport, ReportNarrative, ReportTemplate
from phongthu.reports.sections import Section
from phongthu.units.choices import Level

seq = itertools.count(1)


@factory(ReportNarrativeCrud)
def narrative(unit: models.Model, *, save: bool = True) -> models.Model:
    # One paragraph per (unit, period, section): a new year per call keeps them apart.
    record = ReportNarrative(
        unit=unit,  # type: ignore[misc]
        period=str(1990 + next(seq) % 100),
        section=Section.ASSESSMENT,
        text="Ưu điểm: lãnh đạo, chỉ đạo sát sao.\nHạn chế: báo cáo của một số thôn còn chậm.",
    )
    if save:
        record.full_clean()
        record.save()
    return record


@factory(ReportTemplateCrud)
def template(unit: models.Model, *, save: bool = True) -> models.Model:
    record = ReportTemplate(
        unit=unit, level=Level.COMMUNE, symbol="BC-BCH", closing=f"Kính báo cáo cấp trên ({next(seq)})."
    )  # type: ignore[misc]
    if save:
        record.full_clean()
        record.save()
    return record


@factory(IssuedReportCrud)
def issued(unit: models.Model, *, save: bool = True) -> models.Model:
    n = next(seq)
    record = IssuedReport(
        unit=unit,  # type: ignore[misc]
        period="2024",
        year=2024,
        seq=n,
        symbol="BC-BCH",
        date=datetime.date(2024, 12, 20),
        title="Tổng kết công tác quân sự, quốc phòng địa phương năm 2024",
        docx=b"",
    )
    if save:
        record.full_clean(exclude=["docx", "issued_by"])
        record.save()
    return record
