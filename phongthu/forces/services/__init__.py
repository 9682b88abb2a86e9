"""Writes of the forces registries: every status change goes through core.transitions."""

from phongthu.forces.services.militia import (
    militia_member_complete,
    militia_member_defer,
    militia_member_exempt,
    militia_member_extend,
    militia_member_release,
    militia_member_resume,
    militia_member_start,
)
from phongthu.forces.services.reserves import reservist_assign, reservist_release, reservist_remove

__all__ = [
    "militia_member_complete",
    "militia_member_defer",
    "militia_member_exempt",
    "militia_member_extend",
    "militia_member_release",
    "militia_member_resume",
    "militia_member_start",
    "reservist_assign",
    "reservist_release",
    "reservist_remove",
]
