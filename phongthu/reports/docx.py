"""The review report as a Word document (Decree 30/2020 layout, core.docx building blocks).
The DOCX is the source: the PDF is rendered from it by LibreOffice."""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_BREAK
from docx.shared import Mm

from phongthu.core import docx as d
from phongthu.core.docx import vn_date
from phongthu.reports import wording as w
from phongthu.reports.selectors import ReviewReport

SUB_UNIT_COLUMNS = 8  # sub-unit columns per table in the landscape appendix


def _appendix_caption(report: ReviewReport) -> str:
    number = f"{report.seq:02d}/{report.symbol}" if report.seq else f"      /{report.symbol}"
    return f"(Kèm theo Báo cáo số {number} {vn_date(report.date)} của {report.issuing_body})"


def render(report: ReviewReport) -> bytes:
    t = report.template
    size = t.font_size
    document = d.new_document(t.page)
    d.header_block(
        document,
        issuing_body=report.issuing_body,
        parent_body=report.parent_body,
        number=report.number,
        place_date=report.place_date,
        draft=report.draft,
    )
    d.title_block(document, report.doc_type, report.title)
    if report.opening:
        d.para(document, report.opening, size=size, align=d.JUSTIFY, indent=True, space_after=6)
    for roman, section in report.numbered_sections:
        d.para(
            document,
            f"{roman}. {section.title.upper()}",
            size=size,
            bold=True,
            align=d.JUSTIFY,
            space_before=6,
            space_after=6,
        )
        for text in section.body:
            d.para(document, text, size=size, align=d.JUSTIFY, indent=True, space_after=6)
        for text in section.targets:
            d.para(document, f"- {text}", size=size, align=d.JUSTIFY, indent=True, space_after=6)
    if report.closing:
        d.para(document, report.closing, size=size, align=d.JUSTIFY, indent=True, space_after=12)
    authority = report.signer_authority
    d.signature_block(
        document,
        recipients=[f"{r};" if not r.endswith((".", ";")) else r for r in report.recipients],
        authority=authority,
        signer_title=report.signer_title,
        signer_name=report.signer_name,
    )
    _figures_appendix(document, report)
    _awards_appendix(document, report)
    return d.to_bytes(document)


def _new_page(document: DocumentObject, *, landscape: bool = False) -> None:
    if landscape:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _figures_appendix(document: DocumentObject, report: ReviewReport) -> None:
    rows = report.appendix
    if not rows:
        return
    _new_page(document)
    d.para(document, "PHỤ LỤC I", size=13, bold=True, align=d.CENTER)
    d.para(
        document,
        f"SỐ LIỆU KẾT QUẢ THỰC HIỆN NHIỆM VỤ {report.period.label.upper()}",
        size=13,
        bold=True,
        align=d.CENTER,
    )
    d.para(document, _appendix_caption(report), size=12, italic=True, align=d.CENTER, space_after=6)
    previous = report.period.same_period_last_year().label
    headers = [
        "TT",
        "Chỉ tiêu",
        "Đơn vị tính",
        report.period.label.capitalize(),
        f"Cùng kỳ ({previous})",
        "Chỉ tiêu giao",
        "% đạt",
    ]
    body = [
        [str(r.number), r.label, r.measure, r.value or "—", r.previous or "—", r.target or "—", r.achieved or "—"]
        for r in rows
    ]
    d.grid_table(document, headers, body, [1.0, 6.4, 1.8, 2.0, 2.2, 1.7, 1.4], size=10.5, numeric_from=3)
    subs = report.sub_units
    if not subs or not any(r.by_sub_unit for r in rows):
        return
    _new_page(document, landscape=True)
    d.para(document, "PHỤ LỤC II", size=13, bold=True, align=d.CENTER)
    d.para(
        document, f"SỐ LIỆU THEO ĐƠN VỊ TRỰC THUỘC {report.period.label.upper()}", size=13, bold=True, align=d.CENTER
    )
    d.para(
        document,
        f"(Bản đồ hành chính ngày {report.map_date:%d/%m/%Y})",
        size=12,
        italic=True,
        align=d.CENTER,
        space_after=6,
    )
    for start in range(0, len(subs), SUB_UNIT_COLUMNS):
        chunk = subs[start : start + SUB_UNIT_COLUMNS]
        headers = ["TT", "Chỉ tiêu", "ĐVT", *[u.name for u in chunk]]
        body = [[str(r.number), r.label, r.measure, *[(r.by_sub_unit[start + i] if start + i < len(r.by_sub_unit) else "") or "—" for i in range(len(chunk))]] for r in rows]  # fmt: skip
        width = (25.0 - 8.4) / max(1, len(chunk))
        d.grid_table(document, headers, body, [1.0, 6.0, 1.4, *[width] * len(chunk)], size=9.5, numeric_from=3)
        d.para(document, "", size=6)


def _awards_appendix(document: DocumentObject, report: ReviewReport) -> None:
    if not report.awards:
        return
    _new_page(document)
    number = (
        "III"
        if report.appendix and report.sub_units and any(r.by_sub_unit for r in report.appendix)
        else ("II" if report.appendix else "I")
    )
    d.para(document, f"PHỤ LỤC {number}", size=13, bold=True, align=d.CENTER)
    d.para(document, f"KHEN THƯỞNG {report.period.label.upper()}", size=13, bold=True, align=d.CENTER)
    d.para(document, _appendix_caption(report), size=12, italic=True, align=d.CENTER, space_after=6)
    headers = ["TT", "Cơ quan khen thưởng", "Hình thức", "Nội dung, thành tích", "Tập thể", "Cá nhân"]
    body = []
    for i, a in enumerate(report.awards, start=1):
        if a.received:
            form = f"{a.title} (đơn vị được nhận{'' if a.decided else ', đang đề nghị'})"
            body.append([str(i), a.issuer, form, w.join([a.recipient, a.reason], "; "), "01", ""])
        else:
            body.append([str(i), a.issuer, a.title, a.reason, w.count(a.collectives) if a.collectives else "—",
                         w.count(a.individuals) if a.individuals else "—"])  # fmt: skip
    given = [a for a in report.awards if not a.received]
    body.append(
        ["", "Cộng", "", "", w.number(sum(a.collectives for a in given)), w.number(sum(a.individuals for a in given))]
    )
    d.grid_table(document, headers, body, [1.0, 3.6, 3.6, 4.9, 1.6, 1.6], size=10.5, numeric_from=4)
