"""Campaign lists as XLSX through core's one writer (numbered rows, dd/mm/yyyy dates, audited)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.db import models

from phongthu.core import audit
from phongthu.core import xlsx as core_xlsx

Column = tuple[str, Callable[[Any], Any]]


def workbook(
    *, title: str, columns: Sequence[Column], records: Iterable[Any], model: type[models.Model], description: str
) -> bytes:
    exported: list[Any] = []

    def rows() -> Iterator[list[Any]]:
        for obj in records:
            exported.append(obj)
            yield [getter(obj) for _label, getter in columns]

    data = core_xlsx.workbook(
        core_xlsx.Sheet(name=title, header=[label for label, _getter in columns], rows=rows(), widths=20, numbered=True)
    )
    audit.log_export(model, exported, f"{description} ({len(exported)} dòng)")
    return data
