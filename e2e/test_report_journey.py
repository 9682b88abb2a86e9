"""The year's review report in Chromium: open quận Dương Kinh (a district of the 2019 map), open
its "Báo cáo", choose 2019, preview, download the DOCX and the PDF (through the background job
when LibreOffice takes longer than a second); then its year view shows the same figures and leads
back to the report."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import pytest

from e2e.conftest import login

pytestmark = pytest.mark.e2e


@pytest.fixture
def scene(e2e_data: dict[str, Any]) -> dict[str, Any]:
    from phongthu.activities.choices import CourseCategory, CourseMode
    from phongthu.activities.models import Course, StudentEducation
    from phongthu.units.models import Unit

    district = Unit.objects.get(level="DISTRICT", name="Quận Dương Kinh")
    StudentEducation.objects.create(
        unit=district, year=2019, school_name="trường THPT Mạc Đĩnh Chi", students_count=1925
    )
    Course.objects.create(
        unit=district, year=2019, category=CourseCategory.DT4, mode=CourseMode.OWN_CLASS, classes_count=1,
        trainees_count=106, result_text="khá", start_date=datetime.date(2019, 6, 3),
    )  # fmt: skip
    return {"district": district, **e2e_data}


def test_duong_kinh_2019_report(page: Any, live_server: Any, scene: dict[str, Any]) -> None:
    from docx import Document

    district = scene["district"]
    page.set_default_timeout(90000)  # the figures engine reads every indicator for the unit and its wards
    login(page, live_server, "tinh", scene["password"])
    page.goto(f"{live_server.url}/r/units/unit/{district.pk}/?on=2019-12-31")
    page.locator("main").get_by_role("link", name="Báo cáo", exact=True).click()  # the unit page's button, not the menu
    page.get_by_label("Kỳ báo cáo", exact=True).fill("2019")
    page.get_by_role("button", name="Xem trước").click()
    preview = page.get_by_role("region", name="Xem trước")
    preview.get_by_text("BAN CHỈ HUY QUÂN SỰ QUẬN DƯƠNG KINH", exact=True).wait_for()
    assert "1.925 học sinh, sinh viên" in preview.inner_text()
    assert (
        "Tổ chức 01 lớp bồi dưỡng kiến thức quốc phòng – an ninh cho 106 đồng chí đối tượng 4" in preview.inner_text()
    )

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải DOCX").click()
    download = info.value
    assert download.suggested_filename == "Báo cáo tổng kết năm 2019 - Quận Dương Kinh.docx"
    text = "\n".join(p.text for p in Document(io.BytesIO(Path(download.path()).read_bytes())).paragraphs)
    assert "1.925 học sinh, sinh viên" in text

    # The PDF: straight away when it is ready within a second, else through the job's page.
    page.get_by_role("link", name="Tải PDF").click()
    page.wait_for_load_state()
    if "/reports/pdf/" in page.url:
        link = page.get_by_role("link", name="Tải tệp PDF")
        link.wait_for(timeout=120000)
        with page.expect_download() as pdf_info:
            link.click()
        pdf = pdf_info.value
    else:  # pragma: no cover - depends on the machine's speed
        pytest.fail(f"unexpected page after asking for the PDF: {page.url}")
    assert pdf.suggested_filename.endswith(".pdf")
    assert Path(pdf.path()).read_bytes()[:4] == b"%PDF"

    # The year view is the report's data: the same figure, with the way back to the report.
    page.goto(f"{live_server.url}/r/units/unit/{district.pk}/?on=2019-12-31")
    page.locator("main").get_by_role("link", name="Số liệu năm 2019 của đơn vị").click()
    page.get_by_role("heading", name="Quận Dương Kinh: số liệu năm 2019").wait_for()
    figures = page.locator("main table.figures").first.inner_text()
    assert "1.925" in figures
    page.get_by_role("link", name="Báo cáo tổng kết (xem trước, tải về)").click()
    page.get_by_role("region", name="Xem trước").get_by_text(
        "BAN CHỈ HUY QUÂN SỰ QUẬN DƯƠNG KINH", exact=True
    ).wait_for()
