"""Issue 12 in Chromium: the region's staff open the campaign, download Biểu 06/GNN for a
commune and for the region, and both files add up (the commune's men are in the region's)."""

from __future__ import annotations

import datetime
from typing import Any

import openpyxl
import pytest

from e2e.conftest import login

pytestmark = pytest.mark.e2e


@pytest.fixture
def scene(e2e_data: dict[str, Any]) -> dict[str, Any]:
    from phongthu.accounts.models import RoleAssignment
    from phongthu.campaigns.models import Campaign
    from phongthu.military_service.models import MilitaryServiceRegistration
    from phongthu.people.models import Person
    from phongthu.units.models import Unit

    commune = RoleAssignment.objects.select_related("unit").get(user__username="xa").unit
    region = RoleAssignment.objects.select_related("unit").get(user__username="khuvuc").unit
    province = Unit.objects.get(level="PROVINCE", code="31", valid_to__isnull=True)
    campaign = Campaign.objects.create(
        unit=province, year=2026, exam_from=datetime.date(2025, 11, 1), exam_to=datetime.date(2025, 12, 31)
    )
    for i in range(3):
        person = Person.objects.create(
            full_name=f"Phạm Văn Biểu {i}",
            date_of_birth=datetime.date(2004 + i, 5, 5),
            sex="male",
            residence_unit=commune,
            education_grade=9 + i,
        )
        MilitaryServiceRegistration.objects.create(
            person=person,
            registering_unit=commune,
            status="REGISTERED_READY",
            first_registration_date=datetime.date(2023, 4, 10),
        )
    return {"campaign": campaign, "commune": commune, "region": region, **e2e_data}


def _total(path: Any) -> list[Any]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    for row in sheet.iter_rows(values_only=True):
        if row[0] == "TỔNG CỘNG":
            return list(row)
    raise AssertionError("no TỔNG CỘNG row")


def test_download_form_06_for_a_commune_and_its_region(
    scene: dict[str, Any], browser: Any, live_server: Any, tmp_path: Any
) -> None:
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    login(page, live_server, "khuvuc", scene["password"])
    files = {}
    for key, unit in (("commune", scene["commune"]), ("region", scene["region"])):
        page.goto(f"{live_server.url}/r/campaigns/campaign/{scene['campaign'].pk}/?unit={unit.pk}")
        with page.expect_download() as download:
            page.locator('#gnn-forms a[data-gnn="06"]').click()
        target = tmp_path / f"06-{key}.xlsx"
        download.value.save_as(target)
        files[key] = _total(target)
    context.close()
    commune, region = files["commune"], files["region"]
    assert commune[2] == 3  # col 3: the three men aged 18–27
    assert region[2] >= commune[2]
    assert region[4] == sum(region[5:15])  # col 5 "+" = ages 18..27
