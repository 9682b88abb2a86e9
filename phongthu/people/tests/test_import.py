"""The import pipeline on the people / NVQS register specs: bad files, bad cells, duplicates,
all-or-nothing vs valid-only, audit, and the database-specific write path (COPY on PostgreSQL)."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.db import connection
from openpyxl import Workbook

from phongthu.core import bulk
from phongthu.core import history as audit_trail
from phongthu.core.imports import (
    ImportContext,
    ImportFileError,
    execute_import,
    open_table,
    parse_date,
    spec_for,
)
from phongthu.core.models import BulkChangeRecord, ObjectChange, StatusChange
from phongthu.military_service.importers import RegisterImportSpec
from phongthu.military_service.models import MilitaryServiceRegistration
from phongthu.military_service.tests.fixtures import cccd_for
from phongthu.people.crud import PersonCrud
from phongthu.people.importers import PersonImportSpec
from phongthu.people.models import Person

pytestmark = pytest.mark.django_db

HEADER = ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Xã, phường thường trú", "Trình độ văn hóa"]


def _csv(rows: list[list[Any]], header: list[str] = HEADER, encoding: str = "utf-8") -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def _xlsx(rows, header=HEADER, *, above=None, edit=None):
    book = Workbook()
    sheet = book.active
    for row in above or []:
        sheet.append(row)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if edit:
        edit(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _run(data, user, *, name="f.csv", spec=PersonImportSpec, commit=True, valid_only=False, defaults=None):
    reader = open_table(name, data, hints=spec.hints())
    mapping = spec.auto_map(reader.headers)
    return execute_import(
        spec, reader, mapping, ImportContext(user=user, commit=commit, valid_only=valid_only, defaults=defaults or {})
    )


def _row(n, unit, *, dob=datetime.date(2007, 3, 4), name=None, cccd=None, grade="12/12"):
    return [n, name or f"Đỗ Văn Nhập {n}", dob.strftime("%d/%m/%Y"), cccd or cccd_for(dob), unit.name, grade]


# ---------------------------------------------------------------- reading cells


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10/09/2006", datetime.date(2006, 9, 10)),
        ("1/2/2006", datetime.date(2006, 2, 1)),
        ("10-09-2006", datetime.date(2006, 9, 10)),
        ("10.09.2006", datetime.date(2006, 9, 10)),
        ("2006-09-10", datetime.date(2006, 9, 10)),
        ("29/02/2008", datetime.date(2008, 2, 29)),
        ("38970", datetime.date(2006, 9, 10)),  # an Excel serial number
    ],
)
def test_dates_offices_write_are_accepted(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2006", "không tồn tại"),
        ("29/02/2007", "chỉ có 28 ngày"),
        ("10/13/2006", "tháng 13"),
        ("10/09/06", "4 chữ số"),
        ("2006", "không chỉ năm"),
        ("mười tháng chín", "không phải ngày"),
    ],
)
def test_impossible_or_ambiguous_dates_are_refused_with_a_reason(text, message):
    from phongthu.core.imports import CellError

    with pytest.raises(CellError, match=message):
        parse_date(text)


# ---------------------------------------------------------------- bad files write nothing


def _assert_nothing_written(before_people: int, before_changes: int) -> None:
    assert Person.objects.count() == before_people
    assert ObjectChange.objects.count() == before_changes


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.csv", b"", "rỗng"),
        ("a.csv", "Ten,Ngày sinh\nA,01/01/2007\n".encode("cp1252"), "UTF-8"),
        ("a.csv", b"\n\n  \n", "không có dữ liệu"),
        ("a.csv", "Họ và tên,Ngày sinh,Họ và tên\nA,01/01/2007,B\n".encode(), "trùng"),
        ("a.csv", "Họ và tên,Ngày sinh\nA,01/01/2007,thừa\n".encode(), "ngoài các cột có tiêu đề"),
        ("a.csv", ("Họ và tên,Ngày sinh\n" + "A" * 5000 + ",01/01/2007\n").encode(), "quá 2000"),
        ("a.pdf", b"%PDF-1.4", "Chỉ nhận"),
        ("a.xlsx", b"PK\x03\x04 not really a zip", "Excel"),
        ("a.csv", b"PK\x03\x04\x00\x00binary", "không phải CSV"),
    ],
)
def test_malformed_files_get_a_clear_message(name, data, message, user_a):
    before = Person.objects.count(), ObjectChange.objects.count()
    with pytest.raises(ImportFileError, match=message):
        reader = open_table(name, data, hints=PersonImportSpec.hints())
        list(reader.rows())
    _assert_nothing_written(*before)


def test_empty_xlsx_sheet(user_a):
    book = Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ImportFileError, match="trống"):
        open_table("a.xlsx", buffer.getvalue())


def test_merged_cells_in_the_data_are_refused_but_a_merged_title_is_fine(commune_a, user_a):
    title = [["SỔ ĐĂNG KÝ CÔNG DÂN SẴN SÀNG NHẬP NGŨ"]]
    ok = _xlsx([_row(1, commune_a)], above=title, edit=lambda s: s.merge_cells("A1:F1"))
    reader = open_table("a.xlsx", ok, hints=PersonImportSpec.hints())
    assert reader.header_line == 2
    bad = _xlsx([_row(1, commune_a), _row(2, commune_a)], edit=lambda s: s.merge_cells("E2:E3"))
    with pytest.raises(ImportFileError, match="E2:E3"):
        open_table("a.xlsx", bad, hints=PersonImportSpec.hints())


def test_formula_cells_are_refused(commune_a, user_a):
    data = _xlsx([_row(1, commune_a)], edit=lambda s: s.__setitem__("F2", "=6+6"))
    with pytest.raises(ImportFileError, match=r"F2.*công thức"):
        open_table("a.xlsx", data)


def test_a_file_with_bad_cells_writes_nothing_in_all_or_nothing_mode(commune_a, user_a):
    rows = [_row(1, commune_a), _row(2, commune_a, grade="lớp mười"), _row(3, commune_a)]
    rows[2][2] = "31/02/2007"
    before = Person.objects.count(), ObjectChange.objects.count()
    result = _run(_csv(rows), user_a)
    assert not result.committed and result.created == 0
    messages = [str(e) for e in result.errors]
    assert "Dòng 3, cột F (Trình độ văn hóa): 'lớp mười': ghi lớp đã học xong, ví dụ 12/12 hoặc 9." in messages
    assert any(m.startswith("Dòng 4, cột C (Ngày sinh): Ngày 31/02/2007 không tồn tại") for m in messages)
    _assert_nothing_written(*before)


def test_valid_only_writes_the_good_rows_with_one_audit_row_each(commune_a, user_a):
    rows = [_row(1, commune_a), _row(2, commune_a, grade="lớp mười"), _row(3, commune_a)]
    before_changes = ObjectChange.objects.count()
    result = _run(_csv(rows), user_a, valid_only=True)
    assert result.committed and result.created == 2 and result.invalid_lines == 1
    people = Person.objects.filter(full_name__startswith="Đỗ Văn Nhập")
    assert sorted(p.full_name for p in people) == ["Đỗ Văn Nhập 1", "Đỗ Văn Nhập 3"]
    assert all(p.education_grade == 12 and p.name_search.startswith("do van nhap") for p in people)
    from django.contrib.contenttypes.models import ContentType

    changes = [c for c in audit_trail.created_by_job(Person, "") if c.object_id in {str(p.pk) for p in people}]
    assert len(changes) == 2
    # The compact layout: one summary row for the chunk, one record row per person.
    assert ObjectChange.objects.count() - before_changes == 1
    assert BulkChangeRecord.objects.filter(change__content_type=ContentType.objects.get_for_model(Person)).count() == 2
    change = changes[0]
    assert change.user_name == user_a.username and change.unit_id == commune_a.pk
    # The bulk audit row records the same snapshot the save signal would.
    from phongthu.core.audit import snapshot

    person = Person.objects.get(pk=change.object_id)
    assert change.after == snapshot(person)


def test_excel_drops_the_leading_zero_of_cccd_and_12_12_grades(commune_a, user_a):
    dob = datetime.date(2007, 5, 6)
    number = cccd_for(dob)
    rows = [[1, "Lê Văn Số", dob, int(number), commune_a.name, "9/12"]]
    result = _run(_xlsx(rows), user_a, name="a.xlsx")
    assert result.committed, [str(e) for e in result.errors]
    person = Person.objects.get(full_name="Lê Văn Số")
    assert person.id_number == number and person.education_grade == 9 and person.date_of_birth == dob


def test_cccd_is_checked_against_birth_year_and_sex(commune_a, user_a):
    rows = [_row(1, commune_a, cccd=cccd_for(datetime.date(2005, 1, 1)))]
    result = _run(_csv(rows), user_a)
    assert any("không khớp với ngày sinh" in str(e) and "cột D" in str(e) for e in result.errors)


def test_units_out_of_scope_or_unknown_are_refused(commune_a, commune_b, user_a):
    rows = [_row(1, commune_b), [2, "Người Lạ", "01/01/2007", "", "Xã Không Có", "12"]]
    result = _run(_csv(rows), user_a)
    messages = [str(e) for e in result.errors]
    assert any(m.startswith("Dòng 2, cột E") and "phạm vi" in m for m in messages)
    assert any(m.startswith("Dòng 3, cột E") for m in messages)
    assert not Person.objects.filter(residence_unit=commune_b).exists()


def test_missing_required_column(user_a):
    result = _run(_csv([["A", "01/01/2007"]], header=["Họ và tên", "Ngày sinh"]), user_a)
    assert "Thiếu cột bắt buộc: Xã, phường thường trú" in str(result.errors[0])


def test_a_default_unit_fills_the_missing_column(commune_a, user_a):
    data = _csv([["Phan Văn Mặc Định", "01/01/2007"]], header=["Họ và tên", "Ngày sinh"])
    result = _run(data, user_a, defaults={"residence_unit": commune_a.pk})
    assert result.committed
    assert Person.objects.get(full_name="Phan Văn Mặc Định").residence_unit == commune_a


# ---------------------------------------------------------------- duplicates


def test_duplicates_inside_the_file(commune_a, user_a):
    dob = datetime.date(2007, 3, 4)
    number = cccd_for(dob)
    rows = [
        _row(1, commune_a, cccd=number),
        _row(2, commune_a, cccd=number),
        [3, "Trần Văn Trùng", "04/03/2007", "", commune_a.name, "12"],
        [4, "Tran Van  Trùng", "04/03/2007", "", commune_a.name, "12"],
    ]
    result = _run(_csv(rows), user_a, valid_only=True)
    messages = [str(e) for e in result.errors]
    assert "Dòng 3: Trùng số CCCD với dòng 2 của tệp; mỗi công dân chỉ ghi một dòng." in messages
    assert any(m.startswith("Dòng 5: Trùng họ tên, ngày sinh") for m in messages)
    assert result.created == 2 and result.duplicates == 2


def test_duplicates_against_the_database_even_outside_the_users_scope(make_person, commune_a, commune_b, user_a):
    elsewhere = make_person(commune_b)
    here = make_person(commune_a, name="Vũ Văn Đã Có", dob=datetime.date(2007, 8, 8))
    rows = [
        _row(1, commune_a, cccd=elsewhere.id_number, dob=elsewhere.date_of_birth),
        [2, "Vũ Văn Đã Có", "08/08/2007", "", commune_a.name, "12"],
        _row(3, commune_a),
    ]
    before = Person.objects.count()
    result = _run(_csv(rows), user_a)
    messages = [str(e) for e in result.errors]
    assert any(m.startswith("Dòng 2: Số CCCD đã có trong hệ thống") for m in messages)
    assert any(m.startswith("Dòng 3: Đã có công dân cùng họ tên") for m in messages)
    assert not result.committed and Person.objects.count() == before
    assert str(elsewhere.residence_unit) not in " ".join(messages)  # no leak of where
    result = _run(_csv(rows), user_a, valid_only=True)
    assert result.created == 1 and here.pk


# ---------------------------------------------------------------- register (people + files)


def test_register_import_opens_files_with_history(commune_a, user_a):
    header = [*HEADER, "Ngày đăng ký NVQS", "Số GCN đăng ký", "Sổ đăng ký", "Hạng dự bị", "Sức khỏe"]
    rows = [
        [*_row(1, commune_a, dob=datetime.date(2006, 1, 1)), "08/04/2023", "12/GCN", "", "", "Loại 2"],
        [*_row(2, commune_a, dob=datetime.date(1998, 1, 1)), "10/04/2015", "", "Quân nhân dự bị", "Hạng một", ""],
        [*_row(3, commune_a, dob=datetime.date(2008, 1, 1)), "", "", "", "", ""],
        [*_row(4, commune_a, dob=datetime.date(2009, 1, 1)), "01/04/2025", "", "", "", ""],
        [*_row(5, commune_a, dob=datetime.date(2006, 2, 1)), "", "", "", "1", ""],
    ]
    result = _run(_csv(rows, header=header), user_a, spec=RegisterImportSpec, valid_only=True)
    messages = [str(e) for e in result.errors]
    assert any(m.startswith("Dòng 5, cột G (Ngày đăng ký NVQS): Đăng ký năm 2025") for m in messages)
    assert any(m.startswith("Dòng 6: Có phân loại sức khỏe / hạng dự bị") for m in messages)
    assert result.created == 3
    ready = MilitaryServiceRegistration.objects.get(person__full_name="Đỗ Văn Nhập 1")
    assert (ready.status, ready.health_class, ready.certificate_no) == ("REGISTERED_READY", 2, "12/GCN")
    reserve = MilitaryServiceRegistration.objects.get(person__full_name="Đỗ Văn Nhập 2")
    assert (reserve.status, reserve.register_book, reserve.reserve_grade) == ("RESERVE", "QUAN_NHAN_DU_BI", 1)
    assert not MilitaryServiceRegistration.objects.filter(person__full_name="Đỗ Văn Nhập 3").exists()
    history = StatusChange.objects.exclude(field="eligibility").get(object_id=str(ready.pk))
    assert history.to_status == "REGISTERED_READY" and history.effective_date == datetime.date(2023, 4, 8)
    created = audit_trail.trail([(MilitaryServiceRegistration, ready.pk)])
    assert [(c.action, c.user_name) for c in created] == [("create", user_a.username)]


def test_the_write_path_matches_the_database(commune_a, user_a, monkeypatch):
    """PostgreSQL stages rows with COPY; other databases keep them for bulk_create."""
    used: list[str] = []
    for cls in (bulk._PostgresWriter, bulk._MemoryWriter):
        original = cls.stage

        def spy(self, records, *args, _original=original, _name=cls.__name__):
            used.append(_name)
            return _original(self, records, *args)

        monkeypatch.setattr(cls, "stage", spy)
    result = _run(_csv([_row(1, commune_a), _row(2, commune_a)]), user_a)
    assert result.created == 2
    expected = "_PostgresWriter" if connection.vendor == "postgresql" else "_MemoryWriter"
    assert used == [expected]


# ---------------------------------------------------------------- the registry of specs


def test_the_people_screen_imports_through_the_fast_spec(commune_a, user_a):
    spec = spec_for(PersonCrud.import_key())
    assert spec is PersonImportSpec
    reader = open_table("a.csv", _csv([_row(1, commune_a)]), hints=spec.hints())
    mapping = spec.auto_map(reader.headers)
    assert spec.missing(mapping) == [] and mapping["full_name"] == 1
    result = _run(_csv([_row(1, commune_a)]), user_a, commit=False)
    assert result.valid == 1 and not result.errors and not Person.objects.filter(full_name="Đỗ Văn Nhập 1").exists()
    result = _run(_csv([_row(1, commune_a)]), user_a)
    assert result.committed and Person.objects.filter(full_name="Đỗ Văn Nhập 1").exists()


def test_generic_form_import_still_validates_with_the_form(make_person, commune_a, user_a):
    from phongthu.people.crud import FamilyRelationCrud

    person = make_person(commune_a)
    header = ["Công dân", "Quan hệ", "Họ tên người thân", "Diện chính sách / tình trạng"]
    data = _csv([[person.pk, "Cha", "Nguyễn Văn Bố", "Liệt sĩ"], [person.pk, "Chú", "X", ""]], header=header)
    spec = spec_for(FamilyRelationCrud.import_key())
    assert spec is not None
    result = _run(data, user_a, spec=spec, valid_only=True)
    assert result.created == 1 and result.committed
    assert any(str(e).startswith("Dòng 3, cột B (quan hệ)") for e in result.errors)
