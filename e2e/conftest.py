"""Browser journeys in Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the live server's DB work is
# in its own thread, and our fixtures only touch the DB before the browser acts.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str:
    path = os.environ.get("PHONGTHU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail("Debian's chromium is not installed (apt-get install chromium); scripts/test.sh installs it.")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture
def e2e_data(transactional_db: Any) -> Iterator[dict[str, Any]]:
    """Transactional tests flush the DB: load the Hải Phòng demo for each journey.

    The flush after the test must empty the append-only audit table, so its guard is
    dropped just for that flush and reinstalled at the next journey's start.
    """
    from django.core.management import call_command
    from django.db import connection

    from phongthu.core.audit_guard import drop_append_only_guard, install_append_only_guard

    install_append_only_guard(connection)
    call_command("seed_demo", "--password", "Mat-khau-e2e-2025", verbosity=0)
    yield {"password": "Mat-khau-e2e-2025"}
    drop_append_only_guard(connection)


def login(page: Any, live_server: Any, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
