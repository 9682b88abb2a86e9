"""The call-up documents (decisions, notices, lists) as Word files in the layout of Decree
30/2020/NĐ-CP, Appendix I, laid out with the shared building blocks of `core.docx` (page, fonts,
two-column header with fixed widths, title, signature, grid tables).

The data object (`AdminDocument`) is built by a selector (`builders.py`); this module only lays
it out: A4 (landscape for the long lists), Times New Roman 13 pt, document type and abstract,
the "Căn cứ …" preamble, body, optional tables, recipients and the signature block.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from docx.enum.section import WD_ORIENT
from docx.shared import Mm

from phongthu.core import docx as d30


def number_symbol(seq: int | None, type_code: str, org_code: str) -> str:
    """ "Số: 05/QĐ-UBND"; without a number yet, the blank is left for the clerk."""
    return d30.number_symbol(seq, f"{type_code}-{org_code}")


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

    @property
    def place_date(self) -> str:
        return f"{self.place}, {d30.vn_date(self.date)}" if self.date else f"{self.place}, ngày … tháng … năm …"


def render(doc_data: AdminDocument) -> bytes:
    document = d30.new_document(d30.PageStyle(font_size=13))
    if doc_data.landscape:
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    d30.header_block(
        document,
        issuing_body=doc_data.issuing_body,
        parent_body=doc_data.parent_body,
        number=doc_data.number,
        place_date=doc_data.place_date,
    )
    d30.title_block(document, doc_data.doc_type, doc_data.abstract)
    for line in doc_data.preamble:
        is_authority = line.isupper()
        d30.para(document, line, size=14, bold=is_authority, italic=not is_authority,
                 align=d30.CENTER if is_authority else d30.JUSTIFY, indent=not is_authority, space_after=6)  # fmt: skip
    if doc_data.decides_heading:
        d30.para(document, doc_data.decides_heading, size=14, bold=True, align=d30.CENTER, space_after=6)
    for line in doc_data.body:
        d30.para(document, line, size=14, align=d30.JUSTIFY, indent=True, space_after=6)
    for table in doc_data.tables:
        if table.title:
            d30.para(document, table.title, size=13, bold=True, align=d30.CENTER, space_after=6)
        d30.grid_table(document, table.headers, table.rows, table.widths_cm, size=12)
        d30.para(document, "", size=6)
    d30.signature_block(
        document,
        recipients=doc_data.recipients,
        authority=f"{doc_data.signing_authority} {doc_data.authority_body}".strip()
        if doc_data.signing_authority
        else "",
        signer_title=doc_data.signer_title,
        signer_name=doc_data.signer_name,
    )
    return d30.to_bytes(document)
