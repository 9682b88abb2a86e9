"""One formatter for screens and files: for every kind of field, the text a list or detail page
shows is what Excel shows for the exported cell (read back from the file, with its number format)."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from phongthu.activities.models.awards import Award
from phongthu.core import xlsx
from phongthu.core.display import cell_value, screen_value, vietnamese_number
from phongthu.core.exporting import xlsx_response
from phongthu.jobs.models import Job
from phongthu.people.crud import PersonCrud
from phongthu.people.models import Person

pytestmark = pytest.mark.django_db


def shown_by_excel(cell: Any) -> str:
    """What a spreadsheet shows for a cell, in the Vietnamese locale (dot thousands, comma decimals)."""
    value, pattern = cell.value, cell.number_format
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        assert pattern in ("dd/mm/yyyy", "dd/mm/yyyy hh:mm"), pattern
        return value.strftime("%d/%m/%Y %H:%M" if "hh" in pattern else "%d/%m/%Y")
    if isinstance(value, int | float) and pattern.startswith("#,##0"):
        places = len(pattern.split(".")[1]) if "." in pattern else 0
        return vietnamese_number(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places)))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _person(unit: Any, **extra: Any) -> Person:
    return Person(
        full_name="Phạm Văn Hiển Thị",
        date_of_birth=datetime.date(2006, 3, 9),
        sex="female",
        id_number="031306000123",
        residence_unit=unit,
        education_grade=12,
        party_member=True,
        union_member=False,
        temporary_address="",
        **extra,
    )


def _cases(unit: Any) -> list[tuple[str, Any, str, str]]:
    """(kind, object, field, text the screen must show)."""
    person = _person(unit)
    award = Award(cash_multiple=Decimal("12345.50"), decision_date=None)
    small = Award(cash_multiple=Decimal("1.5"))
    started = timezone.make_aware(datetime.datetime(2026, 11, 22, 7, 5), datetime.UTC)
    job = Job(started_at=started)
    return [
        ("text", person, "full_name", "Phạm Văn Hiển Thị"),
        ("choice", person, "sex", "Nữ"),
        ("date", person, "date_of_birth", "09/03/2006"),
        ("related record", person, "residence_unit", str(unit)),
        ("boolean true", person, "party_member", "Có"),
        ("boolean false", person, "union_member", "Không"),
        ("integer", person, "education_grade", "12"),
        ("empty text", person, "temporary_address", ""),
        ("empty date", award, "decision_date", ""),
        ("decimal", award, "cash_multiple", "12.345,50"),
        ("decimal, one place", small, "cash_multiple", "1,5"),
        ("date and time (local)", job, "started_at", "22/11/2026 14:05"),
    ]


def test_screen_and_file_agree_for_each_field_kind(commune_a):
    cases = _cases(commune_a)
    data = xlsx.workbook(
        xlsx.Sheet(name="t", header=[kind for kind, *_ in cases], rows=[[cell_value(o, f) for _k, o, f, _t in cases]])
    )
    sheet = load_workbook(io.BytesIO(data)).active
    for col, (kind, obj, name, expected) in enumerate(cases, start=1):
        assert screen_value(obj, name) == expected, kind
        assert shown_by_excel(sheet.cell(2, col)) == expected, kind


def test_the_list_page_the_detail_page_and_the_export_show_the_same(commune_a, user_a, client):
    person = _person(commune_a)
    person.save()
    fields = ["full_name", "sex", "date_of_birth", "residence_unit", "party_member", "union_member"]
    response = xlsx_response(PersonCrud, Person.objects.filter(pk=person.pk), fields)
    sheet = load_workbook(io.BytesIO(response.content)).active
    exported = [shown_by_excel(c) for c in sheet[2]]
    assert exported == [screen_value(person, f) for f in fields]
    client.force_login(user_a)
    detail = client.get(PersonCrud.url("detail", person.pk)).content.decode()
    for text in exported:
        assert re.search(rf">\s*{re.escape(text)}\s*<", detail), text
