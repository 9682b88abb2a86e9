"""Reads of the campaign app: live figures aggregated by the database over a unit subtree.

Each unit's row is computed by grouping the campaign's candidates by the child unit whose
subtree (units.UnitScope) contains their commune — one query for the whole table, so a
region's row is by construction the sum of its communes, and nothing is typed twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.utils.translation import gettext as _

from phongthu.campaigns.choices import (
    EFFECTIVE_DEFERMENT,
    HANDED_OVER_STATUSES,
    POOL_STATUSES,
    Branch,
    CampaignStatus,
    CandidateStatus,
    Ground,
)
from phongthu.campaigns.models import Campaign, Candidate, DefermentDecision, Quota
from phongthu.core import scoping

if TYPE_CHECKING:
    from phongthu.core.types import Actor
    from phongthu.units.models import Unit

S = CandidateStatus

FIGURES: tuple[tuple[str, str], ...] = (
    ("pool", "Nguồn"),
    ("reviewed", "Đã xét duyệt"),
    ("screened", "Đã sơ tuyển"),
    ("examined", "Đã khám"),
    ("fit", "Đủ sức khỏe"),
    ("deferred", "Tạm hoãn"),
    ("exempted", "Miễn"),
    ("called", "Có QĐ gọi nhập ngũ"),
    ("handed_over", "Đã giao quân"),
    ("returned", "Bị trả về"),
)

_AGGREGATES = {
    "pool": Count("id"),
    "reviewed": Count("id", filter=Q(reviewed_on__isnull=False)),
    "screened": Count("id", filter=~Q(screening_result="")),
    "examined": Count("id", filter=Q(health_class__isnull=False)),
    "fit": Count("id", filter=Q(fit=True)),
    "called": Count("id", filter=~Q(call_decision_no="")),
    "delivered": Count("id", filter=Q(call_delivered_at__isnull=False)),
    "handed_over": Count("id", filter=Q(status__in=HANDED_OVER_STATUSES)),
    # The army's and the police's handovers are measured against their own quotas (a candidate
    # without a branch yet counts for the army, as calls.py treats it).
    "handed_over_police": Count("id", filter=Q(status__in=HANDED_OVER_STATUSES, branch=Branch.POLICE)),
    "enlisted": Count("id", filter=Q(status=S.ENLISTED)),
    "returned": Count("id", filter=Q(status=S.RETURNED)),
    "in_pool": Count("id", filter=Q(status__in=POOL_STATUSES)),
}


@dataclass
class Figures:
    pool: int = 0
    reviewed: int = 0
    screened: int = 0
    examined: int = 0
    fit: int = 0
    deferred: int = 0
    exempted: int = 0
    called: int = 0
    delivered: int = 0
    handed_over: int = 0
    enlisted: int = 0
    returned: int = 0
    in_pool: int = 0
    handed_over_police: int = 0
    quota: int = 0  # the army's official quota: the police quota is kept apart (quota_police)
    quota_army: int = 0
    quota_police: int = 0

    @property
    def handed_over_army(self) -> int:
        return self.handed_over - self.handed_over_police

    @property
    def quota_met(self) -> bool:
        return self.quota > 0 and self.handed_over_army >= self.quota

    @property
    def percent(self) -> int:
        return round(100 * self.handed_over_army / self.quota) if self.quota else 0

    @property
    def police_percent(self) -> int:
        return round(100 * self.handed_over_police / self.quota_police) if self.quota_police else 0

    def add(self, other: Figures) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass
class Row:
    unit: Unit
    figures: Figures


@dataclass
class Dashboard:
    campaign: Campaign
    unit: Unit
    total: Figures
    rows: list[Row]
    other: Figures | None
    by_ground: list[tuple[str, str, int]] = field(default_factory=list)
    # indicator code → FigureValue of the unit for the campaign's year, from the figures layer
    # (candidate.army_pct, candidate.police_pct and their inputs): the figures a report states.
    indicators: dict[str, Any] = field(default_factory=dict)

    @property
    def army_pct(self) -> Any:
        return self.indicators.get("candidate.army_pct")

    @property
    def police_pct(self) -> Any:
        return self.indicators.get("candidate.police_pct")

    def chart(self) -> dict[str, Any]:
        return {
            "labels": [r.unit.name for r in self.rows] or [self.unit.name],
            "quota": [r.figures.quota for r in self.rows] or [self.total.quota],
            "fit": [r.figures.fit for r in self.rows] or [self.total.fit],
            "handed_over": [r.figures.handed_over for r in self.rows] or [self.total.handed_over],
        }


def subtree(unit: Unit) -> QuerySet[Any]:
    from phongthu.units.models import UnitScope

    return UnitScope.objects.filter(ancestor_id=unit.pk).values("descendant_id")


def child_units(unit: Unit, *, on: datetime.date | None = None) -> list[Any]:
    """The rows of the roll-up: military children (Ban CHPTKV → communes), else civil ones."""
    from phongthu.units.selectors import children

    if unit.level == "COMMUNE":
        return []
    military = list(children(unit, on=on, hierarchy="MILITARY"))
    if military:
        return military
    return [u for u in children(unit, on=on) if u.level in ("REGION", "DISTRICT", "COMMUNE")]


def campaign_map_date(campaign: Campaign) -> datetime.date:
    """The day whose unit map a campaign's rows use: its hand-over (the call-up of its year), so a
    2024 campaign lists the 2024 districts and communes, not the units created after it."""
    return campaign.handover_from or datetime.date(campaign.year, 2, 15)


def _child_of(outer: str, child_ids: list[int]) -> Any:
    from phongthu.units.models import UnitScope

    if not child_ids:
        return Value(None, output_field=IntegerField())
    return Subquery(
        UnitScope.objects.filter(ancestor_id__in=child_ids, descendant_id=OuterRef(outer))
        .order_by("ancestor_id")
        .values("ancestor_id")[:1],
        output_field=IntegerField(),
    )


def _child_map(child_ids: list[int]) -> dict[int, int]:
    """descendant unit id → the child it lies under (the smallest id wins, as in _child_of)."""
    from phongthu.units.models import UnitScope

    pairs = UnitScope.objects.filter(ancestor_id__in=child_ids).order_by("-ancestor_id")
    return dict(pairs.values_list("descendant_id", "ancestor_id"))


def scoped_candidates(campaign: Campaign, user: Actor) -> QuerySet[Candidate]:
    return Candidate.objects.restrict(user, scoping.VIEW).filter(campaign=campaign)


def source_queryset(campaign: Campaign, unit: Unit, user: Actor) -> QuerySet[Candidate]:
    """ "Nguồn": every citizen the campaign holds in the unit's area (whatever step they reached).
    The one definition behind the figure on the home page, the campaign page and the quota page."""
    return scoped_candidates(campaign, user).filter(commune_id__in=subtree(unit))


@dataclass
class SourceCount:
    total: int
    by_child: dict[int, int]


def source_counts(campaign: Campaign, unit: Unit, user: Actor, kids: list[Any] | None = None) -> SourceCount:
    """ "Nguồn" of the unit and of each child row (grouped by commune, mapped like the dashboard)."""
    kids = child_units(unit) if kids is None else kids
    child_of = _child_map([k.pk for k in kids])
    result = SourceCount(total=0, by_child={})
    grouped = source_queryset(campaign, unit, user).values("commune_id").annotate(n=Count("id")).order_by()
    for row in grouped:
        result.total += row["n"]
        child = child_of.get(row["commune_id"])
        if child is not None:
            result.by_child[child] = result.by_child.get(child, 0) + row["n"]
    return result


def dashboard(
    *, campaign: Campaign, unit: Unit, user: Actor, on: datetime.date | None = None, indicators: bool = False
) -> Dashboard:
    """The campaign's live figures by sub-unit; with `indicators`, also the unit's army and police
    completion figures as the figures layer states them (the dashboard page; ~9 queries more)."""
    kids = child_units(unit, on=on or campaign_map_date(campaign))
    kid_ids = [k.pk for k in kids]
    by_id = {k.pk: Figures() for k in kids}
    other = Figures()
    total = Figures()
    # 1. Candidates: one grouped query over the subtree.
    # Grouped by commune in the database; communes are mapped to children here, because a
    # per-row sub-query for the child costs ~20x the GROUP BY at a million candidates.
    base = source_queryset(campaign, unit, user)  # "pool" is Count("id") of this: source_counts()
    grouped = base.values("commune_id").annotate(**_AGGREGATES).order_by()
    child_of = _child_map(kid_ids)
    for row in grouped:
        target = by_id.get(child_of.get(row["commune_id"]), other)
        for name in _AGGREGATES:
            setattr(target, name, getattr(target, name) + row[name])
    # 2. Deferments and exemptions in force, by ground.
    deferments = (
        DefermentDecision.objects.restrict(user, scoping.VIEW)
        .filter(candidate__campaign=campaign, candidate__commune_id__in=subtree(unit), status__in=EFFECTIVE_DEFERMENT)
        .annotate(child=_child_of("candidate__commune_id", kid_ids))
        .values("child", "ground")
        .annotate(n=Count("id"))
        .order_by()
    )
    grounds: dict[str, int] = {}
    for row in deferments:
        target = by_id.get(row["child"], other)
        if row["ground"].startswith("TH_"):
            target.deferred += row["n"]
        else:
            target.exempted += row["n"]
        grounds[row["ground"]] = grounds.get(row["ground"], 0) + row["n"]
    # 3. Quotas: a unit's own row, else the sum of its communes' rows.
    _fill_quotas(campaign, unit, kids, by_id, other, user)
    rows = [Row(unit=k, figures=by_id[k.pk]) for k in kids]
    for r in rows:
        total.add(r.figures)
    total.add(other)
    own = _own_quota(campaign, unit, user)
    if own is not None:
        total.quota_army, total.quota_police = own
        total.quota = total.quota_army
    labels = dict(Ground.choices)
    by_ground = [(code, str(labels[code]), grounds[code]) for code in Ground.values if code in grounds]
    has_other = bool(kids) and any(other.as_dict().values())
    return Dashboard(
        campaign=campaign,
        unit=unit,
        total=total,
        rows=rows,
        other=other if has_other else None,
        by_ground=by_ground,
        indicators=_indicators(campaign, unit, user) if indicators else {},
    )


DASHBOARD_INDICATORS = (
    "candidate.army_pct",
    "candidate.handed_over_army",
    "quota.army",
    "candidate.police_pct",
    "candidate.handed_over_police",
    "quota.police",
)


def _indicators(campaign: Campaign, unit: Unit, user: Actor) -> dict[str, Any]:
    from phongthu.core.periods import Period
    from phongthu.figures.selectors import unit_figures

    values = unit_figures(unit, Period.year(campaign.year), user=user, indicators=list(DASHBOARD_INDICATORS))
    return {fv.indicator.code: fv for fv in values}


def _own_quota(campaign: Campaign, unit: Unit, user: Actor) -> tuple[int, int] | None:
    rows = Quota.objects.restrict(user, scoping.VIEW).filter(campaign=campaign, unit=unit)
    found = {q.branch: q.official_count for q in rows}
    if not found:
        return None
    return found.get(Branch.ARMY, 0), found.get(Branch.POLICE, 0)


def _fill_quotas(
    campaign: Campaign, unit: Unit, kids: list[Unit], by_id: dict[int, Figures], other: Figures, user: Actor
) -> None:
    visible = Quota.objects.restrict(user, scoping.VIEW).filter(campaign=campaign)
    own_rows = visible.filter(unit_id__in=list(by_id)).values("unit_id", "branch", "official_count")
    has_own: set[int] = set()
    for q in own_rows:
        target = by_id[q["unit_id"]]
        has_own.add(q["unit_id"])
        _add_quota(target, q["branch"], q["official_count"])
    commune_rows = (
        visible.filter(unit__level="COMMUNE", unit_id__in=subtree(unit))
        .exclude(unit_id__in=list(by_id))
        .annotate(child=_child_of("unit_id", list(by_id)))
        .values("child", "branch")
        .annotate(n=Sum("official_count"))
        .order_by()
    )
    for q in commune_rows:
        if q["child"] in has_own:
            continue
        _add_quota(by_id.get(q["child"], other), q["branch"], q["n"] or 0)


def _add_quota(target: Figures, branch: str, n: int) -> None:
    if branch == Branch.POLICE:
        target.quota_police += n
    else:
        target.quota_army += n
        target.quota += n


def current_campaign(unit: Unit, user: Actor | None = None) -> Campaign | None:
    """The newest open campaign organised by the unit or one of its ancestors."""
    from phongthu.units.models import UnitScope

    ancestors = UnitScope.objects.filter(descendant_id=unit.pk).values("ancestor_id")
    qs = Campaign.objects.filter(unit_id__in=ancestors).order_by("-year", "-round")
    if user is not None:
        qs = qs.restrict(user, scoping.VIEW)
    return qs.filter(status=CampaignStatus.OPEN).first() or qs.first()


@dataclass
class QuotaLine:
    unit: Unit
    army: Quota | None
    police: Quota | None
    pool: int
    children_army: int = 0
    children_police: int = 0


@dataclass
class QuotaOverview:
    unit: Unit
    own_army: Quota | None
    own_police: Quota | None
    lines: list[QuotaLine]
    problems: list[str]
    pool_total: int = 0

    @property
    def own_army_label(self) -> str:
        return str(self.own_army.official_count) if self.own_army else "—"

    @property
    def own_police_label(self) -> str:
        return str(self.own_police.official_count) if self.own_police else "—"

    @property
    def sum_army(self) -> int:
        return sum(line.army.official_count for line in self.lines if line.army)

    @property
    def sum_police(self) -> int:
        return sum(line.police.official_count for line in self.lines if line.police)


def quota_overview(*, campaign: Campaign, unit: Unit, user: Actor) -> QuotaOverview:
    """The allocation screen: the unit's quota, each child's quota and eligible pool beside it."""
    kids = child_units(unit, on=campaign_map_date(campaign))
    kid_ids = [k.pk for k in kids]
    quotas = Quota.objects.restrict(user, scoping.VIEW).filter(campaign=campaign)
    rows = {(q.unit_id, q.branch): q for q in quotas.filter(unit_id__in=[unit.pk, *kid_ids])}
    source = source_counts(campaign, unit, user, kids)
    pool = source.by_child
    lines = [
        QuotaLine(
            unit=k,
            army=rows.get((k.pk, Branch.ARMY)),
            police=rows.get((k.pk, Branch.POLICE)),
            pool=pool.get(k.pk, 0),
        )
        for k in kids
    ]
    overview = QuotaOverview(
        unit=unit,
        own_army=rows.get((unit.pk, Branch.ARMY)),
        own_police=rows.get((unit.pk, Branch.POLICE)),
        lines=lines,
        problems=[],
        pool_total=source.total,
    )
    overview.problems = balance_problems(campaign=campaign, user=user, units=[unit])
    return overview


def balance_problems(*, campaign: Campaign, user: Actor | None = None, units: list[Unit] | None = None) -> list[str]:
    """Parents whose children's quotas do not add up to theirs (empty list = balanced)."""
    qs = Quota.objects.filter(campaign=campaign)
    if user is not None:
        qs = qs.restrict(user, scoping.VIEW)
    if units is not None:
        qs = qs.filter(unit__in=units)
    parents = qs.annotate(
        child_official=Sum("children__official_count"),
        child_reserve=Sum("children__reserve_count"),
        child_n=Count("children"),
    ).select_related("unit")
    problems = []
    for q in parents:
        if not q.child_n:
            continue
        label = f"{q.unit.name} ({q.get_branch_display()})"
        if q.child_official != q.official_count:
            problems.append(
                f"{label}: đã giao cho đơn vị trực thuộc {q.child_official} / {q.official_count} chính thức "
                f"(còn {q.official_count - q.child_official})."
            )
        if q.child_reserve != q.reserve_count:
            problems.append(
                f"{label}: đã giao cho đơn vị trực thuộc {q.child_reserve} / {q.reserve_count} dự phòng "
                f"(còn {q.reserve_count - q.child_reserve})."
            )
    return problems


def home_rows(campaign: Campaign, unit: Unit, user: Actor) -> list[tuple[str, Any]]:
    board = dashboard(campaign=campaign, unit=unit, user=user)
    t = board.total
    return [
        (_("Chỉ tiêu (chính thức)"), t.quota),
        (_("Nguồn"), t.pool),
        (_("Đủ sức khỏe"), t.fit),
        (_("Tạm hoãn / miễn"), f"{t.deferred} / {t.exempted}"),
        (_("Có QĐ gọi nhập ngũ"), t.called),
        (_("Đã giao quân"), f"{t.handed_over} ({t.percent}%)"),
    ]
