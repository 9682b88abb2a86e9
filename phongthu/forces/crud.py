"""Screens, API, import and export of the militia and reserve registries, declared on core."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from phongthu.core.crud import CrudConfig, register
from phongthu.core.models import restricted
from phongthu.core.scoping import RestrictedQuerySet
from phongthu.core.transitions import history_of
from phongthu.forces import selectors
from phongthu.forces.choices import (
    MilitiaCategory,
    MilitiaStatus,
    ReserveGrade,
    ReservistStatus,
)
from phongthu.forces.models import (
    MilitiaMember,
    MilitiaTraining,
    MilitiaUnit,
    ReserveAssignment,
    ReserveEquipment,
    ReserveTrainingSession,
    ReserveUnit,
    Reservist,
    UnitPopulation,
)
from phongthu.forces.rules import reserve_rules

if TYPE_CHECKING:
    from phongthu.core.types import Actor
    from phongthu.units.models import Unit


def _visible(model: type[models.Model], request: HttpRequest) -> RestrictedQuerySet:
    return restricted(model, request.user, "view")


def _labelled_history(obj: models.Model, statuses: Any) -> list[tuple[Any, str, str]]:
    """Status history rows with the statuses as words (the stored codes are not for people)."""
    labels = dict(statuses.choices)
    return [
        (h, labels.get(h.from_status, h.from_status), labels.get(h.to_status, h.to_status)) for h in history_of(obj)
    ]


class LabelledConfig(CrudConfig):
    """Columns computed by the model (properties, annotations) get Vietnamese labels too."""

    extra_labels: ClassVar[dict[str, Any]] = {}

    @classmethod
    def label(cls, name: str) -> str:
        if name in cls.extra_labels:
            return str(cls.extra_labels[name])
        return super().label(name)


# ---- militia -------------------------------------------------------------------------


@register
class MilitiaUnitCrud(CrudConfig):
    model = MilitiaUnit
    fields: ClassVar[list[str]] = [
        "name",
        "unit",
        "level",
        "category",
        "is_self_defense",
        "parent",
        "established_date",
        "decision_ref",
        "note",
    ]
    list_columns: ClassVar[list[str]] = ["name", "unit", "level", "category", "is_self_defense"]
    filter_fields: ClassVar[list[str]] = ["level", "category", "is_self_defense"]
    default_ordering: ClassVar[list[str]] = ["name_sort"]
    detail_template = "forces/militiaunit_detail.html"

    @classmethod
    def detail_context(cls, obj: models.Model, request: HttpRequest) -> dict[str, Any]:
        assert isinstance(obj, MilitiaUnit)
        day = selectors.today()
        members = _visible(MilitiaMember, request).filter(militia_unit=obj).select_related("person")
        return {
            "members": members.filter(selectors.serving_on(day)),
            "by_category": members.filter(selectors.serving_on(day))
            .values("category")
            .annotate(n=Count("id"))
            .order_by("category"),
            "category_labels": dict(MilitiaCategory.choices),
            "children": _visible(MilitiaUnit, request).filter(parent=obj),
            "member_config": MilitiaMemberCrud,
        }


@register
class MilitiaMemberCrud(LabelledConfig):
    model = MilitiaMember
    fields: ClassVar[list[str]] = [
        "person",
        "militia_unit",
        "category",
        "position",
        "start_date",
        "term_years",
        "volunteer",
        "decision_ref",
        "note",
    ]
    list_columns: ClassVar[list[str]] = ["person", "militia_unit", "category", "position", "start_date", "status"]
    export_fields: ClassVar[list[str] | None] = [
        "person",
        "militia_unit",
        "category",
        "position",
        "start_date",
        "term_years",
        "extension_months",
        "planned_end_date",
        "volunteer",
        "decision_ref",
        "status",
        "ground",
        "end_date",
        "note",
    ]
    extra_labels: ClassVar[dict[str, Any]] = {"planned_end_date": _("ngày hết thời hạn")}
    filter_fields: ClassVar[list[str]] = ["category", "position", "status", "volunteer"]
    search_fields: ClassVar[list[str]] = ["person__name_search"]
    default_ordering: ClassVar[list[str]] = ["person__name_sort", "start_date"]
    log_views = True
    detail_template = "forces/militiamember_detail.html"

    @classmethod
    def detail_context(cls, obj: models.Model, request: HttpRequest) -> dict[str, Any]:
        assert isinstance(obj, MilitiaMember)
        day = selectors.today()
        return {
            "today": day,
            "recognition_due": obj.recognition_due(day),
            "months_served": obj.months_served(day),
            "training": selectors.training_overview(obj, on=day),
            "status_history": _labelled_history(obj, MilitiaStatus),
        }

    @classmethod
    def home_figure(cls, user: Actor, unit: Unit) -> dict[str, Any]:
        return selectors.home_figure(user=user, unit=unit)


@register
class MilitiaTrainingCrud(LabelledConfig):
    model = MilitiaTraining
    list_select_related: ClassVar[list[str]] = ["member__person", "member__militia_unit"]
    fields: ClassVar[list[str]] = ["member", "year", "days_done", "note"]
    list_columns: ClassVar[list[str]] = ["member", "year", "days_done", "days_required", "shortfall"]
    extra_labels: ClassVar[dict[str, Any]] = {
        "days_required": _("số ngày phải huấn luyện"),
        "shortfall": _("số ngày còn thiếu"),
    }
    search_fields: ClassVar[list[str]] = ["member__person__name_search"]
    default_ordering: ClassVar[list[str]] = ["-year", "member__person__name_sort"]
    year_lookup = "year"


@register
class UnitPopulationCrud(CrudConfig):
    model = UnitPopulation
    fields: ClassVar[list[str]] = ["unit", "year", "population", "source"]
    list_columns: ClassVar[list[str]] = ["unit", "year", "population", "source"]
    search_fields: ClassVar[list[str]] = ["unit__name_search"]
    default_ordering: ClassVar[list[str]] = ["-year", "unit__name_sort"]
    year_lookup = "year"
    detail_template = "forces/unitpopulation_detail.html"

    @classmethod
    def detail_context(cls, obj: models.Model, request: HttpRequest) -> dict[str, Any]:
        assert isinstance(obj, UnitPopulation)
        members = _visible(MilitiaMember, request)
        return {"strength": selectors.militia_strength(unit=obj.unit, year=obj.year, members=members)}


# ---- reserves -------------------------------------------------------------------------


@register
class ReservistCrud(CrudConfig):
    model = Reservist
    fields: ClassVar[list[str]] = [
        "person",
        "unit",
        "personnel_type",
        "grade",
        "rank",
        "speciality_code",
        "speciality_name",
        "registration_date",
        "note",
    ]
    list_columns: ClassVar[list[str]] = ["person", "personnel_type", "grade", "rank", "speciality_code", "status"]
    filter_fields: ClassVar[list[str]] = ["personnel_type", "grade", "rank", "status"]
    search_fields: ClassVar[list[str]] = ["person__name_search"]
    default_ordering: ClassVar[list[str]] = ["person__name_sort"]
    log_views = True
    detail_template = "forces/reservist_detail.html"

    @classmethod
    def detail_context(cls, obj: models.Model, request: HttpRequest) -> dict[str, Any]:
        assert isinstance(obj, Reservist)
        day = selectors.today()
        used = selectors.reserve_training_days_used(obj)
        cap = reserve_rules(day).grade1_training_cap_days if obj.grade == ReserveGrade.ONE else None
        return {
            "assignments": _visible(ReserveAssignment, request).filter(reservist=obj).select_related("reserve_unit"),
            "sessions": _visible(ReserveTrainingSession, request).filter(reservist=obj),
            "days_used": used,
            "days_cap": cap,
            "days_left": max(cap - used, 0) if cap is not None else None,
            "over_age": obj.status != ReservistStatus.REMOVED and obj.over_age(day),
            "age_cap": obj.service_age_cap(),
            "status_history": _labelled_history(obj, ReservistStatus),
            "assignment_config": ReserveAssignmentCrud,
            "session_config": ReserveTrainingSessionCrud,
        }


@register
class ReserveUnitCrud(CrudConfig):
    model = ReserveUnit
    fields: ClassVar[list[str]] = ["name", "unit", "kind", "establishment_strength", "receiving_unit", "note"]
    list_columns: ClassVar[list[str]] = ["name", "unit", "kind", "establishment_strength", "receiving_unit"]
    filter_fields: ClassVar[list[str]] = ["kind"]
    default_ordering: ClassVar[list[str]] = ["name_sort"]
    detail_template = "forces/reserveunit_detail.html"

    @classmethod
    def detail_context(cls, obj: models.Model, request: HttpRequest) -> dict[str, Any]:
        assert isinstance(obj, ReserveUnit)
        return {
            "strength": selectors.reserve_unit_strength(obj),
            "assignments": _visible(ReserveAssignment, request)
            .filter(reserve_unit=obj, released_date__isnull=True)
            .select_related("reservist__person"),
            "equipment": _visible(ReserveEquipment, request).filter(assigned_reserve_unit=obj),
            "assignment_config": ReserveAssignmentCrud,
            "equipment_config": ReserveEquipmentCrud,
        }


@register
class ReserveAssignmentCrud(CrudConfig):
    """Assignments are created and ended by services (they change the reservist's status):
    from the reservist's page. Here they are listed, exported and their post corrected."""

    model = ReserveAssignment
    list_select_related: ClassVar[list[str]] = ["reservist__person"]
    fields: ClassVar[list[str]] = ["post", "post_speciality_code", "speciality_match", "decision_ref", "note"]
    list_columns: ClassVar[list[str]] = [
        "reservist",
        "reserve_unit",
        "post",
        "speciality_match",
        "assigned_date",
        "released_date",
    ]
    filter_fields: ClassVar[list[str]] = ["speciality_match"]
    search_fields: ClassVar[list[str]] = ["reservist__person__name_search"]
    default_ordering: ClassVar[list[str]] = ["-assigned_date", "id"]
    allow_create = False
    allow_import = False
    allow_delete = False
    year_lookup = "assigned_date__year"


@register
class ReserveTrainingSessionCrud(LabelledConfig):
    model = ReserveTrainingSession
    list_select_related: ClassVar[list[str]] = ["reservist__person"]
    fields: ClassVar[list[str]] = ["reservist", "kind", "start_date", "end_date", "organiser", "decision_ref", "note"]
    list_columns: ClassVar[list[str]] = ["reservist", "kind", "start_date", "end_date", "organiser"]
    export_fields: ClassVar[list[str] | None] = [
        "reservist",
        "kind",
        "start_date",
        "end_date",
        "days",
        "organiser",
        "decision_ref",
        "note",
    ]
    extra_labels: ClassVar[dict[str, Any]] = {"days": _("số ngày")}
    filter_fields: ClassVar[list[str]] = ["kind"]
    search_fields: ClassVar[list[str]] = ["reservist__person__name_search"]
    default_ordering: ClassVar[list[str]] = ["-start_date", "id"]
    year_lookup = "start_date__year"


@register
class ReserveEquipmentCrud(CrudConfig):
    model = ReserveEquipment
    fields: ClassVar[list[str]] = [
        "owner_kind",
        "owner_person",
        "owner_name",
        "equipment_type",
        "plate_number",
        "specs",
        "registered_at",
        "first_registration_date",
        "annual_report_year",
        "assigned_reserve_unit",
        "note",
    ]
    list_columns: ClassVar[list[str]] = [
        "plate_number",
        "equipment_type",
        "owner_name",
        "registered_at",
        "annual_report_year",
        "assigned_reserve_unit",
    ]
    filter_fields: ClassVar[list[str]] = ["equipment_type", "owner_kind"]
    search_fields: ClassVar[list[str]] = ["search_text"]
    default_ordering: ClassVar[list[str]] = ["equipment_type", "plate_number"]
    year_lookup = "annual_report_year"
