"""Pages of a list that stay fast at a million rows.

Django's Paginator counts every matching row for its "N records, page p/n" line: at a million
people that count alone costs more than the whole page (≈ 50 ms per 100,000 rows on PostgreSQL,
seconds on SQLite). `CappedPaginator` counts exactly only up to `EXACT_COUNT_LIMIT` rows
(`SELECT count(*) FROM (… LIMIT 10001)`, whose cost is bounded by the cap, not by the table).
Above it the total is shown as "more than 10.000" (with PostgreSQL's planner estimate as an
approximate figure) and the pager moves by next/previous without a last page: whether a next
page exists is read by fetching one row more than the page holds.
"""

from __future__ import annotations

import json
import math
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from phongthu.core.display import vietnamese_number

if TYPE_CHECKING:  # generic in django-stubs only
    _Page = Page[Any]
    _Paginator = Paginator[Any]
else:
    _Page, _Paginator = Page, Paginator

EXACT_COUNT_LIMIT = 10_000
# Deep OFFSETs cost as much as the rows they skip: no page beyond this many rows (the filters are
# the way there; the API has the same bound, core.api_input.MAX_OFFSET).
MAX_ROWS_SKIPPED = 100_000


class OpenPage(_Page):
    """A page of a list whose total is not known exactly."""

    def __init__(self, object_list: Any, number: int, paginator: CappedPaginator, more: bool) -> None:
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more

    def end_index(self) -> int:
        return self.start_index() + len(self.object_list) - 1 if self.object_list else 0


class CappedPaginator(_Paginator):
    def __init__(self, object_list: Any, per_page: int, *, cap: int | None = None, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = EXACT_COUNT_LIMIT if cap is None else cap

    @cached_property
    def capped_count(self) -> int:
        qs: Any = self.object_list
        if not hasattr(qs, "query"):
            return len(qs)
        # Unordered and sliced: the database stops after cap + 1 rows, found the cheapest way.
        return int(qs.order_by().values("pk")[: self.cap + 1].count())

    @property
    def exact(self) -> bool:
        """Whether `count` is the exact number of matching rows."""
        return self.capped_count <= self.cap

    @cached_property
    def count(self) -> int:
        """The exact total, or at most `cap + 1` when the list is longer (see `exact`)."""
        return self.capped_count

    @cached_property
    def estimate(self) -> int | None:
        """The planner's estimate of the total, above the cap only (PostgreSQL); None otherwise."""
        if self.exact:
            return None
        qs: Any = self.object_list
        connection = connections[qs.db]
        if connection.vendor != "postgresql":
            return None
        sql, params = qs.order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            raw = cursor.fetchone()[0]
        plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
        rows = int(plan.get("Plan Rows", 0))
        # A planner guess below what was just counted is wrong: never show less than the cap.
        return max(rows, self.cap + 1)

    @cached_property
    def num_pages(self) -> int:
        if self.exact:
            return super().num_pages
        return max(1, math.ceil(MAX_ROWS_SKIPPED / self.per_page))

    def validate_number(self, number: Any) -> int:
        if self.exact:
            return super().validate_number(number)
        try:
            value = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if value < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if value > self.num_pages:
            raise EmptyPage(self.error_messages["no_results"])
        return value

    def page(self, number: Any) -> Page[Any]:
        number = self.validate_number(number)
        if self.exact:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        return OpenPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


def summary(paginator: Paginator[Any]) -> str:
    """ "1.925 bản ghi", or "Hơn 10.000 bản ghi (ước tính khoảng 174.997)" above the cap."""
    count = paginator.count
    if not isinstance(paginator, CappedPaginator) or paginator.exact:
        return ngettext("%(n)s bản ghi", "%(n)s bản ghi", count) % {"n": vietnamese_number(count)}
    text = _("Hơn %(n)s bản ghi") % {"n": vietnamese_number(paginator.cap)}
    if paginator.estimate is not None:
        text += " " + _("(ước tính khoảng %(n)s)") % {"n": vietnamese_number(paginator.estimate)}
    return text
