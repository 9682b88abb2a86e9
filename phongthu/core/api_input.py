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
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from phongthu.core import paging

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
    clamped (DRF caps `limit` at max_limit itself), text falls back to the default.

    The total is counted as the HTML lists count it (core/paging.CappedPaginator): exactly up to
    the cap, above it PostgreSQL's estimate (never below cap + 1) with `count_is_exact: false`;
    DRF's exact `count(*)` read every record in reach (a province's million people) on every
    request. `next` is decided by reading one row more than the page, never from the count.
    A list PostgreSQL expects to be short (at most 1.5 × the cap: a search) is read with its exact
    total in one query, as the HTML list reads it: `count` is then exact (`count_is_exact: true`),
    even above the cap. The view's `list_paginator` (core/api.py → core/filtering.list_paginator)
    chooses the order: a search sorts its matches instead of walking the name index."""

    max_limit = 1000
    # The exact count stops here; None: core.paging.EXACT_COUNT_LIMIT.
    count_cap: int | None = None

    def get_offset(self, request: Request) -> int:
        return min(super().get_offset(request), MAX_OFFSET)

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any] | None:
        self.request = request
        self.limit = self.get_limit(request)
        if self.limit is None:
            return None
        self.offset = self.get_offset(request)
        # A list view (core/api.py) builds the HTML list's paginator: the same order, and a
        # search sorted after it filters (core/filtering.list_paginator).
        make = getattr(view, "list_paginator", None)
        if make is not None:
            counter = make(queryset, self.limit, cap=self.count_cap)
        else:
            # Ties in the sort would let rows swap between two OFFSET pages: the key ends in pk.
            counter = paging.CappedPaginator(paging.totally_ordered(queryset), self.limit, cap=self.count_cap)
        # A list PostgreSQL expects to be short (a search): the page and its exact total in one
        # query, as the HTML list reads it; `next` from that total.
        combined = counter.rows_with_total(self.offset, self.limit)
        if combined is not None:
            self.count_is_exact, self.count = True, counter.count
            self.has_next = self.offset + len(combined) < self.count
            if self.count > self.limit and self.template is not None:
                self.display_page_controls = True
            return combined
        self.count_is_exact = counter.exact
        self.count = counter.count if counter.exact else (counter.estimate or counter.cap + 1)
        if self.count > self.limit and self.template is not None:
            self.display_page_controls = True
        if self.count_is_exact and self.offset >= self.count:
            self.has_next = False
            return []
        rows = counter.read(self.offset, self.limit + 1)
        self.has_next = len(rows) > self.limit
        return rows[: self.limit]

    def get_next_link(self) -> str | None:
        if not self.has_next or self.request is None:
            return None
        url = replace_query_param(self.request.build_absolute_uri(), self.limit_query_param, self.limit)
        return replace_query_param(url, self.offset_query_param, (self.offset or 0) + (self.limit or 0))

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.count,
                "count_is_exact": self.count_is_exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: Any) -> dict[str, Any]:
        described = super().get_paginated_response_schema(schema)
        described["properties"]["count"]["description"] = (
            "Tổng số bản ghi: chính xác khi count_is_exact, nếu không là ước tính (lớn hơn ngưỡng đếm)."
        )
        described["properties"] = {
            "count": described["properties"]["count"],
            "count_is_exact": {
                "type": "boolean",
                "description": "false khi danh sách dài hơn ngưỡng đếm chính xác (10.000 bản ghi): count là ước tính; "
                "trang tiếp theo có hay không xem ở next.",
            },
            **{k: v for k, v in described["properties"].items() if k != "count"},
        }
        described["required"] = [*described["required"], "count_is_exact"]
        return described
