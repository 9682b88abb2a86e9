"""Back to the form that sent the user away: a "create one" link (an empty choice list, a picker
with nothing to pick) carries `next` (the form's address, with what was typed when JavaScript
adds it) and `next_field` (the field to fill). After the new record is saved, the user lands on
that form again with the new record chosen.

Only same-site relative paths are followed: an address with a scheme or a host ("https://…",
"//evil.example") is ignored, so a crafted link cannot send anyone elsewhere."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

FIELD = re.compile(r"^[a-z_][a-z0-9_-]{0,80}$")
MAX_LENGTH = 4000


def safe_path(target: str) -> str:
    """`target` when it is a same-site relative path ("/r/…?…"), else ""."""
    text = (target or "").strip()
    if not text or len(text) > MAX_LENGTH or not text.startswith("/") or text.startswith(("//", "/\\")):
        return ""
    if any(ch in text for ch in "\r\n\t\\"):
        return ""
    return text if url_has_allowed_host_and_scheme(text, allowed_hosts=None) else ""


def return_to(request: HttpRequest) -> tuple[str, str] | None:
    """(the form's path, the field to fill) this request came from, when both are safe."""
    data: Any = request.POST if request.method == "POST" else request.GET
    path, name = safe_path(data.get("next", "")), str(data.get("next_field", ""))
    if not path or not FIELD.match(name):
        return None
    return path, name


def with_choice(path: str, field: str, value: Any) -> str:
    """`path` with `field=value` in its query (replacing an earlier value)."""
    parts = urlsplit(path)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != field]
    query.append((field, str(value)))
    return urlunsplit(("", "", parts.path, urlencode(query), ""))


def create_link(add_url: str, request: HttpRequest, field: str) -> str:
    """The "create one" address from a form at `request` for its `field`."""
    back = request.get_full_path() if request.method == "GET" else request.path
    return f"{add_url}?{urlencode({'next': back, 'next_field': field})}"
