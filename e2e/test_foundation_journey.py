"""Log in → browse the tree → open a commune → change its master data (administrators' page,
with a legal basis) → see the change in History."""

from __future__ import annotations

import re

import pytest

from e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_browse_edit_and_see_history(page, live_server, e2e_data):
    login(page, live_server, "quantritinh", e2e_data["password"])
    assert page.get_by_role("heading", level=1).inner_text() == "Thành phố Hải Phòng"

    page.get_by_role("link", name="Cây đơn vị").click()
    page.get_by_role("button", name=re.compile("Mở Thành phố Hải Phòng")).click()
    commune = page.get_by_role("link", name="Phường Hải An", exact=True)
    commune.wait_for()
    commune.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Phường Hải An"

    page.get_by_role("link", name=re.compile("Quản trị danh mục")).click()
    page.locator("#id_rename-military_name").fill("Ban CHQS phường Hải An (kiểm thử)")
    page.locator("#id_rename-legal_basis").fill("Kiểm thử hành trình")
    page.locator("form:has(input[name=op][value=rename])").get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã cập nhật").wait_for()
    page.get_by_role("link", name="Về trang đơn vị").click()

    page.get_by_role("link", name="Lịch sử").click()
    history = page.locator("section.history")
    history.wait_for()
    text = history.inner_text()
    assert "Ban CHQS phường Hải An (kiểm thử)" in text
    assert "Kiểm thử hành trình" in text
    assert "quantritinh" in text


def test_search_the_tree_without_diacritics_and_as_of_2019(page, live_server, e2e_data):
    login(page, live_server, "tinh", e2e_data["password"])
    page.goto(f"{live_server.url}/units/tree/?on=2019-11-21")
    page.get_by_label("Tìm đơn vị (có dấu hoặc không dấu)").fill("duong kinh")
    result = page.locator("#unit-results").get_by_role("link", name="Quận Dương Kinh")
    result.wait_for()
    result.click()
    page.wait_for_url(re.compile(r"/r/units/unit/\d+/"))
    assert "Phường Anh Dũng" in page.content()
