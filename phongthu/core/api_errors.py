"""One exception handler for the API: model and service validation errors become 400s, and a
write that lost a race for the database (SQLite's "database is locked", PostgreSQL's deadlock or
serialization failure) becomes a clean 409 the client may retry."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import OperationalError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

BUSY_MESSAGE = "Bản ghi đang được người khác cập nhật, vui lòng thử lại sau giây lát."
_BUSY_SIGNS = ("database is locked", "database table is locked", "deadlock detected", "could not serialize access")


def is_database_busy(exc: BaseException) -> bool:
    """Whether `exc` says another writer holds the data (worth retrying), not that the query is wrong."""
    return isinstance(exc, OperationalError) and any(sign in str(exc).lower() for sign in _BUSY_SIGNS)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if is_database_busy(exc):
        # The view's atomic blocks have already rolled back: nothing of this request was written.
        return Response({"detail": BUSY_MESSAGE}, status=status.HTTP_409_CONFLICT, headers={"Retry-After": "1"})
    if isinstance(exc, DjangoValidationError):
        detail: Any = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = ValidationError(detail=detail)
    return exception_handler(exc, context)
