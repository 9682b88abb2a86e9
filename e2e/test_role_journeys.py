"""Each demo role's main task of the day, in Chromium, through the screens only (issue 13).

The day's work comes from `phongthu/shell/demo_day.py` (written by the services, by the users who did the
earlier steps). Each journey starts from the role's home page or menu, does the task with the
forms a person would use and ends on a visible result that a regression would change.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest

from e2e.conftest import login
from phongthu.shell import demo_day as role_scene

pytestmark = pytest.mark.e2e


@pytest.fixture
def day(e2e_data: dict[str, Any]) -> dict[str, Any]:
    return {**role_scene.build(), **e2e_data}


def _ok(page: Any) -> str:
    page.locator(".messages").wait_for()
    errors = page.locator(".messages li.error")
    assert errors.count() == 0, errors.all_inner_texts()
    return page.locator(".messages").inner_text()


def _todo(page: Any, text: str) -> Any:
    return page.locator(".todo-list li", has_text=text)


def _queue_row(page: Any, record: str) -> Any:
    return page.locator("table.list tbody tr", has_text=record)


def test_commune_registers_boys_turning_17(page, live_server, day):
    """xa: the home page says 9/9 boys turning 17 are not registered; three are registered from
    the drive page and the home page then says 6/9."""
    login(page, live_server, "xa", day["password"])
    item = _todo(page, "công dân tròn 17 tuổi chưa đăng ký NVQS")
    assert "9/9" in item.inner_text()
    item.get_by_role("link", name="Mở đợt đăng ký").click()
    for i in (1, 2, 3):
        page.get_by_label(f"Chọn Nguyễn Văn An {i}", exact=True).check()
    page.get_by_label("Số quyết định gọi đăng ký").fill("12/QĐ-UBND")
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    assert "Đã đăng ký 3 công dân" in _ok(page)
    page.get_by_role("link", name="Trang chủ").first.click()
    assert "6/9 công dân tròn 17 tuổi" in _todo(page, "công dân tròn 17 tuổi").inner_text()


def test_region_approves_the_communes_figures(page, live_server, day):
    """khuvuc: the commune's figures of last month wait in the queue; approved from there, the
    queue is empty and the figures page says approved."""
    commune = day["commune"].name
    login(page, live_server, "khuvuc", day["password"])
    _todo(page, "Duyệt số liệu").get_by_role("link", name="Xử lý").click()
    row = _queue_row(page, commune)
    assert "Đã báo cáo, chờ duyệt" in row.inner_text()
    assert not re.search(r"\b\d{6}\b", row.inner_text()), "the period reads as a code"
    figures_page = row.get_by_role("link", name=re.compile(commune)).get_attribute("href")
    row.get_by_role("link", name="Duyệt số liệu").click()
    page.get_by_role("button", name="Thực hiện").click()
    assert "Duyệt số liệu" in _ok(page)
    assert _queue_row(page, commune).get_by_role("link", name="Duyệt số liệu").count() == 0
    page.goto(live_server.url + figures_page)
    assert "Trạng thái: Đã duyệt" in page.locator("main").inner_text()


def test_province_decides_a_deferment_from_its_queue(page, live_server, day):
    """tinh: the student's deferment proposed by the commune waits for the chairman's decision;
    decided from the queue, the record reads decided and signed by the chairman's office."""
    login(page, live_server, "tinh", day["password"])
    _todo(page, "Quyết định tạm hoãn").get_by_role("link", name="Xử lý").click()
    row = _queue_row(page, role_scene.STUDENT)
    row.get_by_role("link", name="Quyết định tạm hoãn", exact=True).click()
    page.get_by_label("Ngày ký").fill(datetime.date.today().isoformat())
    page.get_by_label("Số, ký hiệu quyết định").fill("1520/QĐ-UBND")
    page.get_by_role("button", name="Thực hiện").click()
    _ok(page)
    assert _queue_row(page, role_scene.STUDENT).count() == 0
    page.goto(f"{live_server.url}/r/campaigns/candidate/{day['candidate'].pk}/")
    page.get_by_role("link", name=re.compile("^Điểm g khoản 1 Điều 41")).click()
    text = page.locator("main").inner_text()
    assert "1520/QĐ-UBND" in text and "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng" in text


@pytest.mark.parametrize(
    ("username", "award", "other"),
    [
        ("hoidong", role_scene.PROVINCE_AWARD, role_scene.COMMUNE_AWARD),
        ("hoidongxa", role_scene.COMMUNE_AWARD, role_scene.PROVINCE_AWARD),
    ],
    ids=["hoidong", "hoidongxa"],
)
def test_council_reviews_from_its_queue(page, live_server, day, username, award, other):
    """hoidong / hoidongxa: the council of each level sees its own unit's proposal (not the
    other level's), records the meeting's review and the award moves on to the decision."""
    login(page, live_server, username, day["password"])
    _todo(page, "Hội đồng thi đua, khen thưởng xét").get_by_role("link", name="Xử lý").click()
    assert _queue_row(page, other).count() == 0
    row = _queue_row(page, award)
    assert "Đề nghị" in row.inner_text()
    record = row.get_by_role("link", name=re.compile(award)).get_attribute("href")
    row.get_by_role("link", name="Hội đồng thi đua, khen thưởng xét").click()
    page.get_by_label("Ngày họp hội đồng").fill(datetime.date.today().isoformat())
    page.get_by_label("Số biên bản họp hội đồng").fill("BB 05/HĐTĐKT")
    page.get_by_label("Ý kiến của hội đồng").fill("Nhất trí đề nghị")
    page.get_by_role("button", name="Thực hiện").click()
    _ok(page)
    assert _queue_row(page, award).count() == 0
    page.goto(live_server.url + record)
    text = page.locator("main").inner_text()
    assert "Trạng thái: Hội đồng thi đua đã xét" in text
    assert re.search(rf"Đề nghị → Hội đồng thi đua đã xét \(BB 05/HĐTĐKT\), {username}\b", text)


def test_ward_council_reviews_a_candidate_from_its_queue(page, live_server, day):
    """hoidongxa: the ward's NVQS council finds the young man of the call-up's source waiting for
    its review in its queue, records the review there; the candidate reads reviewed, and its
    History names the council member. The province's council (hoidong) is not offered the step."""
    login(page, live_server, "hoidong", day["password"])
    page.goto(f"{live_server.url}/queue/")
    assert _queue_row(page, role_scene.IN_POOL).count() == 0
    page.context.clear_cookies()
    login(page, live_server, "hoidongxa", day["password"])
    _todo(page, "Xét duyệt cấp xã").get_by_role("link", name="Xử lý").click()
    row = _queue_row(page, role_scene.IN_POOL)
    assert "Trong nguồn" in row.inner_text()
    row.get_by_role("link", name="Xét duyệt cấp xã", exact=True).click()
    page.get_by_label("Ngày").fill(datetime.date.today().isoformat())
    page.get_by_role("button", name="Thực hiện").click()
    assert "Xét duyệt cấp xã" in _ok(page)
    # Reviewed, he waits for the pre-screening call (the chairman's), not for the council: a
    # deferment proposal is no longer a queue task after the review (Action.task).
    assert page.locator("table.list tbody tr", has_text=role_scene.IN_POOL).count() == 0
    page.goto(f"{live_server.url}/r/campaigns/candidate/{day['in_pool'].pk}/")
    text = page.locator("main").inner_text()
    assert "Đã xét duyệt cấp xã" in text
    page.get_by_role("link", name="Lịch sử").click()
    assert "hoidongxa" in page.locator("main").inner_text()


def test_auditor_reads_a_correction_in_history(page, live_server, day):
    """kiemtra: finds the citizen by name, reads who corrected the name, from what to what and
    why; no edit button, and the edit address is refused."""
    before, after = role_scene.CORRECTED
    login(page, live_server, "kiemtra", day["password"])
    page.goto(f"{live_server.url}/r/people/person/?q={after}")
    page.get_by_role("link", name=after).first.click()
    assert page.get_by_role("link", name="Sửa").count() == 0
    page.get_by_role("link", name="Lịch sử").click()
    history = page.locator("section.history").inner_text()
    assert before in history and after in history and "Sửa lỗi chính tả họ tên theo CCCD" in history
    response = page.goto(f"{live_server.url}/r/people/person/{day['corrected'].pk}/edit/")
    assert response is not None and response.status in (403, 404)


def test_admin_creates_a_user_who_logs_in(page, browser, live_server, day):
    """admin: creates a commune staff account from the users page; the new user logs in with
    the temporary password shown once and lands on that commune."""
    login(page, live_server, "admin", day["password"])
    page.locator("#nav summary", has_text="Kiểm tra, quản trị").click()
    page.locator("#nav").get_by_role("link", name="Người dùng, phân quyền").click()
    page.get_by_role("link", name="Thêm người dùng").click()
    page.get_by_label("Tên đăng nhập").fill("canbo.anhai")
    page.get_by_label("Họ và tên").fill("Vũ Thị Lan")
    page.get_by_label("Chức vụ").fill("Trợ lý Ban CHQS")
    page.get_by_label(re.compile("^Vai trò")).select_option(label="Cán bộ cấp xã")
    unit = page.get_by_label(re.compile("^Đơn vị"))  # a search picker (core.pickers), not a list
    unit.press_sequentially("an hai", delay=20)
    page.get_by_role("option", name=re.compile("^Phường An Hải")).first.click()
    page.get_by_role("button", name="Tạo người dùng").click()
    message = _ok(page)
    password = re.search(r"hãy trao tận tay\): (\S+)", message)
    assert password, message
    assert "Cán bộ cấp xã" in page.locator("table.list").first.inner_text()
    context = browser.new_context(locale="vi-VN")
    try:
        other = context.new_page()
        login(other, live_server, "canbo.anhai", password.group(1))
        assert other.locator("h1").first.inner_text() == "Phường An Hải"
    finally:
        context.close()


def test_province_admin_records_a_units_military_name(page, live_server, day):
    """quantritinh: records the commune's military office name with its legal basis; the unit
    page shows it and its History keeps the basis."""
    commune = day["commune"]
    login(page, live_server, "quantritinh", day["password"])
    page.goto(f"{live_server.url}/r/units/unit/{commune.pk}/")
    page.get_by_role("link", name="Quản trị danh mục (đổi tên, hiệu lực, cấp trên)").click()
    page.get_by_label("Tên cơ quan quân sự").fill("Ban Chỉ huy quân sự phường An Dương")
    page.get_by_label("Căn cứ pháp lý").first.fill("Quyết định 25/QĐ-UBND")
    page.get_by_role("button", name="Lưu").first.click()
    _ok(page)
    page.get_by_role("link", name="Về trang đơn vị").click()
    assert "Ban Chỉ huy quân sự phường An Dương" in page.locator("main").inner_text()
    page.get_by_role("link", name="Lịch sử").click()
    assert "Quyết định 25/QĐ-UBND" in page.locator("section.history").inner_text()
