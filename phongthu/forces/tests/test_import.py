"""Import of militia members through the wizard: a bad row is named by line and column, and
nothing is written."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import Workbook

from phongthu.core.imports import ImportContext, ImportResult, execute_import, open_table, spec_for
from phongthu.core.models import ObjectChange
from phongthu.forces.crud import MilitiaMemberCrud, MilitiaTrainingCrud
from phongthu.forces.models import MilitiaMember, MilitiaTraining
from phongthu.jobs.models import Job

pytestmark = pytest.mark.django_db

HEADERS = ["Công dân", "Đơn vị DQTV", "Thành phần", "Chức vụ", "Ngày bắt đầu thực hiện nghĩa vụ", "Tình nguyện"]


def _rows(good: Any, bad: Any, unit: Any) -> list[list[str]]:
    return [
        [str(good.pk), str(unit.pk), "Cơ động", "Chiến sĩ", "2025-03-01", ""],
        [str(bad.pk), str(unit.pk), "CO_DONG", "Tiểu đội trưởng", "2025-03-01", ""],
    ]


def _xlsx(rows: list[list[str]], headers: list[str] = HEADERS) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "dan_quan.xlsx"
    return buf


def _import(config: Any, headers: list[str], rows: list[list[str]], user: Any) -> ImportResult:
    spec = spec_for(config.import_key())
    assert spec is not None
    reader = open_table("dan_quan.xlsx", _xlsx(rows, headers).getvalue(), hints=spec.hints())
    return execute_import(spec, reader, spec.auto_map(reader.headers), ImportContext(user=user, commit=True))


@pytest.fixture
def wizard(settings: Any, tmp_path: Any) -> None:
    settings.PHONGTHU_JOBS_SYNC = True
    settings.MEDIA_ROOT = tmp_path


def test_bad_row_is_named_and_nothing_is_written(make_person, militia_unit, user_a, client_for, wizard):
    good = make_person(born=datetime.date(2000, 1, 1))
    bad = make_person(born=datetime.date(2008, 1, 1))  # 17 on 1/3/2025
    client = client_for(user_a)
    client.get("/")  # the login itself is audited; count after it
    members_before = MilitiaMember.objects.count()
    changes_before = ObjectChange.objects.exclude(action="view").count()
    resp = client.post(MilitiaMemberCrud.import_url(), {"file": _xlsx(_rows(good, bad, militia_unit))})
    dry = Job.objects.get(pk=resp["Location"].rstrip("/").split("/")[-1])
    body = client.get(resp["Location"]).content.decode()
    assert "Dòng 3, cột E" in body and "17 tuổi" in body
    assert "Dòng 2" not in body
    resp = client.post(reverse("jobs:import-commit", args=[dry.pk]), {"mode": "all"})
    assert resp["Location"] == reverse("jobs:detail", args=[dry.pk])  # refused: back to the report
    assert MilitiaMember.objects.count() == members_before
    assert ObjectChange.objects.exclude(action="view").count() == changes_before


def test_fixed_file_is_imported_with_derived_term(make_person, militia_unit, user_a):
    good = make_person(born=datetime.date(2000, 1, 1))
    other = make_person(born=datetime.date(1990, 1, 1))
    result = _import(MilitiaMemberCrud, HEADERS, _rows(good, other, militia_unit), user_a)
    assert result.committed and result.created == 2, [str(e) for e in result.errors]
    imported = MilitiaMember.objects.get(person=good)
    assert imported.term_years == 4 and imported.status == "SELECTED"
    assert MilitiaMember.objects.get(person=other).position == "TIEU_DOI_TRUONG"


def test_training_import_refuses_a_year_before_service(make_member, user_a):
    member = make_member(start=datetime.date(2024, 3, 1))
    result = _import(
        MilitiaTrainingCrud,
        ["Dân quân tự vệ", "Năm", "Số ngày đã huấn luyện"],
        [[str(member.pk), "2024", "15"], [str(member.pk), "2023", "10"]],
        user_a,
    )
    assert not result.committed
    assert [str(e)[:16] for e in result.errors] == ["Dòng 3, cột B (n"]
    assert not MilitiaTraining.objects.filter(member=member).exists()
