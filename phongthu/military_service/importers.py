"""Importing the NVQS register (sổ đăng ký) offices keep in Excel: one row per citizen with
their registration (date, certificate, book, health class). People are checked exactly as in
the person importer; a row with a registration date opens the person's file as
REGISTERED_READY (or RESERVE for the reservists' book), with its status history row."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.db import models

from phongthu.core.bulk import FieldParser, Parser, Record, StatusHistory, cached
from phongthu.core.imports import CellError, Column, ImportContext, register_import_spec
from phongthu.core.text import search_key
from phongthu.military_service.choices import RegisterBook, RegistrationStatus
from phongthu.military_service.models import MilitaryServiceRegistration
from phongthu.military_service.registration_rules import current_rules
from phongthu.people.importers import PERSON_COLUMNS, PersonImportSpec
from phongthu.people.models import Person

Registration = MilitaryServiceRegistration

REGISTRATION_COLUMNS: list[Column] = [
    Column(
        "first_registration_date",
        "Ngày đăng ký NVQS",
        False,
        ("ngay dang ky", "ngay dang ky lan dau", "ngay dang ky nvqs lan dau", "dang ky ngay"),
        "08/04/2025",
        "Ngày đăng ký NVQS lần đầu (dd/mm/yyyy). Để trống nếu chưa đăng ký.",
    ),
    Column(
        "certificate_no",
        "Số GCN đăng ký",
        False,
        ("so giay chung nhan", "so gcn", "giay chung nhan dang ky nvqs", "so giay cn"),
        "125/GCN",
    ),
    Column(
        "register_book",
        "Sổ đăng ký",
        False,
        ("loai so", "so"),
        "Sẵn sàng nhập ngũ",
        "'Sẵn sàng nhập ngũ' (mặc định) hoặc 'Quân nhân dự bị'.",
    ),
    Column("reserve_grade", "Hạng dự bị", False, ("hang",), "", "1 hoặc 2; chỉ cho quân nhân dự bị."),
    Column("health_class", "Sức khỏe", False, ("phan loai suc khoe", "loai suc khoe", "suc khoe (loai)"), "2",
           "Phân loại sức khỏe 1–6 (ghi 2 hoặc Loại 2)."),
    # Facts the GNN forms count (Biểu 01A, 06/GNN).
    Column("village", "Thôn, tổ dân phố", False, ("thon", "to dan pho", "thon/to", "thon, ap"), "Thôn 3"),
    Column("illiterate", "Không biết chữ", False, ("mu chu",), "", "Ghi 'Có' nếu không biết chữ."),
    Column("residence_area", "Địa bàn", False, ("nong thon/thanh thi", "dia ban cu tru"), "Nông thôn",
           "'Nông thôn' hoặc 'Thành thị'."),
    Column("affiliation", "Đăng ký qua", False, ("co quan/nha truong",), "",
           "'Cơ quan, cơ sở nhà nước' hoặc 'Nhà trường'; để trống nếu đăng ký tại nơi cư trú."),
    Column("affiliation_name", "Tên cơ quan, nhà trường", False, ("ten co quan", "ten truong"), ""),
]  # fmt: skip
GNN_FIELDS = ("village", "illiterate", "residence_area", "affiliation", "affiliation_name")
_GNN_BLANKS = tuple((k, False if k == "illiterate" else "") for k in GNN_FIELDS)  # a blank cell's value
# Enum members looked up once (each look-up on the class costs a descriptor call a row).
_READY_BOOK = RegisterBook.SAN_SANG_NHAP_NGU
_RESERVE_BOOK = RegisterBook.QUAN_NHAN_DU_BI
_RESERVE = RegistrationStatus.RESERVE
_REGISTERED_READY = RegistrationStatus.REGISTERED_READY

_BOOK_WORDS = {
    "san sang nhap ngu": RegisterBook.SAN_SANG_NHAP_NGU,
    "ssnn": RegisterBook.SAN_SANG_NHAP_NGU,
    "quan nhan du bi": RegisterBook.QUAN_NHAN_DU_BI,
    "du bi": RegisterBook.QUAN_NHAN_DU_BI,
    "qndb": RegisterBook.QUAN_NHAN_DU_BI,
}


def _prefixed_int(base: Parser, *prefixes: str) -> Any:
    """'Loại 2', 'hạng 1' → the number; the field's validators still apply."""

    def parse(text: str) -> Any:
        key = search_key(text)
        for prefix in prefixes:
            if key.startswith(prefix):
                key = key[len(prefix) :].strip()
        words = {"mot": "1", "hai": "2"}
        return base(words.get(key, key) if text else "")

    return parse


def _book(base: Parser) -> Any:
    def parse(text: str) -> Any:
        key = search_key(text)
        for prefix in ("so dang ky cong dan ", "so dang ky "):
            key = key.removeprefix(prefix)
        return _BOOK_WORDS.get(key) or base(text)

    return parse


class RegisterImportSpec(PersonImportSpec):
    key = "military_service.register"
    title = "Sổ đăng ký NVQS (công dân và đăng ký)"
    columns: ClassVar[list[Column]] = [*PERSON_COLUMNS, *REGISTRATION_COLUMNS]
    targets: ClassVar[list[type[models.Model]]] = [Person, Registration]
    links: ClassVar[dict[type[models.Model], tuple[str, type[models.Model]]]] = {Registration: ("person_id", Person)}
    # Updating a registration (its status moves only by transitions) is not offered yet: the
    # register import creates; people's own fields are updated through the people import.
    match_key = ""
    status_history: ClassVar[dict[type[models.Model], StatusHistory]] = {
        Registration: StatusHistory(
            effective_date="first_registration_date",
            legal_ground="Điều 16 Luật Nghĩa vụ quân sự 2015",
            reason="Nhập từ sổ đăng ký (tệp Excel/CSV)",
        )
    }

    def prepare(self, ctx: ImportContext) -> None:
        super().prepare(ctx)
        meta = Registration._meta
        for column in REGISTRATION_COLUMNS:
            self.parsers[column.key] = FieldParser(meta.get_field(column.key))
        self.parsers["health_class"] = cached(_prefixed_int(self.parsers["health_class"], "loai"))
        self.parsers["reserve_grade"] = cached(_prefixed_int(self.parsers["reserve_grade"], "hang"))
        self.parsers["register_book"] = cached(_book(self.parsers["register_book"]))
        self.rules = current_rules()

    def build(self, cells: dict[str, Any], line: int, ctx: ImportContext) -> tuple[Record | None, dict[str, str]]:
        person, errors = self.person_values(cells)
        dob = person.get("date_of_birth")
        date = cells.get("first_registration_date")
        certificate = cells.get("certificate_no")
        has_registration = date not in (None, "") or certificate not in (None, "")
        registration: dict[str, Any] = {}
        if has_registration:
            if date is None:
                errors["first_registration_date"] = "Có số giấy chứng nhận nhưng thiếu ngày đăng ký NVQS."
            elif date > self.today:
                errors["first_registration_date"] = "Ngày đăng ký không được sau ngày hôm nay."
            elif isinstance(dob, datetime.date):
                errors.update(self._check_age(person["sex"], dob, date))
            book = cells.get("register_book") or _READY_BOOK
            grade = cells.get("reserve_grade")
            health = cells.get("health_class")
            errors.update(
                Registration.check_values(
                    health_class=health,
                    health_exam_date=None,
                    reserve_grade=grade,
                    register_book=book,
                )
            )
            registration = {
                "registering_unit_id": person.get("residence_unit_id"),
                "status": _RESERVE if book == _RESERVE_BOOK else _REGISTERED_READY,
                "first_registration_date": date,
                "certificate_no": certificate or "",
                "register_book": book,
                "reserve_grade": grade,
                "health_class": health,
            }
            for key, blank in _GNN_BLANKS:
                registration[key] = cells.get(key) or blank
        elif cells.get("health_class") or cells.get("reserve_grade"):
            errors[""] = "Có phân loại sức khỏe / hạng dự bị nhưng chưa có ngày đăng ký NVQS."
        if errors:
            return None, errors
        name = self.record_name(person)
        values: dict[type[models.Model], dict[str, Any]] = {Person: person}
        reprs: dict[type[models.Model], str] = {Person: name}
        if registration:
            values[Registration] = registration
            reprs[Registration] = f"Hồ sơ NVQS — {name}"
        return Record(line, values, reprs), {}

    def _check_age(self, sex: str, dob: datetime.date, date: datetime.date) -> dict[str, str]:
        """V-NVQS-1: registered in (or after) the year the man turns 17; women from 18."""
        rules = self.rules
        if sex == "female":
            born = dob.month * 100 + dob.day
            age = date.year - dob.year - ((date.month * 100 + date.day) < born)
            if age < rules.female_registration_age:
                return {
                    "first_registration_date": f"Công dân nữ đăng ký NVQS từ đủ {rules.female_registration_age} tuổi."
                }
            return {}
        if date.year < dob.year + rules.first_registration_age:
            return {
                "first_registration_date": (
                    f"Đăng ký năm {date.year} nhưng công dân sinh năm {dob.year}: chỉ đăng ký từ năm "
                    f"đủ {rules.first_registration_age} tuổi ({dob.year + rules.first_registration_age})."
                )
            }
        return {}


register_import_spec(RegisterImportSpec)

__all__ = ["CellError", "RegisterImportSpec"]
