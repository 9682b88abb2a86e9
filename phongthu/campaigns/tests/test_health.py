"""Health classification (V-NVQS-5/6): class = worst score; BMI from rounded height and weight."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from phongthu.campaigns import health
from phongthu.campaigns.choices import CandidateStatus
from phongthu.campaigns.models import HealthExam
from phongthu.campaigns.services import pipeline
from phongthu.core.transitions import history_of

S = CandidateStatus
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "rounded"),
    [("152.50", 153), ("158.49", 158), ("152.4", 152), ("157.5", 158), ("42.5", 43), ("42.49", 42), ("60", 60)],
)
def test_rounding_half_up(value: str, rounded: int) -> None:
    assert health.round_measure(Decimal(value)) == rounded


def test_bmi_uses_rounded_measures():
    # 169.5 → 170 cm, 57.5 → 58 kg: 58 / 1.70² = 20.07; unrounded would be 20.01.
    assert health.bmi(Decimal("169.5"), Decimal("57.5")) == Decimal("20.07")
    assert health.bmi(Decimal("160.49"), Decimal("76.49")) == health.bmi(160, 76)


@given(st.lists(st.one_of(st.none(), st.integers(min_value=1, max_value=6)), min_size=1, max_size=9))
def test_class_is_worst_score(scores: list[int | None]) -> None:
    given_scores = [s for s in scores if s is not None]
    if not given_scores:
        with pytest.raises(ValueError):
            health.health_class(scores)
        return
    assert health.health_class(scores) == max(given_scores)


@given(st.decimals(min_value=140, max_value=200, places=2), st.decimals(min_value=35, max_value=120, places=2))
def test_bmi_depends_only_on_rounded_values(height: Decimal, weight: Decimal) -> None:
    assert health.bmi(height, weight) == health.bmi(health.round_measure(height), health.round_measure(weight))


@pytest.mark.parametrize(
    ("sex", "height", "weight", "expected"),
    [
        ("male", 170, 62, 1),  # BMI 21.45
        ("male", 161, 55, 2),  # height 160–162
        ("male", 158, 48, 3),  # height 157–159
        ("male", "152.4", 50, 6),  # 152 → ≤ 152
        ("male", "152.5", 50, 5),  # 153 → 153–154
        ("male", 175, 95, 4),  # BMI 31.0
        ("female", 155, 50, 1),
        ("female", 151, 43, 3),
    ],
)
def test_physical_score_from_table(sex, height, weight, expected):
    assert health.physical_score(sex=sex, height_cm=Decimal(str(height)), weight_kg=Decimal(str(weight))) == expected


@pytest.fixture
def at_exam(make_candidate, commune_a):
    return make_candidate(commune_a, status=S.CALLED_TO_EXAM)


def _exam(candidate, actor, **kw):
    data = {
        "exam_date": datetime.date(2025, 11, 20),
        "height_cm": Decimal("168.5"),
        "weight_kg": Decimal("60.4"),
        "scores": {"score_eyes": 1, "score_ent": 2, "score_internal": 3},
    }
    data.update(kw)
    return pipeline.candidate_record_exam(candidate=candidate, actor=actor, **data)


def test_exam_computes_class_and_fit(at_exam, user_a):
    exam = _exam(at_exam, user_a)
    assert (exam.height_rounded, exam.weight_rounded) == (169, 60)
    assert exam.bmi == Decimal("21.01")
    assert exam.score_physical == 1
    assert exam.health_class == 3
    assert exam.fit is True
    at_exam.refresh_from_db()
    assert at_exam.status == S.FIT and at_exam.health_class == 3 and at_exam.fit is True
    assert [(h.from_status, h.to_status) for h in history_of(at_exam)] == [
        ("CALLED_TO_EXAM", "EXAMINED"),
        ("EXAMINED", "FIT"),
    ]


def test_class_4_is_unfit_and_proposes_th_a(at_exam, user_a):
    exam = _exam(at_exam, user_a, scores={"score_eyes": 1, "score_internal": 4})
    assert exam.health_class == 4 and not exam.fit and exam.unfit_codes == "TH_A"
    at_exam.refresh_from_db()
    assert at_exam.status == S.UNFIT
    proposal = at_exam.deferments.get()
    assert proposal.ground == "TH_A" and proposal.status == "PROPOSED"


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"myopia_diopters": Decimal("1.75")}, "MYOPIA"),
        ({"hyperopia": True}, "HYPEROPIA"),
        ({"drug_test_positive": True}, "DRUG"),
        ({"height_cm": Decimal("170"), "weight_kg": Decimal("90")}, "BMI"),  # BMI 31.14
    ],
)
def test_standards_other_than_class(at_exam, user_a, kw, code):
    exam = _exam(at_exam, user_a, **kw)
    assert code in exam.unfit_codes.split(",")
    assert not exam.fit
    at_exam.refresh_from_db()
    assert at_exam.status == S.UNFIT


def test_myopia_at_the_limit_is_fit(at_exam, user_a):
    assert _exam(at_exam, user_a, myopia_diopters=Decimal("1.5")).fit


def test_bmi_band_uses_the_rule_set(at_exam, user_a):
    # 171 cm, 53 kg → BMI 18.13: fails 18.5 (before 1/7/2025), passes 18.0 (TT 68/2025) — but
    # the physical-build table puts < 18.5 in class 4 (open question U3), so it is unfit anyway.
    exam = _exam(at_exam, user_a, height_cm=Decimal("171"), weight_kg=Decimal("53"))
    assert exam.bmi == Decimal("18.13")
    assert "BMI" not in exam.unfit_codes
    assert exam.score_physical == 4


def test_exam_outside_window_or_wrong_stage_is_refused(at_exam, make_candidate, commune_a, user_a):
    with pytest.raises(ValidationError) as info:
        _exam(at_exam, user_a, exam_date=datetime.date(2026, 1, 10))
    assert "thời gian khám" in str(info.value)
    other = make_candidate(commune_a, status=S.NOMINATED)
    with pytest.raises(ValidationError):
        _exam(other, user_a)
    assert not HealthExam.objects.filter(candidate=other).exists()


def test_score_out_of_range_is_refused(at_exam, user_a):
    with pytest.raises(ValidationError):
        _exam(at_exam, user_a, scores={"score_eyes": 7})
    at_exam.refresh_from_db()
    assert at_exam.status == S.CALLED_TO_EXAM
