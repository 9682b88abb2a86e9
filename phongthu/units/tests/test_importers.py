"""Lineage and defense-region imports through the import pipeline: dry run writes nothing, a bad
row is named by line and column, only unit administrators may run them."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from openpyxl import Workbook

from phongthu.accounts.models import Role
from phongthu.core.imports import ImportContext, execute_import, open_table, spec_for
from phongthu.core.models import ObjectChange
from phongthu.units import selectors
from phongthu.units.choices import Hierarchy
from phongthu.units.models import LineageEvent, Unit, UnitLink, valid_on

pytestmark = pytest.mark.django_db

LINEAGE = [
    "Mã biến động",
    "Ngày hiệu lực",
    "Loại biến động",
    "Đơn vị cũ",
    "Đơn vị kế thừa",
    "Kế thừa số liệu",
    "Căn cứ pháp lý",
]
REGIONS = ["Ban CHPTKV", "Xã, phường", "Từ ngày", "Căn cứ pháp lý"]
D = datetime.date(2026, 1, 1)


def _run(key: str, headers: list[str], rows: list[list[Any]], user: Any, *, commit: bool) -> Any:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    spec = spec_for(key)
    assert spec is not None
    reader = open_table("bien_dong.xlsx", buf.getvalue(), hints=spec.hints())
    return execute_import(spec, reader, spec.auto_map(reader.headers), ImportContext(user=user, commit=commit))


@pytest.fixture
def province_admin(make_user, hai_phong):
    return make_user(Role.PROVINCE_ADMIN, hai_phong)


def _merge_rows(a: Unit, b: Unit, c: Unit) -> list[list[Any]]:
    basis = "Nghị quyết 9999/NQ-UBTVQH15 (thử)"
    return [
        ["M1", D, "Hợp nhất, sáp nhập", a.code, c.name, "Có", basis],
        ["M1", "01/01/2026", "sáp nhập", b.name, c.code, "", basis],
    ]


def test_lineage_dry_run_writes_nothing_then_commit_records_the_event(province_admin, commune_a, commune_a2, commune_b):
    events = LineageEvent.objects.count()
    dry = _run("units.lineage", LINEAGE, _merge_rows(commune_a, commune_a2, commune_b), province_admin, commit=False)
    assert (dry.total, dry.valid, dry.error_count, dry.committed) == (2, 2, 0, False)
    assert LineageEvent.objects.count() == events
    done = _run("units.lineage", LINEAGE, _merge_rows(commune_a, commune_a2, commune_b), province_admin, commit=True)
    assert done.committed and done.created == 2, done.errors
    event = LineageEvent.objects.latest("id")
    assert event.date == D and event.kind == "MERGE" and event.legal_basis.startswith("Nghị quyết 9999")
    assert set(selectors.predecessors(commune_b)) >= {commune_a, commune_a2}
    commune_a.refresh_from_db()
    assert commune_a.valid_to == D - datetime.timedelta(days=1)
    assert ObjectChange.objects.filter(reason__startswith="Nghị quyết 9999").exists()


def test_a_bad_lineage_row_is_named_and_nothing_is_written(province_admin, commune_a, commune_b):
    rows = [
        ["", "01/01/2026", "Hợp nhất, sáp nhập", commune_a.name, commune_b.name, "Có", "NQ 1"],
        ["", "01/01/2026", "Hợp nhất", "Xã Không Có Thật", commune_b.name, "Có", "NQ 1"],
        ["", "31/02/2026", "Chia tách", commune_a.name, commune_b.name, "Có", "NQ 1"],
        ["", "01/01/2026", "Lên đời", commune_a.name, commune_b.name, "Có", ""],
    ]
    result = _run("units.lineage", LINEAGE, rows, province_admin, commit=True)
    assert not result.committed and result.created == 0
    text = [str(e) for e in result.errors]
    assert any(t.startswith("Dòng 3, cột D (Đơn vị cũ)") and "Không tìm thấy" in t for t in text)
    assert any(t.startswith("Dòng 4, cột B (Ngày hiệu lực)") for t in text)
    assert any(t.startswith("Dòng 5, cột C (Loại biến động)") for t in text)
    assert any(t.startswith("Dòng 5, cột G (Căn cứ pháp lý)") for t in text)
    commune_a.refresh_from_db()
    assert commune_a.valid_to is None


def test_only_unit_administrators_import_lineage(user_a, commune_a, commune_a2, commune_b):
    result = _run("units.lineage", LINEAGE, _merge_rows(commune_a, commune_a2, commune_b), user_a, commit=True)
    assert not result.committed and "không có quyền" in str(result.errors[0])


def _region_of(commune: Unit, day: datetime.date) -> Unit:
    return UnitLink.objects.get(valid_on(day), child=commune, hierarchy=Hierarchy.MILITARY).parent


def test_region_import_recomposes_from_a_date(province_admin, two_regions, commune_a, commune_b):
    first, second = two_regions
    members = [c.name for c in selectors.children(second, on=D, hierarchy=Hierarchy.MILITARY)]
    rows = [[second.name, name, "01/01/2026", "QĐ 12/QĐ-BCH"] for name in [*members, commune_a.code]]
    dry = _run("units.defense_region", REGIONS, rows, province_admin, commit=False)
    assert dry.valid == len(rows) and not dry.error_count
    assert _region_of(commune_a, D) == first
    done = _run("units.defense_region", REGIONS, rows, province_admin, commit=True)
    assert done.committed, done.errors
    assert _region_of(commune_a, D) == second
    assert _region_of(commune_a, D - datetime.timedelta(days=1)) == first


def test_a_commune_in_two_regions_on_one_date_is_refused(province_admin, two_regions, commune_a):
    first, second = two_regions
    rows = [
        [first.name, commune_a.name, "01/01/2026", "QĐ 12"],
        [second.name, commune_a.name, "01/01/2026", "QĐ 12"],
    ]
    result = _run("units.defense_region", REGIONS, rows, province_admin, commit=True)
    assert not result.committed
    assert "một xã, phường chỉ thuộc một Ban CHPTKV" in str(result.errors[0])


@pytest.mark.parametrize(("key", "headers"), [("units.lineage", LINEAGE), ("units.defense_region", REGIONS)])
def test_a_missing_column_is_named_with_what_to_do(key, headers, province_admin):
    result = _run(key, [h for h in headers if h != "Căn cứ pháp lý"], [], province_admin, commit=False)
    assert "Thiếu cột bắt buộc: Căn cứ pháp lý. Hãy thêm cột với đúng tiêu đề" in str(result.errors[0])
