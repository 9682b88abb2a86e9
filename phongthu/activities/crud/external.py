from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from phongthu.activities.choices import CoordinationKind, RatingPeriod
from phongthu.activities.crud.common import sums
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

    @classmethod
    def year_figures(cls, queryset: Any) -> list[tuple[str, Any]]:
        return sums(queryset, [(_("Đoàn khách nước ngoài"), "delegations_count"), (_("Lượt người"), "persons_count")])


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

    @classmethod
    def year_figures(cls, queryset: Any) -> list[tuple[str, Any]]:
        return sums(queryset, [(_("Lượt kiểm tra"), "checks_count"), (_("Vi phạm phát hiện"), "violations_count")])


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

    @classmethod
    def year_figures(cls, queryset: Any) -> list[tuple[str, Any]]:
        totals = queryset.aggregate(
            programmes=Count("pk", filter=Q(kind=CoordinationKind.PROGRAMME)),
            briefings=Count("pk", filter=Q(kind__in=[CoordinationKind.BRIEFING_H1, CoordinationKind.BRIEFING_YEAR])),
        )
        return [(_("Chương trình phối hợp đã ký"), totals["programmes"]), (_("Giao ban"), totals["briefings"])]


@register
class CommitmentCrud(CrudConfig):
    model = Commitment
    fields: ClassVar[list[str]] = ["unit", "year", "date", "led_by", "parties", "parties_count", "topic", "note"]
    list_columns: ClassVar[list[str]] = ["topic", "year", "led_by", "parties_count", "unit"]
    filter_fields: ClassVar[list[str]] = ["year"]
    search_fields: ClassVar[list[str]] = ["search_text"]
    default_ordering: ClassVar[list[str]] = ["-year", "-date", "pk"]
    year_lookup = "year"

    @classmethod
    def year_figures(cls, queryset: Any) -> list[tuple[str, Any]]:
        return sums(queryset, [(_("Đơn vị ký cam kết"), "parties_count")])


@register
class SecurityMovementEntryCrud(CrudConfig):
    model = SecurityMovementEntry
    fields: ClassVar[list[str]] = ["unit", "year", "models_count", "typical_units_count", "content", "note"]
    list_columns: ClassVar[list[str]] = ["year", "content", "models_count", "typical_units_count", "unit"]
    filter_fields: ClassVar[list[str]] = ["year"]
    search_fields: ClassVar[list[str]] = ["search_text"]
    default_ordering: ClassVar[list[str]] = ["-year", "pk"]
    year_lookup = "year"

    @classmethod
    def year_figures(cls, queryset: Any) -> list[tuple[str, Any]]:
        return sums(queryset, [(_("Mô hình tự quản"), "models_count"), (_("Đơn vị điển hình"), "typical_units_count")])


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

    @classmethod
    def year_figures(cls, queryset: Any) -> list[tuple[str, Any]]:
        whole_year = queryset.filter(period=RatingPeriod.YEAR)
        return sums(
            whole_year,
            [
                (_("Cơ sở vững mạnh toàn diện"), "bases_strong"),
                (_("Tổng số cơ sở"), "bases_total"),
                (_("Cụm an toàn làm chủ"), "clusters_strong"),
                (_("Tổng số cụm"), "clusters_total"),
            ],
        )
