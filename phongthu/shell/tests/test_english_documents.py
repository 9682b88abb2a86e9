"""Issue 13 item 7 / issue 10: with English chosen the screens read English, but the official
documents a user downloads or issues stay Vietnamese (labels, choice labels, periods), and so do
the strings kept in the database (an issued report's file, an export's audit row)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from phongthu.activities.crud.education import CourseCrud
from phongthu.core.docx import all_text
from phongthu.core.models import ObjectChange
from phongthu.core.tests.factories import sample
from phongthu.reports.models import IssuedReport

pytestmark = pytest.mark.django_db


def _english(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return c


def _cells(content: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]


def test_figures_sheets_keep_vietnamese_labels(province_user, hai_phong):
    c = _english(province_user)
    page = c.get(f"/figures/{hai_phong.pk}/2026/").content.decode()
    assert "Conferences, working sessions" in page and "Hội nghị, buổi làm việc" not in page
    sheet = c.get(f"/figures/{hai_phong.pk}/2026/", {"format": "xlsx"})
    assert sheet.status_code == 200
    cells = _cells(sheet.content)
    assert "Hội nghị, buổi làm việc" in cells and "Conferences, working sessions" not in cells
    assert "cuộc" in cells  # the measure
    entry = c.get(f"/figures/{hai_phong.pk}/2026/entry/leadership/", {"format": "xlsx"})
    assert entry.status_code == 200
    cells = _cells(entry.content)
    assert "Buổi tuyên truyền, phổ biến pháp luật về quốc phòng" in cells
    assert not any("Sessions promoting" in v for v in cells)


def test_issued_report_is_vietnamese_for_an_english_issuer(commune_a, user_a):
    sample(CourseCrud, commune_a)
    c = _english(user_a)
    resp = c.post(reverse("reports:issue", args=[commune_a.pk]), {"period": "2024"})
    assert resp.status_code == 302
    issued = IssuedReport.objects.get(unit=commune_a)
    text = all_text(bytes(issued.docx))
    assert "năm 2024" in text and "ĐẶC ĐIỂM TÌNH HÌNH" in text
    assert "year 2024" not in text and "SITUATION" not in text
    assert "năm 2024" in issued.title and "year" not in issued.title
    reason = ObjectChange.objects.filter(object_repr__contains=issued.number).values_list("reason", flat=True)
    assert all("Ban hành báo cáo" in r for r in reason)
    download = c.get(reverse("reports:issued-file", args=[issued.pk]))
    assert "ĐẶC ĐIỂM TÌNH HÌNH" in all_text(download.content)


def test_report_docx_download_is_vietnamese(commune_a, user_a):
    c = _english(user_a)
    resp = c.get(reverse("reports:file", args=[commune_a.pk, "docx"]), {"period": "2024"})
    assert resp.status_code == 200
    text = all_text(resp.content)
    assert "ĐẶC ĐIỂM TÌNH HÌNH" in text and "SITUATION" not in text


def test_gnn_form_title_is_english_on_screen_and_vietnamese_in_the_form(province_user, hai_phong):
    c = _english(province_user)
    resp = c.get(reverse("campaigns:gnn-form", args=["06"]), {"unit": hai_phong.pk, "year": 2026})
    assert resp.status_code == 200
    cells = _cells(resp.content)
    assert any("GNN" in v for v in cells) and not any("Form 06" in v or "Male citizens" in v for v in cells)
    export = ObjectChange.objects.filter(action="export").latest("pk")
    assert "Biểu 06/GNN — Số lượng công dân nam trong độ tuổi gọi nhập ngũ" in export.object_repr
