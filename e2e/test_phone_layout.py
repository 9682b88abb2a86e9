"""On a phone (390 px), every main page fits the screen: the page never scrolls sideways (a wide
table or the report's preview scrolls inside its own box). Checked as the commune's staff and as
the province's staff, with the day's work of `shell/demo_day.py` on the pages. With
PHONGTHU_SCREENSHOTS=1 the phone views go to docs/screens/ (scripts/screens.sh)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from e2e.conftest import login
from phongthu.shell import demo_day as role_scene

pytestmark = pytest.mark.e2e

SCREENS = Path(__file__).resolve().parent.parent / "docs" / "screens"
PHONE = {"width": 390, "height": 844}


def main_pages(day: dict[str, Any], username: str) -> dict[str, str]:
    commune, campaign = day["commune"], day["campaign"]
    pages = {
        "home": "/",
        "queue": "/queue/",
        "people": "/r/people/person/",
        "person": f"/r/people/person/{day['corrected'].pk}/",
        "drive": f"/military-service/drive/?unit={commune.pk}",
        "book": f"/military-service/book/?unit={commune.pk}",
        "campaign": f"/r/campaigns/campaign/{campaign.pk}/",
        "candidates": f"/campaigns/{campaign.pk}/candidates/?unit={commune.pk}",
        "candidate": f"/r/campaigns/candidate/{day['candidate'].pk}/",
        "figures": f"/figures/{commune.pk}/{day['period'].code}/",
        "report": f"/reports/unit/{commune.pk}/",  # the province's takes long to build: same layout
        "unit": f"/r/units/unit/{commune.pk}/",
    }
    if username == "tinh":
        pages["quotas"] = f"/campaigns/{campaign.pk}/quotas/"
        pages["users"] = "/accounts/users/"
    return pages


@pytest.fixture
def day(e2e_data: dict[str, Any]) -> dict[str, Any]:
    return {**role_scene.build(), **e2e_data}


@pytest.mark.parametrize("username", ["xa", "tinh"])
def test_main_pages_fit_a_phone(browser, live_server, day, username):
    context = browser.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        login(page, live_server, username, day["password"])
        wide = []
        for name, path in main_pages(day, username).items():
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, (path, response and response.status)
            width = page.evaluate("document.scrollingElement.scrollWidth")
            if width > PHONE["width"]:
                wide.append(f"{name} {path}: {width}px")
            if os.environ.get("PHONGTHU_SCREENSHOTS") and name in {"home", "queue", "candidates"}:
                SCREENS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SCREENS / f"phone-{name}-{username}.png"))
        assert not wide, f"{username}: pages scroll sideways on a phone: {wide}"
        # The menu opens from its button and fits as well.
        page.goto(f"{live_server.url}/")
        page.get_by_role("button", name="Danh mục").click()
        assert page.locator("#nav").is_visible()
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
