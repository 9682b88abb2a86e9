"""Hải Phòng as of 2019 (the huyện before Nghị quyết 1232, with the warning that the older
layer is the 30/6/2025 map) and today, then one merged commune's lineage."""

from __future__ import annotations

import re

import pytest

from e2e.conftest import login

pytestmark = pytest.mark.e2e


def _open_hai_phong(page) -> None:
    page.get_by_role("button", name=re.compile("Mở Thành phố Hải Phòng")).click()


def test_hai_phong_as_of_2019_and_today_and_a_merged_communes_lineage(page, live_server, e2e_data):
    login(page, live_server, "tinh", e2e_data["password"])

    page.goto(f"{live_server.url}/units/tree/?on=2019-11-21")
    note = page.locator("[data-snapshot-note]")
    assert "30/06/2025" in note.inner_text()
    _open_hai_phong(page)
    page.get_by_role("link", name="Huyện An Dương", exact=True).wait_for()
    tree = page.locator("ul.tree").inner_text()
    assert "Huyện Thủy Nguyên" in tree and "Quận Dương Kinh" in tree
    assert "Quận An Dương" not in tree and "Thành phố Thủy Nguyên" not in tree
    page.get_by_role("button", name=re.compile("Mở Huyện An Dương")).click()
    page.get_by_role("link", name="Xã Đại Bản", exact=True).wait_for()

    page.goto(f"{live_server.url}/units/tree/")
    assert page.locator("[data-snapshot-note]").count() == 0
    _open_hai_phong(page)
    commune = page.get_by_role("link", name="Phường Hải An", exact=True)
    commune.wait_for()
    assert "Huyện An Dương" not in page.locator("ul.tree").inner_text()
    commune.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Phường Hải An"
    lineage = page.locator("section.card", has=page.get_by_role("heading", name=re.compile("Biến động")))
    text = lineage.inner_text()
    assert "Hình thành từ" in text and "01/07/2025" in text
    # Follow one predecessor back to the old map.
    lineage.locator("ul.units a").first.click()
    page.wait_for_url(re.compile(r"/r/units/unit/\d+/\?on=2025-06-30"))
    assert "Được thay thế bởi" in page.content() and "Phường Hải An" in page.content()
