"""Validation of the 12-digit personal ID number (số định danh cá nhân / CCCD), domain.md §9.

Structure (Decree 137/2015/NĐ-CP Art. 13; Luật Căn cước 2023 Art. 12): 3 digits province of
birth registration, 1 digit century + sex, 2 digits birth year, 6 random digits (no checksum).
Rule V-ID-1 of domain.md §12.3; the algorithm is §9.4.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils import timezone

from .cccd_provinces import PROVINCES, Province

Sex = Literal["male", "female"]

# ASCII digits only: `\d` would also accept other scripts' digits.
_TWELVE_DIGITS = re.compile(r"[0-9]{12}")

NOT_12_DIGITS = "NOT_12_DIGITS"
FOREIGN_OR_UNKNOWN_CODE = "FOREIGN_OR_UNKNOWN_CODE"
BIRTH_YEAR_IN_FUTURE = "BIRTH_YEAR_IN_FUTURE"
BIRTH_YEAR_MISMATCH = "BIRTH_YEAR_MISMATCH"
SEX_MISMATCH = "SEX_MISMATCH"
BIRTH_PROVINCE_MISMATCH = "BIRTH_PROVINCE_MISMATCH"

_SEX_LABELS: dict[str, str] = {"male": "nam", "female": "nữ"}


@dataclass(frozen=True, slots=True)
class CccdIssue:
    code: str
    message: str  # Vietnamese, shown to staff


@dataclass(frozen=True, slots=True)
class CccdCheck:
    value: str  # the number with surrounding whitespace stripped
    errors: tuple[CccdIssue, ...]
    warnings: tuple[CccdIssue, ...]
    province_code: str | None = None
    province: Province | None = None  # None for a foreign or unknown code
    birth_year: int | None = None
    sex: Sex | None = None

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def error_codes(self) -> set[str]:
        return {e.code for e in self.errors}

    def warning_codes(self) -> set[str]:
        return {w.code for w in self.warnings}


def decode_century_sex(digit: int) -> tuple[int, Sex]:
    """First year of the century and the sex that digit 4 encodes (0/1 = 1900s, 2/3 = 2000s…)."""
    return 1900 + 100 * (digit // 2), ("male" if digit % 2 == 0 else "female")


@functools.lru_cache(maxsize=8192)
def _decode_head(head: str) -> tuple[str, Province | None, CccdIssue | None, int, Sex]:
    """The first 6 digits → province code, province, the unknown-code warning, birth year and
    sex; remembered (a register has a few thousand distinct heads, issues are immutable)."""
    province_code = head[:3]
    province = PROVINCES.get(province_code)
    unknown_code = None
    if province is None:
        # Foreign-registration codes are not published (domain.md U10): warn, never reject.
        unknown_code = CccdIssue(
            FOREIGN_OR_UNKNOWN_CODE,
            f"Mã tỉnh {province_code} không thuộc danh mục 63 tỉnh, thành phố"
            " (có thể là mã nước ngoài); đề nghị kiểm tra lại.",
        )
    century_start, encoded_sex = decode_century_sex(int(head[3]))
    return province_code, province, unknown_code, century_start + int(head[4:6]), encoded_sex


def validate_cccd(
    value: str,
    *,
    date_of_birth: datetime.date | None = None,
    sex: Sex | None = None,
    sex_change_recorded: bool = False,
    birth_province_code: str | None = None,
    today: datetime.date | None = None,
) -> CccdCheck:
    """Check a CCCD number against §9.4 and, when given, the person's recorded facts.

    Errors make the number unacceptable; warnings are shown but do not block saving.
    `sex_change_recorded` turns a sex mismatch into a warning (Luật Căn cước 2023 Art. 24 lets
    the card be re-issued after a legally recorded change). `birth_province_code` is the
    province of birth registration from civil-status data, if known (step 6: warn only).
    """
    if sex is not None and sex not in _SEX_LABELS:
        raise ValueError(f"sex must be 'male' or 'female', got {sex!r}")
    number = value.strip() if isinstance(value, str) else ""
    if not _TWELVE_DIGITS.fullmatch(number):
        issue = CccdIssue(NOT_12_DIGITS, "Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số.")
        return CccdCheck(number, errors=(issue,), warnings=())

    errors: list[CccdIssue] = []
    province_code, province, unknown_code, birth_year, encoded_sex = _decode_head(number[:6])
    warnings: list[CccdIssue] = [unknown_code] if unknown_code is not None else []

    current_year = (today or timezone.localdate()).year
    if birth_year > current_year:
        errors.append(
            CccdIssue(BIRTH_YEAR_IN_FUTURE, f"Số CCCD cho năm sinh {birth_year}, sau năm hiện tại {current_year}.")
        )
    if date_of_birth is not None and birth_year != date_of_birth.year:
        errors.append(
            CccdIssue(
                BIRTH_YEAR_MISMATCH,
                f"Số CCCD cho năm sinh {birth_year}, không khớp với ngày sinh {date_of_birth:%d/%m/%Y}.",
            )
        )
    if sex is not None and sex != encoded_sex:
        mismatch = CccdIssue(
            SEX_MISMATCH,
            f"Số CCCD mã hóa giới tính {_SEX_LABELS[encoded_sex]}, không khớp với giới tính"
            f" đã ghi ({_SEX_LABELS[sex]}).",
        )
        (warnings if sex_change_recorded else errors).append(mismatch)
    if birth_province_code is not None and province is not None and birth_province_code != province_code:
        warnings.append(
            CccdIssue(
                BIRTH_PROVINCE_MISMATCH,
                f"Mã tỉnh trong số CCCD ({province_code} – {province.name}) khác tỉnh đăng ký khai sinh"
                f" ({birth_province_code}).",
            )
        )
    return CccdCheck(
        number,
        errors=tuple(errors),
        warnings=tuple(warnings),
        province_code=province_code,
        province=province,
        birth_year=birth_year,
        sex=encoded_sex,
    )


def cccd_format_validator(value: str) -> None:
    """Django field validator: the checks that need only the number itself.

    Unknown province codes are warnings, so they pass; cross-checks against the date of birth
    and sex belong in the form's or model's clean(), via validate_cccd().
    """
    check = validate_cccd(value)
    if check.errors:
        raise ValidationError([ValidationError(e.message, code=e.code) for e in check.errors])
