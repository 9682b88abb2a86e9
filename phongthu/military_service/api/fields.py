"""Strict JSON fields for the evaluate contract (codes.md §1), with Vietnamese messages.

DRF's stock fields coerce ("true" -> True, "8" -> 8, "2006-9-1" -> a date); the contract asks
for JSON types as written and strict YYYY-MM-DD, so these fields accept nothing else.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# Messages shared by every field (DRF's defaults are English or vaguer).
COMMON_MESSAGES = {
    "required": "Thiếu trường bắt buộc.",
    "null": "Trường này không được để trống (null).",
}


def _type_name(value: object) -> str:
    names = {bool: "boolean", int: "số nguyên", float: "số thực", str: "chuỗi", list: "mảng", dict: "đối tượng"}
    return names.get(type(value), type(value).__name__)


@extend_schema_field(OpenApiTypes.DATE)
class StrictDateField(serializers.Field[date, object, str, object]):
    default_error_messages = {
        **COMMON_MESSAGES,
        "invalid": "Ngày phải là chuỗi theo định dạng YYYY-MM-DD (ví dụ 2006-09-10).",
        "impossible": "Ngày {value} không tồn tại.",
    }

    def to_internal_value(self, data: Any) -> date:
        if not isinstance(data, str) or not _DATE.fullmatch(data):
            self.fail("invalid")
        try:
            return date.fromisoformat(data)
        except ValueError:
            self.fail("impossible", value=data)

    def to_representation(self, value: date) -> str:
        return value.isoformat()


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanField(serializers.Field[bool, object, bool, object]):
    default_error_messages = {
        **COMMON_MESSAGES,
        "invalid": "Phải là giá trị logic true hoặc false (nhận được {kind}).",
    }

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", kind=_type_name(data))
        return data

    def to_representation(self, value: bool) -> bool:
        return value


@extend_schema_field(OpenApiTypes.INT)
class StrictIntegerField(serializers.Field[int, object, int, object]):
    default_error_messages = {
        **COMMON_MESSAGES,
        "invalid": "Phải là số nguyên (nhận được {kind}).",
        "range": "Phải là số nguyên từ {low} đến {high}.",
    }

    def __init__(self, *, low: int, high: int, **kwargs: Any) -> None:
        self.low, self.high = low, high
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid", kind=_type_name(data))
        value: int = data
        if not self.low <= value <= self.high:
            self.fail("range", low=self.low, high=self.high)
        return value

    def to_representation(self, value: int) -> int:
        return value


@extend_schema_field(OpenApiTypes.NUMBER)
class NonNegativeNumberField(serializers.Field[float, object, float, object]):
    default_error_messages = {
        **COMMON_MESSAGES,
        "invalid": "Phải là một số (nhận được {kind}).",
        "negative": "Không được là số âm.",
    }

    def to_internal_value(self, data: Any) -> float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid", kind=_type_name(data))
        try:
            value = float(data)
        except OverflowError:  # a huge JSON integer
            self.fail("invalid", kind="số quá lớn")
        if not math.isfinite(value):
            self.fail("invalid", kind="giá trị không hữu hạn")
        if value < 0:
            self.fail("negative")
        return value

    def to_representation(self, value: float) -> float:
        return value


class StrictChoiceField(serializers.ChoiceField):
    """A string from a fixed list; `rejected` maps values refused with their own message."""

    default_error_messages = {
        **COMMON_MESSAGES,
        "invalid_choice": "Giá trị không hợp lệ: {value}. Giá trị cho phép: {allowed}.",
        "rejected": "{message}",
    }

    def __init__(self, choices: Iterable[str], *, rejected: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        self.rejected = dict(rejected or {})
        super().__init__(choices=list(choices), **kwargs)

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, str) and data in self.rejected:
            self.fail("rejected", message=self.rejected[data])
        if not isinstance(data, str) or data not in self.choices:
            shown = f'"{data[:40]}"' if isinstance(data, str) else _type_name(data)
            self.fail("invalid_choice", value=shown, allowed=", ".join(map(str, self.choices)))
        return data
