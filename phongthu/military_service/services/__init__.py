"""Writes of the military-service registry: `registration` (SM-1 status, first registration,
removal, reserve, health) and `movements` (moves between communes, absence, return).

Services are named noun_verb, take the record first and the fields of their action form as
keyword arguments (`military_service/actions.py` declares who may run each one)."""

from phongthu.military_service.services.movements import (
    registration_absence,
    registration_move_cancel,
    registration_move_in,
    registration_move_out,
    registration_return,
)
from phongthu.military_service.services.registration import (
    registration_bar,
    registration_bar_clear,
    registration_enlist,
    registration_exempt,
    registration_first,
    registration_health_record,
    registration_remove,
    registration_reserve,
    registration_supplement,
)

__all__ = [
    "registration_absence",
    "registration_bar",
    "registration_bar_clear",
    "registration_enlist",
    "registration_exempt",
    "registration_first",
    "registration_health_record",
    "registration_move_cancel",
    "registration_move_in",
    "registration_move_out",
    "registration_remove",
    "registration_reserve",
    "registration_return",
    "registration_supplement",
]
