"""A unit named on the command line or in an API call for a report: `units.selectors.
unit_from_argument` among the units valid during the report's period."""

from __future__ import annotations

from phongthu.core.periods import Period
from phongthu.units.models import Unit
from phongthu.units.selectors import UnitArgumentError, describe, unit_from_argument

UnitLookupError = UnitArgumentError


def resolve_unit(text: str, period: Period) -> Unit:
    return unit_from_argument(text, period.start, period.end, during=f"kỳ {period.label}")


__all__ = ["UnitLookupError", "describe", "resolve_unit"]
