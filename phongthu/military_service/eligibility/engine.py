"""The call-up eligibility engine: a pure function of (facts, date) -> evaluation (codes.md §1).

Status is decided by the first matching row of the table; `reasons` lists every applicable code
from every row, the deciding code first, then the others in table order, then the grounds a
volunteer waived. Bulk callers use `evaluate_all` (one date) or `evaluate_many` (pairs), which
prepare each date once.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import NamedTuple

from .codes import (
    REASON_CODES,
    TH_G_TEXTS,
    Code,
    Status,
)
from .facts import (
    EXTENDED_AGE_TRAINING,
    LEGAL_STATUS_CODES,
    PersonFacts,
    Sex,
)
from .rulesets import RuleSet, ruleset_for


@dataclass(frozen=True, slots=True)
class Reason:
    code: Code
    text: str
    citation: str
    waived: bool = False


class Evaluation(NamedTuple):
    # A NamedTuple rather than a frozen dataclass: it is immutable too, and several times
    # cheaper to build, which matters at hundreds of thousands of people per second.
    status: Status
    age: int
    age_limit: int
    rule_set: str
    reasons: tuple[Reason, ...]

    @property
    def deciding_code(self) -> Code | None:
        if self.status is Status.ELIGIBLE:
            return None
        return self.reasons[0].code


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


_GROUND_RANK: Mapping[Code, int] = MappingProxyType(
    # REASON_CODES order puts MI_* (row 7) before TH_B..TH_H (row 8), each in Art. 41 order.
    {code: i for i, code in enumerate(REASON_CODES)}
)
_STATUS_OF: Mapping[Code, Status] = MappingProxyType({code: rc.status for code, rc in REASON_CODES.items()})
_FEMALE = Sex.FEMALE.value
_ELIGIBLE = Status.ELIGIBLE
# Builds an Evaluation without NamedTuple.__new__'s Python-level argument handling.
_new = tuple.__new__
_NO_REASONS: tuple[Reason, ...] = ()


class _DayContext:
    """Everything about one `as_of` date that does not depend on the person.

    Reason objects are built once per date (their citations depend on the rule set) and held
    in plain attributes, so the hot path does no enum lookups and allocates only its result.
    """

    __slots__ = (
        "active",
        "art13",
        "art14",
        "bmi",
        "drug",
        "edu_min",
        "female",
        "hyperopia",
        "leap",
        "max_age",
        "max_age_extended",
        "max_bmi",
        "max_myopia",
        "min_age",
        "min_bmi",
        "min_grade",
        "month_day",
        "myopia",
        "no_exam",
        "over_age",
        "over_age_extended",
        "rule_set_id",
        "th_a",
        "th_g",
        "th_g_waived",
        "th_h",
        "th_h_waived",
        "under_age",
        "waived",
        "year",
    )  # fmt: skip

    def __init__(self, as_of: date, rule_set: RuleSet) -> None:
        self.year = as_of.year
        self.month_day = as_of.month * 100 + as_of.day
        self.leap = _is_leap(as_of.year)
        self.rule_set_id = rule_set.id
        self.min_age = rule_set.min_age
        self.max_age = rule_set.max_age
        self.max_age_extended = rule_set.max_age_extended
        self.min_bmi = rule_set.min_bmi
        self.max_bmi = rule_set.max_bmi
        self.max_myopia = rule_set.max_myopia_diopters
        self.min_grade = rule_set.min_education_grade

        active: dict[Code, Reason] = {}
        waived: dict[Code, Reason] = {}
        for code, rc in REASON_CODES.items():
            citation = rule_set.citation(code, rc.citation)
            active[code] = Reason(code, rc.text, citation)
            waived[code] = Reason(code, rc.text, citation, waived=True)
        self.active = active
        self.waived = waived
        self.female = active[Code.FEMALE_NOT_SUBJECT]
        self.art13 = {status: active[code] for status, code in LEGAL_STATUS_CODES.items()}
        self.art14 = active[Code.ART14]
        self.under_age = active[Code.AGE_UNDER_18]
        self.over_age = active[Code.AGE_OVER_25]
        self.over_age_extended = active[Code.AGE_OVER_27]
        self.th_a = active[Code.TH_A]
        self.th_h = active[Code.TH_H]
        self.th_h_waived = waived[Code.TH_H]
        self.edu_min = active[Code.EDU_MIN]
        self.myopia = active[Code.MYOPIA]
        self.hyperopia = active[Code.HYPEROPIA]
        self.bmi = active[Code.BMI]
        self.drug = active[Code.DRUG]
        self.no_exam = active[Code.NO_HEALTH_EXAM]
        citation = active[Code.TH_G].citation
        # Keyed by `studying`; a missing key (None, "other") means no TH_G.
        self.th_g: dict[str | None, Reason] = {k: Reason(Code.TH_G, text, citation) for k, text in TH_G_TEXTS.items()}
        self.th_g_waived: dict[str | None, Reason] = {
            k: Reason(Code.TH_G, text, citation, waived=True) for k, text in TH_G_TEXTS.items()
        }


def age_on(date_of_birth: date, as_of: date) -> int:
    """Age in completed years; a 29 February birthday falls on 28 February in other years
    (Civil Code 2015, Art. 147)."""
    born = date_of_birth.month * 100 + date_of_birth.day
    if born == 229 and not _is_leap(as_of.year):
        born = 228
    return as_of.year - date_of_birth.year - ((as_of.month * 100 + as_of.day) < born)


def _evaluate(p: PersonFacts, c: _DayContext) -> Evaluation:
    dob = p.date_of_birth
    born = dob.month * 100 + dob.day
    if born == 229 and not c.leap:
        born = 228
    age = c.year - dob.year - (c.month_day < born)
    if age < 0:
        raise ValueError("date_of_birth is after as_of")

    studying = p.studying
    extended = studying in EXTENDED_AGE_TRAINING or p.higher_education_completed in EXTENDED_AGE_TRAINING
    limit = c.max_age_extended if extended else c.max_age
    volunteer = p.volunteer
    found: list[Reason] = []
    add = found.append

    # Rows 1-6, in table order.
    if not volunteer and p.sex == _FEMALE:
        add(c.female)
    if p.legal_status is not None:
        add(c.art13[p.legal_status])
    if p.registration_exempt_disease:
        add(c.art14)
    if age < c.min_age:
        add(c.under_age)
    elif age > limit:
        add(c.over_age_extended if extended else c.over_age)
    health = p.health
    if health is not None and health.health_class >= 4:
        add(c.th_a)  # not waivable by volunteering

    # Rows 7-8: asserted and derived grounds; a volunteer's are waived but still listed.
    waived: list[Reason] | None = None
    th_g = (c.th_g_waived if volunteer else c.th_g).get(studying)
    grounds = p.grounds
    if grounds or th_g is not None or p.standing_militia:
        target = found
        if volunteer:
            waived = target = []
        if grounds:
            by_code = c.waived if volunteer else c.active
            target.extend(by_code[g] for g in sorted(set(grounds), key=_GROUND_RANK.__getitem__))
        if th_g is not None:
            target.append(th_g)
        if p.standing_militia:
            target.append(c.th_h_waived if volunteer else c.th_h)

    # Row 9: selection standards, for any health class and before row 10; no rounding.
    grade = p.education_grade
    if grade is not None and grade < c.min_grade:
        add(c.edu_min)
    if health is not None:
        myopia = health.myopia_diopters
        if myopia is not None and myopia > c.max_myopia:
            add(c.myopia)
        if health.hyperopia:
            add(c.hyperopia)
        bmi = health.bmi
        if bmi is not None and (bmi < c.min_bmi or bmi > c.max_bmi):
            add(c.bmi)
        if health.drug_addiction:
            add(c.drug)
    else:
        add(c.no_exam)  # row 10

    if found:
        status = _STATUS_OF[found[0].code]
        if waived:
            found.extend(waived)
        return _new(Evaluation, (status, age, limit, c.rule_set_id, tuple(found)))
    reasons = tuple(waived) if waived else _NO_REASONS
    return _new(Evaluation, (_ELIGIBLE, age, limit, c.rule_set_id, reasons))


@functools.lru_cache(maxsize=256)
def _context(as_of: date) -> _DayContext:
    return _DayContext(as_of, ruleset_for(as_of))


def evaluate(person: PersonFacts, as_of: date) -> Evaluation:
    """Evaluate one person on `as_of`. Raises ValueError if born after `as_of`."""
    return _evaluate(person, _context(as_of))


def evaluate_many(items: Iterable[tuple[PersonFacts, date]]) -> Iterator[Evaluation]:
    """Evaluate (person, as_of) pairs lazily, preparing each distinct date only once."""
    contexts: dict[date, _DayContext] = {}
    for person, as_of in items:
        context = contexts.get(as_of)
        if context is None:
            context = contexts[as_of] = _context(as_of)
        yield _evaluate(person, context)


def evaluate_all(people: Iterable[PersonFacts], as_of: date) -> Iterator[Evaluation]:
    """Evaluate many people on one date (bulk re-evaluation, campaign pipeline)."""
    context = _context(as_of)
    for person in people:
        yield _evaluate(person, context)
