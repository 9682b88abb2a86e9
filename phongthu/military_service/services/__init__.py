"""Writes of the military-service registry: `registration` (SM-1 status, first registration,
removal, reserve, health) and `movements` (moves between communes, absence, return)."""

from phongthu.military_service.services.movements import (
    registration_cancel_move_out,
    registration_move_in,
    registration_move_out,
    registration_record_absence,
    registration_record_return,
)
from phongthu.military_service.services.registration import (
    registration_clear_barred,
    registration_enlist,
    registration_mark_barred,
    registration_mark_exempt,
    registration_record_health,
    registration_register_first,
    registration_register_reserve,
    registration_remove,
    registration_supplement,
)

__all__ = [
    "registration_cancel_move_out",
    "registration_clear_barred",
    "registration_enlist",
    "registration_mark_barred",
    "registration_mark_exempt",
    "registration_move_in",
    "registration_move_out",
    "registration_record_absence",
    "registration_record_health",
    "registration_record_return",
    "registration_register_first",
    "registration_register_reserve",
    "registration_remove",
    "registration_supplement",
]
