"""A Word (.docx) administrative document in the format of Decree 30/2020/NĐ-CP, Appendix I.

The data object (`AdminDocument`) is built by a selector; this module only lays it out: A4
portrait, margins 20/20/30/15 mm, Times New Roman, the two-column header (issuing body and
number on the left; national title, motto, place and date on the right), document type and
abstract, body, optional tables, recipients and the signature block. Staff edit the file in
Word afterwards, so it uses plain paragraphs and tables, nothing exotic.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
FONT = "Times New Roman"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def vn_date(day: datetime.date) -> str:
    """V-DOC-1: "ngày 05 tháng 02 năm 2026" — a leading zero for days below 10 and months 1–2."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def number_symbol(seq: int | None, type_code: str, org_code: str) -> str:
    """ "Số: 05/QĐ-UBND"; without a number yet, the blank is left for the clerk."""
    if seq is None:
        return f"Số:      /{type_code}-{org_code}"
    return f"Số: {seq:02d}/{type_code}-{org_code}"


@dataclass
class Table:
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    title: str = ""
    widths_cm: Sequence[float] = ()


@dataclass
class AdminDocument:
    issuing_body: str  # "ỦY BAN NHÂN DÂN XÃ AN LÃO" (may contain a line break)
    number: str  # "Số: 05/QĐ-UBND"
    place: str
    date: datetime.date | None
    doc_type: str  # "QUYẾT ĐỊNH", "THÔNG BÁO", "DANH SÁCH"
    abstract: str
    parent_body: str = ""
    preamble: Sequence[str] = ()  # authority line and the "Căn cứ ..." lines (italic)
    decides_heading: str = ""  # "QUYẾT ĐỊNH:"
    body: Sequence[str] = ()
    tables: Sequence[Table] = ()
    recipients: Sequence[str] = ()
    signing_authority: str = ""  # TM. / KT. / ...
    authority_body: str = ""  # "ỦY BAN NHÂN DÂN" after TM.
    signer_title: str = ""
    signer_name: str = ""
    landscape: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def _run(paragraph: Paragraph, text: str, *, size: float = 13, bold: bool = False, italic: bool = False,
         underline: bool = False) -> None:  # fmt: skip
    run = paragraph.add_run(text)
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    run.underline = underline


def _para(container: DocumentObject | _Cell, text: str = "", *, size: float = 13, bold: bool = False, italic: bool = False,
          underline: bool = False, align: int | None = None, indent: bool = False, space_after: float = 0) -> object:  # fmt: skip
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(space_after)
    if align is not None:
        p.alignment = align
    if indent:
        fmt.first_line_indent = Cm(1.27)
    for i, line in enumerate(text.split("\n")):
        if i:
            p.add_run().add_break()
        _run(p, line, size=size, bold=bold, italic=italic, underline=underline)
    return p


def _no_borders(table: DocxTable) -> None:
    tbl = table._tbl
    props = tbl.tblPr
    borders = props.find(qn("w:tblBorders"))
    if borders is not None:
        props.remove(borders)
    from docx.oxml import OxmlElement

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    props.append(borders)


def _cell_text(cell: _Cell, text: str, *, size: float = 12, bold: bool = False,
               align: int = WD_ALIGN_PARAGRAPH.LEFT) -> None:  # fmt: skip
    cell.text = ""
    p = cell.paragraphs[0]
    p.alignment = align
    _run(p, text, size=size, bold=bold)


def render(doc_data: AdminDocument) -> bytes:
    document = Document()
    section = document.sections[0]
    if doc_data.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(20)
    section.left_margin = Mm(30)
    section.right_margin = Mm(15)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.font.size = Pt(13)

    # Header: issuing body and number (left), national title, motto, place and date (right).
    header = document.add_table(rows=1, cols=2)
    _no_borders(header)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(9.5)
    left.text = ""
    center = WD_ALIGN_PARAGRAPH.CENTER
    first = left.paragraphs[0]
    first.alignment = center
    if doc_data.parent_body:
        _run(first, doc_data.parent_body.upper(), size=12)
        _para(left, doc_data.issuing_body.upper(), size=12, bold=True, align=center)
    else:
        _run(first, doc_data.issuing_body.upper(), size=12, bold=True)
    _para(left, "───────", size=12, align=center)
    _para(left, doc_data.number, size=13, align=center)
    right.text = ""
    top = right.paragraphs[0]
    top.alignment = center
    _run(top, NATIONAL_TITLE, size=12, bold=True)
    _para(right, MOTTO, size=13, bold=True, underline=True, align=center)
    place_date = (
        f"{doc_data.place}, {vn_date(doc_data.date)}" if doc_data.date else f"{doc_data.place}, ngày … tháng … năm …"
    )
    _para(right, "", size=6, align=center)
    _para(right, place_date, size=13, italic=True, align=center)

    # Type and abstract.
    _para(document, "", size=8)
    _para(document, doc_data.doc_type.upper(), size=14, bold=True, align=center)
    _para(document, doc_data.abstract, size=14, bold=True, align=center)
    _para(document, "───────", size=12, align=center, space_after=6)

    for line in doc_data.preamble:
        is_authority = line.isupper()
        _para(document, line, size=14, bold=is_authority, italic=not is_authority,
              align=center if is_authority else WD_ALIGN_PARAGRAPH.JUSTIFY, indent=not is_authority, space_after=6)  # fmt: skip
    if doc_data.decides_heading:
        _para(document, doc_data.decides_heading, size=14, bold=True, align=center, space_after=6)
    for line in doc_data.body:
        _para(document, line, size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, space_after=6)

    for table_data in doc_data.tables:
        if table_data.title:
            _para(document, table_data.title, size=13, bold=True, align=center, space_after=6)
        table = document.add_table(rows=1, cols=len(table_data.headers))
        table.style = "Table Grid"
        for i, heading in enumerate(table_data.headers):
            _cell_text(table.rows[0].cells[i], heading, bold=True, align=center)
        for row in table_data.rows:
            cells = table.add_row().cells
            for i, value in enumerate(row):
                _cell_text(cells[i], str(value))
        if table_data.widths_cm:
            for row in table.rows:
                for i, width in enumerate(table_data.widths_cm):
                    row.cells[i].width = Cm(width)
        _para(document, "", size=6)

    # Recipients (left) and signature (right).
    footer = document.add_table(rows=1, cols=2)
    _no_borders(footer)
    rec, sig = footer.rows[0].cells
    rec.text = ""
    p = rec.paragraphs[0]
    _run(p, "Nơi nhận:", size=12, bold=True, italic=True)
    for line in doc_data.recipients:
        _para(rec, f"- {line}", size=11)
    sig.text = ""
    p = sig.paragraphs[0]
    p.alignment = center
    authority = f"{doc_data.signing_authority} {doc_data.authority_body}".strip()
    if doc_data.signing_authority:
        _run(p, authority.upper(), size=14, bold=True)
        _para(sig, doc_data.signer_title.upper(), size=14, bold=True, align=center)
    else:
        _run(p, doc_data.signer_title.upper(), size=14, bold=True)
    for _ in range(4):
        _para(sig, "", size=14, align=center)
    _para(sig, doc_data.signer_name, size=14, bold=True, align=center)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def all_text(data: bytes) -> str:
    """Every paragraph of a .docx, tables included, one per line (tests and previews)."""
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

    walk(document.paragraphs, document.tables)
    return "\n".join(lines)
