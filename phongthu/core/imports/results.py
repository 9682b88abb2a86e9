"""What an import reports: errors per row and column, counts, and the limits it enforces."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_ROWS = 200_000  # per import through the form path (row-by-row saves)
MAX_FAST_ROWS = 2_000_000  # per import through a fast spec (streamed)
MAX_COLUMNS = 200
MAX_CELL_CHARS = 2_000
MAX_ERRORS_KEPT = 5_000  # errors beyond this are counted, not listed
HEADER_SCAN_ROWS = 15


class ImportFileError(Exception):
    """The file as a whole cannot be read; nothing is written."""


class CellError(ValueError):
    """One cell cannot be accepted; the message says what to do, in Vietnamese."""


@dataclass
class RowError:
    line: int
    column: str  # spreadsheet letter, or "" for the whole row
    field: str
    message: str

    def __str__(self) -> str:
        where = f"Dòng {self.line}" + (f", cột {self.column} ({self.field})" if self.column else "")
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "field": self.field, "message": self.message}


@dataclass
class ImportResult:
    total: int = 0
    valid: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0  # all errors, including those not kept in `errors`
    invalid_lines: int = 0
    duplicates: int = 0
    committed: bool = False
    cancelled: bool = False
    warnings: list[str] = field(default_factory=list)
    # Update imports: matched rows whose stored values change (or would, in a dry run), those
    # already equal to the file, and per changed row {line, name, changes: [[label, old, new]]}.
    updated: int = 0
    unchanged: int = 0
    updates: list[dict[str, Any]] = field(default_factory=list)
    # Seconds per step of the database work (bench/import_bench.py prints them); not stored.
    timings: dict[str, float] = field(default_factory=dict)

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(error)

    def sort_errors(self) -> None:
        self.errors.sort(key=lambda e: (e.line, e.column))

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "valid": self.valid,
            "created": self.created,
            "errors": [e.as_dict() for e in self.errors],
            "error_count": max(self.error_count, len(self.errors)),
            "invalid_lines": self.invalid_lines,
            "duplicates": self.duplicates,
            "committed": self.committed,
            "cancelled": self.cancelled,
            "warnings": self.warnings,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "updates": self.updates,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportResult:
        result = cls(**{k: v for k, v in data.items() if k not in ("errors", "timings")})
        result.errors = [RowError(**e) for e in data.get("errors", [])]
        return result
