"""The API side of `core.actions` and `core.authority`: the same actions, the same checks.

- `GET  /api/v1/authority/?action=&unit=&on=[&title=]`: codes.md §4, binding.
- `GET  /api/v1/<app>/<model>/<pk>/actions/`: what this user may do to the record now, and why not the rest.
- `POST /api/v1/<app>/<model>/<pk>/actions/<name>/`: perform one (400 with field errors, 403 with who may).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from phongthu.core import actions, authority
from phongthu.core.action_views import record_or_404, resolve
from phongthu.core.api import AuditedAPIMixin

if TYPE_CHECKING:
    from phongthu.core.types import Actor


class OfficeSerializer(serializers.Serializer[Any]):
    office = serializers.CharField()
    level = serializers.CharField()
    unit = serializers.IntegerField(allow_null=True)
    unit_name = serializers.CharField(allow_null=True)
    title = serializers.CharField()
    holder_name = serializers.CharField()
    citation = serializers.CharField()


class AuthorityAnswerSerializer(serializers.Serializer[Any]):
    action = serializers.CharField()
    on = serializers.DateField()
    unit = serializers.IntegerField()
    rule_set = serializers.CharField()
    offices = OfficeSerializer(many=True)


def _parse_day(raw: str | None) -> datetime.date:
    if not raw:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(
            {"on": [_("Ngày không hợp lệ: nhập theo dạng năm-tháng-ngày, ví dụ 2025-08-01.")]}
        ) from None


def _parse_unit(raw: str | None) -> int:
    if not raw or not raw.isdigit() or len(raw) > 12:
        raise ValidationError({"unit": [_("Nhập mã số (id) của đơn vị.")]})
    return int(raw)


class AuthorityAPIView(AuditedAPIMixin, APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("action", str, required=True, description="Mã thao tác (codes.md §4)"),
            OpenApiParameter("unit", int, required=True, description="Đơn vị có hồ sơ"),
            OpenApiParameter("on", datetime.date, required=False, description="Ngày (mặc định hôm nay)"),
            OpenApiParameter("title", str, required=False, description="Danh hiệu (AWARD_DECIDE)"),
        ],
        responses=AuthorityAnswerSerializer,
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        code = params.get("action") or ""
        if not code:
            raise ValidationError({"action": [_("Nhập mã thao tác (action).")]})
        unit_id = _parse_unit(params.get("unit"))
        day = _parse_day(params.get("on"))
        title = params.get("title") or None
        try:
            answers = authority.offices(code, unit_id, day, title)
        except authority.AuthorityQueryError as exc:
            raise ValidationError(exc.message_dict) from exc
        from phongthu.core import regimes

        return Response(
            {
                "action": code,
                "on": day.isoformat(),
                "unit": unit_id,
                "rule_set": regimes.regime_on(day).code,
                "offices": [a.as_json() for a in answers],
            }
        )


def _describe(action: actions.Action, obj: Any, user: Actor) -> dict[str, Any]:
    form = actions.bind(action, obj, user)
    return {
        "name": action.name,
        "label": action.label,
        "authority": action.authority,
        "confirm": action.confirm,
        "fields": [
            {"name": name, "label": str(f.label), "required": f.required, "type": type(f).__name__}
            for name, f in form.fields.items()
        ],
    }


class RecordActionsAPIView(AuditedAPIMixin, APIView):
    @extend_schema(responses={200: dict})
    def get(self, request: Request, app: str, model: str, pk: int) -> Response:
        from django.apps import apps
        from django.http import Http404

        try:
            model_cls = apps.get_model(app, model)
        except (LookupError, ValueError):
            raise Http404 from None
        obj = record_or_404(model_cls, pk, request.user)
        return Response(
            {
                "offered": [_describe(a, obj, request.user) for a in actions.offered(obj, request.user)],
                "withheld": [
                    {"name": a.name, "label": a.label, "why": why} for a, why in actions.withheld(obj, request.user)
                ],
            }
        )


class RecordActionAPIView(AuditedAPIMixin, APIView):
    @extend_schema(request=dict, responses={200: dict})
    def post(self, request: Request, app: str, model: str, pk: int, name: str) -> Response:
        model_cls, action = resolve(app, model, name)
        obj = record_or_404(model_cls, pk, request.user)
        data = request.data if hasattr(request.data, "get") else {}
        try:
            actions.perform(action, obj, request.user, data)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except DjangoValidationError as exc:
            raise ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
            ) from exc
        obj.refresh_from_db()
        state = getattr(obj, action.state_field, None)
        return Response(
            {
                "id": obj.pk,
                "action": action.name,
                action.state_field: state,
                "detail": _("Đã thực hiện: %(a)s.") % {"a": action.label},
            }
        )
