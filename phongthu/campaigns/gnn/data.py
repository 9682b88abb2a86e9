"""What the forms count: one `Citizen` per man, read in a few queries from the people, the
registry (military_service) and the campaign of the call-up year."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django.db.models import QuerySet

from phongthu.campaigns.choices import EFFECTIVE_DEFERMENT
from phongthu.campaigns.models import Campaign, Candidate, DefermentDecision
from phongthu.core import scoping

if TYPE_CHECKING:
    from phongthu.core.types import Actor
    from phongthu.units.models import Unit

URBAN_KINDS = frozenset({"WARD", "TOWNSHIP"})
HIGHER_TRAINING = frozenset({"COLLEGE", "UNIVERSITY", "POSTGRADUATE"})
HIGHER_STUDY = frozenset({"college_regular", "university_regular"})


@dataclass
class Citizen:
    person: Any
    registration: Any | None
    candidate: Candidate | None = None
    ground: str = ""  # the Điều 41 ground of a deferment/exemption in force this year
    ground_kind: str = ""  # DEFERMENT | EXEMPTION
    channel: str = ""  # 01A: how the first registration was made (IN_PERSON / ONLINE), "" if not registered
    row_key: Any = None  # the sub-unit (child unit id or village name) the row counts it under
    relatives: list[Any] = field(default_factory=list)
    weight: ClassVar[int] = 1  # one man (a `Profile` stands for many)

    @property
    def registered(self) -> bool:
        return self.registration is not None

    @property
    def absence(self) -> str:
        return str(self.registration.registration_absence) if self.registration is not None else ""

    @property
    def training_level(self) -> str:
        return str(self.person.training_level)

    @property
    def village(self) -> str:
        return str(self.registration.village) if self.registration is not None else ""

    @property
    def residence_unit_id(self) -> int:
        return int(self.person.residence_unit_id)

    @property
    def birth_year(self) -> int:
        return int(self.person.date_of_birth.year)

    @property
    def reg_status(self) -> str:
        return self.registration.status if self.registration is not None else ""

    @property
    def illiterate(self) -> bool:
        return bool(self.registration is not None and self.registration.illiterate)

    @property
    def grade(self) -> int | None:
        """General-education grade 1–12; None when unknown (or illiterate)."""
        g = self.person.education_grade
        return g if g and 1 <= g <= 12 and not self.illiterate else None

    @property
    def higher(self) -> bool:
        p = self.person
        return bool(p.training_level in HIGHER_TRAINING or p.studying in HIGHER_STUDY or p.higher_education_completed)

    def area(self, default_area: str) -> str:
        """RURAL / URBAN / AGENCY / SCHOOL: one place per person (06 cols 34–37)."""
        r = self.registration
        if r is not None and r.affiliation:
            return str(r.affiliation)
        if r is not None and r.residence_area:
            return str(r.residence_area)
        if default_area in ("RURAL", "URBAN"):
            return default_area
        return "URBAN" if self.person.residence_unit.kind in URBAN_KINDS else "RURAL"


@dataclass(slots=True)
class Profile:
    """The men who share every fact the statistical forms (06, 01A) read, counted once: a province
    of a million people is a few thousand profiles from one GROUP BY, not a million objects."""

    weight: int
    birth_year: int
    reg_status: str  # "" without a file
    illiterate_file: bool
    education_grade: int | None
    training_level: str
    higher: bool
    affiliation: str
    residence_area: str
    unit_kind: str
    absence: str
    ground: str = ""
    ground_kind: str = ""
    channel: str = ""
    village: str = ""
    residence_unit_id: int | None = None
    row_key: Any = None

    @property
    def registered(self) -> bool:
        return self.reg_status != ""

    @property
    def illiterate(self) -> bool:
        return self.registered and self.illiterate_file

    @property
    def grade(self) -> int | None:
        g = self.education_grade
        return g if g and 1 <= g <= 12 and not self.illiterate else None

    def area(self, default_area: str) -> str:
        if self.affiliation:
            return self.affiliation
        if self.residence_area:
            return self.residence_area
        if default_area in ("RURAL", "URBAN"):
            return default_area
        return "URBAN" if self.unit_kind in URBAN_KINDS else "RURAL"


def profiles(
    people: QuerySet[Any], campaign: Campaign | None, *, place: str = "", first_channel: bool = False
) -> list[Profile]:
    """`people` grouped by the facts of `Profile`. `place`: "village" or "unit" adds the registry's
    village or the residence unit (`row_key`, mapped to rows by the caller); `first_channel` adds
    the channel of the first registration (REG_FIRST event), "" when there is none."""
    from django.db.models import Count, OuterRef, Q, Subquery, Value
    from django.db.models.functions import Coalesce, ExtractYear

    from phongthu.military_service.models import RegistrationEvent

    qs = people.order_by().annotate(birth=ExtractYear("date_of_birth"))
    higher = Q(training_level__in=HIGHER_TRAINING) | Q(studying__in=HIGHER_STUDY) | ~Q(higher_education_completed="")
    from django.db.models import BooleanField, Case, When

    qs = qs.annotate(is_higher=Case(When(higher, then=Value(True)), default=Value(False), output_field=BooleanField()))
    fields = [
        "birth", "registration__status", "registration__illiterate", "education_grade", "training_level",
        "is_higher", "registration__affiliation", "registration__residence_area", "residence_unit__kind",
        "registration__registration_absence",
    ]  # fmt: skip
    if campaign is not None:
        in_force = DefermentDecision.objects.filter(
            candidate__campaign=campaign, candidate__person_id=OuterRef("pk"), status__in=EFFECTIVE_DEFERMENT
        ).order_by("-pk")
        qs = qs.annotate(
            g=Coalesce(Subquery(in_force.values("ground")[:1]), Value("")),
            gk=Coalesce(Subquery(in_force.values("kind")[:1]), Value("")),
        )
        fields += ["g", "gk"]
    if first_channel:
        first = RegistrationEvent.objects.filter(
            registration_id=OuterRef("registration__id"), procedure="REG_FIRST"
        ).order_by("event_date", "pk")
        qs = qs.annotate(ch=Coalesce(Subquery(first.values("channel")[:1]), Value("")))
        fields.append("ch")
    if place == "village":
        fields.append("registration__village")
    elif place == "unit":
        fields.append("residence_unit_id")
    out = []
    for row in qs.values(*fields).annotate(n=Count("pk")):
        out.append(
            Profile(
                weight=row["n"],
                birth_year=int(row["birth"]),
                reg_status=row["registration__status"] or "",
                illiterate_file=bool(row["registration__illiterate"]),
                education_grade=row["education_grade"],
                training_level=row["training_level"] or "",
                higher=bool(row["is_higher"]),
                affiliation=row["registration__affiliation"] or "",
                residence_area=row["registration__residence_area"] or "",
                unit_kind=row["residence_unit__kind"] or "",
                absence=row["registration__registration_absence"] or "",
                ground=row.get("g", ""),
                ground_kind=row.get("gk", ""),
                channel=row.get("ch", ""),
                village=row.get("registration__village") or "",
                residence_unit_id=row.get("residence_unit_id"),
            )
        )
    return out


def subtree(unit: Unit) -> QuerySet[Any]:
    from phongthu.units.models import UnitScope

    return UnitScope.objects.filter(ancestor_id=unit.pk).values("descendant_id")


def campaign_for(unit: Unit, year: int) -> Campaign | None:
    """The first-round campaign of the call-up year organised above (or by) the unit."""
    from phongthu.units.models import UnitScope

    ancestors = UnitScope.objects.filter(descendant_id=unit.pk).values("ancestor_id")
    return Campaign.objects.filter(unit_id__in=ancestors, year=year).order_by("round", "pk").first()


def men(unit: Unit, user: Actor | None) -> QuerySet[Any]:
    from phongthu.people.models import Person

    qs: QuerySet[Any] = Person.objects.all() if user is None else Person.objects.restrict(user, scoping.EXPORT)
    return qs.filter(residence_unit_id__in=subtree(unit), sex="male")


def citizens(people: QuerySet[Any], campaign: Campaign | None, *, relatives: bool = False) -> list[Citizen]:
    from phongthu.military_service.models import MilitaryServiceRegistration

    rows = list(people.select_related("residence_unit").order_by("name_sort", "date_of_birth", "pk"))
    ids = [p.pk for p in rows]
    files = {r.person_id: r for r in MilitaryServiceRegistration.objects.filter(person_id__in=ids)}
    found = [Citizen(person=p, registration=files.get(p.pk)) for p in rows]
    if campaign is not None:
        by_person = {c.person_id: c for c in Candidate.objects.filter(campaign=campaign, person_id__in=ids)}
        in_force = DefermentDecision.objects.filter(
            candidate__campaign=campaign, candidate__person_id__in=ids, status__in=EFFECTIVE_DEFERMENT
        ).values_list("candidate__person_id", "ground", "kind")
        grounds = {pid: (g, k) for pid, g, k in in_force}
        for c in found:
            c.candidate = by_person.get(c.person.pk)
            c.ground, c.ground_kind = grounds.get(c.person.pk, ("", ""))
    if relatives:
        from phongthu.people.models import FamilyRelation

        rel: dict[int, list[Any]] = defaultdict(list)
        for r in FamilyRelation.objects.filter(person_id__in=ids).order_by("pk"):
            rel[r.person_id].append(r)
        for c in found:
            c.relatives = rel.get(c.person.pk, [])
    return found


def assign_rows(
    found: list[Citizen] | list[Profile], unit: Unit, on: datetime.date | None = None
) -> list[tuple[Any, str]]:
    """Rows by sub-unit, as the forms ask: a commune's villages, else the unit's children."""
    from phongthu.campaigns.selectors import _child_map, child_units

    if unit.level == "COMMUNE":
        blank = "(chưa ghi thôn, tổ dân phố)"
        for c in found:
            c.row_key = c.village.strip() or blank
        from phongthu.core.text import sort_key

        names = sorted({str(c.row_key) for c in found}, key=lambda n: (n == blank, sort_key(n)))
        return [(n, n) for n in names]
    kids = child_units(unit, on=on)
    child_of = _child_map([k.pk for k in kids])
    for c in found:
        c.row_key = child_of.get(c.residence_unit_id or 0)
    return [(k.pk, k.name) for k in kids]
