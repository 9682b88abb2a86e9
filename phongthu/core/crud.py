"""Declarative CRUD: a domain app describes a model once; core builds its screens, API,
import and export, all scoped and audited.

    @register
    class MilitiaUnitCrud(CrudConfig):
        model = MilitiaUnit
        fields = ["name", "unit", "level", "category"]
        list_columns = ["name", "unit", "level"]
        filter_fields = ["level", "category"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.db import models
from django.urls import reverse

if TYPE_CHECKING:
    from django.http import HttpRequest


class CrudConfig:
    model: ClassVar[type[models.Model]]
    fields: ClassVar[list[str]] = []
    list_columns: ClassVar[list[str]] = []
    filter_fields: ClassVar[list[str]] = []
    search_fields: ClassVar[list[str]] = ["name_search"]
    default_ordering: ClassVar[list[str]] = []
    form_class: ClassVar[type[forms.ModelForm[Any]] | None] = None
    import_fields: ClassVar[list[str] | None] = None  # default: fields
    export_fields: ClassVar[list[str] | None] = None  # default: list_columns + fields
    allow_create: ClassVar[bool] = True
    allow_delete: ClassVar[bool] = True
    allow_edit: ClassVar[bool] = True  # False: no generic edit form, no API PUT/PATCH
    allow_import: ClassVar[bool] = True
    log_views: ClassVar[bool] = False  # personal data: every view of a record is audited
    paginate_by: ClassVar[int] = 50
    api: ClassVar[bool] = True
    detail_template: ClassVar[str] = "core/object_detail.html"
    # The unit's year view counts records whose `year_lookup` (e.g. "date__year", "year")
    # equals the year; sums it adds (trainees, person-turns, ...) are in <app>/year_figures.py.
    year_lookup: ClassVar[str | None] = None
    # Authority (issue 7): the action code whose office alone may create, edit or delete these
    # records; checked by `services.object_save`/`object_delete` and the API, after reach.
    write_authority: ClassVar[str | None] = None
    # A scope action needed, beyond add/change/delete, to write these records at all
    # (e.g. scoping.UNIT_ADMIN for unit master data such as office holders).
    write_reach: ClassVar[str] = ""
    # The date a record is "about", for the closed-unit rule (core.unit_rules): a date path
    # ("date", "course__start_date"), a year path ("year") or a tuple of them. None: derived
    # from the model's year_sources and year_lookup, else the day the record is created.
    record_date_field: ClassVar[str | tuple[str, ...] | None] = None
    # Filters (core/filtering.py): `filter_fields` become exact-match filters; a config may add
    # its own filters in a `filterset_class` (a core.filtering.RecordFilterSet subclass).
    filterset_class: ClassVar[type[Any] | None] = None
    # Computed list columns that sort by something else: {"symbol": "seq"}.
    sort_keys: ClassVar[dict[str, str | list[str]]] = {}
    # Large tables: when a search or filters leave at most core.paging's cap of rows, sort those
    # few matches instead of walking the sort index through the whole table.
    unindexed_order_when_searching: ClassVar[bool] = False
    # Relations every list row reads beyond its foreign-key columns (computed columns, the
    # record's name for the access log): joined into the list query, never a query per row.
    # Guarded by core/tests/test_query_counts.py.
    list_select_related: ClassVar[list[str]] = []

    @classmethod
    def list_queryset(cls, qs: models.QuerySet[Any]) -> models.QuerySet[Any]:
        """`qs` with the related records its list, export and API rows show fetched in one join."""
        # The path to the owning unit is walked for every row the access log records.
        unit_path = "__".join(getattr(cls.model, "unit_path", "").split("__")[:-1])
        columns = [*cls.get_export_fields(), *cls.list_select_related, unit_path]
        related = [name for name in dict.fromkeys(columns) if _is_join(cls.model, name)]
        return qs.select_related(*related) if related else qs

    @classmethod
    def authority_of(cls, obj: models.Model) -> tuple[str, int | None, Any] | None:
        """(action code, unit id, date or None for today) that decides who may write `obj`."""
        if cls.write_authority is None:
            return None
        from phongthu.core.audit import _unit_id

        return cls.write_authority, _unit_id(obj), None

    @classmethod
    def detail_context(cls, obj: models.Model, request: HttpRequest) -> dict[str, Any]:
        """Extra context for a model's detail page (e.g. a unit's tree and lineage)."""
        return {}

    # Filled in by register().
    slug: ClassVar[str] = ""
    app_label: ClassVar[str] = ""

    @classmethod
    def verbose_name(cls) -> str:
        return str(cls.model._meta.verbose_name)

    @classmethod
    def verbose_name_plural(cls) -> str:
        return str(cls.model._meta.verbose_name_plural)

    @classmethod
    def url_name(cls, view: str) -> str:
        return f"crud:{cls.app_label}-{cls.slug}-{view}"

    @classmethod
    def url(cls, view: str, pk: Any = None) -> str:
        args = [pk] if pk is not None else []
        return reverse(cls.url_name(view), args=args)

    # Zero-argument forms for templates ({% url config.url_name_edit obj.pk %}).
    @classmethod
    def url_name_detail(cls) -> str:
        return cls.url_name("detail")

    @classmethod
    def url_name_edit(cls) -> str:
        return cls.url_name("edit")

    @classmethod
    def url_name_delete(cls) -> str:
        return cls.url_name("delete")

    @classmethod
    def list_url(cls) -> str:
        return cls.url("list")

    @classmethod
    def add_url(cls) -> str:
        return cls.url("add")

    @classmethod
    def import_key(cls) -> str:
        return f"{cls.app_label}.{cls.slug}"

    @classmethod
    def import_url(cls) -> str:
        """The import wizard (upload → dry run job → commit job) for this model."""
        return reverse("jobs:import-start", args=[cls.import_key()])

    @classmethod
    def get_import_fields(cls) -> list[str]:
        return list(cls.import_fields if cls.import_fields is not None else cls.fields)

    @classmethod
    def get_export_fields(cls) -> list[str]:
        if cls.export_fields is not None:
            return list(cls.export_fields)
        seen: list[str] = []
        for name in [*cls.list_columns, *cls.fields]:
            if name not in seen:
                seen.append(name)
        return seen

    @classmethod
    def field(cls, name: str) -> models.Field[Any, Any]:
        # get_field may also return a relation or a generic key; configs name concrete fields.
        return cls.model._meta.get_field(name)  # type: ignore[return-value]

    @classmethod
    def label(cls, name: str) -> str:
        try:
            return str(cls.field(name).verbose_name)
        except Exception:
            return name


def _is_join(model: type[models.Model], path: str) -> bool:
    """True when `path` ("unit", "person__household") follows forward single-valued relations."""
    for name in path.split("__"):
        try:
            field = model._meta.get_field(name)
        except Exception:
            return False
        if not (field.many_to_one or field.one_to_one) or field.related_model is None:
            return False
        if not field.concrete:  # a reverse one-to-one: select_related cannot follow it
            return False
        model = field.related_model  # type: ignore[assignment]
    return True


registry: dict[str, type[CrudConfig]] = {}


def register(config: type[CrudConfig]) -> type[CrudConfig]:
    meta = config.model._meta
    config.app_label = meta.app_label
    config.slug = meta.model_name or config.model.__name__.lower()
    registry[f"{config.app_label}.{config.slug}"] = config
    return config


def config_for(model: type[models.Model]) -> type[CrudConfig] | None:
    return registry.get(f"{model._meta.app_label}.{model._meta.model_name}")
