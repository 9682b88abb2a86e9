"""POST /api/v1/military-service/evaluate — the call-up eligibility contract (codes.md §1)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ParseError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from phongthu.core.api_input import SafeJSONParser

from ..eligibility import evaluate
from .serializers import EvaluateRequestSerializer, EvaluationResponseSerializer, evaluation_to_json

BODY = "body"  # the key for errors about the request body as a whole


def flatten_errors(errors: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors as {"person.health.class": ["..."]}; list items by index."""
    flat: dict[str, list[str]] = {}
    if isinstance(errors, Mapping):
        for key, value in errors.items():
            # A non-field error ("person is not an object") belongs to the parent's path.
            own = key != api_settings.NON_FIELD_ERRORS_KEY
            path = f"{prefix}.{key}" if own and prefix else str(key) if own else prefix
            for field, messages in flatten_errors(value, path).items():
                flat.setdefault(field, []).extend(messages)
    elif isinstance(errors, list) and all(not isinstance(e, Mapping | list) for e in errors):
        flat[prefix or BODY] = [str(e) for e in errors]
    elif isinstance(errors, list):
        for index, item in enumerate(errors):
            flat.update(flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        flat[prefix or BODY] = [str(errors)]
    return flat


def _bad_body(message: str) -> Response:
    return Response({BODY: [message]}, status=status.HTTP_400_BAD_REQUEST)


_EXAMPLE_REQUEST = {
    "as_of": "2026-01-15",
    "person": {
        "date_of_birth": "2006-09-10",
        "sex": "male",
        "volunteer": False,
        "legal_status": None,
        "registration_exempt_disease": False,
        "education_grade": 12,
        "studying": "general",
        "higher_education_completed": None,
        "standing_militia": False,
        "health": {
            "class": 2,
            "bmi": 21.5,
            "myopia_diopters": 0.0,
            "hyperopia": False,
            "drug_addiction": False,
        },
        "grounds": [],
    },
}


class EvaluateView(APIView):
    """Decide whether a person can be called up on a date, and why."""

    permission_classes = [IsAuthenticated]
    parser_classes = [SafeJSONParser]

    @extend_schema(
        operation_id="military_service_evaluate",
        summary="Xét điều kiện gọi nhập ngũ",
        description=(
            "Trả về trạng thái (status), tuổi, giới hạn tuổi, bộ quy tắc áp dụng và mọi lý do"
            " kèm căn cứ pháp lý; lý do quyết định đứng đầu. HTTP 200 cho mọi yêu cầu hợp lệ."
        ),
        tags=["military-service"],
        request=EvaluateRequestSerializer,
        responses={
            200: EvaluationResponseSerializer,
            400: OpenApiResponse(
                response=OpenApiTypes.OBJECT,
                description='Lỗi theo từng trường, ví dụ {"person.date_of_birth": ["..."]}.',
            ),
            401: OpenApiResponse(description="Chưa đăng nhập."),
            403: OpenApiResponse(description="Không có quyền."),
        },
        examples=[OpenApiExample("Đang học phổ thông", value=_EXAMPLE_REQUEST, request_only=True)],
    )
    def post(self, request: Request) -> Response:
        try:
            data = request.data
        except (ParseError, RecursionError):  # RecursionError: absurdly nested JSON
            return _bad_body("Nội dung yêu cầu không phải JSON hợp lệ.")
        if not isinstance(data, Mapping):  # DRF would answer a bare null in English
            return _bad_body("Nội dung yêu cầu phải là một đối tượng JSON.")
        serializer = EvaluateRequestSerializer(data=data)
        if not serializer.is_valid():
            return Response(flatten_errors(serializer.errors), status=status.HTTP_400_BAD_REQUEST)
        evaluation = evaluate(serializer.person_facts(), serializer.validated_data["as_of"])
        return Response(evaluation_to_json(evaluation))
