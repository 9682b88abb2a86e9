"""Importing citizens from the registers offices keep in Excel (fast path, core.bulk).

Columns are matched by the headers offices write ("Họ và tên", "Ngày sinh", "Số CCCD",
"Trình độ văn hóa" as "12/12", …), with or without diacritics. Every cell is checked with the
Person field's own validators, then `Person.check_facts` (V-ID-1 against birth date and sex).
Duplicates: the same CCCD, or the same name + birth date + commune, in the file or already in
the database (V-ID-2)."""

from __future__ import annotations

import datetime
import re
from typing import Any, ClassVar

from django.db import models

from phongthu.core.bulk import FastImportSpec, FieldParser, Parser, Record, UnitLookup, cached
from phongthu.core.imports import CellError, Column, ImportContext, register_import_spec
from phongthu.core.text import search_key, sort_key
from phongthu.people.models import Person

PERSON_COLUMNS: list[Column] = [
    Column("full_name", "Họ và tên", True, ("ho ten", "ho va ten cong dan", "ten"), "Nguyễn Văn An"),
    Column(
        "date_of_birth",
        "Ngày sinh",
        True,
        ("ngay thang nam sinh", "ngay, thang, nam sinh", "sinh ngay", "ngay sinh (dd/mm/yyyy)"),
        "10/09/2008",
        "Ghi dd/mm/yyyy, ví dụ 10/09/2008; hoặc định dạng ô Ngày của Excel.",
    ),
    Column("sex", "Giới tính", False, ("nam/nu", "gioi"), "Nam", "Nam hoặc Nữ; để trống là Nam."),
    Column(
        "id_number",
        "Số CCCD",
        False,
        (
            "so dinh danh ca nhan",
            "so dinh danh",
            "cccd",
            "so can cuoc",
            "so can cuoc cong dan",
            "so cccd/ddcn",
            "cmnd/cccd",
        ),
        "031208001234",
        "12 chữ số; định dạng cột là Văn bản (Text) để giữ số 0 đầu.",
    ),
    Column("ethnicity", "Dân tộc", False, (), "Kinh"),
    Column("religion", "Tôn giáo", False, (), "Không"),
    Column(
        "residence_unit",
        "Xã, phường thường trú",
        True,
        ("xa, phuong", "xa/phuong", "xa phuong", "don vi", "phuong, xa", "noi thuong tru (xa, phuong)", "ma xa"),
        "Phường An Dương",
        "Tên hoặc mã xã, phường (trong phạm vi bạn được nhập). Có thể bỏ cột này và chọn xã, phường khi nhập.",
    ),
    Column(
        "residence_address",
        "Địa chỉ thường trú",
        False,
        ("noi thuong tru", "thon, to dan pho", "thon/to dan pho", "dia chi", "noi o hien nay", "cho o hien nay"),
        "Tổ dân phố số 3",
    ),
    Column("temporary_address", "Địa chỉ tạm trú", False, ("noi tam tru", "tam tru"), ""),
    Column(
        "education_grade",
        "Trình độ văn hóa",
        False,
        ("van hoa", "trinh do hoc van", "hoc van", "trinh do van hoa (lop)"),
        "12/12",
        "Lớp cao nhất đã học xong: 12/12, 9/12 hoặc 9.",
    ),
    Column("training_level", "Trình độ chuyên môn", False, ("trinh do dao tao", "chuyen mon", "trinh do cmkt"), ""),
    Column("studying", "Đang học", False, ("hien dang hoc", "dang hoc tai"), "Đang học phổ thông"),
    Column("higher_education_completed", "Đã tốt nghiệp", False, ("tot nghiep",), ""),
    Column("occupation", "Nghề nghiệp", False, ("nghe nghiep, noi lam viec",), "Học sinh"),
    Column(
        "workplace", "Nơi làm việc, học tập", False, ("noi lam viec", "noi hoc tap", "don vi cong tac", "truong"), ""
    ),
    Column("party_member", "Đảng viên", False, ("dang vien (x)",), "", "x hoặc Có nếu là đảng viên."),
    Column("union_member", "Đoàn viên", False, ("doan vien (x)",), "x", "x hoặc Có nếu là đoàn viên."),
    Column("phone", "Điện thoại", False, ("so dien thoai", "sdt", "dt"), ""),
    Column("note", "Ghi chú", False, (), ""),
]

_PERSON_KEYS = tuple(c.key for c in PERSON_COLUMNS)
_TRAINING_WORDS = {
    "trung cap": "VOCATIONAL",
    "so cap": "VOCATIONAL",
    "trung cap nghe": "VOCATIONAL",
    "nghe": "VOCATIONAL",
    "thac si": "POSTGRADUATE",
    "tien si": "POSTGRADUATE",
    "khong": "NONE",
    "chua": "NONE",
    "dai hoc": "UNIVERSITY",
    "cao dang": "COLLEGE",
}
_STUDYING_WORDS = {
    "pho thong": "general",
    "thpt": "general",
    "thcs": "general",
    "hoc sinh": "general",
    "dai hoc": "university_regular",
    "cao dang": "college_regular",
    "khac": "other",
    "khong": "",
}
_NAME_KEYS_KEPT = 50_000  # distinct names whose keys are remembered per import (≈ 15 MB at most)
_GRADE = re.compile(r"^(\d{1,2})\s*(?:/\s*(?:10|12))?$")


class _Synonyms:
    """A choice parser that also knows the words offices write ("trung cấp", "THPT", …)."""

    def __init__(self, base: Parser, words: dict[str, str]) -> None:
        self.base = base
        self.words = words

    def __call__(self, text: str) -> Any:
        key = search_key(text)
        if key in self.words:
            return self.words[key]
        return self.base(text)


def _parse_grade(base: Parser) -> Any:
    def parse(text: str) -> Any:
        match = _GRADE.match(text.strip())
        if text.strip() and not match:
            raise CellError(f"'{text}': ghi lớp đã học xong, ví dụ 12/12 hoặc 9.")
        return base(match[1] if match else "")

    return parse


_CCCD_SEPARATORS = re.compile(r"[\s.\-]")
_EXPONENT = re.compile(r"\d(\.\d+)?[eE]\+\d+")


def _parse_cccd(base: Parser) -> Any:
    def parse(text: str) -> Any:
        if text.isdigit():  # nothing to strip, and no exponent: the usual cell
            digits = text
        else:
            digits = _CCCD_SEPARATORS.sub("", text)
            if _EXPONENT.fullmatch(text.strip()):
                raise CellError(
                    f"'{text}': Excel đã đổi số CCCD thành dạng số mũ và làm mất chữ số. "
                    "Hãy định dạng cột là Văn bản (Text) và gõ lại số."
                )
        if len(digits) == 11 and digits.isdigit():
            digits = "0" + digits  # Excel drops the leading 0 of every province code (001–096)
        return base(digits)

    return parse


class PersonImportSpec(FastImportSpec):
    key = "people.person"
    title = "Công dân"
    model = Person
    columns: ClassVar[list[Column]] = PERSON_COLUMNS
    targets: ClassVar[list[type[models.Model]]] = [Person]
    duplicate_keys: ClassVar[list[tuple[str, type[models.Model], tuple[str, ...]]]] = [
        ("cccd", Person, ("id_number",)),
        ("identity", Person, ("name_search", "date_of_birth", "residence_unit_id")),
    ]
    owning_unit = (Person, "residence_unit_id")
    default_fields = ("residence_unit",)
    match_key = "id_number"  # "cập nhật người đã có" finds people by CCCD

    def prepare(self, ctx: ImportContext) -> None:
        self.today = datetime.date.today()
        # Per import: a name's search and sort keys, a birth date as the audit text shows it.
        self.name_keys: dict[str, tuple[str, bytes]] = {}
        self.date_texts: dict[datetime.date, str] = {}
        units = UnitLookup(ctx.user)
        self.units = units
        meta = Person._meta
        fields = {
            c.key: FieldParser(meta.get_field(c.key), units if c.key == "residence_unit" else None)
            for c in PERSON_COLUMNS
        }
        self.parsers.update(fields)
        self.parsers["education_grade"] = cached(_parse_grade(fields["education_grade"].parse))
        self.parsers["id_number"] = _parse_cccd(fields["id_number"].parse)
        self.parsers["training_level"] = cached(_Synonyms(fields["training_level"].parse, _TRAINING_WORDS))
        self.parsers["studying"] = cached(_Synonyms(fields["studying"].parse, _STUDYING_WORDS))
        if "residence_unit" in ctx.defaults:
            ctx.defaults["residence_unit"] = units(str(ctx.defaults["residence_unit"]))

    def person_values(self, cells: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        values = {key: cells[key] for key in _PERSON_KEYS if key in cells}
        values["residence_unit_id"] = values.pop("residence_unit")
        if not values.get("sex"):
            values["sex"] = "male"
        name = " ".join(str(values["full_name"]).split())
        values["full_name"] = name
        keys = self.name_keys.get(name)
        if keys is None:
            keys = (search_key(name), sort_key(name))
            if len(self.name_keys) < _NAME_KEYS_KEPT:
                self.name_keys[name] = keys
        values["name_search"], values["name_sort"] = keys
        if values.get("id_number") == "":
            values["id_number"] = None
        facts = Person.check_facts(
            date_of_birth=values["date_of_birth"],
            sex=values["sex"],
            id_number=values.get("id_number"),
            today=self.today,
        )
        errors = {key: " ".join(messages) for key, messages in facts.items()} if facts else {}
        return values, errors

    def record_name(self, values: dict[str, Any]) -> str:
        """The audit repr of the person, as `Person.__str__` writes it: "Name (dd/mm/yyyy)"."""
        dob = values["date_of_birth"]
        text = self.date_texts.get(dob)
        if text is None:
            text = self.date_texts[dob] = f"{dob:%d/%m/%Y}"
        return f"{values['full_name']} ({text})"

    def build(self, cells: dict[str, Any], line: int, ctx: ImportContext) -> tuple[Record | None, dict[str, str]]:
        values, errors = self.person_values(cells)
        if errors:
            return None, errors
        return Record(line, {Person: values}, {Person: self.record_name(values)}), {}


register_import_spec(PersonImportSpec)
