"""Every URL the project serves is closed to anonymous users (except login and assets)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# favicon.ico: a redirect to the public static icon, nothing else.
OPEN = ("accounts/login/", "i18n/", "static/", "favicon.ico")


def _walk(patterns: Any, prefix: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def _concrete(route: str) -> str:
    route = route.replace("^", "").replace("$", "")
    route = re.sub(r"\(\?P<format>[^)]*\)", "json", route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)
    route = re.sub(r"<uuid:\w+>", str(uuid.UUID(int=1)), route)
    route = re.sub(r"<int:\w+>", "1", route)
    route = re.sub(r"<(str|slug|path):\w+>", "x", route)
    route = re.sub(r"<\w+>", "1", route)
    route = route.replace("/?", "/").replace("\\.", ".").replace("\\", "")
    return "/" + route


ROUTES = sorted({_concrete(r) for r in _walk(get_resolver().url_patterns)})


@pytest.mark.parametrize("path", [r for r in ROUTES if not r.lstrip("/").startswith(OPEN)])
def test_anonymous_cannot_read_or_write(path):
    c = Client(raise_request_exception=False)
    for method in ("get", "post"):
        resp = getattr(c, method)(path)
        assert resp.status_code in (301, 302, 401, 403, 404, 405), f"{method.upper()} {path} → {resp.status_code}"
        if resp.status_code in (301, 302):
            where = resp["Location"]
            assert "/accounts/login/" in where or where == path + "/", f"{method.upper()} {path} → {where}"


def test_the_sweep_covers_the_whole_site():
    assert len(ROUTES) > 40
    assert any(r.startswith("/api/v1/") for r in ROUTES)
