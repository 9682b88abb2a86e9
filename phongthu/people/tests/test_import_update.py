"""Imports that update people already in the register (issue 12 item 4): matched by CCCD, a
dry run that lists the changes in words and writes nothing, audited updates, scope, and the
same all-or-nothing / valid-only choice as creation."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType

from phongthu.core.imports import ImportContext, execute_import, open_table
from phongthu.core.models import ObjectChange
from phongthu.military_service.tests.fixtures import cccd_for
from phongthu.people.importers import PersonImportSpec
from phongthu.people.models import Person

pytestmark = pytest.mark.django_db

HEADER = ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Xã, phường thường trú", "Trình độ văn hóa", "Điện thoại"]


def _csv(rows: list[list[Any]]) -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode()


def _run(rows, user, *, mode="upsert", commit=True, valid_only=False):
    spec = PersonImportSpec
    reader = open_table("f.csv", _csv(rows), hints=spec.hints())
    mapping = spec.auto_map(reader.headers)
    ctx = ImportContext(user=user, commit=commit, valid_only=valid_only, mode=mode)
    return execute_import(spec, reader, mapping, ctx)


def _changes(person: Person) -> list[ObjectChange]:
    ct = ContentType.objects.get_for_model(Person)
    return list(ObjectChange.objects.filter(content_type=ct, object_id=str(person.pk), action="update"))


def test_dry_run_lists_changes_in_words_and_writes_nothing(make_person, commune_a, user_a):
    person = make_person(commune_a, name="Trần Văn Cũ", education_grade=9)
    before = ObjectChange.objects.count()
    # Empty name and date cells leave the stored values; grade and phone change.
    rows = [[1, "", "", person.id_number, "", "12/12", "0912345678"]]
    result = _run(rows, user_a, commit=False)
    assert result.error_count == 0, result.errors
    assert not result.committed and result.updated == 1 and result.created == 0
    (entry,) = result.updates
    assert entry["line"] == 2 and "Trần Văn Cũ" in entry["name"]
    changes = {label: (old, new) for label, old, new in entry["changes"]}
    grade = str(Person._meta.get_field("education_grade").verbose_name)
    assert changes[grade[:1].upper() + grade[1:]] == ("9", "12")
    assert ("", "0912345678") in changes.values()
    assert len(changes) == 2  # nothing else is touched
    person.refresh_from_db()
    assert person.education_grade == 9 and person.phone == ""
    assert ObjectChange.objects.count() == before


def test_apply_updates_and_audits_before_and_after(make_person, commune_a, user_a):
    person = make_person(commune_a, name="Trần Văn Cũ", education_grade=9)
    rows = [[1, "Trần  Văn Mới", "", person.id_number, "", "12/12", ""]]
    result = _run(rows, user_a)
    assert result.committed and result.updated == 1 and result.created == 0, result.errors
    person.refresh_from_db()
    assert person.full_name == "Trần Văn Mới" and person.education_grade == 12
    assert person.name_search == "tran van moi"
    (change,) = _changes(person)
    assert change.before["full_name"] == "Trần Văn Cũ" and change.after["full_name"] == "Trần Văn Mới"
    assert change.before["education_grade"] == 9 and change.after["education_grade"] == 12
    assert change.user_name == user_a.username


def test_upsert_creates_unmatched_rows_and_update_only_refuses_them(make_person, commune_a, user_a):
    person = make_person(commune_a, education_grade=9)
    dob = datetime.date(2007, 5, 6)
    new_row = [2, "Lê Văn Mới Thêm", dob.strftime("%d/%m/%Y"), cccd_for(dob), commune_a.name, "12/12", ""]
    rows = [[1, "", "", person.id_number, "", "12/12", ""], new_row]
    refused = _run(rows, user_a, mode="update")
    assert not refused.committed and refused.error_count == 1
    assert "Dòng 3" in str(refused.errors[0]) and "Chỉ cập nhật" in str(refused.errors[0])
    assert not Person.objects.filter(full_name="Lê Văn Mới Thêm").exists()
    person.refresh_from_db()
    assert person.education_grade == 9  # all or nothing
    done = _run(rows, user_a, mode="upsert")
    assert done.committed and done.updated == 1 and done.created == 1, done.errors
    assert Person.objects.filter(full_name="Lê Văn Mới Thêm").exists()
    person.refresh_from_db()
    assert person.education_grade == 12


def test_a_match_outside_the_users_scope_is_refused(make_person, commune_a, commune_b, user_a):
    other = make_person(commune_b, education_grade=9)
    result = _run([[1, "", "", other.id_number, "", "12/12", ""]], user_a)
    assert not result.committed and result.error_count == 1
    message = str(result.errors[0])
    assert message.startswith("Dòng 2") and "ngoài phạm vi" in message
    other.refresh_from_db()
    assert other.education_grade == 9 and not _changes(other)


def test_one_bad_row_rolls_everything_back_unless_valid_only(make_person, commune_a, user_a):
    good = make_person(commune_a, education_grade=9)
    bad = make_person(commune_a, education_grade=9, dob=datetime.date(2006, 2, 3))
    rows = [
        [1, "", "", good.id_number, "", "12/12", ""],
        # A birth date the CCCD contradicts (Person.check_facts) and a future one.
        [2, "", "01/01/2099", bad.id_number, "", "12/12", ""],
    ]
    before = ObjectChange.objects.count()
    result = _run(rows, user_a)
    assert not result.committed and result.error_count >= 1
    assert all(e.line == 3 for e in result.errors)
    assert any("Ngày sinh" in str(e) for e in result.errors)
    good.refresh_from_db()
    assert good.education_grade == 9 and ObjectChange.objects.count() == before
    partial = _run(rows, user_a, valid_only=True)
    assert partial.committed and partial.updated == 1
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.education_grade == 12 and bad.date_of_birth == datetime.date(2006, 2, 3)


def test_bad_cell_names_row_and_column(make_person, commune_a, user_a):
    person = make_person(commune_a, education_grade=9)
    result = _run([[1, "", "", person.id_number, "", "lớp mười", ""]], user_a, commit=False)
    assert result.error_count == 1
    assert str(result.errors[0]).startswith("Dòng 2, cột F (Trình độ văn hóa)")


def test_same_person_twice_in_the_file_is_refused(make_person, commune_a, user_a):
    person = make_person(commune_a, education_grade=9)
    rows = [[1, "", "", person.id_number, "", "12/12", ""], [2, "", "", person.id_number, "", "9", ""]]
    result = _run(rows, user_a, commit=False)
    assert result.error_count == 1 and result.errors[0].line == 3 and "dòng 2" in result.errors[0].message


def test_unchanged_rows_write_nothing(make_person, commune_a, user_a):
    person = make_person(commune_a, education_grade=12)
    result = _run([[1, "", "", person.id_number, "", "12/12", ""]], user_a)
    assert result.updated == 0 and result.unchanged == 1 and not _changes(person)


def test_the_register_import_does_not_offer_updates(make_person, commune_a, user_a):
    from phongthu.military_service.importers import RegisterImportSpec

    assert RegisterImportSpec.match_key == "" and PersonImportSpec.match_key == "id_number"
