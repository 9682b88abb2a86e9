"""Health classification (domain.md §2.3, V-NVQS-5/6): pure functions over versioned tables.

Each criterion gets a score 1–6; the health class is the worst (highest) score. Height and
weight are rounded to whole units first (≥ .5 up, ≤ .49 dropped) and BMI is computed from the
rounded values. The physical-build score comes from the table of Circular 105/2023, kept here
as data so a later circular (TT 106/2025, open question U3) adds a table instead of code.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# (criterion field, Vietnamese label) — physical build and each clinical speciality
# (TT 105/2023 Appx I; the health card of the NVQS exam).
CRITERIA: tuple[tuple[str, str], ...] = (
    ("score_physical", "Thể lực"),
    ("score_eyes", "Mắt"),
    ("score_ent", "Tai - Mũi - Họng"),
    ("score_dental", "Răng - Hàm - Mặt"),
    ("score_internal", "Nội khoa"),
    ("score_neuro_psych", "Tâm thần kinh"),
    ("score_surgery", "Ngoại khoa"),
    ("score_dermatology", "Da liễu"),
    ("score_gynecology", "Sản phụ khoa (nữ)"),
)


@dataclass(frozen=True)
class BuildTable:
    """Lower bounds for scores 1..5 (anything below the last is 6), per sex."""

    id: str
    valid_from: datetime.date
    height: dict[str, Sequence[int]]
    weight: dict[str, Sequence[int]]
    chest: dict[str, Sequence[int]]
    # BMI bands: (lower inclusive, upper exclusive, score); outside all bands → 4..6 below.
    bmi_bands: Sequence[tuple[Decimal, Decimal, int]]


TT105_2023 = BuildTable(
    id="TT105-2023",
    valid_from=datetime.date(2024, 1, 1),
    height={"male": (163, 160, 157, 155, 153), "female": (154, 152, 150, 148, 147)},
    weight={"male": (51, 47, 43, 41, 40), "female": (48, 44, 42, 40, 38)},
    chest={"male": (81, 78, 75, 73, 71), "female": ()},
    bmi_bands=(
        (Decimal("18.5"), Decimal("25"), 1),
        (Decimal("25"), Decimal("27"), 2),
        (Decimal("27"), Decimal("30"), 3),
        (Decimal("0"), Decimal("18.5"), 4),
        (Decimal("30"), Decimal("35"), 4),
        (Decimal("35"), Decimal("40"), 5),
        (Decimal("40"), Decimal("1000"), 6),
    ),
)

BUILD_TABLES: tuple[BuildTable, ...] = (TT105_2023,)


def build_table_for(day: datetime.date) -> BuildTable:
    chosen = BUILD_TABLES[0]
    for table in BUILD_TABLES:
        if table.valid_from <= day:
            chosen = table
    return chosen


def round_measure(value: Decimal | float | int) -> int:
    """152.50 → 153; 158.49 → 158 (TT 105/2023 Appx I §IV)."""
    return int(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def bmi(height_cm: Decimal | float | int, weight_kg: Decimal | float | int) -> Decimal:
    """BMI from the ROUNDED height and weight, to two decimals."""
    h = Decimal(round_measure(height_cm)) / Decimal(100)
    w = Decimal(round_measure(weight_kg))
    if h <= 0:
        raise ValueError("height must be positive")
    return (w / (h * h)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _score(value: int, bounds: Sequence[int]) -> int | None:
    if not bounds:
        return None
    for score, lower in enumerate(bounds, start=1):
        if value >= lower:
            return score
    return 6


def bmi_score(value: Decimal, table: BuildTable) -> int:
    for lower, upper, score in table.bmi_bands:
        if lower <= value < upper:
            return score
    return 6


def physical_score(
    *,
    sex: str,
    height_cm: Decimal | float | int,
    weight_kg: Decimal | float | int,
    chest_cm: Decimal | float | int | None = None,
    table: BuildTable = TT105_2023,
) -> int:
    """Physical-build score = worst of height, weight, chest (if measured) and BMI."""
    sex_key = "female" if sex == "female" else "male"
    scores = [
        _score(round_measure(height_cm), table.height[sex_key]),
        _score(round_measure(weight_kg), table.weight[sex_key]),
        bmi_score(bmi(height_cm, weight_kg), table),
    ]
    if chest_cm is not None:
        scores.append(_score(round_measure(chest_cm), table.chest[sex_key]))
    return max(s for s in scores if s is not None)


def health_class(scores: Iterable[int | None]) -> int:
    """Class = worst score; criteria not examined (None) are ignored."""
    given = [s for s in scores if s is not None]
    if not given:
        raise ValueError("no criterion scored")
    for s in given:
        if not 1 <= s <= 6:
            raise ValueError(f"score must be 1-6, got {s}")
    return max(given)
