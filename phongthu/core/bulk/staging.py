"""What both writers of the fast import path share: the records they stage, the status history
they write, the writer interface, and the model metadata their SQL and audit rows are built from."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models

from phongthu.core.bulk.derived import DerivedPlan
from phongthu.core.imports import ImportContext

if TYPE_CHECKING:
    from phongthu.core.bulk import FastImportSpec


@dataclass(frozen=True)
class StatusHistory:
    field: str = "status"
    effective_date: str = ""  # attname of the date the status took effect
    legal_ground: str = ""
    reason: str = "Nhập từ tệp Excel/CSV"


@dataclass
class Record:
    """One valid file row: per model, its attname → value, plus the audit repr."""

    line: int
    values: dict[type[models.Model], dict[str, Any]]
    reprs: dict[type[models.Model], str] = field(default_factory=dict)


def _unit_attname(model: type[models.Model]) -> str | None:
    path = getattr(model, "unit_path", "")
    if not path or "__" in path or path == "self":
        return None
    return next(f.attname for f in model._meta.concrete_fields if f.name == path)


class _Writer(ABC):
    streams = False  # True: writes chunk by chunk inside the caller's transaction

    def __init__(self, spec: FastImportSpec, ctx: ImportContext) -> None:
        self.spec = spec
        self.ctx = ctx
        self.derived = DerivedPlan(spec.targets)  # rows the layers above derive from the records

    def start(self) -> None:  # an optional hook: most writers need no set-up
        return None

    @abstractmethod
    def stage(self, records: list[Record], write: bool = False) -> None:
        """Keep a chunk of valid records; `write`: the import can still commit, so a streaming
        writer may already insert them (inside the import's transaction)."""

    @abstractmethod
    def duplicates_in_db(self) -> list[tuple[int, str]]:
        """(line, message) of staged records that already exist in the database."""

    @abstractmethod
    def commit(self, skip_lines: set[int]) -> int:
        """Write the staged records but the skipped lines; returns how many were written."""

    def close(self) -> None:  # an optional hook
        return None

    def _actor(self) -> tuple[Any, str]:
        user = self.ctx.user
        if user is not None and getattr(user, "is_authenticated", False):
            return user.pk, user.get_username()
        return None, ""


def _default(f: Any) -> Any:
    if f.has_default():
        return f.get_default()
    if f.null:
        return None
    return "" if f.get_internal_type() in ("CharField", "TextField") else None


def _column(model: type[models.Model], attname: str) -> str:
    return str(next(f.column for f in model._meta.concrete_fields if f.attname == attname))


def _json_expr(model: type[models.Model], attname: str) -> str:
    f = next(x for x in model._meta.concrete_fields if x.attname == attname)
    if f.get_internal_type() == "DecimalField":
        return f'"{f.column}"::text'  # snapshot() stores decimals as strings
    return f'"{f.column}"'
