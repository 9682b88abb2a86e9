"""Effective-dated rule sets: the cut-offs the law may change, kept as data (codes.md §1).

A request is judged by the rule set in force on its `as_of` date. The legal regime changed on
1 July 2025 (Law 98/2025/QH15, Circular 68/2025/TT-BQP amending TT 148/2018).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from .codes import TT105, TT148, Code


@dataclass(frozen=True, slots=True)
class RuleSet:
    id: str
    valid_from: date  # inclusive
    valid_to: date | None  # exclusive; None = still in force
    legal_basis: str
    min_age: int  # "đủ 18": from the 18th birthday
    max_age: int  # "hết 25": until the day before the 26th birthday
    max_age_extended: int  # regular college/university training (Art. 30)
    min_bmi: float  # fails below (strict)
    max_bmi: float  # fails above (strict)
    max_myopia_diopters: float  # fails above (strict)
    min_education_grade: int  # EDU_MIN when the grade is below
    # Lowest grade a competent authority may allow when the quota cannot be filled
    # (TT 148/2018 Art. 4(4)). A per-unit decision: recorded here, not applied by the engine.
    allowance_education_grade: int
    # Citations that differ from the defaults in codes.py under this regime.
    citations: Mapping[Code, str]

    def applies_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)

    def citation(self, code: Code, default: str) -> str:
        return self.citations.get(code, default)


CUTOVER_2025 = date(2025, 7, 1)

_TT148_AMENDED = f"Khoản 3 Điều 4 {TT148}, sửa đổi, bổ sung bởi Thông tư 68/2025/TT-BQP"

NVQS_2015_PRE_2025 = RuleSet(
    id="NVQS-2015-pre-2025-07-01",
    # Earliest regime the system knows; older dates (the 2015 law took effect 1/1/2016) fall
    # back to it rather than having no answer.
    valid_from=date.min,
    valid_to=CUTOVER_2025,
    legal_basis=f"Luật Nghĩa vụ quân sự 2015; {TT148}; {TT105}",
    min_age=18,
    max_age=25,
    max_age_extended=27,
    # Before TT 68/2025 the BMI bar came from TT 105/2023's physical-build table, where
    # BMI < 18.5 (and >= 30) is class 4 (domain.md §2.3, open question U3).
    min_bmi=18.5,
    max_bmi=29.9,
    max_myopia_diopters=1.5,
    min_education_grade=8,
    allowance_education_grade=7,
    citations=MappingProxyType(
        {Code.BMI: f"Điều 4 và Mục I Phụ lục I {TT105}"},
    ),
)

NVQS_2025_07_01 = RuleSet(
    id="NVQS-2025-07-01",
    valid_from=CUTOVER_2025,
    valid_to=None,
    legal_basis=(
        "Luật Nghĩa vụ quân sự 2015 (sửa đổi bởi Luật 98/2025/QH15); "
        f"{TT148} (sửa đổi bởi Thông tư 68/2025/TT-BQP); {TT105}"
    ),
    min_age=18,
    max_age=25,
    max_age_extended=27,
    min_bmi=18.0,
    max_bmi=29.9,
    max_myopia_diopters=1.5,
    min_education_grade=8,
    allowance_education_grade=7,
    citations=MappingProxyType(
        {
            Code.MYOPIA: _TT148_AMENDED,
            Code.HYPEROPIA: _TT148_AMENDED,
            Code.BMI: _TT148_AMENDED,
            Code.DRUG: f"{_TT148_AMENDED}; Nghị định 57/2022/NĐ-CP",
        }
    ),
)

RULE_SETS: tuple[RuleSet, ...] = (NVQS_2015_PRE_2025, NVQS_2025_07_01)


def ruleset_for(day: date) -> RuleSet:
    """The rule set in force on `day`."""
    for rule_set in RULE_SETS:
        if rule_set.applies_on(day):
            return rule_set
    raise LookupError(f"no rule set in force on {day.isoformat()}")
