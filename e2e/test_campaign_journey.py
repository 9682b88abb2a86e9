"""The yearly call-up in Chromium, each step by the role that holds its authority: the province
allocates quotas → the commune pools and reviews → the commune proposes TH_G, the province chairman's
office decides, the commune publishes → screen → examine → the province decides the list → the
commune chairman's call-up DOCX (signed by the office holder) → hand over → the dashboard shows the
quota met and the region's roll-up agrees."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from e2e.conftest import login
from phongthu.shell.demo_day import call_up

pytestmark = pytest.mark.e2e

STUDENT = "Nguyễn Văn Học"
SOLDIERS = ("Trần Văn Một", "Lê Văn Hai")


@pytest.fixture
def scene(e2e_data: dict[str, Any]) -> dict[str, Any]:
    from phongthu.accounts.models import RoleAssignment
    from phongthu.people.models import Person
    from phongthu.units.models import OfficeHolder, Unit, UnitScope

    commune = RoleAssignment.objects.select_related("unit").get(user__username="xa").unit
    region = RoleAssignment.objects.select_related("unit").get(user__username="khuvuc").unit
    province = Unit.objects.get(level="PROVINCE", code="31", valid_to__isnull=True)
    assert UnitScope.objects.filter(ancestor=region, descendant=commune).exists()
    campaign = call_up(province, 2026)
    # Who held the chairs: the signers of the decisions (never typed by the clerk).
    since = datetime.date(2025, 7, 1)
    OfficeHolder.objects.create(unit=province, office="PC_CHAIR", full_name="Nguyễn Văn Chủ Tịch", valid_from=since)
    OfficeHolder.objects.create(unit=commune, office="PC_CHAIR", full_name="Lê Văn Xã", valid_from=since)
    from phongthu.military_service.models import MilitaryServiceRegistration

    for i, name in enumerate((STUDENT, *SOLDIERS)):
        person = Person.objects.create(
            full_name=name,
            date_of_birth=datetime.date(2005, 3 + i, 10),
            sex="male",
            residence_unit=commune,
            residence_address=f"Tổ dân phố {i + 1}",
            education_grade=12,
        )
        # Only citizens registered for military service are in the source (issue 12).
        MilitaryServiceRegistration.objects.create(
            person=person,
            registering_unit=commune,
            status="REGISTERED_READY",
            first_registration_date=datetime.date(2023, 4, 10),
        )
    return {"campaign": campaign, "commune": commune, "region": region, "province": province, **e2e_data}


@pytest.fixture
def login_as(browser: Any, live_server: Any) -> Iterator[Callable[[str, str], Any]]:
    """A logged-in page per user, each in its own browser context (closed at teardown)."""
    contexts: list[Any] = []

    def open_as(username: str, password: str) -> Any:
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        login(page, live_server, username, password)
        return page

    yield open_as
    for context in contexts:
        context.close()


def _ok(page: Any) -> None:
    errors = page.locator(".messages li.error")
    assert errors.count() == 0, errors.all_inner_texts()


def _bulk(page: Any, action: str, on: str, names: tuple[str, ...], **extra: str) -> None:
    for name in names:
        page.get_by_label(name, exact=True).check()
    page.locator("#bulk-action").select_option(label=action)
    page.locator("#bulk-on").fill(on)
    for field, value in extra.items():
        page.locator(f"#bulk-{field}").fill(value)
    page.get_by_role("button", name="Thực hiện").click()
    page.locator(".messages").wait_for()
    _ok(page)


def cells(row_text: str) -> list[str]:
    """A table row's cells without the unit name."""
    return row_text.split("\t")[1:]


def _record_action(page: Any, label: str, values: dict[str, str] | None = None) -> None:
    """Open one of the record's offered actions (core/_actions.html), fill its form, perform it."""
    box = page.locator("details.action", has=page.locator("summary", has_text=label))
    box.locator("summary").click()
    for name, value in (values or {}).items():
        field = box.locator(f'[name="{name}"]')
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    box.get_by_role("button", name="Thực hiện").click()
    page.locator(".messages").wait_for()
    _ok(page)


def test_campaign_journey(login_as, live_server, scene, tmp_path):
    from phongthu.core.docx import all_text

    campaign, commune, region = scene["campaign"], scene["commune"], scene["region"]
    password = scene["password"]
    base = live_server.url
    detail_url = f"{base}/r/campaigns/campaign/{campaign.pk}/"

    # 1. Province: quotas province → region → commune (2 army conscripts).
    tinh = login_as("tinh", password)
    tinh.goto(f"{base}/campaigns/{campaign.pk}/quotas/")
    tinh.get_by_label("Quân đội — chính thức", exact=True).fill("2")
    tinh.get_by_role("button", name="Lưu chỉ tiêu của đơn vị").click()
    _ok(tinh)
    tinh.get_by_label(f"{region.name} — Quân đội chính thức").fill("2")
    tinh.get_by_role("button", name="Lưu chỉ tiêu giao").click()
    _ok(tinh)
    tinh.get_by_role("link", name=region.name, exact=True).click()
    tinh.get_by_label(f"{commune.name} — Quân đội chính thức").fill("2")
    tinh.get_by_role("button", name="Lưu chỉ tiêu giao").click()
    _ok(tinh)
    assert tinh.locator("#quota-problems").count() == 0

    # 2. Commune: source pool and review.
    xa = login_as("xa", password)
    xa.goto(detail_url)
    xa.get_by_role("button", name="Đưa công dân trong độ tuổi vào nguồn").click()
    xa.get_by_text("Đã đưa 3 công dân").wait_for()
    xa.get_by_role("link", name="Công dân trong đợt", exact=True).click()
    _bulk(xa, "Xét duyệt cấp xã", "2025-09-01", (STUDENT, *SOLDIERS))

    # 3. Defer the student on TH_G: proposed by the commune, decided by the province chairman's
    #    office (the commune is not offered the decision), published by the commune.
    xa.get_by_role("link", name=STUDENT).click()
    _record_action(
        xa,
        "Đề nghị tạm hoãn / miễn",
        {"on": "2025-09-02", "ground": "TH_G", "evidence": "Giấy xác nhận đang học lớp 12"},
    )
    assert xa.locator("#candidate-status").get_attribute("data-status") == "PROPOSED_DEFERMENT"
    deferment_link = xa.get_by_role("link", name=re.compile("^Điểm g khoản 1 Điều 41"))
    deferment_url = base + deferment_link.get_attribute("href")
    xa.goto(deferment_url)
    assert xa.locator("details.action", has_text="Quyết định tạm hoãn").count() == 0
    tinh.goto(deferment_url)
    _record_action(tinh, "Quyết định tạm hoãn", {"decision_ref": "1520/QĐ-UBND", "on": "2025-12-01"})
    assert "Nguyễn Văn Chủ Tịch" in tinh.content()  # the holder of the office signs
    xa.goto(deferment_url)
    _record_action(xa, "Ghi công khai")
    assert "01/12/2025" in xa.content() and "21/12/2025" in xa.content()

    # 4. Screening, nomination, exam calls on the board.
    xa.goto(f"{base}/campaigns/{campaign.pk}/candidates/?unit={commune.pk}")
    _bulk(xa, "Gọi sơ tuyển", "2025-10-01", SOLDIERS)
    _bulk(xa, "Sơ tuyển đạt", "2025-10-05", SOLDIERS)
    _bulk(xa, "Bình cử đi khám", "2025-11-10", SOLDIERS)
    _bulk(xa, "Gọi khám sức khỏe", "2025-11-12", SOLDIERS)

    # 5. Health exam: class and FIT are computed, not typed.
    for name in SOLDIERS:
        xa.goto(f"{base}/campaigns/{campaign.pk}/candidates/?unit={commune.pk}")
        xa.get_by_role("link", name=name).click()
        xa.get_by_role("link", name="Nhập kết quả khám sức khỏe").click()
        xa.get_by_label("Ngày khám").fill("2025-11-20")
        xa.get_by_label("Chiều cao (cm)").fill("168.5")
        xa.get_by_label("Cân nặng (kg)").fill("60.4")
        xa.get_by_label(re.compile("^Mắt")).select_option("2")
        xa.get_by_label(re.compile("^Nội khoa")).select_option("1")
        xa.get_by_role("button", name="Lưu kết quả khám").click()
        xa.locator(".messages").get_by_text("loại 2, BMI 21.01").wait_for()
        assert xa.locator("#candidate-status").get_attribute("data-status") == "FIT"

    xa.goto(f"{base}/campaigns/{campaign.pk}/candidates/?unit={commune.pk}")
    _bulk(xa, "Thẩm tra chính trị", "2025-12-01", SOLDIERS)
    _bulk(xa, "Chính trị đạt", "2025-12-10", SOLDIERS)
    _bulk(xa, "Đưa vào danh sách", "2026-01-15", SOLDIERS)

    # 6. Province list, then the commune chair's call decisions; download one as Word.
    tinh.goto(detail_url)
    _record_action(tinh, "Quyết định danh sách gọi nhập ngũ", {"on": "2026-01-20", "branch": "ARMY"})
    xa.goto(f"{base}/campaigns/{campaign.pk}/candidates/?unit={commune.pk}")
    _bulk(xa, "Lập quyết định gọi nhập ngũ", "2026-01-25", SOLDIERS)
    xa.get_by_text("Lập quyết định gọi nhập ngũ: 2 công dân").wait_for()
    row = xa.locator("tr", has=xa.get_by_role("link", name=SOLDIERS[1], exact=True))
    with xa.expect_download() as download:
        row.get_by_role("link", name=re.compile("QĐ-UBND")).click()
    target = tmp_path / "quyet-dinh.docx"
    download.value.save_as(target)
    text = all_text(target.read_bytes())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 01/QĐ-UBND" in text and "ngày 25 tháng 01 năm 2026" in text
    assert f"Điều 1. Gọi công dân {SOLDIERS[1]}" in text and "Lê Văn Xã" in text

    # 7. Delivery and handover.
    _bulk(xa, "Đã giao quyết định gọi nhập ngũ", "2026-02-05", SOLDIERS)
    _bulk(xa, "Giao quân", "2026-03-04", SOLDIERS, point="Ban CHPTKV 1", receiving_unit="Sư đoàn 395")

    # 8. The dashboard: quota met for the commune; the region's row for it agrees; the
    #    province's row for the region equals the region's total.
    tinh.goto(f"{base}/campaigns/{campaign.pk}/dashboard/?unit={commune.pk}")
    summary = tinh.locator("#quota-summary")
    assert summary.get_attribute("data-quota") == "2"
    assert summary.get_attribute("data-handed-over") == "2"
    assert summary.get_attribute("data-met") == "true"
    assert "Hoàn thành chỉ tiêu" in summary.inner_text()
    tinh.goto(f"{base}/campaigns/{campaign.pk}/dashboard/?unit={region.pk}")
    commune_row = tinh.locator(f'#dashboard-table tr[data-unit="{commune.pk}"]').inner_text()
    region_total = tinh.locator('#dashboard-table tr[data-unit="total"]').inner_text()
    tinh.goto(f"{base}/campaigns/{campaign.pk}/dashboard/?unit={scene['province'].pk}")
    region_row = tinh.locator(f'#dashboard-table tr[data-unit="{region.pk}"]').inner_text()
    assert cells(region_row)[:-1] == cells(region_total)[:-1]
    assert cells(commune_row)[0] == "2"  # quota
    tinh.locator("#campaign-chart").wait_for()
    assert tinh.locator('[data-ground="TH_G"]').inner_text() == "1"
