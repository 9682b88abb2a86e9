"""Cells → values for the fast import path: a model field's own rules per cell (`FieldParser`),
memoised parsers (`cached`) and the owning-unit column (`UnitLookup`)."""

from __future__ import annotations

import datetime
import decimal
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone

from phongthu.core import scoping
from phongthu.core.imports import CellError, parse_bool, parse_date
from phongthu.core.text import search_key

Parser = Callable[[str], Any]  # cell text → value, or CellError


def _messages(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


_INTEGER_TYPES = frozenset(
    {"PositiveSmallIntegerField", "IntegerField", "SmallIntegerField", "PositiveIntegerField", "BigIntegerField"}
)


class FieldParser:
    """Parse and validate one cell for one model field, with that field's own rules (blank,
    max length, choices, type, and the field's validators). The conversion is chosen once per
    column and compiled into `parse`, one closure per column; results are remembered per cell
    text, up to `CACHE_SIZE` distinct texts a column — names, dates, communes and grades repeat
    down a register. A parser lives for one import (built in the spec's `prepare`), and its
    conversions and the fields' validators depend on the cell text alone."""

    CACHE_SIZE = 10_000

    def __init__(self, model_field: Any, lookup: Callable[[str], Any] | None = None) -> None:
        f = self.field = model_field
        self.internal = internal = f.get_internal_type()
        # Length is checked with a clearer message; the other validators are the field's own.
        self.validators = [v for v in f.validators if type(v).__name__ != "MaxLengthValidator"]
        if f.has_default():
            self.empty: Any = f.get_default()
            self.empty_error = ""
        else:
            self.empty = None if f.null else ("" if internal in ("CharField", "TextField") else None)
            self.empty_error = "" if f.blank else "Không được để trống."
        self.cache: dict[str, Any] | None = {}
        self.convert: Callable[[str], Any]
        if lookup is not None:
            self.convert = lookup
            self.cache = None  # the lookup remembers (and warns) itself
        elif f.choices:
            self.choice_keys: dict[str, Any] = {}
            for code, label in f.flatchoices:
                value = int(code) if internal in _INTEGER_TYPES and code != "" else code
                self.choice_keys[search_key(str(code))] = value
                self.choice_keys[search_key(str(label))] = value
            self.convert = self._choice
        elif internal == "DateField":
            self.convert = parse_date
        elif internal == "BooleanField":
            self.convert = parse_bool
        elif internal in _INTEGER_TYPES:
            self.convert = self._integer
        elif internal == "DecimalField":
            self.convert = self._decimal
        elif internal == "CharField":
            self.convert = self._char
        else:
            self.convert = self._text
        self.parse: Parser = self._compile()

    def _choice(self, text: str) -> Any:
        key = search_key(text)
        if key not in self.choice_keys:
            allowed = ", ".join(str(label) for code, label in self.field.flatchoices if code != "")
            raise CellError(f"'{text}' không có trong danh mục. Hãy ghi một trong: {allowed}.")
        return self.choice_keys[key]

    @staticmethod
    def _integer(text: str) -> int:
        cleaned = text.replace(" ", "")
        if not cleaned.lstrip("-").isdigit():
            raise CellError(f"'{text}' không phải số nguyên.")
        return int(cleaned)

    def _decimal(self, text: str) -> decimal.Decimal:
        f = self.field
        try:
            value = decimal.Decimal(text.replace(",", "."))
        except decimal.InvalidOperation as exc:
            raise CellError(f"'{text}' không phải số.") from exc
        if not value.is_finite():
            raise CellError(f"'{text}' không phải số.")
        value = value.quantize(decimal.Decimal(1).scaleb(-f.decimal_places))
        if len(value.as_tuple().digits) > f.max_digits:
            raise CellError(f"'{text}' quá lớn.")
        return value

    def _char(self, text: str) -> str:
        value = " ".join(text.split())
        limit = self.field.max_length
        if limit and len(value) > limit:
            raise CellError(f"Dài {len(value)} ký tự, tối đa {limit} ký tự.")
        return value

    def _text(self, text: str) -> str:
        limit = self.field.max_length
        if limit and len(text) > limit:
            raise CellError(f"Dài {len(text)} ký tự, tối đa {limit} ký tự.")
        return text

    def _compile(self) -> Parser:
        """The column's parser as one closure: empty cell, remembered text, conversion, then the
        validators — the same steps and messages as `__call__` always had, fewer calls a cell."""
        convert = self.convert
        if convert == self._char:  # the commonest column, inlined
            convert = _char_converter(self.field.max_length)
        checks = [_fast_validator(v) for v in self.validators]
        empty, empty_error = self.empty, self.empty_error
        cache = self.cache

        def checked(text: str) -> Any:
            value = convert(text)
            try:
                for check in checks:
                    check(value)
            except ValidationError as exc:
                raise CellError(_messages(exc)) from exc
            return value

        validated = checked if checks else convert

        if cache is None:

            def parse(text: str) -> Any:
                if text == "":
                    if empty_error:
                        raise CellError(empty_error)
                    return empty
                return validated(text)

            lookup_memo = getattr(convert, "cache", None)  # a lookup's own text → id memo (UnitLookup)
            if isinstance(lookup_memo, dict) and not checks:
                parse.memo = lookup_memo  # type: ignore[attr-defined]
            return parse
        size = self.CACHE_SIZE
        missing = _MISSING

        def parse_cached(text: str) -> Any:
            value = cache.get(text, missing)
            if value is not missing:
                return value
            if text == "":
                if empty_error:
                    raise CellError(empty_error)
                return empty
            value = validated(text)
            if len(cache) < size:
                cache[text] = value
            return value

        parse_cached.memo = cache  # type: ignore[attr-defined]  # read directly by the engine
        return parse_cached

    def __call__(self, text: str) -> Any:
        return self.parse(text)


_MISSING = object()


def _char_converter(limit: int | None) -> Callable[[str], str]:
    """`FieldParser._char` with the field's max length read once."""

    def char(text: str) -> str:
        value = " ".join(text.split())
        if limit and len(value) > limit:
            raise CellError(f"Dài {len(value)} ký tự, tối đa {limit} ký tự.")
        return value

    return char


def _fast_validator(validator: Any) -> Callable[[Any], None]:
    """A plain `RegexValidator` with its pattern compiled once: Django's reaches the pattern
    through a lazy object on every call (a third of a CCCD cell's cost). Same test, same error."""
    if type(validator) is not RegexValidator:
        return validator
    pattern: Any = validator.regex  # a lazy object standing for the compiled pattern
    search = pattern.search  # the compiled pattern's own method, resolved once
    inverse, message, code = bool(validator.inverse_match), validator.message, validator.code

    def check(value: Any) -> None:
        if (search(str(value)) is None) != inverse:  # no match, or a match where none may be
            raise ValidationError(message, code=code, params={"value": value})

    return check


# ---------------------------------------------------------------- units (the owning-unit column)


_UNIT_PREFIXES = ("xa ", "phuong ", "thi tran ", "dac khu ", "thon ", "to dan pho ")


def cached(parse: Parser, size: int = 10_000) -> Parser:
    """Remember the result of a parser for repeated cell texts (grades, books, health classes)."""
    memo: dict[str, Any] = {}

    def parse_cached(text: str) -> Any:
        if text in memo:
            return memo[text]
        value = parse(text)
        if len(memo) < size:
            memo[text] = value
        return value

    parse_cached.memo = memo  # type: ignore[attr-defined]  # read directly by the engine
    return parse_cached


def _exact(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


class UnitLookup:
    """Text → unit id among the units the user may import into: by id, code or name. A name is
    matched exactly first ("Xã Cẩm Giàng" ≠ "Xã Cẩm Giang"), then without diacritics or the
    "xã"/"phường" prefix; units in force on `on` (default today) win over those of other
    periods with the same name, and `warnings` says so (old and new maps reuse names)."""

    def __init__(
        self,
        user: Any,
        action: str = scoping.IMPORT,
        *,
        levels: Iterable[str] | None = None,
        on: datetime.date | None = None,
    ) -> None:
        qs = scoping.unit_model().objects.restrict(user, action)
        if levels is not None:
            qs = qs.filter(level__in=list(levels))
        today = on or timezone.localdate()
        self.on = today
        self.warnings: dict[str, str] = {}
        self.shadowed: dict[str, int] = {}  # key → how many units of other periods share it
        self.by_id: dict[str, int] = {}
        self.by_code: dict[str, int] = {}
        ranked: dict[str, list[tuple[int, int, str, int]]] = {"exact": [], "loose": []}
        for unit in qs.only("pk", "code", "name", "short_name", "valid_from", "valid_to", "kind", "level"):
            rank = 0 if unit.is_valid_on(today) else 1
            self.by_id[str(unit.pk)] = unit.pk
            if unit.code:
                self.by_code.setdefault(search_key(unit.code), unit.pk)
            for name in {unit.name, unit.short_name} - {""}:
                ranked["exact"].append((rank, 0, _exact(name), unit.pk))
                key = search_key(name)
                ranked["loose"].append((rank, 0, key, unit.pk))
                for prefix in _UNIT_PREFIXES:
                    if key.startswith(prefix):
                        ranked["loose"].append((rank, 1, key[len(prefix) :], unit.pk))
        self.exact = self._best(ranked["exact"], self.shadowed)
        self.loose = self._best(ranked["loose"], self.shadowed)
        self.cache: dict[str, int] = {}

    @staticmethod
    def _best(entries: list[tuple[int, int, str, int]], shadowed: dict[str, int]) -> dict[str, int | None]:
        """key → unit id; None when two different units tie for the best rank (ambiguous).
        `shadowed` counts, per key, other units that lost only because of their period."""
        best: dict[str, tuple[int, int]] = {}
        found: dict[str, int | None] = {}
        for rank, derived, key, pk in sorted(entries):
            if key not in best:
                best[key] = (rank, derived)
                found[key] = pk
            elif best[key] == (rank, derived) and found[key] not in (None, pk):
                found[key] = None
            elif best[key][0] < rank and found[key] != pk:
                shadowed[key] = shadowed.get(key, 0) + 1
        return found

    def __call__(self, text: str) -> int:
        hit = self.cache.get(text)
        if hit is not None:
            return hit
        value = self._find(text)
        self.cache[text] = value
        return value

    def _find(self, text: str) -> int:
        stripped = text.strip()
        if stripped.isdigit() and stripped in self.by_id:
            return self.by_id[stripped]
        for table, key in ((self.exact, _exact(stripped)), (self.loose, search_key(stripped))):
            if key in table:
                found = table[key]
                if found is None:
                    raise CellError(f"Có nhiều đơn vị tên '{text}'. Hãy ghi mã đơn vị.")
                if key in self.shadowed and stripped not in self.warnings:
                    self.warnings[stripped] = (
                        f"'{text}' trùng tên với đơn vị của thời kỳ khác (trước hoặc sau sắp xếp); đã chọn "
                        f"đơn vị có hiệu lực ngày {self.on:%d/%m/%Y}. Nếu không đúng, hãy ghi mã đơn vị."
                    )
                return found
        code = self.by_code.get(search_key(stripped))
        if code is not None:
            return code
        raise CellError(f"Không tìm thấy xã, phường '{text}' trong phạm vi đơn vị bạn được nhập liệu.")
