"""The call-up eligibility engine against codes.md §1 (no database)."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phongthu.military_service.eligibility import (
    RULE_SETS,
    Code,
    HealthFacts,
    HigherEducation,
    LegalStatus,
    PersonFacts,
    Sex,
    Status,
    Studying,
    age_on,
    evaluate,
    evaluate_all,
    evaluate_many,
    ruleset_for,
)
from phongthu.military_service.eligibility.codes import (
    ASSERTABLE_GROUNDS,
    DEFERMENT_GROUNDS,
    EXEMPTION_GROUNDS,
    REASON_CODES,
    STATUS_LABELS,
)
from phongthu.military_service.eligibility.facts import LEGAL_STATUS_CODES

AS_OF = date(2026, 1, 15)
NEW_ID = "NVQS-2025-07-01"
OLD_ID = "NVQS-2015-pre-2025-07-01"
FIT = HealthFacts(health_class=1, bmi=21.0, myopia_diopters=0.0, hyperopia=False, drug_addiction=False)


def person(**kw: Any) -> PersonFacts:
    """A fit 20-year-old man with grade 12 and no grounds, unless told otherwise."""
    base: dict[str, Any] = {
        "date_of_birth": date(2005, 6, 1),
        "sex": Sex.MALE,
        "education_grade": 12,
        "health": FIT,
    }
    base.update(kw)
    return PersonFacts(**base)


def health(**kw: Any) -> HealthFacts:
    return replace(FIT, **kw)


def codes(evaluation: Any) -> list[str]:
    return [r.code for r in evaluation.reasons]


def born_years_before(as_of: date, years: int, days: int = 0) -> date:
    """The date of birth that makes someone exactly `years` old on `as_of`, shifted by `days`."""
    return as_of.replace(year=as_of.year - years) + timedelta(days=days)


# --- the codes.md example -----------------------------------------------------------------


def test_codes_md_example() -> None:
    facts = PersonFacts(
        date_of_birth=date(2006, 9, 10),
        sex=Sex.MALE,
        volunteer=False,
        legal_status=None,
        registration_exempt_disease=False,
        education_grade=12,
        studying=Studying.GENERAL,
        higher_education_completed=None,
        standing_militia=False,
        health=HealthFacts(health_class=2, bmi=21.5, myopia_diopters=0.0, hyperopia=False, drug_addiction=False),
        grounds=(),
    )
    result = evaluate(facts, AS_OF)
    assert result.status == Status.DEFERRED
    assert (result.age, result.age_limit, result.rule_set) == (19, 25, NEW_ID)
    assert len(result.reasons) == 1
    reason = result.reasons[0]
    assert reason.code == Code.TH_G
    assert reason.citation == "Điểm g khoản 1 Điều 41 Luật Nghĩa vụ quân sự 2015"
    assert reason.text == "Đang học tại cơ sở giáo dục phổ thông"
    assert reason.waived is False
    assert result.deciding_code == Code.TH_G


# --- code table -----------------------------------------------------------------------------

INSTRUMENT = re.compile(r"(Luật|Thông tư|Nghị định)")


@pytest.mark.parametrize("code", list(Code))
def test_every_code_has_vietnamese_text_and_citation(code: Code) -> None:
    rc = REASON_CODES[code]
    assert rc.text.strip()
    assert INSTRUMENT.search(rc.citation), rc.citation
    assert "Điều" in rc.citation


def test_code_table_is_complete() -> None:
    expected = {
        "TH_A",
        "TH_B",
        "TH_C",
        "TH_D",
        "TH_DD",
        "TH_E",
        "TH_G",
        "TH_H",
        "MI_A",
        "MI_B",
        "MI_C",
        "MI_D",
        "MI_DD",
        "FEMALE_NOT_SUBJECT",
        "ART13_A",
        "ART13_B",
        "ART13_C",
        "ART14",
        "AGE_UNDER_18",
        "AGE_OVER_25",
        "AGE_OVER_27",
        "EDU_MIN",
        "MYOPIA",
        "HYPEROPIA",
        "BMI",
        "DRUG",
        "NO_HEALTH_EXAM",
    }
    assert {c.value for c in Code} == expected
    assert set(REASON_CODES) == set(Code)
    assert set(STATUS_LABELS) == set(Status)


def test_ground_labels_follow_codes_md_section_2() -> None:
    assert REASON_CODES[Code.TH_H].text == "Dân quân thường trực"
    assert "liệt sĩ" in REASON_CODES[Code.MI_A].text
    assert "cơ yếu" in REASON_CODES[Code.MI_D].text
    assert "24 tháng" in REASON_CODES[Code.MI_DD].text


# --- one test per row -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "status", "first"),
    [
        (person(sex=Sex.FEMALE), Status.NOT_SUBJECT, Code.FEMALE_NOT_SUBJECT),
        (person(legal_status=LegalStatus.PROSECUTED), Status.NOT_REGISTRABLE, Code.ART13_A),
        (person(registration_exempt_disease=True), Status.EXEMPT_REGISTRATION, Code.ART14),
        (person(date_of_birth=date(2008, 6, 1)), Status.NOT_OF_AGE, Code.AGE_UNDER_18),
        (person(date_of_birth=date(1999, 6, 1)), Status.OVER_AGE, Code.AGE_OVER_25),
        (person(health=health(health_class=4)), Status.DEFERRED, Code.TH_A),
        (person(grounds=(Code.MI_A,)), Status.EXEMPTED, Code.MI_A),
        (person(grounds=(Code.TH_B,)), Status.DEFERRED, Code.TH_B),
        (person(education_grade=7), Status.NOT_QUALIFIED, Code.EDU_MIN),
        (person(health=None), Status.NEEDS_EXAM, Code.NO_HEALTH_EXAM),
    ],
)
def test_each_row(facts: PersonFacts, status: Status, first: Code) -> None:
    result = evaluate(facts, AS_OF)
    assert result.status == status
    assert codes(result) == [first]


def test_row_11_eligible_has_no_reasons() -> None:
    result = evaluate(person(), AS_OF)
    assert result.status == Status.ELIGIBLE
    assert result.reasons == ()
    assert result.deciding_code is None
    assert (result.age, result.age_limit) == (20, 25)


@pytest.mark.parametrize(("legal_status", "code"), list(LEGAL_STATUS_CODES.items()))
def test_every_legal_status_maps_to_its_art13_point(legal_status: LegalStatus, code: Code) -> None:
    result = evaluate(person(legal_status=legal_status), AS_OF)
    assert result.status == Status.NOT_REGISTRABLE
    assert codes(result) == [code]


def test_art13_groups() -> None:
    assert {s for s, c in LEGAL_STATUS_CODES.items() if c == Code.ART13_C} == {LegalStatus.STRIPPED_OF_RIGHT}
    assert sum(c == Code.ART13_A for c in LEGAL_STATUS_CODES.values()) == 5
    assert sum(c == Code.ART13_B for c in LEGAL_STATUS_CODES.values()) == 4


@pytest.mark.parametrize("ground", EXEMPTION_GROUNDS)
def test_every_exemption_ground(ground: Code) -> None:
    result = evaluate(person(grounds=(ground,)), AS_OF)
    assert result.status == Status.EXEMPTED
    assert codes(result) == [ground]
    assert "khoản 2 Điều 41" in result.reasons[0].citation


@pytest.mark.parametrize("ground", [g for g in DEFERMENT_GROUNDS if g in ASSERTABLE_GROUNDS])
def test_every_asserted_deferment_ground(ground: Code) -> None:
    result = evaluate(person(grounds=(ground,)), AS_OF)
    assert result.status == Status.DEFERRED
    assert codes(result) == [ground]
    assert "khoản 1 Điều 41" in result.reasons[0].citation


@pytest.mark.parametrize("studying", [Studying.GENERAL, Studying.COLLEGE_REGULAR, Studying.UNIVERSITY_REGULAR])
def test_th_g_is_derived_from_studying(studying: Studying) -> None:
    result = evaluate(person(studying=studying), AS_OF)
    assert result.status == Status.DEFERRED
    assert codes(result) == [Code.TH_G]


def test_other_studying_gives_no_deferment_and_no_extended_window() -> None:
    result = evaluate(person(studying=Studying.OTHER), AS_OF)
    assert result.status == Status.ELIGIBLE
    assert result.age_limit == 25


def test_th_h_is_derived_from_standing_militia() -> None:
    result = evaluate(person(standing_militia=True), AS_OF)
    assert result.status == Status.DEFERRED
    assert codes(result) == [Code.TH_H]
    assert "Dân quân tự vệ" in result.reasons[0].citation


@pytest.mark.parametrize("health_class", [4, 5, 6])
def test_th_a_is_derived_from_health_class(health_class: int) -> None:
    result = evaluate(person(health=health(health_class=health_class)), AS_OF)
    assert (result.status, codes(result)) == (Status.DEFERRED, [Code.TH_A])


@pytest.mark.parametrize("health_class", [1, 2, 3])
def test_health_classes_1_to_3_are_fit(health_class: int) -> None:
    assert evaluate(person(health=health(health_class=health_class)), AS_OF).status == Status.ELIGIBLE


@pytest.mark.parametrize("derived", [Code.TH_A, Code.TH_G, Code.TH_H])
def test_derived_codes_cannot_be_asserted(derived: Code) -> None:
    with pytest.raises(ValueError, match="derived"):
        person(grounds=(derived,))


# --- age boundaries -------------------------------------------------------------------------


def test_18th_birthday_eve_and_day() -> None:
    eve = evaluate(person(date_of_birth=born_years_before(AS_OF, 18, days=1)), AS_OF)
    day = evaluate(person(date_of_birth=born_years_before(AS_OF, 18)), AS_OF)
    assert (eve.status, eve.age, codes(eve)) == (Status.NOT_OF_AGE, 17, [Code.AGE_UNDER_18])
    assert (day.status, day.age) == (Status.ELIGIBLE, 18)


def test_25_is_in_window_until_the_day_before_26() -> None:
    last_day = evaluate(person(date_of_birth=born_years_before(AS_OF, 26, days=1)), AS_OF)
    turned_26 = evaluate(person(date_of_birth=born_years_before(AS_OF, 26)), AS_OF)
    assert (last_day.status, last_day.age) == (Status.ELIGIBLE, 25)
    assert (turned_26.status, turned_26.age, codes(turned_26)) == (Status.OVER_AGE, 26, [Code.AGE_OVER_25])


@pytest.mark.parametrize("completed", [HigherEducation.COLLEGE_REGULAR, HigherEducation.UNIVERSITY_REGULAR])
def test_27_window_after_college_or_university(completed: HigherEducation) -> None:
    at_26 = evaluate(person(date_of_birth=born_years_before(AS_OF, 26), higher_education_completed=completed), AS_OF)
    last_day = evaluate(
        person(date_of_birth=born_years_before(AS_OF, 28, days=1), higher_education_completed=completed), AS_OF
    )
    turned_28 = evaluate(
        person(date_of_birth=born_years_before(AS_OF, 28), higher_education_completed=completed), AS_OF
    )
    assert (at_26.status, at_26.age_limit) == (Status.ELIGIBLE, 27)
    assert (last_day.status, last_day.age, last_day.age_limit) == (Status.ELIGIBLE, 27, 27)
    assert (turned_28.status, turned_28.age, codes(turned_28)) == (Status.OVER_AGE, 28, [Code.AGE_OVER_27])


def test_27_window_while_studying_at_university_lists_th_g_too() -> None:
    at_27 = evaluate(
        person(date_of_birth=born_years_before(AS_OF, 27), studying=Studying.UNIVERSITY_REGULAR),
        AS_OF,
    )
    at_28 = evaluate(
        person(date_of_birth=born_years_before(AS_OF, 28), studying=Studying.COLLEGE_REGULAR),
        AS_OF,
    )
    assert (at_27.status, at_27.age_limit, codes(at_27)) == (Status.DEFERRED, 27, [Code.TH_G])
    assert (at_28.status, codes(at_28)) == (Status.OVER_AGE, [Code.AGE_OVER_27, Code.TH_G])


@pytest.mark.parametrize(
    ("as_of", "age"),
    [
        (date(2022, 2, 27), 17),  # non-leap year, day before the 28 Feb birthday
        (date(2022, 2, 28), 18),  # non-leap year: the birthday is 28 February
        (date(2022, 3, 1), 18),
        (date(2024, 2, 28), 19),  # leap year: the birthday is 29 February
        (date(2024, 2, 29), 20),
        (date(2024, 3, 1), 20),
        (date(2030, 2, 28), 26),  # 26th birthday in a non-leap year
    ],
)
def test_leap_day_birth(as_of: date, age: int) -> None:
    born = date(2004, 2, 29)
    assert age_on(born, as_of) == age
    assert evaluate(person(date_of_birth=born), as_of).age == age


def test_leap_day_birth_turns_18_on_28_february() -> None:
    born = date(2004, 2, 29)
    assert evaluate(person(date_of_birth=born), date(2022, 2, 27)).status == Status.NOT_OF_AGE
    assert evaluate(person(date_of_birth=born), date(2022, 2, 28)).status == Status.ELIGIBLE
    assert evaluate(person(date_of_birth=born), date(2030, 2, 27)).status == Status.ELIGIBLE
    assert evaluate(person(date_of_birth=born), date(2030, 2, 28)).status == Status.OVER_AGE


def test_born_on_as_of_is_age_zero_and_after_is_an_error() -> None:
    assert evaluate(person(date_of_birth=AS_OF), AS_OF).age == 0
    with pytest.raises(ValueError, match="after"):
        evaluate(person(date_of_birth=AS_OF + timedelta(days=1)), AS_OF)


# --- selection standards (row 9) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("bmi", "fails"),
    [(17.99, True), (18.0, False), (24.0, False), (29.9, False), (29.91, True), (0.0, True)],
)
def test_bmi_band_since_july_2025(bmi: float, fails: bool) -> None:
    result = evaluate(person(health=health(bmi=bmi)), AS_OF)
    assert (result.status == Status.NOT_QUALIFIED) is fails
    assert (codes(result) == [Code.BMI]) is fails


@pytest.mark.parametrize(("myopia", "fails"), [(0.0, False), (1.5, False), (1.51, True), (6.0, True)])
def test_myopia_limit(myopia: float, fails: bool) -> None:
    result = evaluate(person(health=health(myopia_diopters=myopia)), AS_OF)
    assert (codes(result) == [Code.MYOPIA]) is fails


@pytest.mark.parametrize(("grade", "fails"), [(0, True), (7, True), (8, False), (12, False), (None, False)])
def test_minimum_grade(grade: int | None, fails: bool) -> None:
    result = evaluate(person(education_grade=grade), AS_OF)
    assert (codes(result) == [Code.EDU_MIN]) is fails


def test_unknown_grade_is_not_checked_even_when_unexamined() -> None:
    result = evaluate(person(education_grade=None, health=None), AS_OF)
    assert (result.status, codes(result)) == (Status.NEEDS_EXAM, [Code.NO_HEALTH_EXAM])


@pytest.mark.parametrize("value", [None, False])
def test_missing_or_false_health_flags_are_not_failures(value: bool | None) -> None:
    result = evaluate(person(health=HealthFacts(2, hyperopia=value, drug_addiction=value)), AS_OF)
    assert result.status == Status.ELIGIBLE


def test_missing_bmi_and_myopia_are_not_checked() -> None:
    assert evaluate(person(health=HealthFacts(health_class=3)), AS_OF).status == Status.ELIGIBLE


def test_hyperopia_and_drug() -> None:
    assert codes(evaluate(person(health=health(hyperopia=True)), AS_OF)) == [Code.HYPEROPIA]
    assert codes(evaluate(person(health=health(drug_addiction=True)), AS_OF)) == [Code.DRUG]


def test_all_standards_reported_in_table_order() -> None:
    facts = person(
        education_grade=5,
        health=HealthFacts(2, bmi=31.0, myopia_diopters=3.0, hyperopia=True, drug_addiction=True),
    )
    result = evaluate(facts, AS_OF)
    assert result.status == Status.NOT_QUALIFIED
    assert codes(result) == [Code.EDU_MIN, Code.MYOPIA, Code.HYPEROPIA, Code.BMI, Code.DRUG]


def test_standards_checked_for_any_health_class() -> None:
    result = evaluate(person(health=health(health_class=5, myopia_diopters=2.0)), AS_OF)
    assert (result.status, codes(result)) == (Status.DEFERRED, [Code.TH_A, Code.MYOPIA])


# --- precedence -----------------------------------------------------------------------------


def test_female_volunteer_is_evaluated_like_anyone() -> None:
    result = evaluate(person(sex=Sex.FEMALE, volunteer=True), AS_OF)
    assert result.status == Status.ELIGIBLE
    assert Code.FEMALE_NOT_SUBJECT not in codes(result)


def test_female_non_volunteer_lists_every_other_code() -> None:
    facts = person(sex=Sex.FEMALE, date_of_birth=date(1990, 1, 1), health=None)
    result = evaluate(facts, AS_OF)
    assert result.status == Status.NOT_SUBJECT
    assert codes(result) == [Code.FEMALE_NOT_SUBJECT, Code.AGE_OVER_25, Code.NO_HEALTH_EXAM]


def test_art13_beats_age() -> None:
    result = evaluate(person(legal_status=LegalStatus.REFORMATORY, date_of_birth=date(2010, 1, 1)), AS_OF)
    assert result.status == Status.NOT_REGISTRABLE
    assert codes(result) == [Code.ART13_B, Code.AGE_UNDER_18]


def test_art14_beats_age_and_health() -> None:
    facts = person(registration_exempt_disease=True, date_of_birth=date(1990, 1, 1), health=health(health_class=6))
    result = evaluate(facts, AS_OF)
    assert result.status == Status.EXEMPT_REGISTRATION
    assert codes(result) == [Code.ART14, Code.AGE_OVER_25, Code.TH_A]


def test_age_beats_health_and_grounds() -> None:
    facts = person(date_of_birth=date(1995, 1, 1), health=health(health_class=4), grounds=(Code.MI_A,))
    result = evaluate(facts, AS_OF)
    assert result.status == Status.OVER_AGE
    assert codes(result) == [Code.AGE_OVER_25, Code.TH_A, Code.MI_A]


def test_th_a_beats_exemptions() -> None:
    result = evaluate(person(health=health(health_class=4), grounds=(Code.MI_C,)), AS_OF)
    assert (result.status, codes(result)) == (Status.DEFERRED, [Code.TH_A, Code.MI_C])


def test_exemption_beats_deferment() -> None:
    facts = person(grounds=(Code.TH_D, Code.MI_B), studying=Studying.GENERAL, standing_militia=True)
    result = evaluate(facts, AS_OF)
    assert result.status == Status.EXEMPTED
    assert codes(result) == [Code.MI_B, Code.TH_D, Code.TH_G, Code.TH_H]


def test_grounds_are_ordered_and_deduplicated() -> None:
    facts = person(grounds=(Code.TH_E, Code.MI_DD, Code.TH_B, Code.MI_A, Code.TH_B))
    assert codes(evaluate(facts, AS_OF)) == [Code.MI_A, Code.MI_DD, Code.TH_B, Code.TH_E]


def test_deferment_beats_standards() -> None:
    result = evaluate(person(grounds=(Code.TH_C,), education_grade=6), AS_OF)
    assert (result.status, codes(result)) == (Status.DEFERRED, [Code.TH_C, Code.EDU_MIN])


def test_row_9_before_row_10() -> None:
    result = evaluate(person(education_grade=6, health=None), AS_OF)
    assert result.status == Status.NOT_QUALIFIED
    assert codes(result) == [Code.EDU_MIN, Code.NO_HEALTH_EXAM]


def test_every_row_at_once_lists_every_code_deciding_first() -> None:
    facts = person(
        sex=Sex.FEMALE,
        legal_status=LegalStatus.STRIPPED_OF_RIGHT,
        registration_exempt_disease=True,
        date_of_birth=date(2009, 1, 1),
        education_grade=3,
        studying=Studying.GENERAL,
        standing_militia=True,
        grounds=(Code.TH_B, Code.MI_D),
        health=None,
    )
    result = evaluate(facts, AS_OF)
    assert result.status == Status.NOT_SUBJECT
    assert codes(result) == [
        Code.FEMALE_NOT_SUBJECT,
        Code.ART13_C,
        Code.ART14,
        Code.AGE_UNDER_18,
        Code.MI_D,
        Code.TH_B,
        Code.TH_G,
        Code.TH_H,
        Code.EDU_MIN,
        Code.NO_HEALTH_EXAM,
    ]
    assert not any(r.waived for r in result.reasons)


# --- volunteering ---------------------------------------------------------------------------


def test_volunteer_waives_every_ground_but_they_stay_listed() -> None:
    facts = person(
        volunteer=True,
        grounds=(Code.MI_A, Code.TH_B),
        studying=Studying.UNIVERSITY_REGULAR,
        standing_militia=True,
    )
    result = evaluate(facts, AS_OF)
    assert result.status == Status.ELIGIBLE
    assert result.deciding_code is None
    assert codes(result) == [Code.MI_A, Code.TH_B, Code.TH_G, Code.TH_H]
    assert all(r.waived for r in result.reasons)
    assert result.age_limit == 27  # the training still widens the age window


def test_volunteer_does_not_waive_th_a() -> None:
    result = evaluate(person(volunteer=True, health=health(health_class=5), grounds=(Code.TH_D,)), AS_OF)
    assert result.status == Status.DEFERRED
    assert [(r.code, r.waived) for r in result.reasons] == [(Code.TH_A, False), (Code.TH_D, True)]


def test_volunteer_does_not_waive_standards_or_exam() -> None:
    facts = person(volunteer=True, grounds=(Code.MI_B,), health=health(myopia_diopters=2.0))
    result = evaluate(facts, AS_OF)
    assert result.status == Status.NOT_QUALIFIED
    assert [(r.code, r.waived) for r in result.reasons] == [(Code.MYOPIA, False), (Code.MI_B, True)]
    unexamined = evaluate(person(volunteer=True, studying=Studying.GENERAL, health=None), AS_OF)
    assert unexamined.status == Status.NEEDS_EXAM
    assert [(r.code, r.waived) for r in unexamined.reasons] == [(Code.NO_HEALTH_EXAM, False), (Code.TH_G, True)]


def test_volunteer_does_not_waive_age_art13_or_art14() -> None:
    assert evaluate(person(volunteer=True, date_of_birth=date(1990, 1, 1)), AS_OF).status == Status.OVER_AGE
    assert evaluate(person(volunteer=True, legal_status=LegalStatus.PROBATION), AS_OF).status == Status.NOT_REGISTRABLE
    assert evaluate(person(volunteer=True, registration_exempt_disease=True), AS_OF).status == (
        Status.EXEMPT_REGISTRATION
    )


def test_waived_th_g_keeps_its_limb_text() -> None:
    result = evaluate(person(volunteer=True, studying=Studying.GENERAL), AS_OF)
    assert result.reasons[0].text == "Đang học tại cơ sở giáo dục phổ thông"
    assert result.reasons[0].waived


# --- rule sets ------------------------------------------------------------------------------


def test_rule_set_by_date() -> None:
    assert ruleset_for(date(2025, 6, 30)).id == OLD_ID
    assert ruleset_for(date(2025, 7, 1)).id == NEW_ID
    assert ruleset_for(date(2016, 1, 1)).id == OLD_ID
    assert ruleset_for(date(2099, 12, 31)).id == NEW_ID
    assert evaluate(person(), date(2025, 6, 30)).rule_set == OLD_ID
    assert evaluate(person(), date(2025, 7, 1)).rule_set == NEW_ID


def test_rule_sets_are_contiguous_and_distinct() -> None:
    ordered = sorted(RULE_SETS, key=lambda r: r.valid_from)
    assert len({r.id for r in ordered}) == len(ordered)
    for earlier, later in itertools.pairwise(ordered):
        assert earlier.valid_to == later.valid_from
    assert ordered[-1].valid_to is None


def test_new_rule_set_values_are_the_codes_md_cut_offs() -> None:
    rs = ruleset_for(AS_OF)
    assert (rs.min_age, rs.max_age, rs.max_age_extended) == (18, 25, 27)
    assert (rs.min_bmi, rs.max_bmi, rs.max_myopia_diopters) == (18.0, 29.9, 1.5)
    assert (rs.min_education_grade, rs.allowance_education_grade) == (8, 7)


@pytest.mark.parametrize(("bmi", "old_fails", "new_fails"), [(18.2, True, False), (18.5, False, False)])
def test_bmi_18_to_18_5_band_differs_between_rule_sets(bmi: float, old_fails: bool, new_fails: bool) -> None:
    facts = person(health=health(bmi=bmi))
    old = evaluate(facts, date(2025, 3, 1))
    new = evaluate(facts, date(2025, 7, 1))
    assert (old.status == Status.NOT_QUALIFIED, new.status == Status.NOT_QUALIFIED) == (old_fails, new_fails)


def test_citations_follow_the_rule_set() -> None:
    facts = person(health=health(myopia_diopters=4.0))
    old = evaluate(facts, date(2025, 3, 1)).reasons[0].citation
    new = evaluate(facts, date(2025, 9, 1)).reasons[0].citation
    assert "Thông tư 148/2018/TT-BQP" in old
    assert "68/2025" in new and "68/2025" not in old


# --- bulk -----------------------------------------------------------------------------------


def test_evaluate_many_and_all_match_evaluate() -> None:
    people = [
        person(),
        person(health=None),
        person(sex=Sex.FEMALE),
        person(volunteer=True, grounds=(Code.MI_A,)),
        person(date_of_birth=date(2004, 2, 29)),
    ]
    dates = [date(2025, 3, 1), AS_OF, date(2028, 2, 28)]
    pairs = [(p, d) for p in people for d in dates]
    assert list(evaluate_many(pairs)) == [evaluate(p, d) for p, d in pairs]
    assert list(evaluate_all(people, AS_OF)) == [evaluate(p, AS_OF) for p in people]


# --- fact validation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"sex": "other"},
        {"legal_status": "jailed"},
        {"studying": "phd"},
        {"higher_education_completed": "general"},
        {"education_grade": 13},
        {"education_grade": -1},
        {"grounds": ("TH_X",)},
    ],
)
def test_person_facts_reject_unknown_values(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        person(**bad)


@pytest.mark.parametrize("bad", [{"health_class": 0}, {"health_class": 7}, {"bmi": -0.1}, {"myopia_diopters": -1.0}])
def test_health_facts_reject_out_of_range(bad: dict[str, Any]) -> None:
    args: dict[str, Any] = {"health_class": 1, **bad}
    with pytest.raises(ValueError):
        HealthFacts(**args)


# --- properties -----------------------------------------------------------------------------

ROW_OF = {
    Code.FEMALE_NOT_SUBJECT: 1,
    Code.ART13_A: 2,
    Code.ART13_B: 2,
    Code.ART13_C: 2,
    Code.ART14: 3,
    Code.AGE_UNDER_18: 4,
    Code.AGE_OVER_25: 5,
    Code.AGE_OVER_27: 5,
    Code.TH_A: 6,
    **dict.fromkeys(EXEMPTION_GROUNDS, 7),
    **dict.fromkeys((c for c in DEFERMENT_GROUNDS), 8),
    **dict.fromkeys((Code.EDU_MIN, Code.MYOPIA, Code.HYPEROPIA, Code.BMI, Code.DRUG), 9),
    Code.NO_HEALTH_EXAM: 10,
}
WAIVABLE = set(EXEMPTION_GROUNDS) | set(DEFERMENT_GROUNDS)

healths = st.none() | st.builds(
    HealthFacts,
    health_class=st.integers(1, 6),
    bmi=st.none() | st.floats(0, 60, allow_nan=False),
    myopia_diopters=st.none() | st.floats(0, 10, allow_nan=False),
    hyperopia=st.none() | st.booleans(),
    drug_addiction=st.none() | st.booleans(),
)
people = st.builds(
    PersonFacts,
    date_of_birth=st.dates(date(1960, 1, 1), date(2015, 12, 31)),
    sex=st.sampled_from(Sex),
    volunteer=st.booleans(),
    legal_status=st.none() | st.sampled_from(LegalStatus),
    registration_exempt_disease=st.booleans(),
    education_grade=st.none() | st.integers(0, 12),
    studying=st.none() | st.sampled_from(Studying),
    higher_education_completed=st.none() | st.sampled_from(HigherEducation),
    standing_militia=st.booleans(),
    health=healths,
    grounds=st.lists(st.sampled_from(ASSERTABLE_GROUNDS), max_size=4).map(tuple),
)
as_of_dates = st.dates(date(2016, 1, 1), date(2035, 12, 31))


def oracle_status(p: PersonFacts, as_of: date) -> Status:
    """codes.md's table read literally, first match wins."""
    age = age_on(p.date_of_birth, as_of)
    wide = {"college_regular", "university_regular"}
    limit = 27 if (p.studying in wide or p.higher_education_completed in wide) else 25
    rs = ruleset_for(as_of)
    h = p.health
    th_derived = p.studying in {"general", "college_regular", "university_regular"} or p.standing_militia
    if p.sex == "female" and not p.volunteer:
        return Status.NOT_SUBJECT
    if p.legal_status:
        return Status.NOT_REGISTRABLE
    if p.registration_exempt_disease:
        return Status.EXEMPT_REGISTRATION
    if age < 18:
        return Status.NOT_OF_AGE
    if age > limit:
        return Status.OVER_AGE
    if h is not None and h.health_class in (4, 5, 6):
        return Status.DEFERRED
    if not p.volunteer and any(g.startswith("MI_") for g in p.grounds):
        return Status.EXEMPTED
    if not p.volunteer and (any(g.startswith("TH_") for g in p.grounds) or th_derived):
        return Status.DEFERRED
    fails = (p.education_grade is not None and p.education_grade < 8) or (
        h is not None
        and (
            (h.myopia_diopters is not None and h.myopia_diopters > 1.5)
            or bool(h.hyperopia)
            or (h.bmi is not None and (h.bmi < rs.min_bmi or h.bmi > 29.9))
            or bool(h.drug_addiction)
        )
    )
    if fails:
        return Status.NOT_QUALIFIED
    if h is None:
        return Status.NEEDS_EXAM
    return Status.ELIGIBLE


@settings(max_examples=500, deadline=None)
@given(people, as_of_dates)
def test_property_evaluation_is_consistent(p: PersonFacts, as_of: date) -> None:
    if p.date_of_birth > as_of:
        with pytest.raises(ValueError):
            evaluate(p, as_of)
        return
    result = evaluate(p, as_of)
    assert result.status in set(Status)
    assert result.status == oracle_status(p, as_of)
    assert result.age == age_on(p.date_of_birth, as_of) >= 0
    assert result.age_limit in (25, 27)
    assert result.rule_set == ruleset_for(as_of).id
    listed = codes(result)
    assert len(listed) == len(set(listed)), "no code twice"
    assert all(r.citation and r.text for r in result.reasons)
    waived = [r for r in result.reasons if r.waived]
    active = [r for r in result.reasons if not r.waived]
    assert all(r.code in WAIVABLE for r in waived)
    assert not waived or p.volunteer
    if result.status == Status.ELIGIBLE:
        assert not active
        assert result.deciding_code is None
    else:
        assert result.reasons, "reasons non-empty unless ELIGIBLE"
        decider = result.reasons[0]
        assert not decider.waived
        assert REASON_CODES[decider.code].status == result.status
        # the decider's row is the earliest row among the applicable (non-waived) codes
        assert ROW_OF[decider.code] == min(ROW_OF[r.code] for r in active)
        rows = [ROW_OF[r.code] for r in active]
        assert rows == sorted(rows), "other codes follow in table order"
    # waived grounds follow every applicable code
    assert [r.waived for r in result.reasons] == sorted(r.waived for r in result.reasons)
