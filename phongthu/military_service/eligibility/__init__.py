"""Call-up eligibility engine (codes.md §1): pure, effective-dated, every outcome cited."""

from .codes import Code, Status
from .engine import Evaluation, Reason, age_on, evaluate, evaluate_all, evaluate_many
from .facts import HealthFacts, HigherEducation, LegalStatus, PersonFacts, Sex, Studying
from .rulesets import RULE_SETS, RuleSet, ruleset_for

__all__ = [
    "RULE_SETS",
    "Code",
    "Evaluation",
    "HealthFacts",
    "HigherEducation",
    "LegalStatus",
    "PersonFacts",
    "Reason",
    "RuleSet",
    "Sex",
    "Status",
    "Studying",
    "age_on",
    "evaluate",
    "evaluate_all",
    "evaluate_many",
    "ruleset_for",
]
