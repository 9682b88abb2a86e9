"""API of the figures engine, with the same checks as the screens:

GET  /api/v1/figures/values?unit=<id>&period=<p>[&indicator=<code>…]
POST /api/v1/figures/values   {"unit", "period", "values": {"<code>[|<option>]": value}}
POST /api/v1/figures/targets  {"unit", "period", "indicator", "value", "allocations": {id: value}}
POST /api/v1/figures/approval/<submit|approve|return|unlock>  {"unit", "period", "reason"}
GET  /api/v1/figures/indicators
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from phongthu.core.api import AuditedAPIMixin
from phongthu.core.periods import Period
from phongthu.figures import approval, registry, selectors, services
from phongthu.figures.selectors import FigureValue, normalised
from phongthu.units.models import Unit


def _unit(user: Any, raw: Any) -> Unit:
    if raw is None or not str(raw).isdigit() or len(str(raw)) > 12:
        raise ValidationError({"unit": [_("Nhập mã số (id) của đơn vị (unit).")]})
    from django.http import Http404

    from phongthu.figures.views import visible_unit

    try:
        return visible_unit(user, int(raw))
    except Http404:
        raise NotFound(_("Không có đơn vị %(u)s trong phạm vi được giao cho bạn.") % {"u": raw}) from None


def _period(raw: Any) -> Period:
    if not raw:
        raise ValidationError({"period": [_("Nhập kỳ báo cáo (period), ví dụ 2025, 2025S1, 2025Q3.")]})
    try:
        return services.parse_period(raw)
    except DjangoValidationError as exc:
        raise ValidationError(exc.message_dict) from None


def _num(value: Any) -> str | None:
    return None if value is None else str(normalised(value))


def as_json(fig: FigureValue) -> dict[str, Any]:
    ind = fig.indicator
    return {
        "indicator": ind.code,
        "label": ind.label,
        "unit": fig.unit_id,
        "period": fig.period.code,
        "value": _num(fig.value),
        "display": fig.display,
        "measure": ind.measure,
        "stock": ind.stock,
        "source": str(fig.source) if fig.source else None,
        "source_label": fig.source_label,
        "breakdown": {k: _num(v) for k, v in fig.breakdown.items()},
        "coverage": list(fig.coverage) if fig.coverage else None,
        "target": _num(fig.target),
        "achieved_pct": _num(fig.achieved_pct),
        "previous": _num(fig.previous),
        "approval": fig.approval,
    }


def _django_errors(exc: Exception) -> Exception:
    if isinstance(exc, DjangoPermissionDenied):
        return PermissionDenied(str(exc))
    assert isinstance(exc, DjangoValidationError)
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


# What the schema (API docs, fuzz tests) knows of these hand-written endpoints.
_UNIT = OpenApiParameter("unit", int, required=True, description="Mã số đơn vị (id)")
_PERIOD = OpenApiParameter("period", str, required=True, description="Kỳ: 2019, 2019S1, 2019Q3, 201907, 2015-2019, …")
_INDICATOR = OpenApiParameter("indicator", str, many=True, description="Mã chỉ số (lặp lại được)")
_ANY = OpenApiTypes.OBJECT
_VALUES_BODY = inline_serializer(
    "FigureValuesEntry",
    {"unit": serializers.IntegerField(), "period": serializers.CharField(), "values": serializers.DictField()},
)
_TARGETS_BODY = inline_serializer(
    "FigureTargets",
    {
        "unit": serializers.IntegerField(),
        "period": serializers.CharField(),
        "indicator": serializers.CharField(),
        "value": serializers.CharField(required=False),
        "allocations": serializers.DictField(required=False),
    },
)
_APPROVAL_BODY = inline_serializer(
    "FigureApprovalStep",
    {
        "unit": serializers.IntegerField(),
        "period": serializers.CharField(),
        "reason": serializers.CharField(required=False),
    },
)


class ValuesAPIView(AuditedAPIMixin, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[_UNIT, _PERIOD, _INDICATOR], responses=_ANY)
    def get(self, request: Request) -> Response:
        unit = _unit(request.user, request.query_params.get("unit"))
        period = _period(request.query_params.get("period"))
        codes = request.query_params.getlist("indicator")
        unknown = [c for c in codes if c not in {i.code for i in registry.all_indicators()}]
        if unknown:
            raise ValidationError({"indicator": [_("Không có chỉ số: %(c)s.") % {"c": ", ".join(unknown)}]})
        figures = selectors.unit_figures(unit, period, user=request.user, indicators=codes or None)
        return Response([as_json(f) for f in figures])

    @extend_schema(request=_VALUES_BODY, responses=_ANY)
    def post(self, request: Request) -> Response:
        unit = _unit(request.user, request.data.get("unit"))
        period = _period(request.data.get("period"))
        values = request.data.get("values")
        if not isinstance(values, dict) or not values:
            raise ValidationError({"values": [_('Gửi các giá trị dạng {"mã chỉ số": số}.')]})
        try:
            services.enter_values(unit=unit, period=period, values=values, user=request.user)
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise _django_errors(exc) from None
        codes = sorted({str(k).partition("|")[0] for k in values})
        return Response([as_json(f) for f in selectors.unit_figures(unit, period, user=request.user, indicators=codes)])


class TargetsAPIView(AuditedAPIMixin, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=_TARGETS_BODY, responses=_ANY)
    def post(self, request: Request) -> Response:
        unit = _unit(request.user, request.data.get("unit"))
        period = _period(request.data.get("period"))
        allocations = request.data.get("allocations") or {}
        if not isinstance(allocations, dict):
            raise ValidationError({"allocations": [_('Phân bổ gửi dạng {"id đơn vị": số}.')]})
        try:
            rows = services.set_targets(
                unit=unit,
                period=period,
                indicator=str(request.data.get("indicator") or ""),
                value=request.data.get("value"),
                user=request.user,
                allocations={k: v for k, v in allocations.items() if str(k).isdigit()},
            )
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise _django_errors(exc) from None
        return Response(
            [{"unit": r.unit_id, "indicator": r.indicator, "period": r.period, "value": _num(r.value)} for r in rows]
        )


class ApprovalAPIView(AuditedAPIMixin, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=_APPROVAL_BODY, responses=_ANY)
    def post(self, request: Request, name: str) -> Response:
        unit = _unit(request.user, request.data.get("unit"))
        period = _period(request.data.get("period"))
        try:
            row = approval.act(name, unit, period, request.user, {"reason": request.data.get("reason", "")})
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise _django_errors(exc) from None
        return Response({"unit": unit.pk, "period": period.code, "approval": row.state, "reason": row.reason})

    @extend_schema(parameters=[_UNIT, _PERIOD], responses=_ANY)
    def get(self, request: Request, name: str) -> Response:
        if name != "board":
            raise NotFound()
        unit = _unit(request.user, request.query_params.get("unit"))
        period = _period(request.query_params.get("period"))
        board = approval.status_board(unit, period)
        return Response(
            {
                "summary": board.summary,
                "reported": board.reported,
                "approved": board.approved,
                "total": board.total,
                "units": [{"unit": u.pk, "name": u.name, "approval": s} for u, s in board.rows],
            }
        )


class IndicatorsAPIView(AuditedAPIMixin, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("section", int, description="Chỉ các chỉ số của mục báo cáo này (1–17)")],
        responses=_ANY,
    )
    def get(self, request: Request) -> Response:
        raw = str(request.query_params.get("section", "")).strip()
        if raw and not (raw.isdigit() and 1 <= int(raw) <= 17):
            raise ValidationError({"section": [_("Mục báo cáo phải là số từ 1 đến 17.")]})
        section = int(raw) if raw else None
        return Response(
            [
                {
                    "code": i.code,
                    "label": i.label,
                    "measure": i.measure,
                    "section": i.section,
                    "stock": i.stock,
                    "source": str(i.source),
                    "dimensions": list(i.dimensions),
                    "data_set": i.data_set,
                    "accepts_entry": i.accepts_entry,
                }
                for i in registry.all_indicators()
                if section is None or i.section == section
            ]
        )
