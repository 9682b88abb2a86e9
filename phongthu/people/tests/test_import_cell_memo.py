"""What the per-column memo and the one-pass row parse (core.bulk) must not change: a refused
cell is refused on every row it appears in, a row names every bad cell, a blank cell of a
defaulted column takes the default, and nothing remembered in one import reaches another."""

from __future__ import annotations

import datetime

import pytest
from django.core.validators import RegexValidator
from django.db import models

from phongthu.core.bulk import FieldParser
from phongthu.core.imports import CellError
from phongthu.people.tests.test_import import _csv, _row, _run

pytestmark = pytest.mark.django_db


def test_a_refused_cell_is_refused_on_every_row_it_appears_in(commune_a, user_a):
    rows = [_row(n, commune_a) for n in range(1, 5)]
    rows[0][2] = rows[2][2] = "31/02/2007"  # the same bad date twice, around a good row
    rows[1][5] = rows[3][5] = "lớp mười"
    result = _run(_csv(rows), user_a, commit=False)
    messages = [str(e) for e in result.errors]
    assert sum(m.startswith(("Dòng 2, cột C", "Dòng 4, cột C")) for m in messages) == 2
    assert sum("'lớp mười': ghi lớp đã học xong" in m for m in messages) == 2
    assert result.invalid_lines == 4


def test_a_row_with_several_bad_cells_names_each_of_them(commune_a, user_a):
    row = _row(1, commune_a, grade="lớp mười")
    row[2] = "2007"
    row[4] = "Xã Không Có"
    result = _run(_csv([_row(2, commune_a), row]), user_a, commit=False)
    columns = sorted(str(e).split(":")[0] for e in result.errors)
    assert columns == [
        "Dòng 3, cột C (Ngày sinh)",
        "Dòng 3, cột E (Xã, phường thường trú)",
        "Dòng 3, cột F (Trình độ văn hóa)",
    ]


def test_a_blank_cell_of_a_defaulted_column_takes_the_default(commune_a, commune_a2, region_user):
    blank = _row(1, commune_a, name="Phan Văn Trống")
    blank[4] = ""
    bad = _row(2, commune_a, name="Phan Văn Sai")
    bad[4], bad[2] = "", "30/02/2007"
    given = _row(3, commune_a2, name="Phan Văn Có")
    given[4] = str(commune_a2.pk)  # by id: test communes may share a name with other units
    result = _run(_csv([blank, bad, given]), region_user, valid_only=True, defaults={"residence_unit": commune_a.pk})
    assert [str(e).split(":")[0] for e in result.errors] == ["Dòng 3, cột C (Ngày sinh)"]
    from phongthu.people.models import Person

    people = dict(Person.objects.filter(full_name__startswith="Phan Văn").values_list("full_name", "residence_unit"))
    assert people == {"Phan Văn Trống": commune_a.pk, "Phan Văn Có": commune_a2.pk}


def test_nothing_remembered_in_one_import_reaches_the_next(commune_a, user_a, user_b):
    data = _csv([_row(1, commune_a, name="Lê   Văn  Nhớ")])
    first = _run(data, user_a, commit=False)
    assert first.valid == 1 and not first.errors
    second = _run(data, user_b, commit=False)  # commune_a is outside user_b's scope
    assert second.valid == 0
    assert any(str(e).startswith("Dòng 2, cột E") and "phạm vi" in str(e) for e in second.errors)
    third = _run(data, user_a, commit=True)
    from phongthu.people.models import Person

    person = Person.objects.get(full_name="Lê Văn Nhớ")
    assert third.created == 1 and person.name_search == "le van nho"
    assert person.date_of_birth == datetime.date(2007, 3, 4)


def test_a_regex_rule_of_the_field_keeps_its_meaning_and_message():
    rule = RegexValidator(r"x", "Không được có chữ x.", code="no_x", inverse_match=True)
    parse = FieldParser(models.CharField(max_length=10, blank=True, validators=[rule]))
    assert parse("  a   b ") == "a b"
    for _ in range(2):  # refused again: a refusal is never remembered as a value
        with pytest.raises(CellError, match=r"Không được có chữ x\."):
            parse("axb")
    only_digits = FieldParser(models.CharField(max_length=4, validators=[RegexValidator(r"^\d+$", "Chỉ ghi số.")]))
    assert only_digits("12") == "12"
    with pytest.raises(CellError, match=r"Chỉ ghi số\."):
        only_digits("1a")
    with pytest.raises(CellError, match=r"Không được để trống\."):
        only_digits("")


def test_the_collector_threshold_is_raised_during_an_import_and_restored_after(commune_a, user_a):
    import gc

    from phongthu.core.imports import ImportFileError
    from phongthu.people.importers import PersonImportSpec

    seen: list[int] = []

    class Watched(PersonImportSpec):
        def build(self, cells, line, ctx):  # type: ignore[no-untyped-def]
            seen.append(gc.get_threshold()[0])
            return super().build(cells, line, ctx)

    before = gc.get_threshold()
    result = _run(_csv([_row(1, commune_a), _row(2, commune_a)]), user_a, spec=Watched)
    assert result.committed and seen and min(seen) >= 50_000
    assert gc.get_threshold() == before
    stray = [*_row(3, commune_a), "", "dữ liệu thừa"]  # a cell outside the headed columns
    with pytest.raises(ImportFileError):
        _run(_csv([_row(4, commune_a), stray]), user_a, spec=Watched)
    assert gc.get_threshold() == before
