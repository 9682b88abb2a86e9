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

import base64
import json
import math
import time
import uuid
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from phongthu.core.display import vietnamese_number

if TYPE_CHECKING:  # generic in django-stubs only
    _Page = Page[Any]
    _Paginator = Paginator[Any]
else:
    _Page, _Paginator = Page, Paginator

EXACT_COUNT_LIMIT = 10_000
# PostgreSQL: a list the planner expects to hold more rows than this is not counted at all (its
# page shows the estimate as such); only tables holding more than this are asked. Five times the
# cap: the planner guessed 17,000 for a 3,735-person commune (a unit's average size) and 10,073
# for a search with 5,816 matches, so below this the capped count decides.
TRUST_ESTIMATE_ABOVE = 50_000
_table_sizes: dict[tuple[str, str], tuple[float, int]] = {}


def _table_rows(connection: Any, table: str) -> int:
    """pg_class's row estimate for a table, remembered for a minute per process."""
    key = (connection.alias, table)
    now = time.monotonic()
    known = _table_sizes.get(key)
    if known is None or now - known[0] > 60:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)", [table])
            row = cursor.fetchone()
        known = (now, int(row[0]) if row and row[0] is not None else 0)
        _table_sizes[key] = known
    return known[1]


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


def _planned_rows(qs: Any) -> int:
    """PostgreSQL's estimate of how many rows `qs` matches (EXPLAIN, nothing is read)."""
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        raw = cursor.fetchone()[0]
    return int((json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"].get("Plan Rows", 0))


class CappedPaginator(_Paginator):
    def __init__(self, object_list: Any, per_page: int, *, cap: int | None = None, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = EXACT_COUNT_LIMIT if cap is None else cap

    # False when the total was not counted at all: the planner's estimate was far above the cap.
    counted = True

    @cached_property
    def capped_count(self) -> int:
        qs: Any = self.object_list
        if not hasattr(qs, "query"):
            return len(qs)
        planned = self.planner_rows
        if planned is not None and planned > max(self.cap, TRUST_ESTIMATE_ABOVE):
            # Counting even up to the cap can read every matching row of a join (a hash join
            # over a province's files); the page says "about N".
            self.counted = False
            return self.cap + 1
        # Unordered and sliced: the database stops after cap + 1 rows, found the cheapest way.
        return int(qs.order_by().values("pk")[: self.cap + 1].count())

    @cached_property
    def planner_rows(self) -> int | None:
        """PostgreSQL's estimate of the matching rows, asked only of tables large enough to need
        it (their size is known from pg_class, read once a minute); None elsewhere."""
        qs: Any = self.object_list
        connection = connections[qs.db]
        if (
            connection.vendor != "postgresql"
            or _table_rows(connection, qs.model._meta.db_table) <= TRUST_ESTIMATE_ABOVE
        ):
            return None
        return _planned_rows(qs)

    # Read all at once when the planner expects at most this many times the cap. Measured at a
    # million: a region's trigram search was guessed 10,475 (5,853 real: reading all at once
    # saves the second pass, 204 → 99 ms); its health class 4, 18,587 (10,689 real: counting to
    # the cap and walking the sort index is cheaper, 94 ms against 220 ms for sorting them all).
    SHORT_ESTIMATE_FACTOR = 1.5
    # True when the total was read with the page (exact even above the cap).
    counted_all = False

    @property
    def expected_short(self) -> bool:
        """PostgreSQL expects a short list (decided without counting)."""
        qs: Any = self.object_list
        if not hasattr(qs, "query") or "capped_count" in self.__dict__:
            return False
        planned = self.planner_rows
        return planned is not None and planned <= self.cap * self.SHORT_ESTIMATE_FACTOR

    def rows_with_total(self, bottom: int, size: int) -> list[Any] | None:
        """A list the planner expects to be short: `size` rows from row `bottom` on and the total
        in ONE query (`count(*) OVER ()`), for the HTML pages and the API alike. The database
        reads every match to sort them anyway, so the separate count read them a second time (a
        search's 5,853 matches: 56 ms of 135). None when that does not apply or `bottom` is past
        the end (the caller counts the usual way). A total above the cap is kept as exact: it has
        been paid for (`exact` is then true)."""
        if not self.expected_short or bottom < 0 or size < 1:
            return None
        from django.db.models import Count, Window

        qs: Any = self.object_list
        # Keys and total first, without the page's joins (select_related): a window over the
        # joined rows made the database join every match, not the 50 shown (117 ms instead of 50).
        keyed = list(
            qs.annotate(_paging_total=Window(Count("pk"))).values_list("pk", "_paging_total")[bottom : bottom + size]
        )
        if not keyed:
            return None
        rows = _rows_by_pk(qs, [pk for pk, _total in keyed])
        self.__dict__["capped_count"] = keyed[0][1]
        self.counted_all = True
        return rows

    def _page_with_total(self, number: Any) -> Page[Any] | None:
        """Page `number` of a list the planner expects to be short, with its total
        (`rows_with_total`); None when that does not apply."""
        try:
            number = int(number or 1)
        except (TypeError, ValueError):
            return None
        if number < 1:
            return None
        rows = self.rows_with_total((number - 1) * self.per_page, self.per_page)
        if rows is None:
            return None
        return self._get_page(rows, number, self)  # type: ignore[attr-defined]

    @property
    def exact(self) -> bool:
        """Whether `count` is the exact number of matching rows."""
        return self.capped_count <= self.cap or self.counted_all

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
        if connections[qs.db].vendor != "postgresql":
            return None
        rows = self.planner_rows
        if rows is None:  # a small table that still holds more than the cap: ask anyway
            rows = _planned_rows(qs)
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

    def read(self, bottom: int, size: int) -> list[Any]:
        """`size` rows from row `bottom` on, read as the HTML pages and the API read them: keys
        first within an exact total (a commune's keys sorted, not its joined rows) and for an
        OFFSET; above the cap page 1 is read whole."""
        exact = self.exact
        return read_rows(self.object_list, bottom, size, long=not exact, keys_first=exact or bottom > 0)

    def page(self, number: Any) -> Page[Any]:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if self.exact:
            if not hasattr(self.object_list, "query") or self.orphans:
                return super().page(number)
            top = min(bottom + self.per_page, self.count)
            return self._get_page(self.read(bottom, top - bottom), number, self)  # type: ignore[attr-defined]
        keys = _order_keys(self.object_list) if hasattr(self.object_list, "query") else None
        # An OFFSET (an old page=N link) skips keys only; page 1 is read whole.
        rows = self.read(bottom, self.per_page + 1)
        if keys is None:
            return OpenPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)
        return KeysetPage(
            rows[: self.per_page], number, self, more=len(rows) > self.per_page, previous=number > 1, keys=keys
        )

    # Set by page_for when the request's cursor could not be used (the page shows it).
    cursor_error: str = ""

    def page_for(self, params: Any) -> Page[Any]:
        """The page a request asks for: `page=N` while the total is exact, a cursor (`after=`,
        `before=`) above the cap; a cursor that does not fit this list opens page 1."""
        after, before = params.get(AFTER), params.get(BEFORE)
        if not (after or before):
            combined = self._page_with_total(params.get("page"))
            if combined is not None:
                return combined
        if self.exact or not (after or before):
            return self.get_page(params.get("page"))
        qs: Any = self.object_list
        keys = _order_keys(qs) if hasattr(qs, "query") else None
        if keys is None:
            return self.get_page(params.get("page"))
        backwards = not after
        try:
            values, number = read_cursor(keys, qs.model, after or before)
        except BadCursor:
            self.cursor_error = _(
                "Liên kết tới trang này không dùng được nữa (danh sách đã đổi cách sắp xếp hoặc liên kết bị "
                "sửa): đang hiện trang đầu."
            )
            return self.get_page(1)
        selected = qs.filter(_beyond(keys, values, backwards))
        rows = list((selected.reverse() if backwards else selected)[: self.per_page + 1])
        more = len(rows) > self.per_page
        rows = rows[: self.per_page]
        if backwards:
            if not more:  # nothing before these rows: this is the first page, read whole
                return self.get_page(1)
            rows.reverse()
            return KeysetPage(rows, number, self, more=True, previous=True, keys=keys)
        return KeysetPage(rows, number, self, more=more, previous=True, keys=keys)


def read_rows(qs: Any, bottom: int, size: int, *, long: bool, keys_first: bool) -> list[Any]:
    """`size` rows of the list `qs` from row `bottom` on (the HTML pages and the API read alike).

    `keys_first`: the page's keys, then its rows by primary key. Sorting keys can be index-only (a
    commune's people from person_unit_order) and an OFFSET over full rows joined every skipped
    row to its unit and file (page 200 of the province: SQL 206 ms).
    `long` (more rows than the cap): on SQLite the list is read along its sort index."""
    if not hasattr(qs, "query"):
        return list(qs[bottom : bottom + size])
    if long:
        keys = _order_keys(qs)
        if keys is not None:
            qs = _walk_sort_index(qs, keys)
    if not keys_first:
        return list(qs[bottom : bottom + size])
    return _rows_by_pk(qs, list(qs.values_list("pk", flat=True)[bottom : bottom + size]))


def _rows_by_pk(qs: Any, pks: list[Any]) -> list[Any]:
    """The records of `pks` (already chosen by the scoped, filtered `qs`), in that order, with
    `qs`'s joins and deferred fields. Read by primary key alone: repeating `qs`'s filters next to
    the 50 keys let the planner estimate one row and scan the whole table (168 ms)."""
    fetch = qs.model._default_manager.filter(pk__in=pks)
    fetch.query.select_related = qs.query.select_related
    fetch.query.deferred_loading = qs.query.deferred_loading
    by_pk = {obj.pk: obj for obj in fetch}
    return [by_pk[pk] for pk in pks if pk in by_pk]


def totally_ordered(qs: Any) -> Any:
    """`qs` with its primary key as the last sort key, so equal names never swap places between
    two pages (and a cursor can name a row exactly)."""
    if not hasattr(qs, "query"):
        return qs
    existing = list(qs.query.order_by) if qs.query.order_by else list(qs.model._meta.ordering or [])
    if not existing and not qs.query.order_by:
        return qs.order_by("pk")
    pk = qs.model._meta.pk
    for key in existing:
        if isinstance(key, str) and key.lstrip("-") in ("pk", pk.name, pk.attname):
            return qs
    return qs.order_by(*existing, "pk")


def links(page: Page[Any], querystring: str) -> dict[str, str]:
    """The pager's hrefs ("?…&page=2" or "?…&after=…"): previous, next, and first beyond page 2."""
    from urllib.parse import urlencode

    def href(params: dict[str, Any]) -> str:
        return "?" + "&".join(part for part in (querystring, urlencode(params)) if part)

    result: dict[str, str] = {}
    if page.has_previous():
        back = page.previous_query() if isinstance(page, KeysetPage) else {"page": str(page.previous_page_number())}
        result["previous"] = href(back)
        if page.number > 2:
            result["first"] = href({})
    if page.has_next():
        ahead = page.next_query() if isinstance(page, KeysetPage) else {"page": str(page.next_page_number())}
        result["next"] = href(ahead)
    return result


def summary(paginator: Paginator[Any]) -> str:
    """ "1.925 bản ghi", or "Hơn 10.000 bản ghi (ước tính khoảng 174.997)" above the cap."""
    count = paginator.count
    if isinstance(paginator, CappedPaginator) and not paginator.counted and paginator.estimate is not None:
        return _("Khoảng %(n)s bản ghi (ước tính)") % {"n": vietnamese_number(paginator.estimate)}
    if not isinstance(paginator, CappedPaginator) or paginator.exact:
        return ngettext("%(n)s bản ghi", "%(n)s bản ghi", count) % {"n": vietnamese_number(count)}
    text = _("Hơn %(n)s bản ghi") % {"n": vietnamese_number(paginator.cap)}
    if paginator.estimate is not None:
        text += " " + _("(ước tính khoảng %(n)s)") % {"n": vietnamese_number(paginator.estimate)}
    return text


# -- keyset paging ---------------------------------------------------------------------------
#
# Above the cap a list moves by a cursor on its sort key and primary key (`?after=…` for the
# next page, `?before=…` for the previous one) instead of an OFFSET: page 200 of a million-row
# list costs what page 1 costs, since the database starts reading at the cursor in the sort
# index instead of reading and throwing away the 9,950 rows before it. The cursor holds the last
# (first) row's sort values, the page number to show and the order it was made for; it is only
# ever a filter on the user's own scoped query, so a forged cursor reveals nothing. A cursor
# that does not fit (hand-edited, another sort, a value of the wrong type) opens page 1 with a
# message, never an error.

MAX_CURSOR_LENGTH = 2_000
AFTER, BEFORE = "after", "before"


class BadCursor(ValueError):
    pass


def _order_keys(qs: Any) -> list[tuple[str, bool]] | None:
    """The query's order as (field name, descending) pairs when every key is a local, non-null
    column (a keyset cursor can follow it); None otherwise (the list keeps OFFSET pages)."""
    from django.db.models import F, OrderBy
    from django.db.models.functions import Coalesce

    query = qs.query
    keys: Any = list(query.order_by) if query.order_by else list(qs.model._meta.ordering or [])
    if not query.default_ordering and not query.order_by:
        return None
    result: list[tuple[str, bool]] = []
    for key in keys:
        if isinstance(key, str):
            name, desc = key.lstrip("-"), key.startswith("-")
        elif isinstance(key, OrderBy):
            expression, desc = key.expression, key.descending
            # filtering._unindexed: Coalesce(F(x), F(x)) orders exactly like x.
            if isinstance(expression, Coalesce):
                names = {getattr(e, "name", None) for e in expression.get_source_expressions()}
                if len(names) != 1 or not all(isinstance(e, F) for e in expression.get_source_expressions()):
                    return None
                name = names.pop() or ""
            elif isinstance(expression, F):
                name = expression.name
            else:
                return None
            if key.nulls_first or key.nulls_last:
                return None
        else:
            return None
        if name == "pk":
            name = qs.model._meta.pk.name
        try:
            field = qs.model._meta.get_field(name)
        except Exception:
            return None
        if not getattr(field, "concrete", False) or field.is_relation or field.null:
            return None
        result.append((field.attname, desc))
    pk = qs.model._meta.pk.attname
    if not any(name == pk for name, _desc in result):
        result.append((pk, False))
    return result


def _encode(value: Any) -> Any:
    import datetime
    import decimal

    if isinstance(value, (bytes, memoryview)):
        return {"b": bytes(value).hex()}
    if isinstance(value, datetime.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"d": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"n": str(value)}
    if isinstance(value, uuid.UUID):
        return {"u": str(value)}
    return value


def _decode(raw: Any, field: Any) -> Any:
    import datetime

    if isinstance(raw, dict) and len(raw) == 1:
        ((tag, text),) = raw.items()
        if not isinstance(text, str):
            raise BadCursor(tag)
        if tag == "b":
            return bytes.fromhex(text)
        if tag == "t":
            return datetime.datetime.fromisoformat(text)
        if tag == "d":
            return datetime.date.fromisoformat(text)
        raw = text  # decimal, uuid: the field parses the text
    if isinstance(raw, (dict, list)) or raw is None:
        raise BadCursor("shape")
    value = field.to_python(raw)
    field.run_validators(value)  # an integer the database column holds, a text of its length
    return value


def _signature(keys: list[tuple[str, bool]]) -> str:
    return ",".join(("-" if desc else "") + name for name, desc in keys)


def make_cursor(keys: list[tuple[str, bool]], obj: Any, number: int) -> str:
    payload = {"o": _signature(keys), "p": number, "v": [_encode(getattr(obj, name)) for name, _d in keys]}
    return base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")


def read_cursor(keys: list[tuple[str, bool]], model: Any, text: str) -> tuple[list[Any], int]:
    """(values, page number) of a cursor made for this order; BadCursor otherwise."""
    from django.core.exceptions import ValidationError

    if not text or len(text) > MAX_CURSOR_LENGTH:
        raise BadCursor("length")
    try:
        payload = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (ValueError, TypeError) as exc:
        raise BadCursor("encoding") from exc
    if not isinstance(payload, dict) or payload.get("o") != _signature(keys):
        raise BadCursor("order")
    number, raw_values = payload.get("p"), payload.get("v")
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 10**9:
        raise BadCursor("page")
    if not isinstance(raw_values, list) or len(raw_values) != len(keys):
        raise BadCursor("values")
    fields = {f.attname: f for f in model._meta.concrete_fields}
    try:
        values = [_decode(raw, fields[name]) for raw, (name, _d) in zip(raw_values, keys, strict=True)]
    except (ValidationError, ValueError, TypeError, OverflowError, KeyError) as exc:
        raise BadCursor("value") from exc
    return values, number


def _beyond(keys: list[tuple[str, bool]], values: list[Any], backwards: bool) -> Q:
    """Rows after (before) the cursor in this order: (k1 > v1) or (k1 = v1 and (k2 > v2 or …)),
    with a leading `k1 >= v1` the sort index can start its scan at."""
    condition: Q | None = None
    for (name, desc), value in reversed(list(zip(keys, values, strict=True))):
        op = "lt" if desc != backwards else "gt"
        strict = Q(**{f"{name}__{op}": value})
        condition = strict if condition is None else strict | (Q(**{name: value}) & condition)
    name, desc = keys[0]
    assert condition is not None
    return Q(**{f"{name}__{'lte' if desc != backwards else 'gte'}": values[0]}) & condition


def _walk_sort_index(qs: Any, keys: list[tuple[str, bool]]) -> Any:
    """SQLite: a list above the cap, read along its sort index. Given a region's 50 unit ids,
    SQLite's planner gathers the region's 200,000 people by unit and sorts them (9 s at a
    million); a range on the first sort key (from its lowest value: every row) makes it walk the
    sort index instead and stop after a page, as it does for a cursor."""
    if connections[qs.db].vendor != "sqlite":
        return qs
    name, desc = keys[0]
    field = next(f for f in qs.model._meta.concrete_fields if f.attname == name)
    bound = _extreme(field, highest=desc)
    if bound is None:
        return qs
    return qs.filter(**{f"{name}__{'lte' if desc else 'gte'}": bound})


def _extreme(field: Any, *, highest: bool) -> Any:
    import datetime

    from django.db import models

    if isinstance(field, models.BinaryField) and not highest:
        return b""
    if isinstance(field, (models.CharField, models.TextField)) and not highest:
        return ""
    if isinstance(field, models.DateTimeField):
        return None
    if isinstance(field, models.DateField):
        return datetime.date.max if highest else datetime.date.min
    if isinstance(field, (models.IntegerField, models.AutoField)):
        return 2**63 - 1 if highest else -(2**63)
    return None


class KeysetPage(OpenPage):
    """A page reached by a cursor (or the first page of a list above the cap)."""

    def __init__(
        self, object_list: Any, number: int, paginator: CappedPaginator, *, more: bool, previous: bool, keys: Any
    ) -> None:
        super().__init__(object_list, number, paginator, more=more)
        self.previous = previous
        self.keys = keys

    def has_previous(self) -> bool:
        return self.previous

    def next_query(self) -> dict[str, str]:
        if not self.object_list:
            return {}
        return {AFTER: make_cursor(self.keys, self.object_list[-1], self.number + 1)}

    def previous_query(self) -> dict[str, str]:
        if self.number <= 2 or not self.object_list:
            return {}  # page 1 is the list itself
        return {BEFORE: make_cursor(self.keys, self.object_list[0], self.number - 1)}
