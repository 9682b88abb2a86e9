"""Where users get the report: the unit's report page, the files, the API, the command, issuing
with a number, the staff's paragraphs, the level template, scope and lineage."""

from __future__ import annotations

import datetime
import io
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from phongthu.activities.crud.education import CourseCrud
from phongthu.core.context import change_context
from phongthu.core.docx import all_text
from phongthu.core.periods import Period
from phongthu.core.tests.factories import sample
from phongthu.reports.docx import render
from phongthu.reports.models import IssuedReport, ReportNarrative, ReportTemplate
from phongthu.reports.sections import Section
from phongthu.reports.selectors import review_report
from phongthu.reports.services import issue_report
from phongthu.units.choices import Level
from phongthu.units.models import Unit
from phongthu.units.selectors import predecessors

pytestmark = pytest.mark.django_db


def page(unit: Unit, period: str = "2024") -> str:
    return reverse("reports:unit", args=[unit.pk]) + f"?period={period}"


def file_url(unit: Unit, fmt: str, period: str = "2024") -> str:
    return reverse("reports:file", args=[unit.pk, fmt]) + f"?period={period}"


def test_report_page_preview_and_scope(commune_a, commune_b, user_a, client_for):
    sample(CourseCrud, commune_a)  # 01 lớp, 60 trainees, 2024
    c = client_for(user_a)
    resp = c.get(page(commune_a))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "60 đồng chí đối tượng 4" in html and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html
    assert "DỰ THẢO" in html and "Tải DOCX" in html
    assert c.get(page(commune_b)).status_code == 404
    assert c.get(file_url(commune_b, "docx")).status_code == 404
    bad = c.get(page(commune_a, "2019X"))
    assert bad.status_code == 400 and "Kỳ báo cáo “2019X” không đúng dạng" in bad.content.decode()
    # The navigation's "Báo cáo" opens the report of the unit the user works in.
    home = c.get(reverse("reports:home"))
    assert home.status_code == 302 and home["Location"] == reverse("reports:unit", args=[commune_a.pk])
    # The unit page carries the "Báo cáo" entry.
    detail = c.get(reverse("crud:units-unit-detail", args=[commune_a.pk])).content.decode()
    assert reverse("reports:unit", args=[commune_a.pk]) in detail and ">Báo cáo<" in detail


def test_docx_and_html_files_keep_vietnamese_names(commune_a, user_a, client_for):
    sample(CourseCrud, commune_a)
    c = client_for(user_a)
    resp = c.get(file_url(commune_a, "docx"))
    assert resp.status_code == 200
    disposition = resp["Content-Disposition"]
    assert "filename*=UTF-8''" in disposition
    assert unquote(disposition.split("UTF-8''")[1]) == f"Báo cáo tổng kết năm 2024 - {commune_a.name}.docx"
    assert "60 đồng chí đối tượng 4" in all_text(b"".join(resp.streaming_content) if resp.streaming else resp.content)
    html = c.get(file_url(commune_a, "html"))
    assert html.status_code == 200 and "Nơi nhận:" in html.content.decode()
    assert c.get(file_url(commune_a, "xlsx")).status_code == 404


def test_api_review_report(commune_a, commune_b, user_a, client_for):
    sample(CourseCrud, commune_a)
    c = client_for(user_a)
    url = reverse("api-reports-review")
    ok = c.get(url, {"unit": commune_a.pk, "period": "2024", "format": "docx"})
    assert ok.status_code == 200 and "60 đồng chí" in all_text(ok.content)
    assert c.get(url, {"unit": commune_b.pk, "period": "2024"}).status_code == 404
    bad = c.get(url, {"unit": commune_a.pk, "period": "năm ngoái"})
    assert bad.status_code == 400 and "Kỳ báo cáo" in bad.json()["errors"]["period"][0]
    assert c.get(url, {"unit": commune_a.pk, "period": "2024", "format": "odt"}).status_code == 400
    html = c.get(url, {"unit": commune_a.pk, "period": "2024", "format": "html"})
    assert html.status_code == 200 and "BÁO CÁO" in html.content.decode()


def test_issue_numbers_per_body_and_year(commune_a, user_a, client_for):
    sample(CourseCrud, commune_a)
    c = client_for(user_a)
    resp = c.post(reverse("reports:issue", args=[commune_a.pk]), {"period": "2024"})
    assert resp.status_code == 302
    first = IssuedReport.objects.get(unit=commune_a)
    assert first.seq == 1 and first.number == "01/BC-BCH"
    text = all_text(bytes(first.docx))
    assert "Số: 01/BC-BCH" in text and "DỰ THẢO" not in text
    with change_context(user=user_a):
        second = issue_report(commune_a, Period.parse("2024S1"), actor=user_a, on=datetime.date(2026, 11, 30))
    assert second.seq == 2
    listing = c.get(page(commune_a)).content.decode()
    assert "01/BC-BCH" in listing and "02/BC-BCH" in listing
    download = c.get(reverse("reports:issued-file", args=[first.pk]))
    assert download.status_code == 200 and "Số: 01/BC-BCH" in all_text(download.content)


def test_staff_paragraphs_and_template(commune_a, hai_phong, user_a):
    narrative = ReportNarrative(unit=commune_a, period="2024", section=Section.ASSESSMENT,
                                text="Ưu điểm: lãnh đạo sát sao.\nHạn chế: một số thôn chậm báo cáo.")  # fmt: skip
    narrative.full_clean()
    narrative.save()
    bad = ReportNarrative(unit=commune_a, period="năm 2024", section=Section.ASSESSMENT, text="x")
    with pytest.raises(ValidationError, match="không đúng dạng"):
        bad.full_clean()
    template = ReportTemplate(unit=hai_phong, level=Level.COMMUNE, symbol="BC-QS", font_size=13,
                              closing="Kính đề nghị cấp trên xem xét.")  # fmt: skip
    template.full_clean()
    template.save()
    report = review_report(commune_a, Period.parse("2024"), user=user_a)
    text = all_text(render(report))
    assert "Hạn chế: một số thôn chậm báo cáo." in text and "ĐÁNH GIÁ CHUNG" in text
    assert "Số:      /BC-QS" in text and "Kính đề nghị cấp trên xem xét." in text
    assert report.template.font_size == 13
    too_big = ReportTemplate(unit=hai_phong, level=Level.PROVINCE, font_size=16, margin_left=10)
    with pytest.raises(ValidationError) as error:
        too_big.full_clean()
    assert set(error.value.message_dict) >= {"font_size", "margin_left"}


def test_command_resolves_units_by_name_code_and_id(hai_phong, tmp_path):
    out = tmp_path / "hp.docx"
    call_command(
        "review_report", "--unit", "thành phố hải phòng", "--period", "2024", "--out", str(out), stdout=io.StringIO()
    )
    assert "BỘ CHỈ HUY QUÂN SỰ THÀNH PHỐ HẢI PHÒNG" in all_text(out.read_bytes())
    call_command("review_report", "--unit", f"code:{hai_phong.code}", "--period", "2024", "--format", "html",
                 "--out", str(tmp_path / "hp.html"), stdout=io.StringIO())  # fmt: skip
    assert "CỘNG HÒA" in (tmp_path / "hp.html").read_text()
    # Dương Kinh ended in 2025: it is found for 2019, not for 2026.
    call_command(
        "review_report",
        "--unit",
        "Duong Kinh",
        "--period",
        "2019",
        "--out",
        str(tmp_path / "dk.docx"),
        stdout=io.StringIO(),
    )
    with pytest.raises(CommandError, match="Không có đơn vị nào"):
        call_command(
            "review_report", "--unit", "quận Dương Kinh", "--period", "2026", "--out", str(tmp_path / "x.docx")
        )
    with pytest.raises(CommandError, match="Kỳ báo cáo"):
        call_command(
            "review_report", "--unit", str(hai_phong.pk), "--period", "20199", "--out", str(tmp_path / "x.docx")
        )


def test_ambiguous_name_lists_candidates(hai_phong, tmp_path):
    # A second "Phường Dương Kinh" (another province's, say): the bare name no longer decides.
    Unit.objects.create(kind="WARD", code="99999", name="Phường Dương Kinh", valid_from=datetime.date(2025, 7, 1))
    with pytest.raises(CommandError) as error:
        call_command("review_report", "--unit", "Dương Kinh", "--period", "2026", "--out", str(tmp_path / "x.docx"))
    message = str(error.value)
    assert "Có 2 đơn vị" in message and "mã 99999" in message and "Hãy ghi rõ" in message


def test_lineage_a_new_commune_reports_its_predecessors_first_half(hai_phong, admin_user):
    commune = next(
        u
        for u in Unit.objects.filter(level="COMMUNE", valid_from=datetime.date(2025, 7, 1))
        if predecessors(u).exists()
    )
    old = predecessors(commune).first()
    course = sample(CourseCrud, old, save=False)
    course.year, course.start_date, course.end_date, course.trainees_count = (
        2025,
        datetime.date(2025, 3, 3),
        datetime.date(2025, 3, 7),
        47,
    )
    course.save()
    text = all_text(render(review_report(commune, Period.parse("2025"), user=admin_user)))
    assert "47 đồng chí đối tượng 4" in text
    assert old.name in text  # "được thành lập … trên cơ sở …"
    old_report = all_text(render(review_report(old, Period.parse("2024"), user=admin_user)))
    assert "47 đồng chí" not in old_report


def test_pdf_through_libreoffice(commune_a, user_a, client_for, settings):
    settings.PHONGTHU_JOBS_SYNC = True
    sample(CourseCrud, commune_a)
    resp = client_for(user_a).get(file_url(commune_a, "pdf"))
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    body = b"".join(resp.streaming_content)
    assert body.startswith(b"%PDF")
