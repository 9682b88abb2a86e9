from phongthu.activities.models.awards import Award, BaseSalary
from phongthu.activities.models.education import CadreTraining, Course, CourseParticipant, StudentEducation
from phongthu.activities.models.exercises import DutyLog, Exercise, Patrol
from phongthu.activities.models.external import (
    Commitment,
    CoordinationEvent,
    ForeignDelegation,
    ForeignerResidenceCheck,
    GrassrootsRating,
    SecurityMovementEntry,
)
from phongthu.activities.models.meetings import Meeting
from phongthu.activities.models.rear_policy import DischargedSoldier, RearPolicyCase, SoldierFamily
from phongthu.activities.models.reporting import ConscriptionResult, PeriodTarget, ReportStatement

__all__ = [
    "Award",
    "BaseSalary",
    "CadreTraining",
    "Commitment",
    "ConscriptionResult",
    "CoordinationEvent",
    "Course",
    "CourseParticipant",
    "DischargedSoldier",
    "DutyLog",
    "Exercise",
    "ForeignDelegation",
    "ForeignerResidenceCheck",
    "GrassrootsRating",
    "Meeting",
    "Patrol",
    "PeriodTarget",
    "RearPolicyCase",
    "ReportStatement",
    "SecurityMovementEntry",
    "SoldierFamily",
    "StudentEducation",
]
