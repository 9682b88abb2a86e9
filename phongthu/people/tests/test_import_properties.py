"""Property tests of the importer: whatever the cells hold, it never crashes, accounts for every
row, names real lines and columns, and writes nothing in a dry run; valid people round-trip."""

from __future__ import annotations

import csv
import datetime
import io
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phongthu.core.imports import (
    CellError,
    ImportContext,
    ImportFileError,
    execute_import,
    open_table,
    parse_date,
)
from phongthu.core.models import ObjectChange
from phongthu.military_service.importers import RegisterImportSpec
from phongthu.military_service.tests.fixtures import cccd_for
from phongthu.people.importers import PersonImportSpec
from phongthu.people.models import Person

pytestmark = pytest.mark.django_db

HEADER = ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Xã, phường thường trú", "Trình độ văn hóa", "Đảng viên"]
VI = "ăâđêôơưáàảãạấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
cell = st.one_of(
    st.text(alphabet=string.ascii_letters + string.digits + VI + " /-.,;'\"\t", max_size=30),
    st.sampled_from(["", "31/02/2007", "29/02/2008", "12/12", "Nam", "Nữ", "x", "0", "1e+11", "=SUM(A1)", " "]),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)).map(
        lambda d: d.strftime("%d/%m/%Y")
    ),
)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _csv(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode()


@SETTINGS
@given(rows=st.lists(st.lists(cell, min_size=len(HEADER), max_size=len(HEADER)), min_size=1, max_size=8))
def test_any_cells_give_an_accounted_report_and_a_dry_run_writes_nothing(rows, user_a, commune_a):
    for row in rows:
        row[4] = commune_a.name if row[4] == "" else row[4]
    data = _csv(rows)
    before = Person.objects.count(), ObjectChange.objects.count()
    try:
        reader = open_table("p.csv", data, hints=RegisterImportSpec.hints())
        mapping = RegisterImportSpec.auto_map(reader.headers)
        result = execute_import(RegisterImportSpec, reader, mapping, ImportContext(user=user_a, commit=False))
    except ImportFileError as exc:
        assert str(exc)  # a whole-file problem, in words
        return
    non_empty = sum(1 for r in rows if any(c.strip() for c in r))
    assert result.total == non_empty
    assert result.valid + result.invalid_lines == result.total
    assert result.created == 0 and not result.committed
    last_line = len(rows) + 1
    for error in result.errors:
        assert 2 <= error.line <= last_line
        assert error.column in ("", "A", "B", "C", "D", "E", "F", "G")
        assert error.message and str(error).startswith(f"Dòng {error.line}")
    assert (Person.objects.count(), ObjectChange.objects.count()) == before


@SETTINGS
@given(
    people=st.lists(
        st.tuples(
            st.text(alphabet="ABCDEGHIKLMNOPQRSTUVXY" + VI.upper(), min_size=2, max_size=12),
            st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2009, 12, 31)),
            st.sampled_from(["male", "female"]),
            st.one_of(st.none(), st.integers(min_value=0, max_value=12)),
            st.booleans(),
        ),
        min_size=1,
        max_size=6,
        unique_by=lambda p: p[0],
    )
)
def test_valid_people_round_trip(people, user_a, commune_a):
    rows = []
    expected = {}
    for i, (name, dob, sex, grade, party) in enumerate(people):
        full = f"Nguyễn {name} {i}"
        number = cccd_for(dob, sex)
        expected[full] = (dob, sex, number, grade, party)
        rows.append(
            [full, dob.strftime("%d/%m/%Y"), "Nam" if sex == "male" else "Nữ", number, commune_a.name,
             "" if grade is None else f"{grade}/12", "x" if party else ""]
        )  # fmt: skip
    reader = open_table("p.csv", _csv(rows), hints=PersonImportSpec.hints())
    result = execute_import(
        PersonImportSpec, reader, PersonImportSpec.auto_map(reader.headers), ImportContext(user=user_a, commit=True)
    )
    assert result.committed and result.created == len(people), [str(e) for e in result.errors]
    for person in Person.objects.filter(full_name__in=list(expected)):
        dob, sex, number, grade, party = expected[person.full_name]
        assert (person.date_of_birth, person.sex, person.id_number) == (dob, sex, number)
        assert (person.education_grade, person.party_member) == (grade, party)
    Person.objects.filter(full_name__in=list(expected)).delete()


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 12, 31)))
def test_every_real_date_parses_in_each_office_format(day):
    for text in (
        day.strftime("%d/%m/%Y"),
        day.isoformat(),
        f"{day.day}/{day.month}/{day.year}",
        day.strftime("%d.%m.%Y"),
    ):
        assert parse_date(text) == day


@given(st.integers(1, 31), st.integers(1, 12), st.integers(1900, 2100))
def test_impossible_dates_never_parse_silently(d, m, y):
    text = f"{d:02d}/{m:02d}/{y}"
    try:
        parsed = parse_date(text)
    except CellError as exc:
        assert "không tồn tại" in str(exc)
    else:
        assert (parsed.day, parsed.month, parsed.year) == (d, m, y)
