"""Import of militia members: a bad row is named by line and column, and nothing is written."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from openpyxl import Workbook

from phongthu.core.importing import Table, run_import
from phongthu.core.models import ObjectChange
from phongthu.forces.crud import MilitiaMemberCrud, MilitiaTrainingCrud
from phongthu.forces.models import MilitiaMember, MilitiaTraining

pytestmark = pytest.mark.django_db

HEADERS = ["Công dân", "Đơn vị DQTV", "Thành phần", "Chức vụ", "Ngày bắt đầu thực hiện nghĩa vụ", "Tình nguyện"]


def _rows(good: Any, bad: Any, unit: Any) -> list[list[str]]:
    return [
        [str(good.pk), str(unit.pk), "Cơ động", "Chiến sĩ", "2025-03-01", ""],
        [str(bad.pk), str(unit.pk), "CO_DONG", "Tiểu đội trưởng", "2025-03-01", ""],
    ]


def _xlsx(rows: list[list[str]]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "dan_quan.xlsx"
    return buf


def test_bad_row_is_named_and_nothing_is_written(make_person, militia_unit, user_a, client_for):
    good = make_person(born=datetime.date(2000, 1, 1))
    bad = make_person(born=datetime.date(2008, 1, 1))  # 17 on 1/3/2025
    client = client_for(user_a)
    client.get("/")  # the login itself is audited; count after it
    members_before = MilitiaMember.objects.count()
    changes_before = ObjectChange.objects.exclude(action="view").count()
    resp = client.post(MilitiaMemberCrud.url("import"), {"file": _xlsx(_rows(good, bad, militia_unit))})
    body = resp.content.decode()
    assert resp.status_code == 200
    assert "Dòng 3, cột E" in body and "17 tuổi" in body
    assert "Dòng 2" not in body
    token = resp.context["token"]
    resp = client.post(MilitiaMemberCrud.url("import"), {"token": token, "mode": "all"})
    assert resp.status_code == 400
    assert MilitiaMember.objects.count() == members_before
    assert ObjectChange.objects.exclude(action="view").count() == changes_before


def test_fixed_file_is_imported_with_derived_term(make_person, militia_unit, user_a):
    good = make_person(born=datetime.date(2000, 1, 1))
    other = make_person(born=datetime.date(1990, 1, 1))
    table = Table(headers=HEADERS, rows=_rows(good, other, militia_unit))
    result = run_import(MilitiaMemberCrud, table, user=user_a, commit=True)
    assert result.committed and result.created == 2, [str(e) for e in result.errors]
    imported = MilitiaMember.objects.get(person=good)
    assert imported.term_years == 4 and imported.status == "SELECTED"
    assert MilitiaMember.objects.get(person=other).position == "TIEU_DOI_TRUONG"


def test_training_import_refuses_a_year_before_service(make_member, user_a):
    member = make_member(start=datetime.date(2024, 3, 1))
    table = Table(
        headers=["Dân quân tự vệ", "Năm", "Số ngày đã huấn luyện"],
        rows=[[str(member.pk), "2024", "15"], [str(member.pk), "2023", "10"]],
    )
    result = run_import(MilitiaTrainingCrud, table, user=user_a, commit=True)
    assert not result.committed
    assert [str(e)[:16] for e in result.errors] == ["Dòng 3, cột B (n"]
    assert not MilitiaTraining.objects.filter(member=member).exists()
