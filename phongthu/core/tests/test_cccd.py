"""The 12-digit personal ID validator against domain.md §9.2–§9.4 and rule V-ID-1."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from phongthu.core.cccd import (
    BIRTH_PROVINCE_MISMATCH,
    BIRTH_YEAR_IN_FUTURE,
    BIRTH_YEAR_MISMATCH,
    FOREIGN_OR_UNKNOWN_CODE,
    NOT_12_DIGITS,
    SEX_MISMATCH,
    cccd_format_validator,
    decode_century_sex,
    validate_cccd,
)
from phongthu.core.cccd_provinces import PROVINCES

TODAY = dt.date(2026, 11, 22)
VIETNAMESE = re.compile(r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", re.IGNORECASE)
# Hải Phòng registration, male, born 2005, random tail.
GOOD = "031205123456"


def check(value: Any, **kw: Any) -> Any:
    return validate_cccd(value, today=TODAY, **kw)


# --- step 1: twelve ASCII digits after stripping whitespace -------------------------------


def test_a_good_number() -> None:
    result = check(GOOD, date_of_birth=dt.date(2005, 3, 4), sex="male")
    assert result.is_valid
    assert (result.errors, result.warnings) == ((), ())
    assert (result.province_code, result.birth_year, result.sex) == ("031", 2005, "male")
    assert result.province is not None and result.province.name == "Hải Phòng"


def test_surrounding_whitespace_is_stripped() -> None:
    result = check(f"  {GOOD}\t\n")
    assert result.is_valid
    assert result.value == GOOD


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "03120512345",  # 11 digits
        "0312051234567",  # 13 digits
        "031205456",  # a legacy 9-digit CMND is never accepted here
        "031 205 123 456",  # inner spaces
        "03120512345a",
        "031205-123456",
        "٠٣١٢٠٥١٢٣٤٥٦",  # Arabic-Indic digits: `\d` would let these through
        "０３１２０５１２３４５６",  # full-width digits
    ],
)
def test_not_twelve_digits_is_an_error(value: str) -> None:
    result = check(value)
    assert not result.is_valid
    assert result.error_codes() == {NOT_12_DIGITS}
    assert result.warnings == ()
    assert "12 chữ số" in result.errors[0].message


def test_a_non_string_is_not_twelve_digits() -> None:
    # A number read from a spreadsheet has lost its leading zeros.
    assert check(31205123456).error_codes() == {NOT_12_DIGITS}  # type: ignore[arg-type]


# --- step 2: province code table ---------------------------------------------------------


def test_province_table_has_the_63_legacy_codes() -> None:
    assert len(PROVINCES) == 63
    assert all(re.fullmatch(r"0[0-9]{2}", code) for code in PROVINCES)
    assert min(PROVINCES) == "001" and max(PROVINCES) == "096"
    assert PROVINCES["001"].name == "Hà Nội"
    assert PROVINCES["079"].name == "TP. Hồ Chí Minh"
    assert PROVINCES["030"] == ("Hải Dương", "Hải Phòng")
    assert PROVINCES["046"].merged_into == "Huế"
    assert len({p.merged_into for p in PROVINCES.values()}) == 34  # the 2025 map


@pytest.mark.parametrize("code", sorted(PROVINCES))
def test_every_legacy_code_is_accepted_without_warning(code: str) -> None:
    result = check(f"{code}099000001")
    assert result.is_valid and result.warnings == ()
    assert result.province == PROVINCES[code]


@pytest.mark.parametrize("code", ["000", "003", "005", "047", "097", "100", "999"])
def test_unknown_province_code_is_a_warning_not_an_error(code: str) -> None:
    result = check(f"{code}099000001")
    assert result.is_valid
    assert result.warning_codes() == {FOREIGN_OR_UNKNOWN_CODE}
    assert result.province is None and result.province_code == code
    assert code in result.warnings[0].message and VIETNAMESE.search(result.warnings[0].message)


# --- steps 3–4: century/sex digit and birth year -----------------------------------------


@pytest.mark.parametrize(
    ("digit", "century", "sex"),
    [
        (0, 1900, "male"),
        (1, 1900, "female"),
        (2, 2000, "male"),
        (3, 2000, "female"),
        (4, 2100, "male"),
        (5, 2100, "female"),
        (6, 2200, "male"),
        (7, 2200, "female"),
        (8, 2300, "male"),
        (9, 2300, "female"),
    ],
)
def test_century_sex_digit(digit: int, century: int, sex: str) -> None:
    assert decode_century_sex(digit) == (century, sex)
    result = validate_cccd(f"001{digit}42000000", today=dt.date(2400, 1, 1))
    assert (result.birth_year, result.sex) == (century + 42, sex)


def test_birth_year_from_digits_5_and_6() -> None:
    assert check("001000123456").birth_year == 1900
    assert check("001199123456").birth_year == 1999
    assert check("001300123456").birth_year == 2000
    assert check("001226123456").birth_year == 2026


# --- step 5: cross-checks ----------------------------------------------------------------


def test_birth_year_must_match_date_of_birth() -> None:
    assert check(GOOD, date_of_birth=dt.date(2005, 12, 31)).is_valid
    result = check(GOOD, date_of_birth=dt.date(2006, 1, 1))
    assert result.error_codes() == {BIRTH_YEAR_MISMATCH}
    assert "2005" in result.errors[0].message and "01/01/2006" in result.errors[0].message


def test_same_two_digits_in_another_century_is_a_mismatch() -> None:
    # "05" with digit 0 means 1905, not 2005.
    assert check("031005123456", date_of_birth=dt.date(2005, 1, 1)).error_codes() == {BIRTH_YEAR_MISMATCH}


def test_sex_must_match() -> None:
    assert check(GOOD, sex="male").is_valid
    result = check(GOOD, sex="female")
    assert result.error_codes() == {SEX_MISMATCH}
    assert "nam" in result.errors[0].message and "nữ" in result.errors[0].message
    assert check("031305123456", sex="male").error_codes() == {SEX_MISMATCH}


def test_recorded_sex_change_turns_the_mismatch_into_a_warning() -> None:
    result = check(GOOD, sex="female", sex_change_recorded=True)
    assert result.is_valid
    assert result.warning_codes() == {SEX_MISMATCH}


def test_unknown_sex_value_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="sex"):
        check(GOOD, sex="nam")


def test_birth_year_after_the_current_year_is_an_error() -> None:
    assert check("001226000001").is_valid  # 2026 == current year
    result = check("001227000001")  # 2027
    assert result.error_codes() == {BIRTH_YEAR_IN_FUTURE}
    assert check("001400000001").error_codes() == {BIRTH_YEAR_IN_FUTURE}  # 2100


def test_all_errors_are_reported_together() -> None:
    result = check("999327000001", date_of_birth=dt.date(1990, 1, 1), sex="male")
    assert result.error_codes() == {BIRTH_YEAR_IN_FUTURE, BIRTH_YEAR_MISMATCH, SEX_MISMATCH}
    assert result.warning_codes() == {FOREIGN_OR_UNKNOWN_CODE}
    assert all(VIETNAMESE.search(issue.message) for issue in (*result.errors, *result.warnings))


# --- step 6: optional province-of-birth cross-check ---------------------------------------


def test_birth_registration_province_mismatch_is_only_a_warning() -> None:
    assert check(GOOD, birth_province_code="031").warnings == ()
    result = check(GOOD, birth_province_code="001")
    assert result.is_valid
    assert result.warning_codes() == {BIRTH_PROVINCE_MISMATCH}
    assert "Hải Phòng" in result.warnings[0].message


# --- step 7: no checksum -----------------------------------------------------------------


@given(tail=st.text(alphabet="0123456789", min_size=6, max_size=6))
def test_any_random_tail_is_accepted(tail: str) -> None:
    assert check(f"031205{tail}", date_of_birth=dt.date(2005, 1, 1), sex="male").is_valid


# --- Django validator --------------------------------------------------------------------


def test_django_validator_accepts_good_and_unknown_province_numbers() -> None:
    cccd_format_validator(GOOD)
    cccd_format_validator("999099000001")  # unknown province: a warning, so it passes


@pytest.mark.parametrize(("value", "code"), [("12345", NOT_12_DIGITS), ("031999000001", BIRTH_YEAR_IN_FUTURE)])
def test_django_validator_raises_with_vietnamese_message(value: str, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        cccd_format_validator(value)
    (error,) = info.value.error_list
    assert error.code == code
    assert VIETNAMESE.search(str(error.message))


# --- properties --------------------------------------------------------------------------

sexes = st.sampled_from(["male", "female"])


@given(
    province=st.sampled_from(sorted(PROVINCES)),
    born=st.dates(dt.date(1900, 1, 1), TODAY),
    sex=sexes,
    tail=st.integers(0, 999_999),
)
def test_property_a_number_built_from_the_facts_is_valid(province: str, born: dt.date, sex: str, tail: int) -> None:
    digit = 2 * ((born.year - 1900) // 100) + (1 if sex == "female" else 0)
    number = f"{province}{digit}{born.year % 100:02d}{tail:06d}"
    result = check(number, date_of_birth=born, sex=sex)
    assert result.is_valid and result.warnings == ()
    assert (result.birth_year, result.sex, result.province_code) == (born.year, sex, province)


@given(value=st.text(max_size=20), born=st.none() | st.dates(), sex=st.none() | sexes)
def test_property_any_text_gives_a_verdict_never_an_exception(value: str, born: dt.date | None, sex: Any) -> None:
    result = check(value, date_of_birth=born, sex=sex)
    known = {NOT_12_DIGITS, BIRTH_YEAR_IN_FUTURE, BIRTH_YEAR_MISMATCH, SEX_MISMATCH}
    assert result.error_codes() <= known
    assert result.warning_codes() <= {FOREIGN_OR_UNKNOWN_CODE}
    twelve = re.fullmatch(r"[0-9]{12}", value.strip()) is not None
    assert (NOT_12_DIGITS in result.error_codes()) is not twelve
    if twelve:
        assert result.birth_year is not None and 1900 <= result.birth_year <= 2399
        assert result.sex == ("male" if int(value.strip()[3]) % 2 == 0 else "female")


def test_the_remembered_head_of_a_number_still_follows_today_and_the_facts() -> None:
    # The first six digits are decoded once and remembered; what depends on the day, the
    # birth date or the sex is checked on every call.
    assert check("031205000001").is_valid
    later = validate_cccd("031205000002", today=dt.date(2004, 6, 1))
    assert later.error_codes() == {BIRTH_YEAR_IN_FUTURE}
    assert "năm hiện tại 2004" in later.errors[0].message
    mismatch = check("031205000003", date_of_birth=dt.date(2006, 1, 2), sex="female")
    assert mismatch.error_codes() == {BIRTH_YEAR_MISMATCH, SEX_MISMATCH}
    assert "02/01/2006" in next(e.message for e in mismatch.errors if e.code == BIRTH_YEAR_MISMATCH)
    assert check("031205000004").is_valid
    for code in ("099", "098"):
        unknown = check(f"{code}205000001")
        assert (
            unknown.warning_codes() == {FOREIGN_OR_UNKNOWN_CODE} and f"Mã tỉnh {code} " in unknown.warnings[0].message
        )
