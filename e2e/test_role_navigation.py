"""Each demo role logs in, follows every link of its menu and of its home page, and meets no
403, 404 or 500; no page asks for a favicon that is missing or an inline style the CSP refuses.
Screenshots of each home page go to docs/screens/ when PHONGTHU_SCREENSHOTS=1 (the phone views:
e2e/test_phone_layout.py)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

from e2e.conftest import login
from phongthu.shell import demo_day as role_scene

pytestmark = pytest.mark.e2e

ROLES = ["admin", "tinh", "khuvuc", "xa", "hoidong", "hoidongxa", "kiemtra", "quantritinh"]
SCREENS = Path(__file__).resolve().parent.parent / "docs" / "screens"


def _watch(page, problems):
    def on_console(msg):
        text = msg.text
        if msg.type == "error" and ("Content Security Policy" in text or "favicon" in text or "404" in text):
            problems.append(f"console on {page.url}: {text[:90]}")

    def on_response(resp):
        if resp.status >= 400 and urlparse(resp.url).path.startswith(("/static/", "/favicon")):
            problems.append(f"{resp.status} {resp.url}")

    page.on("console", on_console)
    page.on("response", on_response)


def _links(page, selector):
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")
    return [h for h in dict.fromkeys(hrefs) if h and h.startswith("/")]


@pytest.mark.parametrize("username", ROLES)
def test_every_menu_and_home_link_opens(page, live_server, e2e_data, username):
    role_scene.build()  # the day's work: the home pages show what waits for each role
    problems: list[str] = []
    _watch(page, problems)
    login(page, live_server, username, e2e_data["password"])
    assert page.locator("h1").first.is_visible()
    if os.environ.get("PHONGTHU_SCREENSHOTS"):
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENS / f"home-{username}.png"), full_page=True)
    menu = _links(page, "#nav a")
    home = _links(page, "main a")
    assert menu, "the menu is empty"
    failures = []
    for href in dict.fromkeys([*menu, *home]):
        if href.startswith("/api/"):
            # The API docs page loads the whole schema in the background; its status is what
            # counts here, and a schema still being built would outlive the test's database.
            response = page.request.get(f"{live_server.url}{href}")
        else:
            response = page.goto(f"{live_server.url}{href}", wait_until="networkidle")
        status = response.status if response else 0
        if status in (403, 404) or status >= 500:
            failures.append(f"{href} → {status}")
    assert not failures, f"{username}: {failures}"
    assert not problems, f"{username}: {problems}"


def test_role_menus_differ(page, live_server, e2e_data):
    """The auditor sees the change log and no import; the commune staff sees import, no log."""
    login(page, live_server, "kiemtra", e2e_data["password"])
    auditor = page.text_content("#nav") or ""
    page.context.clear_cookies()
    login(page, live_server, "xa", e2e_data["password"])
    commune = page.text_content("#nav") or ""
    assert "Nhật ký thay đổi" in auditor and "Nhật ký thay đổi" not in commune
    assert "Tác vụ nền, nhập dữ liệu" in commune and "Tác vụ nền, nhập dữ liệu" not in auditor


def test_auditor_reads_a_record_and_its_history(page, live_server, e2e_data):
    login(page, live_server, "kiemtra", e2e_data["password"])
    page.goto(f"{live_server.url}/r/units/unit/")
    page.locator("table.list tbody a").first.click()
    page.get_by_role("link", name="Lịch sử").click()
    page.locator("section.history").wait_for()
    assert page.get_by_role("link", name="Sửa").count() == 0


def test_error_pages_are_styled_vietnamese(page, live_server, e2e_data):
    login(page, live_server, "xa", e2e_data["password"])
    response = page.goto(f"{live_server.url}/r/units/unit/999999999/")
    assert response.status == 404
    assert "Không tìm thấy trang hoặc hồ sơ" in page.inner_text("h1")
    response = page.goto(f"{live_server.url}/audit/")
    assert response.status == 403
    assert "Bạn không có quyền" in page.inner_text("h1")
