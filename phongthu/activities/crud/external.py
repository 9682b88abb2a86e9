from __future__ import annotations

from typing import ClassVar

from phongthu.activities.models import (
    Commitment,
    CoordinationEvent,
    ForeignDelegation,
    ForeignerResidenceCheck,
    GrassrootsRating,
    SecurityMovementEntry,
)
from phongthu.core.crud import CrudConfig, register


@register
class ForeignDelegationCrud(CrudConfig):
    model = ForeignDelegation
    fields: ClassVar[list[str]] = [
        "unit", "year", "date", "period_start", "period_end", "period_label", "origin", "delegations_count",
        "persons_count", "purpose", "note",
    ]  # fmt: skip
    list_columns: ClassVar[list[str]] = ["origin", "year", "period_label", "delegations_count", "persons_count", "unit"]
    filter_fields: ClassVar[list[str]] = ["year"]
    search_fields: ClassVar[list[str]] = ["search_text"]
    default_ordering: ClassVar[list[str]] = ["-year", "-date", "pk"]
    year_lookup = "year"


@register
class ForeignerResidenceCheckCrud(CrudConfig):
    model = ForeignerResidenceCheck
    fields: ClassVar[list[str]] = [
        "unit", "year", "period_start", "period_end", "period_label", "checked_by", "checks_count",
        "violations_count", "findings", "note",
    ]  # fmt: skip
    list_columns: ClassVar[list[str]] = [
        "checked_by",
        "year",
        "period_label",
        "checks_count",
        "violations_count",
        "unit",
    ]
    filter_fields: ClassVar[list[str]] = ["year"]
    search_fields: ClassVar[list[str]] = ["search_text"]
    default_ordering: ClassVar[list[str]] = ["-year", "pk"]
    year_lookup = "year"


@register
class CoordinationEventCrud(CrudConfig):
    model = CoordinationEvent
    fields: ClassVar[list[str]] = [
        "unit", "year", "kind", "date", "basis", "with_police", "with_military", "with_border_guard",
        "with_coast_guard", "partners", "topic", "outcome", "note",
    ]  # fmt: skip
    list_columns: ClassVar[list[str]] = ["kind", "year", "date", "basis", "partners", "unit"]
    filter_fields: ClassVar[list[str]] = ["year", "kind"]
    search_fields: ClassVar[list[str]] = ["search_text"]
    default_ordering: ClassVar[list[str]] = ["-year", "-date", "pk"]
    year_lookup = "year"


@register
class CommitmentCrud(CrudConfig):
    model = Commitment
    fields: ClassVar[list[str]] = ["unit", "year", "date", "led_by", "parties", "parties_count", "topic", "note"]
    list_columns: ClassVar[list[str]] = ["topic", "year", "led_by", "parties_count", "unit"]
    filter_fields: ClassVar[list[str]] = ["year"]
    search_fields: ClassVar[list[str]] = ["search_text"]
    default_ordering: ClassVar[list[str]] = ["-year", "-date", "pk"]
    year_lookup = "year"


@register
class SecurityMovementEntryCrud(CrudConfig):
    model = SecurityMovementEntry
    fields: ClassVar[list[str]] = ["unit", "year", "models_count", "typical_units_count", "content", "note"]
    list_columns: ClassVar[list[str]] = ["year", "content", "models_count", "typical_units_count", "unit"]
    filter_fields: ClassVar[list[str]] = ["year"]
    search_fields: ClassVar[list[str]] = ["search_text"]
    default_ordering: ClassVar[list[str]] = ["-year", "pk"]
    year_lookup = "year"


@register
class GrassrootsRatingCrud(CrudConfig):
    model = GrassrootsRating
    fields: ClassVar[list[str]] = [
        "unit", "year", "period", "rating", "bases_strong", "bases_total", "clusters_strong", "clusters_total",
        "assessment", "note",
    ]  # fmt: skip
    list_columns: ClassVar[list[str]] = [
        "period", "year", "rating", "bases_strong", "bases_total", "clusters_strong", "clusters_total", "unit",
    ]  # fmt: skip
    filter_fields: ClassVar[list[str]] = ["year", "period", "rating"]
    search_fields: ClassVar[list[str]] = []
    default_ordering: ClassVar[list[str]] = ["-year", "period", "pk"]
    year_lookup = "year"
