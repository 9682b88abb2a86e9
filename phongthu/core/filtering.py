"""The filter layer, written once: one FilterSet per CrudConfig, used by the HTML list, its
XLSX export and the API alike.

A domain app only declares (`filter_fields`, `search_fields`, `year_lookup`, optionally a base
`filterset_class` with its own filters); this module turns that into a django-filter FilterSet
whose every filter validates its input with a Vietnamese message, so a bad query string gives
a message next to the filter (HTML) or a 400 (API), never a database error. Every list also
understands `within=<unit id>` (records whose unit lies in that unit's subtree, lineage
included), `q` (diacritic-free search) and `year` (through `year_lookup`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from phongthu.core import paging, scoping
from phongthu.core.text import search_key

if TYPE_CHECKING:
    from phongthu.core.crud import CrudConfig

# Bigint: the widest key any table here uses. Larger numbers are refused before any query.
MAX_DB_INT = 2**63 - 1
MAX_SEARCH_LENGTH = 200

Choices = list[tuple[str, str]]


class BoundedIntegerField(forms.IntegerField):
    """An integer a database can hold, refused with a Vietnamese message otherwise."""

    default_error_messages = {
        "invalid": _("Hãy nhập một số nguyên."),
        "min_value": _("Số phải lớn hơn hoặc bằng %(limit_value)s."),
        "max_value": _("Số phải nhỏ hơn hoặc bằng %(limit_value)s."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", -MAX_DB_INT)
        kwargs.setdefault("max_value", MAX_DB_INT)
        kwargs.pop("choices", None)  # choices label the select; any id in range is accepted
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> int | None:
        # Refuse absurd lengths before int() (CPython limits digit strings to 4300 characters).
        if isinstance(value, str) and len(value.strip()) > 25:
            raise forms.ValidationError(self.error_messages["max_value"] % {"limit_value": MAX_DB_INT}, "max_value")
        return super().to_python(value)


class YesNoField(forms.ChoiceField):
    """Có / Không; also accepts the spellings API clients send (true/false, 1/0)."""

    TRUE = ("true", "1", "yes", "có")
    FALSE = ("false", "0", "no", "không")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["choices"] = [("True", _("Có")), ("False", _("Không"))]
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(_("Chọn “Có” hoặc “Không”."), code="invalid_choice")

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)


class SearchField(forms.CharField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_SEARCH_LENGTH)
        super().__init__(*args, **kwargs)
        self.error_messages["max_length"] = _("Từ khóa tìm kiếm dài quá %(limit_value)d ký tự.")


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.Filter):
    field_class = BoundedIntegerField


@extend_schema_field(OpenApiTypes.BOOL)
class YesNoFilter(django_filters.Filter):
    field_class = YesNoField


@extend_schema_field(OpenApiTypes.STR)
class ExactChoiceFilter(django_filters.Filter):
    """A model field's own choices (or a callable of them): anything else is refused."""

    field_class = forms.ChoiceField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.extra["error_messages"] = {"invalid_choice": _("Giá trị “%(value)s” không có trong danh sách để chọn.")}


@extend_schema_field(OpenApiTypes.INT)
class UnitSubtreeFilter(django_filters.Filter):
    """Records whose unit (`unit_path`) lies in the subtree of the given unit, through the
    UnitScope reach index (so predecessors of merged units come along)."""

    field_class = BoundedIntegerField

    def __init__(self, *args: Any, unit_path: str = "unit", **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        super().__init__(*args, **kwargs)
        self.unit_path = unit_path

    def filter(self, qs: Any, value: Any) -> Any:
        if value in (None, ""):
            return qs
        return within(qs, value, unit_path=self.unit_path)


@extend_schema_field(OpenApiTypes.STR)
class SearchFilter(django_filters.Filter):
    """Diacritic-free substring search over the config's `search_fields` (stored search keys)."""

    field_class = SearchField

    def __init__(self, *args: Any, search_fields: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.search_fields = list(search_fields)

    def filter(self, qs: Any, value: Any) -> Any:
        key = search_key(value or "")
        if not key or not self.search_fields:
            return qs
        table = getattr(qs.model, "search_fts", None)
        if (
            table
            and table.isidentifier()
            and len(key) >= 3
            and set(self.search_fields) <= set(getattr(qs.model, "search_fts_columns", ()))
        ):
            from django.db import connections

            connection = connections[qs.db]
            if (
                connection.vendor == "sqlite"
                and _fts_present(connection, table)
                and qs.order_by().values("pk")[:SEARCH_SCAN_LIMIT].count() >= SEARCH_SCAN_LIMIT
            ):
                # SQLite, a reach wider than a commune: the model's FTS5 trigram index answers the
                # same substring match (people/search_index.py). Within a commune, scanning its
                # few thousand rows beats reading every match of a common name in the province.
                # PostgreSQL's trigram indexes serve the LIKE below.
                phrase = '"' + key.replace('"', '""') + '"'
                # `table` is the model's own class attribute (an identifier), never user input.
                match = f"SELECT rowid FROM {table} WHERE {table} MATCH %s"  # noqa: S608
                return qs.filter(pk__in=RawSQL(match, [phrase]))  # noqa: S611
        cond = models.Q()
        for name in self.search_fields:
            cond |= models.Q(**{f"{name}__contains": key})
        return qs.filter(cond)


_fts_tables: dict[tuple[str, str], bool] = {}
# SQLite: a search over at most this many rows scans them; over more it asks the full-text index.
SEARCH_SCAN_LIMIT = 20_000


def _fts_present(connection: Any, table: str) -> bool:
    """Whether a model's SQLite full-text table exists (asked once per process and database)."""
    key = (connection.settings_dict["NAME"], table)
    if key not in _fts_tables:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
            _fts_tables[key] = cursor.fetchone() is not None
    return _fts_tables[key]


def within(qs: Any, unit_id: int, *, unit_path: str | None = None) -> Any:
    """The explicit subtree filter, for code as well as for lists: `within(Person.objects, 7)`."""
    path = unit_path or getattr(qs.model, "unit_path", "unit")
    unit_scope = scoping.scope_index()
    lookup = "pk__in_ids" if path == "self" else f"{path}__in_ids"
    subtree = unit_scope.objects.filter(ancestor_id=unit_id).values_list("descendant_id", flat=True).distinct()
    # Read as ids first (like the user's scope, scoping.scope_unit_ids): the planner then knows
    # the units and how many rows they hold.
    ids = list(subtree[: scoping.RESOLVED_SCOPE_LIMIT + 1])
    return qs.filter(**{lookup: ids if len(ids) <= scoping.RESOLVED_SCOPE_LIMIT else subtree})


def cached_choices(fn: Callable[[], Choices], ttl: float = 60.0) -> Callable[[], Choices]:
    """Choices read from the database at most once a minute (a list validates and renders them),
    kept per language: their labels are words in the language of the request that built them."""
    from django.utils.translation import get_language

    states: dict[str, dict[str, Any]] = {}

    def get() -> Choices:
        state = states.setdefault(get_language() or "", {})
        now = time.monotonic()
        if "at" not in state or now - state["at"] > ttl:
            state["value"] = fn()
            state["at"] = now
        return state["value"]

    return get


def filter_for_model_field(model: type[models.Model], name: str) -> django_filters.Filter:
    """One exact-match filter for a declared model field, strict about its input."""
    field = model._meta.get_field(name)
    label = getattr(field, "verbose_name", name)
    if isinstance(field, models.ForeignKey):
        return IntegerFilter(field_name=f"{name}_id", label=label, min_value=1)
    if getattr(field, "choices", None):
        choices = [(str(k), v) for k, v in field.flatchoices]  # type: ignore[union-attr]
        return ExactChoiceFilter(field_name=name, label=label, choices=choices)
    if isinstance(field, models.BooleanField):
        return YesNoFilter(field_name=name, label=label)
    if isinstance(field, (models.IntegerField, models.AutoField)):
        return IntegerFilter(field_name=name, label=label)
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return django_filters.DateFilter(field_name=name, label=label, input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    return django_filters.CharFilter(field_name=name, label=label, max_length=MAX_SEARCH_LENGTH)


class RecordFilterSet(django_filters.FilterSet):
    """Base of every generated FilterSet (a config's own `filterset_class` subclasses it)."""

    def error_messages(self) -> dict[str, list[str]]:
        """{filter name: [Vietnamese messages]} for the list page."""
        return {name: [str(m) for m in errors] for name, errors in self.errors.items()}


_cache: dict[type[Any], type[RecordFilterSet]] = {}


def contribute(filterset: type[RecordFilterSet], **filters: django_filters.Filter) -> None:
    """Another app adds filters to a FilterSet it owns no import of: military_service adds the
    NVQS filters to the person list. Called from `AppConfig.ready()`, before any list is built."""
    for name, flt in filters.items():
        if flt.field_name is None:
            flt.field_name = name
        filterset.base_filters[name] = flt
        filterset.declared_filters[name] = flt
    _cache.clear()


def filterset_for(config: type[CrudConfig]) -> type[RecordFilterSet]:
    """The config's FilterSet: its `filterset_class` (if any) plus one filter per declared
    `filter_fields` entry it does not define itself, and `within`, `q`, `year`."""
    if config in _cache:
        return _cache[config]
    model = config.model
    base: type[RecordFilterSet] = getattr(config, "filterset_class", None) or RecordFilterSet
    declared = dict(base.base_filters)
    attrs: dict[str, Any] = {}
    for name in config.filter_fields:
        if name in declared:
            continue
        try:
            attrs[name] = filter_for_model_field(model, name)
        except FieldDoesNotExist as exc:
            raise ValueError(
                f"{config.__name__}.filter_fields: {name!r} is neither a field nor a declared filter"
            ) from exc
    if "within" not in declared:
        unit_path = getattr(model, "unit_path", "unit")
        attrs["within"] = UnitSubtreeFilter(unit_path=unit_path, label=_("thuộc đơn vị (gồm trực thuộc)"))
    if "q" not in declared:
        attrs["q"] = SearchFilter(search_fields=config.search_fields, label=_("tìm kiếm"))
    if "year" not in declared and "year" not in attrs and config.year_lookup:
        attrs["year"] = IntegerFilter(field_name=config.year_lookup, label=_("năm"), min_value=1900, max_value=2200)
    meta = type("Meta", (), {"model": model, "fields": []})
    attrs["Meta"] = meta
    filterset: type[RecordFilterSet] = type(f"{model.__name__}FilterSet", (base,), attrs)
    _cache[config] = filterset
    return filterset


def filter_choices(flt: django_filters.Filter) -> Choices:
    """The options a list page shows for a filter (empty: a free input)."""
    choices = flt.extra.get("choices")
    if isinstance(flt, YesNoFilter):
        return [("True", str(_("Có"))), ("False", str(_("Không")))]
    if callable(choices):
        choices = choices()
    return [(str(k), str(v)) for k, v in (choices or [])]


# -- ordering --------------------------------------------------------------------------------


def sortable_columns(config: type[CrudConfig]) -> dict[str, list[str]]:
    """Column → ordering keys for every list column that can be sorted: concrete fields, and the
    computed columns a config maps in `sort_keys`. Other columns are not sortable."""
    result: dict[str, list[str]] = {}
    keys = getattr(config, "sort_keys", {}) or {}
    for column in config.list_columns:
        if column in keys:
            mapped = keys[column]
            result[column] = [mapped] if isinstance(mapped, str) else list(mapped)
            continue
        try:
            field = config.model._meta.get_field(column)
        except FieldDoesNotExist:
            continue
        if getattr(field, "concrete", False) and not getattr(field, "many_to_many", False):
            result[column] = [column]
    return result


def order(config: type[CrudConfig], qs: Any, sort: str, *, searching: bool = False) -> Any:
    """Sort by a list column (`sort=name` / `sort=-name`); an unknown column is ignored and the
    config's default order applies."""
    columns = sortable_columns(config)
    bare = sort.lstrip("-")
    if bare in columns:
        prefix = "-" if sort.startswith("-") else ""
        keys: list[Any] = [prefix + k for k in columns[bare]] + ["pk"]
    elif config.default_ordering:
        keys = list(config.default_ordering)
    else:
        return qs
    if searching and getattr(config, "unindexed_order_when_searching", False):
        keys = [_unindexed(config.model, k) for k in keys]
    return qs.order_by(*keys)


def list_paginator(
    config: type[CrudConfig], qs: Any, sort: str, *, searching: bool, per_page: int, cap: int | None = None
) -> paging.CappedPaginator:
    """The paginator of a filtered list, written once for the HTML list and the API list: `qs`
    (scoped and filtered) in the list's order (`sort`, else the config's), closed by the primary
    key. A search sorts its matches instead of walking the sort index; so does any list of at
    most a cap of rows (the planner's estimate, else the capped count) when the config asks for
    it (`unindexed_order_when_searching`). Walking the name index instead skips through the
    whole table looking for the few that match: a commune's "tran" took 5 s through the API at
    a million people, a rare deferment ground read 14,000 people for 50 shown."""
    paginator = paging.CappedPaginator(
        paging.totally_ordered(order(config, qs, sort, searching=searching)), per_page, cap=cap
    )
    if getattr(config, "unindexed_order_when_searching", False) and (paginator.expected_short or paginator.exact):
        paginator.object_list = paging.totally_ordered(order(config, qs, sort, searching=True))
    return paginator


def is_search(filterset: RecordFilterSet) -> bool:
    """Whether a (bound) list FilterSet searches: a valid, non-blank `q`."""
    return bool(filterset.form.cleaned_data.get("q")) if filterset.is_valid() else False


def _unindexed(model: type[models.Model], key: Any) -> Any:
    """A local column's ordering as an expression no index serves: a substring search matches few
    rows, often clustered in name order, and sorting those beats walking the name index until
    enough are found (PostgreSQL's LIMIT plan took 1.2 s at a million people)."""
    if not isinstance(key, str):
        return key
    name = key.lstrip("-")
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return key
    if field.is_relation or not getattr(field, "concrete", False):
        return key
    expression = Coalesce(models.F(name), models.F(name))
    return expression.desc() if key.startswith("-") else expression.asc()
