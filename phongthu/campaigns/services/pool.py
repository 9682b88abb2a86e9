"""The source pool (phúc tra nguồn): citizens of call-up age in a commune enter the campaign.

Every person is judged by the eligibility engine of `military_service` (codes.md §1) on the
campaign's age reference date; its answer (status, codes, rule set) is kept on the candidate so
the commune review sees *why* someone is likely deferred or exempted.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from phongthu.campaigns.choices import HANDED_OVER_STATUSES, CandidateStatus
from phongthu.campaigns.models import Campaign, Candidate
from phongthu.campaigns.services.common import acting_office, assert_open
from phongthu.core import audit, scoping
from phongthu.core.context import reason as reason_context

if TYPE_CHECKING:
    from phongthu.accounts.models import User
    from phongthu.people.models import Person
    from phongthu.units.models import Unit

# Engine statuses of people who belong in the pool (of age, registrable, male or volunteer).
POOL_ENGINE_STATUSES = frozenset({"NEEDS_EXAM", "ELIGIBLE", "DEFERRED", "EXEMPTED", "NOT_QUALIFIED"})
# Only citizens registered for military service (sổ sẵn sàng nhập ngũ) are in the source (Điều 16,
# Điều 31 Luật NVQS): someone without a registration, barred, exempt, serving or a reservist is not.
NOT_REGISTERED = "NOT_REGISTERED"
NOT_REGISTERED_LABEL = "Chưa đăng ký nghĩa vụ quân sự (không có trong sổ sẵn sàng nhập ngũ)"


def registered_q(prefix: str = "") -> Q:
    """People (or rows reaching a person through `prefix`) with a file in the ready book."""
    from phongthu.military_service.choices import RegistrationStatus

    return Q(**{f"{prefix}registration__status": RegistrationStatus.REGISTERED_READY})


def is_registered(person: Any) -> bool:
    return bool(type(person)._default_manager.filter(registered_q(), pk=person.pk).exists())


def skipped_label(code: str) -> str:
    """The words for a reason someone was not put in the pool (never the engine's code)."""
    from phongthu.military_service.eligibility.codes import STATUS_LABELS, Status

    if code == NOT_REGISTERED:
        return NOT_REGISTERED_LABEL
    try:
        return STATUS_LABELS[Status(code)]
    except ValueError:
        return code


# Family circumstances recorded on people.FamilyRelation → Art. 41 grounds to assert.
_PARENTS = {"FATHER", "MOTHER"}
_SIBLINGS = {"OLDER_BROTHER", "OLDER_SISTER", "YOUNGER_SIBLING"}


def grounds_from_relations(relations: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    grounds: set[str] = set()
    for relation, status in relations:
        if relation in _PARENTS and status in {"MARTYR", "WAR_INVALID_1"}:
            grounds.add("MI_A")
        elif relation in _SIBLINGS and status == "MARTYR":
            grounds.add("MI_B")
        elif relation in _PARENTS and status in {"WAR_INVALID_2", "SICK_SOLDIER_81"}:
            grounds.add("MI_C")
        elif relation in _PARENTS and status == "SICK_SOLDIER_61_80":
            grounds.add("TH_C")
        elif relation in _SIBLINGS and status in {"IN_SERVICE", "IN_POLICE_SERVICE"}:
            grounds.add("TH_D")
    return tuple(sorted(grounds))


def standing_militia_ids(on: datetime.date) -> set[int]:
    """Standing militia members (TH_H), if the forces app exposes them."""
    try:
        from phongthu.forces import selectors as forces_selectors
    except ImportError:
        return set()
    func = getattr(forces_selectors, "standing_militia_person_ids", None)
    if func is None:
        return set()
    try:
        return set(func(on=on))
    except Exception:  # a half-built forces app must not stop the campaign
        return set()


def facts_for(
    person: Person,
    *,
    grounds: tuple[str, ...],
    standing_militia: bool,
    volunteer: bool = False,
    registration: Any = None,
    as_of: datetime.date | None = None,
) -> Any:
    """The engine's facts: the military-service file when there is one (its asserted grounds,
    legal status, health), plus grounds read from family relations and standing militia."""
    from phongthu.military_service.eligibility import Code, PersonFacts, Sex

    base = None
    try:
        from phongthu.military_service import selectors as registry
    except ImportError:  # the registry app is optional for the campaign
        registry = None  # type: ignore[assignment]  # mypy types the name as the module; here it may be absent
    if registry is not None and hasattr(registry, "person_facts"):
        base = registry.person_facts(person, registration, as_of or datetime.date.today())
    if base is None:
        base = PersonFacts(
            date_of_birth=person.date_of_birth, sex=Sex(person.sex), education_grade=person.education_grade
        )
    merged = tuple(sorted({*base.grounds, *(Code(g) for g in grounds)}))
    return dataclasses.replace(
        base,
        grounds=merged,
        standing_militia=base.standing_militia or standing_militia,
        volunteer=base.volunteer or volunteer,
    )


def _registrations(person_ids: list[int]) -> dict[int, Any]:
    try:
        from phongthu.military_service.models import MilitaryServiceRegistration
    except ImportError:
        return {}
    rows = MilitaryServiceRegistration.objects.filter(person_id__in=person_ids).prefetch_related("grounds")
    return {r.person_id: r for r in rows}


def evaluate_people(people: list[Any], as_of: datetime.date) -> list[Any]:
    """Engine evaluations for `people` on `as_of` (one query each for relations and files)."""
    from phongthu.military_service.eligibility import evaluate_many
    from phongthu.people.models import FamilyRelation

    relations: dict[int, list[tuple[str, str]]] = defaultdict(list)
    ids = [p.pk for p in people]
    rows = FamilyRelation.objects.filter(person_id__in=ids).values_list("person_id", "relation", "relative_status")
    for person_id, relation, status in rows:
        relations[person_id].append((relation, status))
    files = _registrations(ids)
    militia = standing_militia_ids(as_of)
    facts = [
        facts_for(
            p,
            grounds=grounds_from_relations(relations[p.pk]),
            standing_militia=p.pk in militia,
            registration=files.get(p.pk),
            as_of=as_of,
        )
        for p in people
    ]
    return list(evaluate_many((f, as_of) for f in facts))


@dataclass
class PoolResult:
    added: int = 0
    skipped: dict[str, int] = field(default_factory=dict)


def _age_window(as_of: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Birth dates that can be 18–27 on `as_of` (the engine decides exactly)."""
    oldest = datetime.date(as_of.year - 29, 1, 1)
    youngest = datetime.date(as_of.year - 17, 12, 31)
    return oldest, youngest


def candidate_from(
    *, campaign: Campaign, person: Person, commune_id: int, evaluation: Any, rolled_over_from: Candidate | None = None
) -> Candidate:
    codes = ",".join(r.code for r in evaluation.reasons)
    grade = person.education_grade
    return Candidate(
        campaign=campaign,
        person=person,
        commune_id=commune_id,
        status=CandidateStatus.IN_SOURCE_POOL,
        eligibility_status=str(evaluation.status),
        eligibility_codes=codes[:255],
        eligibility_rule_set=evaluation.rule_set,
        age_at_reference=evaluation.age,
        education_ok=None if grade is None else grade >= 8,
        rolled_over_from=rolled_over_from,
    )


@transaction.atomic
def pool_add_commune(*, campaign: Campaign, commune: Unit, actor: User) -> PoolResult:
    """Add every man of call-up age living in `commune` (or its predecessors) to the campaign."""
    from phongthu.people.models import Person
    from phongthu.units.models import UnitScope

    assert_open(campaign)
    if not type(commune)._default_manager.filter(pk=commune.pk).restrict(actor, scoping.ADD).exists():
        raise PermissionDenied("Xã, phường này nằm ngoài phạm vi đơn vị được giao cho bạn.")
    if commune.level != "COMMUNE":
        raise ValidationError({"commune": ["Chọn một đơn vị cấp xã (xã, phường, đặc khu) để lập nguồn."]})
    acting_office(actor, "CANDIDATE_REVIEW", commune.pk, None)  # phúc tra nguồn: the commune's council
    if not UnitScope.objects.filter(ancestor_id=campaign.unit_id, descendant_id=commune.pk).exists():
        raise ValidationError({"commune": ["Xã, phường này không thuộc địa bàn của đợt tuyển quân."]})
    as_of = campaign.reference_date()
    oldest, youngest = _age_window(as_of)
    already = Candidate.objects.filter(campaign=campaign).values("person_id")
    served = Candidate.objects.filter(status__in=HANDED_OVER_STATUSES).values("person_id")
    people = list(
        Person.objects.filter(
            residence_unit_id__in=UnitScope.objects.filter(ancestor_id=commune.pk).values("descendant_id"),
            sex="male",
            date_of_birth__gte=oldest,
            date_of_birth__lte=min(youngest, as_of),
        )
        .exclude(pk__in=already)
        .exclude(pk__in=served)
        .order_by("pk")
    )
    result = PoolResult()
    registered = set(Person.objects.filter(registered_q(), pk__in=[p.pk for p in people]).values_list("pk", flat=True))
    unregistered = [p for p in people if p.pk not in registered]
    if unregistered:
        result.skipped[NOT_REGISTERED] = len(unregistered)
    people = [p for p in people if p.pk in registered]
    new: list[Candidate] = []
    for person, evaluation in zip(people, evaluate_people(people, as_of), strict=True):
        status = str(evaluation.status)
        if status not in POOL_ENGINE_STATUSES:
            result.skipped[status] = result.skipped.get(status, 0) + 1
            continue
        new.append(candidate_from(campaign=campaign, person=person, commune_id=commune.pk, evaluation=evaluation))
    with reason_context(f"Lập nguồn {commune.name} — {campaign}"):
        created = audit.audited_bulk_create(Candidate, new)
    if created:
        reachable = Candidate.objects.filter(pk__in=[c.pk for c in created]).restrict(actor, scoping.ADD).count()
        if reachable != len(created):
            raise PermissionDenied("Xã, phường này nằm ngoài phạm vi đơn vị được giao cho bạn.")
    result.added = len(created)
    return result


@transaction.atomic
def candidate_add(
    *, campaign: Campaign, person: Person, commune: Unit, actor: User, volunteer: bool = False
) -> Candidate:
    """Add one citizen (moved in, volunteer, ...) after checking the engine's answer."""
    from phongthu.military_service.eligibility import evaluate

    assert_open(campaign)
    acting_office(actor, "CANDIDATE_REVIEW", commune.pk, None)
    if Candidate.objects.filter(campaign=campaign, person=person).exists():
        raise ValidationError({"person": ["Công dân này đã có trong đợt tuyển quân."]})
    if not is_registered(person):
        raise ValidationError(
            {"person": [f"Công dân chưa đăng ký nghĩa vụ quân sự (không có trong sổ sẵn sàng nhập ngũ): "
                        f"đăng ký cho {person.full_name} trước khi đưa vào nguồn."]}
        )  # fmt: skip
    as_of = campaign.reference_date()
    relations = list(person.relatives.values_list("relation", "relative_status"))
    militia = person.pk in standing_militia_ids(as_of)
    facts = facts_for(
        person,
        grounds=grounds_from_relations(relations),
        standing_militia=militia,
        volunteer=volunteer,
        registration=_registrations([person.pk]).get(person.pk),
        as_of=as_of,
    )
    evaluation = evaluate(facts, as_of)
    if str(evaluation.status) not in POOL_ENGINE_STATUSES:
        text = "; ".join(r.text for r in evaluation.reasons) or str(evaluation.status)
        raise ValidationError({"person": [f"Công dân không thuộc diện gọi nhập ngũ trong đợt này: {text}."]})
    candidate = candidate_from(campaign=campaign, person=person, commune_id=commune.pk, evaluation=evaluation)
    candidate.volunteer = volunteer
    candidate.full_clean()
    candidate.save()
    scoping.assert_in_scope(candidate, actor, scoping.ADD)
    return candidate
