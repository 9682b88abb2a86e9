"""Reads of the activities app: a unit's year (every registered model with a `year_lookup`),
the term plan of exercises, and award quota warnings. All scoped, all live aggregation."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from phongthu.activities import rules
from phongthu.activities.choices import AwardStatus
from phongthu.activities.models import Award, Exercise
from phongthu.activities.models.exercises import format_term, parse_term
from phongthu.core import scoping
from phongthu.core.crud import CrudConfig, registry
from phongthu.core.models import restricted
from phongthu.core.year_figures import figures_for
from phongthu.units import selectors as unit_selectors
from phongthu.units.choices import Hierarchy
from phongthu.units.models import Unit, UnitScope

if TYPE_CHECKING:
    from phongthu.core.types import Actor

# -- reach ------------------------------------------------------------------------------------


def reach_ids(unit: Unit) -> QuerySet[Any]:
    """The unit, everything ever under it, and its predecessors' reach (lineage)."""
    return UnitScope.objects.filter(ancestor=unit).values("descendant_id")


def can_view_unit(user: Actor, unit: Unit) -> bool:
    """Within the user's own scope (tree ancestors visible for navigation do not count)."""
    scope = scoping.unit_scope_query(user, scoping.VIEW)
    if scope is None:
        return True
    return bool(Unit.objects.filter(pk=unit.pk, pk__in=scope).exists())


# -- the unit's year --------------------------------------------------------------------------


@dataclass
class YearRow:
    config: type[CrudConfig]
    count: int
    figures: list[tuple[str, Any]]
    url: str

    @property
    def label(self) -> str:
        return self.config.verbose_name_plural()

    @property
    def group(self) -> str:
        return str(self.config.model._meta.app_config.verbose_name)


def year_configs() -> list[type[CrudConfig]]:
    configs = [c for c in registry.values() if c.year_lookup]
    return sorted(configs, key=lambda c: (c.app_label, c.verbose_name_plural()))


def year_queryset(config: type[CrudConfig], *, unit: Unit, year: int, user: Actor) -> QuerySet[Any]:
    """The config's records of `unit`'s subtree (with lineage) for `year`, within the user's scope."""
    model = config.model
    path: str = getattr(model, "unit_path", "unit")
    lookup = "pk__in" if path == "self" else f"{path}__in"
    assert config.year_lookup
    return restricted(model, user, scoping.VIEW).filter(**{lookup: reach_ids(unit), config.year_lookup: year})


def year_list_url(config: type[CrudConfig], year: int, unit: Unit | None = None) -> str:
    """The record list filtered to the year and (keeping the unit) to the unit's subtree."""
    params: dict[str, Any] = {}
    if config.year_lookup in config.filter_fields:
        params[config.year_lookup] = year
    if unit is not None:
        params["within"] = unit.pk
    return f"{config.list_url()}?{urlencode(params)}" if params else config.list_url()


def year_summary(*, unit: Unit, year: int, user: Actor) -> list[YearRow]:
    rows = []
    for config in year_configs():
        qs = year_queryset(config, unit=unit, year=year, user=user)
        rows.append(
            YearRow(
                config=config,
                count=qs.count(),
                figures=figures_for(config, qs),
                url=year_list_url(config, year, unit),
            )
        )
    return rows


# -- term plan of exercises -------------------------------------------------------------------


@dataclass
class TermPlanRow:
    unit: Unit
    exercises: list[Exercise] = field(default_factory=list)

    @property
    def held(self) -> bool:
        return bool(self.exercises)


@dataclass
class TermPlan:
    unit: Unit
    term: tuple[int, int]
    exercise_type: str
    on: datetime.date
    rows: list[TermPlanRow]

    @property
    def term_label(self) -> str:
        return format_term(*self.term)

    @property
    def held_count(self) -> int:
        return sum(1 for r in self.rows if r.held)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def ratio(self) -> str:
        return f"{self.held_count}/{self.total}"

    @property
    def pending(self) -> list[Unit]:
        return [r.unit for r in self.rows if not r.held]


def term_reference_date(unit: Unit, term: tuple[int, int], today: datetime.date | None = None) -> datetime.date:
    """The day the list of child communes is read: the term's last day, or earlier if the unit
    ended (e.g. a district dissolved on 30/6/2025) or the term is still running."""
    day = min(datetime.date(term[1], 12, 31), today or unit_selectors.today())
    if unit.valid_to and unit.valid_to < day:
        day = unit.valid_to
    if unit.valid_from and unit.valid_from > day:
        day = unit.valid_from
    return day


def term_plan(
    *, unit: Unit, term: str, exercise_type: str, on: datetime.date | None = None, user: Actor | None = None
) -> TermPlan:
    """Which child communes held their exercise of `exercise_type` during the party term.

    Children are those of the dated tree on `on` (default: see `term_reference_date`); an
    exercise counts for a child when it was held by the child or anything in its reach (its
    villages, or the communes it replaced). Exercises count for the term when their `party_term`
    is the term, or, without a term, when their year lies within it.
    """
    parsed = parse_term(term)
    if parsed is None:
        raise ValueError(_("Nhiệm kỳ ghi theo dạng “2020–2025”."))
    day = on or term_reference_date(unit, parsed)
    kids = list(unit_selectors.children(unit, on=day))
    if not kids:
        kids = list(unit_selectors.children(unit, on=day, hierarchy=Hierarchy.MILITARY))
    owner: dict[int, set[int]] = defaultdict(set)
    for ancestor_id, descendant_id in UnitScope.objects.filter(ancestor__in=kids).values_list(
        "ancestor_id", "descendant_id"
    ):
        owner[descendant_id].add(ancestor_id)
    label = format_term(*parsed)
    base: Any = Exercise.objects.restrict(user, scoping.VIEW) if user is not None else Exercise.objects.all()
    exercises = base.filter(
        Q(party_term=label) | Q(party_term="", year__gte=parsed[0], year__lte=parsed[1]),
        exercise_type=exercise_type,
        unit_id__in=list(owner),
    ).order_by("year", "date", "pk")
    by_child: dict[int, list[Exercise]] = defaultdict(list)
    for ex in exercises:
        for child_id in owner[ex.unit_id]:
            by_child[child_id].append(ex)
    rows = [TermPlanRow(unit=k, exercises=by_child.get(k.pk, [])) for k in kids]
    return TermPlan(unit=unit, term=parsed, exercise_type=exercise_type, on=day, rows=rows)


# -- award quotas (V-AWARD-3) -----------------------------------------------------------------


def award_quota_warnings(award: Award) -> list[str]:
    """Warn (never refuse) when a unit's awards of a DQTV title in a year exceed the quota share
    of the pool the staff entered (`quota_pool`)."""
    quotas: dict[str, Decimal] = rules.setting("AWARD_QUOTAS")
    share = quotas.get(award.title)
    if share is None:
        return []
    same = Award.objects.filter(unit_id=award.unit_id, year=award.year, title=award.title).exclude(
        status=AwardStatus.REVOKED
    )
    pool = same.exclude(quota_pool__isnull=True).order_by("-quota_pool").values_list("quota_pool", flat=True).first()
    if not pool:
        return []
    totals = same.aggregate(c=Sum("collectives_count"), i=Sum("individuals_count"))
    given = int(totals["c"] or 0) + int(totals["i"] or 0)
    limit = int((Decimal(pool) * share).to_integral_value(rounding=ROUND_FLOOR))
    if given <= limit:
        return []
    return [
        _(
            "Đã khen “%(t)s” cho %(g)s đối tượng trong năm %(y)s, vượt tỷ lệ %(p)s%% của %(pool)s (tối đa %(limit)s) — %(c)s. "
            "Hãy xem lại danh sách đề nghị (quy tắc V-AWARD-3)."
        )
        % {
            "t": award.get_title_display(),
            "g": given,
            "y": award.year,
            "p": (share * 100).normalize(),
            "pool": pool,
            "limit": limit,
            "c": rules.QUOTA_CITATION,
        }
    ]
