"""Registration in Chromium: the commune's staff register a citizen for the first time from the
person page, then register him moving to another commune; that commune records the move-in from
its movements page; the province sees no procedure buttons and is told who performs them."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse

from e2e.conftest import login

pytestmark = pytest.mark.e2e

NAME = "Phạm Văn Đăng Ký"


@pytest.fixture
def scene(e2e_data: dict[str, Any]) -> dict[str, Any]:
    from phongthu.accounts.models import AccessMode, Role, RoleAssignment, User
    from phongthu.people.models import Person
    from phongthu.units.models import Unit
    from phongthu.units.selectors import children

    commune = RoleAssignment.objects.select_related("unit").get(user__username="xa").unit
    other_region = Unit.objects.filter(kind="DEFENSE_REGION").order_by("code")[1]
    receiving = children(other_region, hierarchy="MILITARY").first()
    assert receiving is not None and receiving.pk != commune.pk
    user = User.objects.create_user(username="xa2", password=e2e_data["password"], full_name="Cán bộ xã nhận")
    RoleAssignment.objects.create(user=user, role=Role.COMMUNE_STAFF, unit=receiving, mode=AccessMode.ENTER)
    today = datetime.date.today()
    person = Person.objects.create(
        full_name=NAME,
        date_of_birth=datetime.date(today.year - 19, 3, 10),
        sex="male",
        residence_unit=commune,
        education_grade=12,
    )
    return {"person": person, "commune": commune, "receiving": receiving, **e2e_data}


def _open_action(page: Any, label: str) -> Any:
    box = page.locator("details.action", has=page.locator("summary", has_text=label))
    box.locator("summary").click()
    return box


def test_register_move_out_and_move_in(page, live_server, scene):
    person, receiving = scene["person"], scene["receiving"]
    detail = live_server.url + reverse("crud:people-person-detail", args=[person.pk])

    login(page, live_server, "xa", scene["password"])
    page.goto(detail)
    box = _open_action(page, "Đăng ký NVQS lần đầu")
    box.get_by_role("button", name="Thực hiện").click()
    page.get_by_text("Đã thực hiện: Đăng ký NVQS lần đầu").wait_for()
    assert "Sẵn sàng nhập ngũ" in page.locator("#nvqs").inner_text()

    box = _open_action(page, "Đăng ký chuyển đi")
    # The destination is searched by name (core.pickers), any commune in force on the move's date.
    box.locator(".picker-search").press_sequentially(receiving.name, delay=10)
    box.get_by_role("option", name=re.compile("^" + re.escape(receiving.name))).first.click()
    assert box.locator("input[name=to_unit]").input_value() == str(receiving.pk)
    box.get_by_role("button", name="Thực hiện").click()
    page.get_by_text("Đã thực hiện: Đăng ký chuyển đi").wait_for()
    assert "Đã chuyển đi, chờ đăng ký chuyển đến" in page.locator("#nvqs").inner_text()

    page.context.clear_cookies()
    login(page, live_server, "xa2", scene["password"])
    page.goto(f"{live_server.url}/military-service/movements/?unit={receiving.pk}")
    row = page.locator("tr", has_text=NAME)
    row.locator("summary", has_text="Đăng ký").click()
    row.locator("input[name=arrival_date]").fill(datetime.date.today().isoformat())
    row.get_by_role("button", name="Đăng ký chuyển đến").click()
    page.get_by_text("Đã thực hiện: Đăng ký chuyển đến").wait_for()
    page.goto(detail)
    assert receiving.name in page.locator("#nvqs").inner_text()

    page.context.clear_cookies()
    login(page, live_server, "tinh", scene["password"])
    page.goto(detail)
    assert page.locator("details.action").count() == 0
    page.get_by_text("Vì sao không thấy một số thao tác?").first.click()
    assert re.search(r"Ban Chỉ huy quân sự .*cán bộ cấp xã", page.locator("details.withheld").first.inner_text())
