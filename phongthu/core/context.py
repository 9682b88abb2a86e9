"""The request/job context that every audit row records (who, which request or job, why)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class ChangeContext:
    user: Any = None
    request_id: str = ""
    job_id: str = ""
    reason: str = ""


_EMPTY = ChangeContext()
_current: ContextVar[ChangeContext] = ContextVar("phongthu_change_context", default=_EMPTY)


def current() -> ChangeContext:
    return _current.get()


REQUEST_ID_MAX = 64  # ObjectChange.request_id's length


def client_request_id(raw: str | None) -> str:
    """A client-supplied X-Request-ID as stored: printable ASCII only, cut to the column's length.

    The middleware and the API both use this, so one request carries one id everywhere.
    """
    text = "".join(ch for ch in (raw or "") if " " < ch < "\x7f")
    return text[:REQUEST_ID_MAX]


@contextlib.contextmanager
def change_context(
    *, user: Any = None, request_id: str = "", job_id: str = "", reason: str = ""
) -> Iterator[ChangeContext]:
    """Bind who/why for every write inside the block (requests, jobs, commands)."""
    ctx = ChangeContext(
        user=user,
        request_id=request_id or ("" if job_id else uuid.uuid4().hex),
        job_id=job_id,
        reason=reason,
    )
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


@contextlib.contextmanager
def reason(text: str) -> Iterator[None]:
    """Attach a reason to the writes in the block, keeping the surrounding context."""
    token = _current.set(replace(_current.get(), reason=text))
    try:
        yield
    finally:
        _current.reset(token)
