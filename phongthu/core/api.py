"""The REST API, written once: a scoped, audited viewset for every registered model."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from phongthu.core import audit, filtering, paging, scoping, services, unit_rules
from phongthu.core.context import change_context, client_request_id, current
from phongthu.core.crud import CrudConfig
from phongthu.core.forms import form_class_for
from phongthu.core.models import restricted

# The mixins below are mixed into DRF classes; mypy is told which, so their super() calls check.
if TYPE_CHECKING:
    _ViewBase = APIView
    _SerializerBase = serializers.ModelSerializer[Any]
else:
    _ViewBase = _SerializerBase = object

_ACTION_FOR_METHOD = {
    "GET": scoping.VIEW,
    "HEAD": scoping.VIEW,
    "OPTIONS": scoping.VIEW,
    "POST": scoping.ADD,
    "PUT": scoping.CHANGE,
    "PATCH": scoping.CHANGE,
    "DELETE": scoping.DELETE,
}


class AuditedAPIMixin(_ViewBase):
    """Token users are known only inside the view: bind them to the audit context there."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        # Same id as the middleware gave this request (and echoes in X-Request-ID).
        request_id = client_request_id(request.META.get("HTTP_X_REQUEST_ID")) or current().request_id
        self._change_ctx: Any = change_context(user=request.user, request_id=request_id)
        self._change_ctx.__enter__()

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        ctx = getattr(self, "_change_ctx", None)
        if ctx is not None:
            ctx.__exit__(None, None, None)
            self._change_ctx = None
        return super().finalize_response(request, response, *args, **kwargs)


class ListFilterBackend(DjangoFilterBackend):
    """django-filter's backend, keeping the bound FilterSet on the view (`list_filterset`): the
    list's paginator asks it whether the request searches (core/filtering.list_paginator)."""

    def get_filterset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        view.list_filterset = filterset
        return filterset


class ScopedRelatedField(serializers.PrimaryKeyRelatedField[Any]):
    """A related record named by id: only records in the user's reach can be chosen (a unit:
    one the user may act on with this method; anything else: one the user may see). The scope is
    applied when the choices are read (validating input, the browsable API's form), not when the
    serializer is built: a list answer, which only prints the ids, never pays for it."""

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        request = self.context.get("request")
        if qs is None or request is None or not getattr(request.user, "is_authenticated", False):
            return qs  # schema generation, or a request DRF will refuse anyway
        if not hasattr(qs, "restrict"):
            return qs
        action = _ACTION_FOR_METHOD.get(request.method, scoping.VIEW)
        is_unit = qs.model._meta.label == "units.Unit"
        return qs.restrict(request.user, action if is_unit else scoping.VIEW)


class ScopedSerializerMixin(_SerializerBase):
    """Limits related-record choices to scope (ScopedRelatedField, for foreign keys and each
    item of a many-to-many) and runs the model's own validation (clean()), so the API refuses
    exactly what the forms refuse, with the same Vietnamese messages."""

    serializer_related_field = ScopedRelatedField

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        model: type[models.Model] = self.Meta.model
        instance = getattr(self, "instance", None)
        obj = copy.copy(instance) if instance is not None else model()
        concrete = {f.name for f in model._meta.concrete_fields}
        for key, value in attrs.items():
            if key in concrete:
                setattr(obj, key, value)
        try:
            obj.full_clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc
        return attrs


def build_viewset(config: type[CrudConfig]) -> type[viewsets.ModelViewSet[Any]]:
    model = config.model
    editable = [f for f in config.fields]
    read_only = [f for f in config.get_export_fields() if f not in editable]
    form_class_for(config)  # refuses a config that exposes status

    meta = type("Meta", (), {"model": model, "fields": ["id", *editable, *read_only], "read_only_fields": read_only})
    serializer = type(
        f"{model.__name__}RecordSerializer", (ScopedSerializerMixin, serializers.ModelSerializer), {"Meta": meta}
    )
    allowed = ["get", "head", "options"]
    if config.allow_create:
        allowed.append("post")
    if config.allow_edit:
        allowed += ["put", "patch"]
    if config.allow_delete:
        allowed.append("delete")

    class ViewSet(AuditedAPIMixin, viewsets.ModelViewSet[Any]):
        serializer_class = serializer
        queryset = model._default_manager.all()
        http_method_names = allowed
        # The list's own FilterSet (core/filtering.py): same filters as the HTML list, and an
        # invalid value is a 400 naming the filter.
        filter_backends = [ListFilterBackend]
        filterset_class = filtering.filterset_for(config)
        list_filterset: filtering.RecordFilterSet | None = None

        def get_queryset(self) -> Any:
            action = _ACTION_FOR_METHOD.get(self.request.method or "GET", scoping.VIEW)
            qs = config.list_queryset(restricted(model, self.request.user, action))
            return filtering.order(config, qs, self.request.query_params.get("sort", ""))

        def list_paginator(self, queryset: Any, per_page: int, *, cap: int | None = None) -> paging.CappedPaginator:
            """The HTML list's paginator, order and search strategy included (asked by
            core/api_input.BoundedLimitOffsetPagination): a search sorts its matches instead of
            walking the name index through the whole table."""
            filterset = self.list_filterset
            return filtering.list_paginator(
                config,
                queryset,
                self.request.query_params.get("sort", ""),
                searching=filterset is not None and filtering.is_search(filterset),
                per_page=per_page,
                cap=cap,
            )

        # Personal records: reading them through the API is audited like the HTML detail page.
        def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
            instance = self.get_object()
            if config.log_views:
                audit.log_access(instance)
            return Response(self.get_serializer(instance).data)

        def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
            queryset = self.filter_queryset(self.get_queryset())
            page = self.paginate_queryset(queryset)
            rows = list(page if page is not None else queryset)
            if config.log_views:
                audit.log_list_access(rows)  # the list returns whole records: one VIEW row each
            data = self.get_serializer(rows, many=True).data
            return self.get_paginated_response(data) if page is not None else Response(data)

        def perform_create(self, serializer: Any) -> None:
            with transaction.atomic():
                obj = serializer.save()
                scoping.assert_in_scope(obj, self.request.user, scoping.ADD)
                services.assert_may_write(obj, self.request.user)
                unit_rules.check_record(obj, adding=True)

        def perform_update(self, serializer: Any) -> None:
            previous_unit_id = unit_rules.owning_unit_id(serializer.instance)
            with transaction.atomic():
                services.assert_may_write(model._default_manager.get(pk=serializer.instance.pk), self.request.user)
                obj = serializer.save()
                scoping.assert_in_scope(obj, self.request.user, scoping.CHANGE)
                services.assert_may_write(obj, self.request.user)
                unit_rules.check_record(obj, adding=False, previous_unit_id=previous_unit_id)

        def perform_destroy(self, instance: Any) -> None:
            with transaction.atomic():
                scoping.assert_in_scope(instance, self.request.user, scoping.DELETE)
                services.assert_may_write(instance, self.request.user)
                instance.delete()

    ViewSet.__name__ = f"{model.__name__}ViewSet"
    ViewSet.__qualname__ = ViewSet.__name__
    return ViewSet
