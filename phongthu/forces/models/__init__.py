from phongthu.forces.models.militia import MilitiaMember, MilitiaTraining, MilitiaUnit, UnitPopulation
from phongthu.forces.models.reserves import (
    ReserveAssignment,
    ReserveEquipment,
    ReserveTrainingSession,
    ReserveUnit,
    Reservist,
)

__all__ = [
    "MilitiaMember",
    "MilitiaTraining",
    "MilitiaUnit",
    "ReserveAssignment",
    "ReserveEquipment",
    "ReserveTrainingSession",
    "ReserveUnit",
    "Reservist",
    "UnitPopulation",
]
