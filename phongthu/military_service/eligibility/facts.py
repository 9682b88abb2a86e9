"""Input facts of the eligibility engine (the `person` object of codes.md §1)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from .codes import ASSERTABLE_GROUNDS, Code


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class LegalStatus(StrEnum):
    """Art. 13 situations; each maps to one of ART13_A/B/C."""

    PROSECUTED = "prosecuted"
    SERVING_SENTENCE = "serving_sentence"
    NON_CUSTODIAL_REFORM = "non_custodial_reform"
    PROBATION = "probation"
    CONVICTION_NOT_EXPUNGED = "conviction_not_expunged"
    COMMUNE_EDUCATION_MEASURE = "commune_education_measure"
    REFORMATORY = "reformatory"
    COMPULSORY_EDUCATION = "compulsory_education"
    COMPULSORY_REHAB = "compulsory_rehab"
    STRIPPED_OF_RIGHT = "stripped_of_right"


LEGAL_STATUS_CODES: Mapping[str, Code] = MappingProxyType(
    {
        LegalStatus.PROSECUTED: Code.ART13_A,
        LegalStatus.SERVING_SENTENCE: Code.ART13_A,
        LegalStatus.NON_CUSTODIAL_REFORM: Code.ART13_A,
        LegalStatus.PROBATION: Code.ART13_A,
        LegalStatus.CONVICTION_NOT_EXPUNGED: Code.ART13_A,
        LegalStatus.COMMUNE_EDUCATION_MEASURE: Code.ART13_B,
        LegalStatus.REFORMATORY: Code.ART13_B,
        LegalStatus.COMPULSORY_EDUCATION: Code.ART13_B,
        LegalStatus.COMPULSORY_REHAB: Code.ART13_B,
        LegalStatus.STRIPPED_OF_RIGHT: Code.ART13_C,
    }
)


class Studying(StrEnum):
    GENERAL = "general"
    COLLEGE_REGULAR = "college_regular"
    UNIVERSITY_REGULAR = "university_regular"
    OTHER = "other"  # in-service, vocational, second degree: no deferment


class HigherEducation(StrEnum):
    COLLEGE_REGULAR = "college_regular"
    UNIVERSITY_REGULAR = "university_regular"


# Regular college/university training extends the call-up age window (Art. 30).
EXTENDED_AGE_TRAINING: frozenset[str] = frozenset({Studying.COLLEGE_REGULAR, Studying.UNIVERSITY_REGULAR})

_SEXES = frozenset(Sex)
_STUDYING = frozenset(Studying)
_HIGHER = frozenset(HigherEducation)
_ASSERTABLE = frozenset(ASSERTABLE_GROUNDS)


@dataclass(frozen=True, slots=True)
class HealthFacts:
    """The exam council's conclusion; a None field means that check is not made."""

    health_class: int
    bmi: float | None = None
    myopia_diopters: float | None = None
    hyperopia: bool | None = None
    drug_addiction: bool | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.health_class <= 6:
            raise ValueError(f"health_class must be 1-6, got {self.health_class!r}")
        for name in ("bmi", "myopia_diopters"):
            value = getattr(self, name)
            if value is not None and not value >= 0:  # also rejects NaN
                raise ValueError(f"{name} must be >= 0, got {value!r}")


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """What the engine needs to know about one person; `health=None` means not examined."""

    date_of_birth: date
    sex: Sex
    volunteer: bool = False
    legal_status: LegalStatus | None = None
    registration_exempt_disease: bool = False
    education_grade: int | None = None  # highest grade completed, 0-12; None = unknown
    studying: Studying | None = None
    higher_education_completed: HigherEducation | None = None
    standing_militia: bool = False
    health: HealthFacts | None = None
    grounds: tuple[Code, ...] = ()  # asserted by staff; TH_A/TH_G/TH_H are derived instead

    def __post_init__(self) -> None:
        # Fail loudly on facts the engine would otherwise silently misread.
        if self.sex not in _SEXES:
            raise ValueError(f"unknown sex {self.sex!r}")
        if self.legal_status is not None and self.legal_status not in LEGAL_STATUS_CODES:
            raise ValueError(f"unknown legal_status {self.legal_status!r}")
        if self.studying is not None and self.studying not in _STUDYING:
            raise ValueError(f"unknown studying {self.studying!r}")
        if self.higher_education_completed is not None and self.higher_education_completed not in _HIGHER:
            raise ValueError(f"unknown higher_education_completed {self.higher_education_completed!r}")
        grade = self.education_grade
        if grade is not None and not 0 <= grade <= 12:
            raise ValueError(f"education_grade must be 0-12, got {grade!r}")
        for ground in self.grounds:
            if ground not in _ASSERTABLE:
                raise ValueError(f"ground {ground!r} is unknown or derived")
