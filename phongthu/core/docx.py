"""Building blocks of a Word administrative document in the layout of Decree 30/2020/NĐ-CP,
Appendix I, shared by every document the product writes (call-up decisions, review reports).

A4 portrait, Times New Roman, the two-column header (issuing body over parent body and the
number on the left; national title on one line, motto, place and date on the right), the
"Nơi nhận" block and the signature. Column widths are fixed (autofit off) so that Word and
LibreOffice keep the national title on one line. Staff edit the files in Word afterwards, so
only plain paragraphs, runs and tables are used.
"""

from __future__ import annotations

import copy
import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
FONT = "Times New Roman"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
DRAFT_MARK = "DỰ THẢO"


def vn_date(day: datetime.date) -> str:
    """V-DOC-1: "ngày 05 tháng 02 năm 2026" — a leading zero for days below 10 and months 1–2."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def number_symbol(seq: int | None, symbol: str) -> str:
    """ "Số: 15/BC-BCH"; without a number yet, the blank is left for the clerk."""
    if seq is None:
        return f"Số:      /{symbol}"
    return f"Số: {seq:02d}/{symbol}"


@dataclass(frozen=True)
class PageStyle:
    """Page and type settings an administrator may adjust (within Decree 30's ranges)."""

    font_size: float = 14  # body, 13–14 pt
    margin_top_mm: float = 20  # 20–25
    margin_bottom_mm: float = 20  # 20–25
    margin_left_mm: float = 30  # 30–35
    margin_right_mm: float = 15  # 15–20


def new_document(style: PageStyle | None = None) -> DocumentObject:
    style = style or PageStyle()
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(style.margin_top_mm)
    section.bottom_margin = Mm(style.margin_bottom_mm)
    section.left_margin = Mm(style.margin_left_mm)
    section.right_margin = Mm(style.margin_right_mm)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.font.size = Pt(style.font_size)
    return document


def text_width_cm(document: DocumentObject) -> float:
    section = document.sections[0]
    width = int(section.page_width or 0) - int(section.left_margin or 0) - int(section.right_margin or 0)
    return width / 360000  # EMU per cm


def run(paragraph: Paragraph, text: str, *, size: float = 13, bold: bool = False, italic: bool = False,
        underline: bool = False) -> None:  # fmt: skip
    r = paragraph.add_run(text)
    r.font.name = FONT
    r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    r.font.size = Pt(size)
    r.bold = bold
    r.italic = italic
    r.underline = underline


def para(container: DocumentObject | _Cell, text: str = "", *, size: float = 13, bold: bool = False,
         italic: bool = False, underline: bool = False, align: int | None = None, indent: bool = False,
         space_after: float = 0, space_before: float = 0) -> Paragraph:  # fmt: skip
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    if align is not None:
        p.alignment = align
    if indent:
        fmt.first_line_indent = Cm(1.27)
    for i, line in enumerate(text.split("\n")):
        if i:
            p.add_run().add_break()
        run(p, line, size=size, bold=bold, italic=italic, underline=underline)
    return p


def no_borders(table: DocxTable) -> None:
    props = table._tbl.tblPr
    borders = props.find(qn("w:tblBorders"))
    if borders is not None:
        props.remove(borders)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    props.append(borders)


def fix_widths(table: DocxTable, widths_cm: Sequence[float]) -> None:
    """Fixed layout with the given column widths (Word and LibreOffice both honour it)."""
    table.autofit = False
    props = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    props.append(layout)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=False):
        col.set(qn("w:w"), str(int(width * 567)))  # twips per cm
    for row in table.rows:
        for cell, width in zip(_cells(row, table), widths_cm, strict=False):
            cell.width = Cm(width)


# A formatted cell paragraph per (size, bold, italic, alignment), copied for each cell: setting
# the run's fonts through python-docx costs ≈ 3 ms a cell (a province appendix has thousands).
_CELL_PARAGRAPHS: dict[tuple[float, bool, bool, int], Any] = {}


def cell_text(cell: _Cell, text: str, *, size: float = 12, bold: bool = False, italic: bool = False,
              align: int = WD_ALIGN_PARAGRAPH.LEFT) -> None:  # fmt: skip
    key = (size, bold, italic, int(align))
    template = _CELL_PARAGRAPHS.get(key)
    if template is None or "\n" in text or "\t" in text or not text:
        cell.text = ""
        p = cell.paragraphs[0]
        p.alignment = align
        run(p, text, size=size, bold=bold, italic=italic)
        if template is None and text and "\n" not in text and "\t" not in text:
            _CELL_PARAGRAPHS[key] = copy.deepcopy(p._p)
        return
    paragraph = copy.deepcopy(template)
    t = paragraph.find(f"{qn('w:r')}/{qn('w:t')}")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    tc = cell._tc
    for old in tc.p_lst:
        tc.remove(old)
    tc.append(paragraph)


def header_block(document: DocumentObject, *, issuing_body: str, parent_body: str, number: str, place_date: str,
                 draft: bool = False) -> None:  # fmt: skip
    """Issuing body (under its parent body) and number on the left; national title on one line,
    motto, place and date on the right. A draft carries "DỰ THẢO" above the header."""
    if draft:
        section = document.sections[0]
        hp = section.header.paragraphs[0]
        hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run(hp, DRAFT_MARK, size=12, bold=True)
    width = text_width_cm(document)
    left_w = 6.2
    header = document.add_table(rows=1, cols=2)
    no_borders(header)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    fix_widths(header, [left_w, width - left_w])
    left, right = header.rows[0].cells
    left.text = ""
    first = left.paragraphs[0]
    first.alignment = CENTER
    if parent_body:
        run(first, parent_body.upper(), size=12)
        para(left, issuing_body.upper(), size=12, bold=True, align=CENTER)
    else:
        run(first, issuing_body.upper(), size=12, bold=True)
    para(left, "───────", size=12, align=CENTER)
    para(left, number, size=13, align=CENTER)
    right.text = ""
    top = right.paragraphs[0]
    top.alignment = CENTER
    run(top, NATIONAL_TITLE, size=12, bold=True)
    para(right, MOTTO, size=13, bold=True, align=CENTER)
    para(right, "──────────────", size=12, align=CENTER)
    para(right, place_date, size=13, italic=True, align=CENTER)


def title_block(document: DocumentObject, doc_type: str, abstract: str) -> None:
    para(document, "", size=8)
    para(document, doc_type.upper(), size=14, bold=True, align=CENTER)
    para(document, abstract, size=14, bold=True, align=CENTER)
    para(document, "───────", size=12, align=CENTER, space_after=6)


def signature_block(document: DocumentObject, *, recipients: Sequence[str], authority: str, signer_title: str,
                    signer_name: str) -> None:  # fmt: skip
    """ "Nơi nhận" (left) and the signer's authority, title, signature space and name (right)."""
    width = text_width_cm(document)
    footer = document.add_table(rows=1, cols=2)
    no_borders(footer)
    fix_widths(footer, [width / 2, width / 2])
    rec, sig = footer.rows[0].cells
    rec.text = ""
    run(rec.paragraphs[0], "Nơi nhận:", size=12, bold=True, italic=True)
    for line in recipients:
        para(rec, f"- {line}", size=11)
    sig.text = ""
    p = sig.paragraphs[0]
    p.alignment = CENTER
    if authority:
        run(p, authority.upper(), size=14, bold=True)
        para(sig, signer_title.upper(), size=14, bold=True, align=CENTER)
    else:
        run(p, signer_title.upper(), size=14, bold=True)
    for _ in range(4):
        para(sig, "", size=14, align=CENTER)
    para(sig, signer_name, size=14, bold=True, align=CENTER)


def _cells(row: Any, table: DocxTable) -> list[_Cell]:
    """The cells of a row without merged cells, straight from its XML: python-docx's `row.cells`
    rebuilds the whole table's cell grid on every call (a 104 × 23 table took 7.8 s)."""
    return [_Cell(tc, table) for tc in row._tr.tc_lst]


def grid_table(document: DocumentObject, headers: Sequence[str], rows: Sequence[Sequence[str]],
               widths_cm: Sequence[float] = (), *, size: float = 11,
               numeric_from: int | None = None) -> DocxTable:  # fmt: skip
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, heading in zip(_cells(table.rows[0], table), headers, strict=True):
        cell_text(cell, heading, bold=True, align=CENTER, size=size)
    for row in rows:
        cells = _cells(table.add_row(), table)
        for i, value in enumerate(row):
            numeric = numeric_from is not None and i >= numeric_from
            cell_text(
                cells[i], str(value), size=size, align=WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT
            )
    if widths_cm:
        fix_widths(table, widths_cm)
    return table


def to_bytes(document: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def all_text(data: bytes) -> str:
    """Every paragraph of a .docx (headers and tables included), one per line: tests, previews."""
    document = Document(io.BytesIO(data))
    lines: list[str] = []

    def walk(paragraphs: Sequence[Paragraph], tables: Sequence[DocxTable]) -> None:
        for p in paragraphs:
            lines.append(p.text)
        for t in tables:
            for row in t.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    walk(cell.paragraphs, cell.tables)

    for section in document.sections:
        walk(section.header.paragraphs, section.header.tables)
    walk(document.paragraphs, document.tables)
    return "\n".join(lines)
