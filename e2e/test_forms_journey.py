"""Forms that respect the work typed, in Chromium (issue 13 item 4): the quota screen sums each
column while typing and keeps every value after an error; a citizen is found by typing a name
without diacritics, picked with the keyboard and saved (core/pickers.py, static/js/picker.js)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest

from e2e.conftest import login
from phongthu.shell.demo_day import call_up

pytestmark = pytest.mark.e2e


@pytest.fixture
def campaign_scene(e2e_data: dict[str, Any]) -> dict[str, Any]:
    from phongthu.units.choices import Hierarchy
    from phongthu.units.models import Unit
    from phongthu.units.selectors import children

    province = Unit.objects.get(level="PROVINCE", code="31", valid_to__isnull=True)
    campaign = call_up(province, 2026)
    regions = list(children(province, hierarchy=Hierarchy.MILITARY))
    return {"campaign": campaign, "regions": regions, **e2e_data}


def test_quota_running_total_and_an_error_keeps_every_value(page, live_server, campaign_scene):
    campaign, regions = campaign_scene["campaign"], campaign_scene["regions"]
    assert len(regions) >= 3
    login(page, live_server, "tinh", campaign_scene["password"])
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/quotas/")
    page.get_by_label("Quân đội — chính thức", exact=True).fill("10")
    page.get_by_label("Quân đội — dự phòng", exact=True).fill("2")
    page.get_by_label("Công an — chính thức", exact=True).fill("5")
    page.get_by_role("button", name="Lưu chỉ tiêu của đơn vị").click()
    assert page.locator(".messages li.error").count() == 0

    army_total = page.locator('[data-quota-total="0"]')
    police_total = page.locator('[data-quota-total="2"]')
    first, second, third = regions[0].name, regions[1].name, regions[2].name
    page.get_by_label(f"{first} — Quân đội chính thức").press_sequentially("4")
    assert army_total.inner_text() == "4 / 10 (còn 6)"
    page.get_by_label(f"{second} — Quân đội chính thức").press_sequentially("8")
    assert army_total.inner_text() == "12 (vượt 2)"
    assert "error" in (army_total.get_attribute("class") or "")
    page.get_by_label(f"{second} — Quân đội chính thức").fill("5")
    assert army_total.inner_text() == "9 / 10 (còn 1)"
    page.get_by_label(f"{first} — Quân đội dự phòng").fill("1")
    page.get_by_label(f"{first} — Công an chính thức").fill("2")
    page.get_by_label(f"{third} — Công an dự phòng").press_sequentially("ba")
    assert "có ô không phải số" in page.locator('[data-quota-total="3"]').inner_text()
    assert police_total.inner_text() == "2 / 5 (còn 3)"

    # One wrong box: the page comes back (400) with the message naming the unit and the box,
    # and every value as typed, so one correction saves them all.
    with page.expect_response(re.compile(r"/quotas/")) as answer:
        page.get_by_role("button", name="Lưu chỉ tiêu giao").click()
    assert answer.value.status == 400
    error = page.locator(".messages li.error").inner_text()
    assert third in error and "dự phòng" in error
    assert page.get_by_label(f"{first} — Quân đội chính thức").input_value() == "4"
    assert page.get_by_label(f"{second} — Quân đội chính thức").input_value() == "5"
    assert page.get_by_label(f"{first} — Quân đội dự phòng").input_value() == "1"
    assert page.get_by_label(f"{first} — Công an chính thức").input_value() == "2"
    assert page.get_by_label(f"{third} — Công an dự phòng").input_value() == "ba"
    assert army_total.inner_text() == "9 / 10 (còn 1)"  # the totals are there again at once

    page.get_by_label(f"{third} — Công an dự phòng").fill("0")
    page.get_by_role("button", name="Lưu chỉ tiêu giao").click()
    assert page.locator(".messages li.error").count() == 0, page.locator(".messages").all_inner_texts()
    assert page.get_by_label(f"{second} — Quân đội chính thức").input_value() == "5"


@pytest.fixture
def picker_scene(e2e_data: dict[str, Any]) -> dict[str, Any]:
    from phongthu.accounts.models import RoleAssignment
    from phongthu.people.models import Person
    from phongthu.units.models import Unit

    commune = RoleAssignment.objects.select_related("unit").get(user__username="xa").unit
    other = Unit.objects.filter(level="COMMUNE", valid_to__isnull=True).exclude(pk=commune.pk).order_by("pk").first()
    mine = Person.objects.create(
        full_name="Nguyễn Văn Đức", date_of_birth=datetime.date(1998, 5, 2), sex="male", residence_unit=commune
    )
    theirs = Person.objects.create(
        full_name="Nguyễn Văn Đức", date_of_birth=datetime.date(1997, 1, 9), sex="male", residence_unit=other
    )
    return {"commune": commune, "mine": mine, "theirs": theirs, **e2e_data}


def test_pick_a_citizen_typed_without_diacritics_and_save(page, live_server, picker_scene):
    from phongthu.forces.models import Reservist

    commune, mine = picker_scene["commune"], picker_scene["mine"]
    login(page, live_server, "xa", picker_scene["password"])
    page.goto(f"{live_server.url}/r/forces/reservist/new/")

    # The unit starts at the user's own commune, shown by name.
    assert page.locator("#id_unit-search").input_value() == commune.name
    assert page.locator("#id_unit").input_value() == str(commune.pk)

    search = page.get_by_label("Công dân")  # the label now names the search box
    assert search.get_attribute("role") == "combobox"
    search.press_sequentially("nguyen van duc", delay=20)
    options = page.locator("#id_person-results [role=option]")
    options.first.wait_for()
    assert options.count() == 1  # the namesake of another commune is out of reach
    assert "02/05/1998" in options.first.inner_text()
    assert search.get_attribute("aria-expanded") == "true"
    search.press("ArrowDown")
    search.press("Enter")  # picks; does not submit the form
    assert page.locator("#id_person").input_value() == str(mine.pk)
    assert search.input_value() == "Nguyễn Văn Đức"
    assert page.url.endswith("/r/forces/reservist/new/")

    page.locator("#id_personnel_type").select_option("HSQ_BS")
    page.locator("#id_grade").select_option("1")
    page.locator("#id_rank").select_option("HA_SI")
    page.locator("#id_speciality_code").fill("BB001")
    page.locator("#id_speciality_name").fill("Bộ binh")
    page.locator("#id_registration_date").fill("2025-06-01")
    page.get_by_role("button", name="Lưu").click()
    page.locator(".messages li.success").wait_for()
    saved = Reservist.objects.get(person=mine)
    assert saved.unit_id == commune.pk
    assert page.url.endswith(f"/r/forces/reservist/{saved.pk}/")


def test_create_one_returns_to_the_form_with_what_was_typed(page, live_server, picker_scene):
    """The militia member form has no militia unit to choose: its "create one" link opens the
    unit form; once saved, the member form opens again with the new unit chosen and the decision
    number typed before still there (core/returning.py, static/js/picker.js)."""
    login(page, live_server, "xa", picker_scene["password"])
    page.goto(f"{live_server.url}/r/forces/militiamember/new/")
    page.get_by_label(re.compile("^Số quyết định")).fill("07/QĐ-BCH")
    page.locator("a[data-keep-form]", has_text="Tạo đơn vị").click()
    assert "biểu mẫu đang nhập dở" in page.locator("main").inner_text()
    page.get_by_label(re.compile("^Tên")).first.fill("Trung đội dân quân cơ động An Dương")
    page.get_by_label(re.compile("^Quy mô")).select_option(index=1)
    page.get_by_label(re.compile("^Thành phần")).select_option(index=1)
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(re.compile(r"/r/forces/militiamember/new/\?"))
    assert "đã chọn trong biểu mẫu đang nhập" in page.locator(".messages").inner_text()
    chosen = page.locator("select[name=militia_unit]")
    assert "Trung đội dân quân cơ động An Dương" in chosen.locator("option:checked").inner_text()
    assert page.get_by_label(re.compile("^Số quyết định")).input_value() == "07/QĐ-BCH"
