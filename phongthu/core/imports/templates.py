"""The sample file offered for download next to each import: the header row in the layout
offices use (required columns in orange), example rows and a guide sheet; written by
core's one XLSX writer."""

from __future__ import annotations

from phongthu.core import xlsx
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
        header=[c.label for c in columns],
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
