"""The files offered next to each import, written by core's one XLSX writer: the sample
(the header row as the page shows it, required columns marked "*" and in orange, example rows
and a guide sheet) and, after a run with errors, the list of failed rows with their messages."""

from __future__ import annotations

from phongthu.core import xlsx
from phongthu.core.imports.results import ImportResult
from phongthu.core.imports.specs import ImportSpec

HEADER_FILL = "#E2EFDA"
REQUIRED_FILL = "#FCE4D6"
GENERAL_GUIDE = (
    "Dòng 1 là tiêu đề; có thể để dòng tên sổ phía trên. Không gộp ô, không dùng công thức. "
    "Ngày ghi dd/mm/yyyy (ví dụ 10/09/2006). Cột màu cam là bắt buộc."
)


def template_workbook(spec: type[ImportSpec], *, examples: list[dict[str, str]] | None = None) -> bytes:
    columns = spec.get_columns()
    rows = examples if examples is not None else [{c.key: c.example for c in columns}]
    data = xlsx.Sheet(
        name="Du lieu",
        # The same " *" the import page shows; header matching ignores it on upload.
        header=[c.label + (" *" if c.required else "") for c in columns],
        rows=[[example.get(c.key, "") for c in columns] for example in rows],
        widths=[max(12, min(40, len(c.label) + 4)) for c in columns],
        numbered=True,
        header_fills=[REQUIRED_FILL if c.required else HEADER_FILL for c in columns],
        text_columns=True,
        freeze_columns=2,
    )
    guide = xlsx.Sheet(
        name="Huong dan",
        header=["Cột", "Cách ghi"],
        rows=[
            ["Chung", GENERAL_GUIDE],
            *(
                [
                    c.label + (" (bắt buộc)" if c.required else ""),
                    c.help or (f"Ví dụ: {c.example}" if c.example else ""),
                ]
                for c in columns
            ),
        ],
        widths=[34, 90],
        header_fills=[HEADER_FILL, HEADER_FILL],
    )
    return xlsx.workbook(data, guide)


def errors_workbook(result: ImportResult, *, file_name: str = "") -> bytes:
    """One line per error kept (row, column, field, message), sorted as the page lists them."""
    title = [f"Các dòng lỗi của tệp {file_name}" if file_name else "Các dòng lỗi"]
    if result.error_count > len(result.errors):
        title.append(f"Chỉ liệt kê {len(result.errors)} trên {result.error_count} lỗi.")
    sheet = xlsx.Sheet(
        name="Dong loi",
        title=title,
        header=["Dòng", "Cột", "Trường", "Lỗi"],
        rows=(
            [e.line, e.column or "", e.field or "Cả dòng", e.message]
            for e in sorted(result.errors, key=lambda e: (e.line, e.column))
        ),
        widths=[8, 8, 30, 90],
    )
    return xlsx.workbook(sheet)
