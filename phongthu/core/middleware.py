from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from phongthu.core.context import change_context


class AuditContextMiddleware:
    """Binds the request's user and a request id to every write it makes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        user = request.user if getattr(request, "user", None) is not None else None
        with change_context(user=user, request_id=request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
