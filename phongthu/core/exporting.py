"""XLSX export of any scoped list (the `?export=xlsx` of a generic list); every export is audited.
Cells hold `core.display.cell_value`, the file twin of what the list shows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpResponse

from phongthu.core import audit, xlsx
from phongthu.core.crud import CrudConfig
from phongthu.core.display import cell_value


def xlsx_response(config: type[CrudConfig], queryset: Any, fields: list[str]) -> HttpResponse:
    exported: list[Any] = []

    def rows() -> Iterator[list[Any]]:
        for obj in queryset.iterator(chunk_size=2000):
            exported.append(obj)
            yield [cell_value(obj, name) for name in fields]

    data = xlsx.workbook(
        xlsx.Sheet(name=config.verbose_name_plural(), header=[config.label(n) for n in fields], rows=rows())
    )
    audit.log_export(config.model, exported, f"Xuất {len(exported)} {config.verbose_name_plural()}")
    return xlsx.response(data, f"{config.slug}.xlsx")
