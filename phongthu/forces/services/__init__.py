"""Writes of the forces registries: every status change goes through core.transitions."""

from phongthu.forces.services.militia import (
    complete_militia_service,
    defer_militia,
    end_militia_deferment,
    exempt_militia,
    extend_militia_term,
    release_militia_early,
    start_militia_service,
)
from phongthu.forces.services.reserves import assign_reservist, release_reservist, remove_reservist

__all__ = [
    "assign_reservist",
    "complete_militia_service",
    "defer_militia",
    "end_militia_deferment",
    "exempt_militia",
    "extend_militia_term",
    "release_militia_early",
    "release_reservist",
    "remove_reservist",
    "start_militia_service",
]
