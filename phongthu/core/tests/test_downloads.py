"""Download names keep their Vietnamese letters (RFC 5987), with an ASCII fallback."""

from __future__ import annotations

from urllib.parse import unquote

from phongthu.core.downloads import content_disposition, file_response


def test_vietnamese_name_is_kept_with_an_ascii_fallback():
    header = content_disposition("QĐ-05-QĐ-UBND-2026.docx")
    assert header.startswith('attachment; filename="QD-05-QD-UBND-2026.docx"; ')
    assert unquote(header.split("filename*=UTF-8''")[1]) == "QĐ-05-QĐ-UBND-2026.docx"


def test_plain_names_stay_plain_and_quotes_cannot_break_the_header():
    assert content_disposition("danh-sach.xlsx") == 'attachment; filename="danh-sach.xlsx"'
    header = content_disposition('Báo "cáo"/2019.pdf', inline=True)
    assert header == "inline; filename=\"Bao -cao-2019.pdf\"; filename*=UTF-8''B%C3%A1o%20%22c%C3%A1o%22%2F2019.pdf"
    response = file_response(b"x", "application/pdf", "Báo cáo.pdf")
    assert "filename*=UTF-8''B%C3%A1o%20c%C3%A1o.pdf" in response["Content-Disposition"]
