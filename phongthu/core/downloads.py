"""One way to name a downloaded file: the Vietnamese name kept (RFC 5987 `filename*`), with an
ASCII fallback for old clients. Browsers show `download.docx` when a header carries raw UTF-8
or Django's MIME-encoded form, which is why every download goes through `attachment()`."""

from __future__ import annotations

import re
from typing import Any, TypeVar
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from django.views import View
from unidecode import unidecode


def ascii_name(filename: str) -> str:
    """ "QĐ-Dương Kinh.docx" → "QD-Duong Kinh.docx" (no quotes, slashes or control characters)."""
    text = unidecode(filename)
    return re.sub(r'[\\/"\x00-\x1f]+', "-", text).strip() or "download"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    kind = "inline" if inline else "attachment"
    fallback = ascii_name(filename)
    if fallback == filename:
        return f'{kind}; filename="{filename}"'
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


R = TypeVar("R", bound=HttpResponseBase)


def attachment(response: R, filename: str, *, inline: bool = False) -> R:
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response


def file_response(data: bytes, content_type: str, filename: str, *, inline: bool = False) -> HttpResponse:
    return attachment(HttpResponse(data, content_type=content_type), filename, inline=inline)


class VietnameseDocumentView(View):
    """A view whose file is an official document (a decision, a list, a Ministry form): written
    in Vietnamese whatever the reader's language — choice labels and other translated words
    included."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with translation.override("vi"):
            return super().dispatch(request, *args, **kwargs)
