"""Unit-tree reads for other systems: as-of children, subtree, lineage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, PermissionDenied, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from phongthu.core import scoping
from phongthu.core.api import build_viewset
from phongthu.units import admin_views, selectors, services
from phongthu.units.choices import Hierarchy
from phongthu.units.crud import UnitCrud, parse_day
from phongthu.units.models import Unit, UnitLink

if TYPE_CHECKING:
    from phongthu.accounts.models import User


class UnitBriefSerializer(serializers.ModelSerializer[Unit]):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "kind", "level", "valid_from", "valid_to", "seen_on"]


ON = OpenApiParameter("on", str, description="Ngày xem (YYYY-MM-DD); mặc định hôm nay")
HIERARCHY = OpenApiParameter("hierarchy", str, enum=Hierarchy.values)

_Base: Any = build_viewset(UnitCrud)


class UnitAdminSerializer(serializers.Serializer[Any]):
    """Documents the administrators' operations; the page's Django forms validate them."""

    legal_basis = serializers.CharField(
        help_text="Căn cứ pháp lý, ví dụ Nghị quyết 1656/NQ-UBTVQH15",
        error_messages={"required": services.BASIS_REQUIRED, "blank": services.BASIS_REQUIRED},
    )
    name = serializers.CharField(required=False)
    short_name = serializers.CharField(required=False)
    military_name = serializers.CharField(required=False)
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_to = serializers.DateField(required=False, allow_null=True)
    hierarchy = serializers.ChoiceField(choices=Hierarchy.choices, required=False)
    # The field is named `parent` like the API input; DRF also calls a field's container `parent`.
    parent = serializers.IntegerField(required=False)  # type: ignore[assignment]
    on = serializers.DateField(required=False)


class UnitViewSet(_Base):  # type: ignore[misc]  # the base is built at run time from UnitCrud
    # Only the administrators' operations below are POSTs; there is no generic create or edit.
    http_method_names = [*_Base.http_method_names, "post"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise MethodNotAllowed("POST")

    def _administer(self, request: Request, pk: str | None, op: str) -> Response:
        unit = get_object_or_404(self._visible(), pk=pk)
        if not services.can_admin_unit(request.user, unit):
            raise PermissionDenied("Chỉ quản trị hệ thống hoặc quản trị cấp tỉnh được sửa danh mục đơn vị.")
        UnitAdminSerializer(data=request.data).is_valid(raise_exception=True)  # JSON types first
        form = admin_views.build(op, request.data, request.user, unit)
        if not form.is_valid():
            raise ValidationError(
                {name: [e["message"] for e in errs] for name, errs in form.errors.get_json_data().items()}
            )
        # can_admin_unit above refused anyone but an administrator's account.
        result = admin_views.apply(op, unit, form.cleaned_data, cast("User", request.user))
        unit.refresh_from_db()
        body = dict(UnitBriefSerializer(unit).data)
        if isinstance(result, UnitLink):  # a reparent answers with the new link
            body["parent_link"] = {
                "parent": result.parent_id,
                "hierarchy": result.hierarchy,
                "valid_from": result.valid_from,
            }
        return Response(body)

    @extend_schema(request=UnitAdminSerializer, responses=UnitBriefSerializer)
    @action(detail=True, methods=["post"])
    def rename(self, request: Request, pk: str | None = None) -> Response:
        """Đổi tên (quản trị hệ thống, quản trị cấp tỉnh trong tỉnh); bắt buộc căn cứ pháp lý."""
        return self._administer(request, pk, "rename")

    @extend_schema(request=UnitAdminSerializer, responses=UnitBriefSerializer)
    @action(detail=True, methods=["post"])
    def validity(self, request: Request, pk: str | None = None) -> Response:
        """Đặt thời gian hiệu lực; bắt buộc căn cứ pháp lý."""
        return self._administer(request, pk, "validity")

    @extend_schema(request=UnitAdminSerializer, responses=UnitBriefSerializer)
    @action(detail=True, methods=["post"])
    def reparent(self, request: Request, pk: str | None = None) -> Response:
        """Đổi đơn vị cấp trên từ một ngày (liên kết có thời hạn); bắt buộc căn cứ pháp lý."""
        return self._administer(request, pk, "reparent")

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        if self.action == "list" and self.request.query_params.get("on"):
            from phongthu.units.models import valid_on

            qs = qs.filter(valid_on(parse_day(self.request.query_params["on"])))
        level = self.request.query_params.get("level")
        if self.action == "list" and level:
            qs = qs.filter(level=level)
        return qs

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        """An as-of read before what the data can date says so (ASCII header: the layer's date)."""
        response = super().finalize_response(request, response, *args, **kwargs)
        raw = request.query_params.get("on")
        if raw and response.status_code == 200 and self.action in ("list", "children", "subtree"):
            seen = selectors.undated_on(parse_day(raw))
            if seen is not None:
                response["X-Map-Undated-Before"] = seen.isoformat()
        return response

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
