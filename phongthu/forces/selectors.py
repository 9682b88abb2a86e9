"""Reads of the militia and reserve registries; every figure is a live database aggregate."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from phongthu.forces import rules
from phongthu.forces.choices import (
    SERVED_STATUSES,
    MilitiaCategory,
    ReserveGrade,
    ReservistStatus,
    SpecialityMatch,
)
from phongthu.forces.models import (
    MilitiaMember,
    MilitiaTraining,
    ReserveAssignment,
    ReserveTrainingSession,
    ReserveUnit,
    Reservist,
    UnitPopulation,
)

if TYPE_CHECKING:
    from phongthu.core.types import Actor
    from phongthu.units.models import Unit


def today() -> datetime.date:
    return timezone.localdate()


def _subtree(unit: Unit) -> QuerySet[Any]:
    from phongthu.units.models import UnitScope

    return UnitScope.objects.filter(ancestor=unit).values("descendant_id")


# ---- militia -------------------------------------------------------------------------


def serving_on(on: datetime.date) -> Q:
    """Members serving on a date: started, in a served state, not yet ended."""
    return Q(status__in=SERVED_STATUSES, start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gte=on))


def standing_militia_person_ids(*, on: datetime.date) -> QuerySet[MilitiaMember, int]:
    """Person ids of standing militia serving on `on` (V-DQTV-4: the NVQS module raises TH_H)."""
    return (
        MilitiaMember.objects.filter(serving_on(on), category=MilitiaCategory.THUONG_TRUC)
        .values_list("person_id", flat=True)
        .distinct()
    )


def completion_recognition_due(*, on: datetime.date) -> QuerySet[MilitiaMember]:
    """Standing militia with ≥ 24 months served by `on` (V-DQTV-4, NVQS Art. 4(4)(a))."""
    return MilitiaMember.objects.filter(
        category=MilitiaCategory.THUONG_TRUC,
        status__in=SERVED_STATUSES,
        recognition_from__lte=on,
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=F("recognition_from")))


@dataclass(frozen=True)
class TrainingYear:
    year: int
    year_of_service: int
    required: int
    done: int | None  # None: nothing recorded

    @property
    def shortfall(self) -> int:
        return max(self.required - (self.done or 0), 0)


def training_overview(member: MilitiaMember, *, on: datetime.date | None = None) -> list[TrainingYear]:
    """V-DQTV-3 year by year, from the first year of service to today (or the end of service)."""
    day = on or today()
    if member.status not in SERVED_STATUSES:
        return []
    done = dict(MilitiaTraining.objects.filter(member=member).values_list("year", "days_done"))
    last = member.end_date or member.planned_end_date or day
    years = range(member.start_date.year, min(last, day).year + 1)
    result = []
    for year in sorted(set(years) | set(done)):
        n = year - member.start_date.year + 1
        r = rules.militia_rules(datetime.date(year, 12, 31))
        result.append(TrainingYear(year, n, r.training_days(member.category, n), done.get(year)))
    return result


@dataclass(frozen=True)
class Strength:
    members: int
    population: int | None
    year: int

    @property
    def percent(self) -> float | None:
        if not self.population:
            return None
        return round(100.0 * self.members / self.population, 2)


def population_of(unit: Unit, year: int, *, user: Actor | None = None) -> int | None:
    """The unit's own figure for the year; else the sum of its communes' figures.

    With `user`, only figures within their reach count, like the members it is divided into.
    """
    figures = UnitPopulation.objects.all() if user is None else UnitPopulation.objects.restrict(user, "view")
    own = figures.filter(unit=unit, year=year).values_list("population", flat=True).first()
    if own is not None:
        return int(own)
    communes = figures.filter(year=year, unit__in=_subtree(unit), unit__level="COMMUNE")
    total = communes.aggregate(n=Sum("population"))["n"]
    return int(total) if total else None


def militia_strength(
    *, unit: Unit, year: int, members: QuerySet[MilitiaMember] | None = None, user: Actor | None = None
) -> Strength:
    """DQTV serving in the unit's subtree (on 31/12 of `year`, or today) vs its population."""
    on = min(today(), datetime.date(year, 12, 31))
    base = members if members is not None else MilitiaMember.objects.all()
    count = base.filter(serving_on(on), militia_unit__unit__in=_subtree(unit)).count()
    return Strength(members=count, population=population_of(unit, year, user=user), year=year)


# ---- reserves -------------------------------------------------------------------------


@dataclass(frozen=True)
class ReserveStrength:
    establishment: int
    current: int
    exact: int
    near: int
    spare_min_percent: int
    spare_max_percent: int

    @property
    def minimum(self) -> int:
        return math.ceil(self.establishment * (100 + self.spare_min_percent) / 100)

    @property
    def maximum(self) -> int:
        return math.floor(self.establishment * (100 + self.spare_max_percent) / 100)

    @property
    def shortage(self) -> int:
        return max(self.minimum - self.current, 0)

    @property
    def warning(self) -> str:
        """V-DBDV-3: full strength plus a 10–15% spare."""
        if self.current < self.minimum:
            return _("Quân số %(c)d, thiếu %(s)d so với mức tối thiểu %(m)d (biên chế %(e)d + %(p)d%% dự bị).") % {
                "c": self.current,
                "s": self.shortage,
                "m": self.minimum,
                "e": self.establishment,
                "p": self.spare_min_percent,
            }
        if self.current > self.maximum:
            return _("Quân số %(c)d vượt mức %(m)d (biên chế %(e)d + %(p)d%% dự bị).") % {
                "c": self.current,
                "m": self.maximum,
                "e": self.establishment,
                "p": self.spare_max_percent,
            }
        return ""


def reserve_unit_strength(unit: ReserveUnit, *, on: datetime.date | None = None) -> ReserveStrength:
    r = rules.reserve_rules(on or today())
    counts = ReserveAssignment.objects.filter(reserve_unit=unit, released_date__isnull=True).aggregate(
        total=Count("id"),
        exact=Count("id", filter=Q(speciality_match=SpecialityMatch.EXACT)),
        near=Count("id", filter=Q(speciality_match=SpecialityMatch.NEAR)),
    )
    return ReserveStrength(
        establishment=unit.establishment_strength,
        current=counts["total"],
        exact=counts["exact"],
        near=counts["near"],
        spare_min_percent=r.spare_min_percent,
        spare_max_percent=r.spare_max_percent,
    )


def reserve_training_days_used(reservist: Reservist) -> int:
    return sum(
        s.days for s in ReserveTrainingSession.objects.filter(reservist=reservist).only("start_date", "end_date")
    )


def reservists_over_age(*, on: datetime.date, queryset: QuerySet[Reservist] | None = None) -> list[Reservist]:
    """Reservists past their service age on `on`: candidates for removal (SM-5 → REMOVED)."""
    base = queryset if queryset is not None else Reservist.objects.all()
    candidates = base.exclude(status=ReservistStatus.REMOVED).select_related("person")
    # The youngest cap is 40 (women): only people older than that need a closer look.
    born_before = datetime.date(on.year - 40, on.month, min(on.day, 28))
    return [r for r in candidates.filter(person__date_of_birth__lt=born_before) if r.over_age(on)]


# ---- home page --------------------------------------------------------------------------


def home_figure(*, user: Actor, unit: Unit) -> dict[str, Any]:
    day = today()
    subtree = _subtree(unit)
    members = MilitiaMember.objects.restrict(user, "view")
    in_unit = members.filter(serving_on(day), militia_unit__unit__in=subtree)
    militia = in_unit.aggregate(total=Count("id"), standing=Count("id", filter=Q(category=MilitiaCategory.THUONG_TRUC)))
    reservists = (
        Reservist.objects.restrict(user, "view")
        .filter(unit__in=subtree)
        .exclude(status=ReservistStatus.REMOVED)
        .aggregate(
            one=Count("id", filter=Q(grade=ReserveGrade.ONE)),
            two=Count("id", filter=Q(grade=ReserveGrade.TWO)),
            assigned=Count("id", filter=Q(status=ReservistStatus.ASSIGNED_TO_UNIT)),
        )
    )
    rows: list[tuple[str, Any]] = [
        (_("Dân quân tự vệ đang thực hiện nghĩa vụ"), militia["total"]),
        (_("Trong đó: dân quân thường trực"), militia["standing"]),
    ]
    strength = militia_strength(unit=unit, year=day.year, members=members, user=user)
    if strength.percent is not None:
        rows.append((_("Tỷ lệ DQTV so với dân số năm %(y)d") % {"y": day.year}, f"{strength.percent:.2f}%"))
    rows += [
        (_("Quân nhân dự bị hạng một"), reservists["one"]),
        (_("Quân nhân dự bị hạng hai"), reservists["two"]),
        (_("Đã sắp xếp vào đơn vị DBĐV"), reservists["assigned"]),
    ]
    return {"title": _("Dân quân tự vệ, dự bị động viên"), "rows": rows}
