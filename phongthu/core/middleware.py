from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from phongthu.core.context import change_context, client_request_id


class AuditContextMiddleware:
    """Binds the request's user and a request id to every write it makes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = client_request_id(request.headers.get("X-Request-ID")) or uuid.uuid4().hex
        user = request.user if getattr(request, "user", None) is not None else None
        with change_context(user=user, request_id=request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the user chose another language (cookie from the switcher).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many office
    computers run English-language browsers: the UI must still open in Vietnamese.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class NoStoreMiddleware:
    """Nothing a signed-in user (session or API token) is shown may be kept by a cache.

    Pages and API answers carry personal records; one rule for all of them is the honest
    one. Static files never reach this (WhiteNoise answers them first) and are skipped anyway.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils.cache import add_never_cache_headers

        response = self.get_response(request)
        if request.path.startswith(settings.STATIC_URL):
            return response
        # DRF copies a token-authenticated user onto the Django request, so both are seen here.
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META:
            add_never_cache_headers(response)
        return response


class BusyDatabaseMiddleware:
    """A page whose write lost a race for the database (SQLite's "database is locked") answers
    409 with a Vietnamese "try again" page instead of a server error; nothing was written, since
    the services' atomic blocks rolled back before the exception got here."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.shortcuts import render

        from phongthu.core.api_errors import BUSY_MESSAGE, is_database_busy

        if not is_database_busy(exception):
            return None
        try:
            response = render(request, "core/busy.html", {"message": BUSY_MESSAGE}, status=409)
        except Exception:  # the page's navigation reads the database too: fall back to plain text
            response = HttpResponse(BUSY_MESSAGE, status=409, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "1"
        return response
