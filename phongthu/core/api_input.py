"""What the API accepts before any view sees it: JSON bodies of bounded depth and valid text,
and page windows a database can answer. Each refusal is a 400 with a Vietnamese message."""

from __future__ import annotations

import codecs
import json
from typing import Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import JSONParser
from rest_framework.request import Request

MAX_JSON_DEPTH = 32
MAX_OFFSET = 2**31 - 1


def _has_lone_surrogate(text: str) -> bool:
    """JSON may spell half a UTF-16 pair ("\\ud800"): Python keeps it, no database can store it."""
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def check_json_value(value: Any) -> None:
    """Walks the parsed body without recursion: too deep, or a lone surrogate, is refused."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                raise ParseError(f"Dữ liệu JSON lồng nhau quá {MAX_JSON_DEPTH} tầng.")
            if isinstance(node, dict):
                for key, child in node.items():
                    if _has_lone_surrogate(key):
                        raise ParseError("Tên trường chứa ký tự không hợp lệ (nửa cặp UTF-16).")
                    stack.append((child, depth + 1))
            else:
                stack.extend((child, depth + 1) for child in node)
        elif isinstance(node, str) and _has_lone_surrogate(node):
            raise ParseError("Văn bản chứa ký tự không hợp lệ (nửa cặp UTF-16 “\\ud800”…): hãy gõ lại nội dung.")


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, plus: deep nesting and lone surrogates are 400s, not 500s."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(f"Nội dung không phải văn bản {encoding} hợp lệ.") from exc
        try:
            value = json.loads(text, parse_constant=_refuse_constant)
        except RecursionError as exc:
            raise ParseError(f"Dữ liệu JSON lồng nhau quá {MAX_JSON_DEPTH} tầng.") from exc
        except ValueError as exc:
            raise ParseError(f"Dữ liệu JSON không hợp lệ: {exc}") from exc
        check_json_value(value)
        return value


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"giá trị {name} không được phép")


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """`limit` capped at 1000 rows and `offset` at what a database can skip: a huge number is
    clamped (DRF caps `limit` at max_limit itself), text falls back to the default."""

    max_limit = 1000

    def get_offset(self, request: Request) -> int:
        return min(super().get_offset(request), MAX_OFFSET)
