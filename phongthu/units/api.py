"""Unit-tree reads for other systems: as-of children, subtree, lineage."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from phongthu.core import scoping
from phongthu.core.api import build_viewset
from phongthu.units import selectors
from phongthu.units.choices import Hierarchy
from phongthu.units.crud import UnitCrud, parse_day
from phongthu.units.models import Unit


class UnitBriefSerializer(serializers.ModelSerializer[Unit]):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "kind", "level", "valid_from", "valid_to"]


ON = OpenApiParameter("on", str, description="Ngày xem (YYYY-MM-DD); mặc định hôm nay")
HIERARCHY = OpenApiParameter("hierarchy", str, enum=Hierarchy.values)

_Base: Any = build_viewset(UnitCrud)


class UnitViewSet(_Base):  # type: ignore[misc]
    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        if self.action == "list" and self.request.query_params.get("on"):
            from phongthu.units.models import valid_on

            qs = qs.filter(valid_on(parse_day(self.request.query_params["on"])))
        level = self.request.query_params.get("level")
        if self.action == "list" and level:
            qs = qs.filter(level=level)
        return qs

    def _visible(self) -> Any:
        return Unit.objects.restrict(self.request.user, scoping.VIEW)

    @extend_schema(parameters=[ON, HIERARCHY], responses=UnitBriefSerializer(many=True))
    @action(detail=True, methods=["get"])
    def children(self, request: Request, pk: str | None = None) -> Response:
        unit = self.get_object()
        day = parse_day(request.query_params.get("on"))
        h = request.query_params.get("hierarchy", Hierarchy.CIVIL)
        kids = selectors.children(unit, on=day, hierarchy=h, queryset=self._visible())
        return Response(UnitBriefSerializer(kids, many=True).data)

    @extend_schema(parameters=[ON, HIERARCHY], responses=UnitBriefSerializer(many=True))
    @action(detail=True, methods=["get"])
    def subtree(self, request: Request, pk: str | None = None) -> Response:
        unit = self.get_object()
        day = parse_day(request.query_params.get("on"))
        h = request.query_params.get("hierarchy") or None
        ids = selectors.subtree_ids([unit], on=day, hierarchy=h)
        units = self._visible().filter(pk__in=ids).order_by("level", "name_sort")
        return Response(UnitBriefSerializer(units, many=True).data)

    @extend_schema(responses=UnitBriefSerializer(many=True))
    @action(detail=True, methods=["get"])
    def successors(self, request: Request, pk: str | None = None) -> Response:
        return Response(UnitBriefSerializer(selectors.successors(self.get_object()), many=True).data)

    @extend_schema(responses=UnitBriefSerializer(many=True))
    @action(detail=True, methods=["get"])
    def predecessors(self, request: Request, pk: str | None = None) -> Response:
        return Response(UnitBriefSerializer(selectors.predecessors(self.get_object()), many=True).data)
