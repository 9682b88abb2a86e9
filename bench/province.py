"""A realistic synthetic province for the benchmarks: the real Hải Phòng units (2025 map, demo
defense regions), and N citizens of military-service age with their NVQS files.

    .venv/bin/python bench/province.py --db postgres://postgres:postgres@127.0.0.1:5432/phongthu_bench \
        --people 1000000 --csv /tmp/province.csv          # write the office-layout CSV
    .venv/bin/python bench/province.py --db sqlite:////tmp/phongthu_bench.sqlite3 --people 1000000 --load

Distributions (rough, from the seed reports and national statistics): ages 16–27 with men
≈ 92 %; surnames by national frequency; education 12/12 ≈ 68 %, 9/12 ≈ 22 %, lower ≈ 10 %;
health (when examined, ≈ 55 %) class 1 ≈ 8 %, 2 ≈ 44 %, 3 ≈ 31 %, 4 ≈ 13 %, 5–6 ≈ 4 %;
about 3 % assert a deferment/exemption ground; communes weighted by a long-tailed size.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SURNAMES = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 5), ("Vũ", 4), ("Phan", 4.5),
    ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1), ("Lý", 0.5),
    ("Đào", 0.9), ("Đinh", 0.8), ("Lương", 0.6), ("Mạc", 0.4), ("Tạ", 0.3), ("Trịnh", 0.5),
]  # fmt: skip
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Xuân", "Công", "Duy", "Tiến", "Ngọc", "Hoàng", "Trung"]
MIDDLE_FEMALE = ["Thị", "Ngọc", "Thu", "Minh", "Phương", "Hồng", "Thanh"]
GIVEN_MALE = [
    "Anh", "Hùng", "Dũng", "Tuấn", "Nam", "Long", "Hải", "Sơn", "Thắng", "Cường", "Phong", "Quân", "Đạt", "Huy",
    "Khánh", "Lâm", "Mạnh", "Nghĩa", "Phúc", "Quý", "Tài", "Thịnh", "Trung", "Vinh", "Việt", "Bảo", "Đông", "Hiếu",
]  # fmt: skip
GIVEN_FEMALE = ["Lan", "Hương", "Mai", "Linh", "Trang", "Hà", "Ngọc", "Thảo", "Yến", "Huyền"]
OCCUPATIONS = [("Học sinh", 22), ("Sinh viên", 14), ("Lao động tự do", 20), ("Công nhân", 25), ("Nông dân", 8),
               ("Kinh doanh", 6), ("Thợ xây", 5)]  # fmt: skip
GROUNDS = ["TH_B", "TH_C", "TH_D", "TH_E", "MI_A", "MI_B", "MI_C"]

HEADER = [
    "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Dân tộc", "Xã, phường thường trú",
    "Địa chỉ thường trú", "Trình độ văn hóa", "Đang học", "Nghề nghiệp", "Đoàn viên",
    "Ngày đăng ký NVQS", "Số GCN đăng ký", "Sổ đăng ký", "Sức khỏe",
]  # fmt: skip


@dataclass
class Citizen:
    full_name: str
    date_of_birth: datetime.date
    sex: str
    id_number: str
    unit_id: int
    unit_name: str
    address: str
    grade: int
    studying: str
    occupation: str
    union: bool
    registered: datetime.date | None
    certificate: str
    health: int | None
    ground: str | None


def setup_django(db_url: str) -> None:
    os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def ensure_database(db_url: str) -> None:
    """Create the PostgreSQL database if needed, migrate, and load the real Hải Phòng units."""
    if db_url.startswith("postgres"):
        import psycopg

        base, name = db_url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    setup_django(db_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from phongthu.core.context import change_context
    from phongthu.units.demo import ensure_defense_regions
    from phongthu.units.loader import load_admin_units
    from phongthu.units.models import Unit

    if not Unit.objects.filter(level="PROVINCE", code="31", valid_to__isnull=True).exists():
        with change_context(job_id="bench-setup"):
            load_admin_units(province_code="31")
    province = Unit.objects.get(level="PROVINCE", code="31", valid_to__isnull=True)
    with change_context(job_id="bench-setup"):
        ensure_defense_regions(province)


def communes() -> list[tuple[int, str]]:
    from phongthu.units.choices import Hierarchy
    from phongthu.units.models import Unit
    from phongthu.units.selectors import children

    province = Unit.objects.get(level="PROVINCE", code="31", valid_to__isnull=True)
    result = []
    for region in children(province, hierarchy=Hierarchy.MILITARY):
        result.extend((c.pk, c.name) for c in children(region, hierarchy=Hierarchy.MILITARY))
    return result


def citizens(
    n: int, units: list[tuple[int, str]], *, seed: int = 2026, today: datetime.date | None = None
) -> Iterator[Citizen]:
    today = today or datetime.date.today()
    rnd = random.Random(seed)
    weights = [1 / (i + 1) ** 0.6 for i in range(len(units))]
    rnd.shuffle(weights)
    unit_picks = rnd.choices(units, weights=weights, k=min(n, 200_000))
    surnames, surname_w = zip(*SURNAMES, strict=True)
    occupations, occupation_w = zip(*OCCUPATIONS, strict=True)
    serial: dict[str, int] = {}
    taken: set[tuple[str, datetime.date, int]] = set()
    for i in range(n):
        unit_id, unit_name = unit_picks[i % len(unit_picks)]
        male = rnd.random() < 0.92
        age_days = rnd.randint(16 * 365, 28 * 365)
        dob = today - datetime.timedelta(days=age_days)
        middles, givens = (MIDDLE_MALE, GIVEN_MALE) if male else (MIDDLE_FEMALE, GIVEN_FEMALE)
        name = f"{rnd.choices(surnames, surname_w)[0]} {rnd.choice(middles)} {rnd.choice(givens)}"
        while (name, dob, unit_id) in taken:  # one person per name + birth date + commune
            name = f"{name.rsplit(' ', 1)[0]} {rnd.choice(givens)} {rnd.choice(givens)}"
        taken.add((name, dob, unit_id))
        province = "031" if rnd.random() < 0.8 else rnd.choice(("030", "022", "033", "034", "001"))
        prefix = f"{province}{(dob.year // 100 - 19) * 2 + (0 if male else 1)}{dob.year % 100:02d}"
        seq = serial.get(prefix, 0) + 1
        serial[prefix] = seq
        age = (today - dob).days // 365
        r = rnd.random()
        grade = 12 if r < 0.68 else 9 if r < 0.90 else rnd.choice((5, 6, 7, 8))
        if age <= 18 and rnd.random() < 0.55:
            grade, studying = min(grade, 11), "general"
        elif 18 <= age <= 22 and rnd.random() < 0.22:
            studying = "university_regular"
        else:
            studying = ""
        registered = None
        if male and dob.year + 17 <= today.year and rnd.random() < 0.97:
            year = dob.year + 17
            registered = (
                datetime.date(year, 4, rnd.randint(2, 25))
                if rnd.random() < 0.93
                else datetime.date(year, rnd.randint(5, 11), rnd.randint(1, 28))
            )
            if registered > today:
                registered = None
        health = None
        if registered and age >= 18 and rnd.random() < 0.55:
            h = rnd.random()
            health = 1 if h < 0.08 else 2 if h < 0.52 else 3 if h < 0.83 else 4 if h < 0.96 else rnd.choice((5, 6))
        yield Citizen(
            full_name=name,
            date_of_birth=dob,
            sex="male" if male else "female",
            id_number=f"{prefix}{seq:06d}",
            unit_id=unit_id,
            unit_name=unit_name,
            address=f"Tổ dân phố số {rnd.randint(1, 30)}",
            grade=grade,
            studying=studying,
            occupation=rnd.choices(occupations, occupation_w)[0],
            union=rnd.random() < 0.6,
            registered=registered,
            certificate=f"{i + 1}/GCN" if registered else "",
            health=health,
            ground=rnd.choice(GROUNDS) if registered and rnd.random() < 0.03 else None,
        )


def csv_row(i: int, c: Citizen) -> list[str]:
    return [
        str(i), c.full_name, c.date_of_birth.strftime("%d/%m/%Y"), "Nam" if c.sex == "male" else "Nữ", c.id_number,
        "Kinh", c.unit_name, c.address, f"{c.grade}/12", {"general": "Đang học phổ thông",
        "university_regular": "Đang học đại học hệ chính quy"}.get(c.studying, ""), c.occupation,
        "x" if c.union else "", c.registered.strftime("%d/%m/%Y") if c.registered else "", c.certificate,
        "Sẵn sàng nhập ngũ" if c.registered else "", str(c.health) if c.health else "",
    ]  # fmt: skip


def write_csv(path: Path, rows: Iterator[Citizen]) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for n, c in enumerate(rows, start=1):
            writer.writerow(csv_row(n, c))
    return n


def write_xlsx(path: Path, rows: Iterator[Citizen]) -> int:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("So dang ky")
    sheet.write_row(0, 0, HEADER)
    n = 0
    for n, c in enumerate(rows, start=1):
        sheet.write_row(n, 0, csv_row(n, c))
    book.close()
    return n


def column_defaults(model: Any, given: list[str]) -> tuple[list[str], tuple[Any, ...]]:
    """The NOT NULL columns the loader does not set, with the model's default (a blank text
    where none): fields added later keep the fixture loadable without editing it."""
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.null or field.column in given:
            continue
        if field.has_default():
            value = field.get_default()
            if field.get_internal_type() == "JSONField":
                value = json.dumps(value)
        elif field.get_internal_type() in {"CharField", "TextField"}:
            value = ""
        else:
            continue
        columns.append(field.column)
        values.append(value)
    return columns, tuple(values)


def load_direct(rows: Iterator[Citizen], *, batch: int = 20_000) -> int:
    """Bulk-load people and files without the importer (list and re-evaluation benchmarks):
    COPY on PostgreSQL, executemany on SQLite. No audit rows: this is fixture data."""
    from django.db import connection, transaction

    from phongthu.core.text import search_key, sort_key

    person_cols = [
        "full_name", "name_search", "name_sort", "date_of_birth", "sex", "id_number", "legacy_cmnd", "ethnicity",
        "religion", "residence_unit_id", "residence_address", "temporary_address", "education_grade",
        "training_level", "studying", "higher_education_completed", "occupation", "workplace", "party_member",
        "union_member", "phone", "note",
    ]  # fmt: skip
    reg_cols = [
        "person_id", "registering_unit_id", "status", "presence", "first_registration_date", "certificate_no",
        "register_book", "reserve_group", "military_speciality", "rank", "legal_status",
        "registration_exempt_disease", "volunteer", "standing_militia", "health_class", "hyperopia",
        "drug_addiction", "removal_reason", "note",
    ]  # fmt: skip
    from phongthu.military_service.models import MilitaryServiceRegistration
    from phongthu.people.models import Person

    person_extra, person_defaults = column_defaults(Person, ["id", *person_cols])
    reg_extra, reg_defaults = column_defaults(MilitaryServiceRegistration, ["id", *reg_cols])
    person_cols += person_extra
    reg_cols += reg_extra
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM people_person")
        next_id = cursor.fetchone()[0] + 1
    total = 0
    chunk: list[Citizen] = []

    def flush(items: list[Citizen], first_id: int) -> None:
        people = []
        regs = []
        grounds = []
        for k, c in enumerate(items):
            pid = first_id + k
            people.append(
                (pid, c.full_name, search_key(c.full_name), sort_key(c.full_name), c.date_of_birth, c.sex, c.id_number,
                 "", "Kinh", "", c.unit_id, c.address, "", c.grade, "NONE", c.studying, "", c.occupation, "",
                 False, c.union, "", "", *person_defaults)
            )  # fmt: skip
            if c.registered:
                regs.append(
                    (pid, pid, c.unit_id, "REGISTERED_READY", "PRESENT", c.registered, c.certificate, "SAN_SANG_NHAP_NGU",
                     "", "", "", "", False, False, False, c.health, False, False, "", "", *reg_defaults)
                )  # fmt: skip
                if c.ground:
                    grounds.append((pid, c.ground, "Giấy xác nhận", "", ""))
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor
                with raw.copy(f"COPY people_person (id, {', '.join(person_cols)}) FROM STDIN") as copy:
                    for row in people:
                        copy.write_row(row)
                with raw.copy(
                    f"COPY military_service_militaryserviceregistration (id, {', '.join(reg_cols)}) FROM STDIN"
                ) as copy:
                    for row in regs:
                        copy.write_row(row)
                with raw.copy(
                    "COPY military_service_registrationground (registration_id, code, evidence, decision_ref, note) FROM STDIN"
                ) as copy:
                    for row in grounds:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * (len(person_cols) + 1))
                cursor.executemany(f"INSERT INTO people_person (id, {', '.join(person_cols)}) VALUES ({marks})", people)
                marks = ", ".join(["%s"] * (len(reg_cols) + 1))
                cursor.executemany(
                    f"INSERT INTO military_service_militaryserviceregistration (id, {', '.join(reg_cols)}) VALUES ({marks})",
                    regs,
                )
                cursor.executemany(
                    "INSERT INTO military_service_registrationground (registration_id, code, evidence, decision_ref, note) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    grounds,
                )

    for c in rows:
        chunk.append(c)
        if len(chunk) >= batch:
            flush(chunk, next_id)
            next_id += len(chunk)
            total += len(chunk)
            chunk = []
    if chunk:
        flush(chunk, next_id)
        total += len(chunk)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("people_person", "military_service_militaryserviceregistration"):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
    if connection.vendor == "postgresql":
        # A steady-state database has been vacuumed (autovacuum): index-only scans need it.
        connection.ensure_connection()
        autocommit = connection.get_autocommit()
        connection.set_autocommit(True)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        connection.set_autocommit(autocommit)
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="DATABASE_URL (postgres://… or sqlite:///…)")
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--csv", type=Path, help="write the office-layout CSV here")
    parser.add_argument("--xlsx", type=Path, help="write the office-layout XLSX here")
    parser.add_argument("--load", action="store_true", help="bulk-load people and files into the database")
    args = parser.parse_args()
    ensure_database(args.db)
    units = communes()
    t0 = time.perf_counter()
    if args.csv:
        n = write_csv(args.csv, citizens(args.people, units, seed=args.seed))
        print(f"CSV {args.csv}: {n:,} rows in {time.perf_counter() - t0:.1f} s")
    if args.xlsx:
        t0 = time.perf_counter()
        n = write_xlsx(args.xlsx, citizens(args.people, units, seed=args.seed))
        print(f"XLSX {args.xlsx}: {n:,} rows in {time.perf_counter() - t0:.1f} s")
    if args.load:
        t0 = time.perf_counter()
        n = load_direct(citizens(args.people, units, seed=args.seed))
        print(f"loaded {n:,} people in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
