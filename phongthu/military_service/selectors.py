"""Reads of the military-service registry: eligibility facts, the April drive, the register
book, incoming people, a person's timeline. Every list is scoped by the caller's `restrict()`."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from phongthu.core import history, scoping
from phongthu.core.transitions import history_of
from phongthu.military_service.choices import REGISTERED_STATUSES, Presence, Procedure, RegisterBook
from phongthu.military_service.eligibility import (
    Code,
    Evaluation,
    HealthFacts,
    HigherEducation,
    LegalStatus,
    PersonFacts,
    Sex,
    Studying,
    evaluate,
)
from phongthu.military_service.eligibility.codes import STATUS_LABELS
from phongthu.military_service.models import MilitaryServiceRegistration, RegistrationEvent
from phongthu.military_service.registration_rules import RegistrationRules, current_rules
from phongthu.people.filters import birth_year_q
from phongthu.people.models import Person
from phongthu.units.models import Unit, UnitScope

if TYPE_CHECKING:
    from phongthu.core.types import Actor


def subtree(unit: Unit | int) -> QuerySet[Any]:
    return UnitScope.objects.filter(ancestor_id=unit if isinstance(unit, int) else unit.pk).values("descendant_id")


# ---------------------------------------------------------------- eligibility


def person_facts(person: Person, registration: MilitaryServiceRegistration | None, on: datetime.date) -> PersonFacts:
    """The engine's input (codes.md §1) from the person and their file."""
    health = None
    grounds: tuple[Code, ...] = ()
    legal_status = None
    if registration is not None:
        if registration.health_class is not None:
            health = HealthFacts(
                health_class=registration.health_class,
                bmi=float(registration.bmi) if registration.bmi is not None else None,
                myopia_diopters=float(registration.myopia_diopters)
                if registration.myopia_diopters is not None
                else None,
                hyperopia=registration.hyperopia,
                drug_addiction=registration.drug_addiction,
            )
        grounds = tuple(Code(g.code) for g in registration.active_grounds(on))
        legal_status = LegalStatus(registration.legal_status) if registration.legal_status else None
    return PersonFacts(
        date_of_birth=person.date_of_birth,
        sex=Sex(person.sex),
        volunteer=bool(registration and registration.volunteer),
        legal_status=legal_status,
        registration_exempt_disease=bool(registration and registration.registration_exempt_disease),
        education_grade=person.education_grade,
        studying=Studying(person.studying) if person.studying else None,
        higher_education_completed=HigherEducation(person.higher_education_completed)
        if person.higher_education_completed
        else None,
        standing_militia=bool(registration and registration.standing_militia),
        health=health,
        grounds=grounds,
    )


# The columns the engine's facts are built from (`facts_from_columns`), in its order: dob … drugs.
# The bulk re-evaluation (services/reevaluation.py) reads the same ones.
FACT_COLUMNS = (
    "date_of_birth",
    "sex",
    "education_grade",
    "studying",
    "higher_education_completed",
    "registration__legal_status",
    "registration__registration_exempt_disease",
    "registration__volunteer",
    "registration__standing_militia",
    "registration__health_class",
    "registration__bmi",
    "registration__myopia_diopters",
    "registration__hyperopia",
    "registration__drug_addiction",
)


def in_force_grounds(on: datetime.date, people: Any = None) -> dict[int, tuple[Code, ...]]:
    """Registration id → the asserted grounds in force on `on` (one query), of `people` only
    when given (a queryset of persons: a single edit's refresh reads its person's grounds only)."""
    from phongthu.military_service.models import RegistrationGround

    grounds: dict[int, list[Code]] = {}
    in_force = RegistrationGround.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on), Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )
    if people is not None:
        in_force = in_force.filter(registration__person__in=people.order_by().values("pk"))
    for registration_id, code in in_force.values_list("registration_id", "code"):
        grounds.setdefault(registration_id, []).append(Code(code))
    return {k: tuple(v) for k, v in grounds.items()}


_SEXES = {s.value: s for s in Sex}
_STUDYING = {s.value: s for s in Studying}
_HIGHER = {h.value: h for h in HigherEducation}
_LEGAL = {v.value: v for v in LegalStatus}


def facts_from_columns(row: tuple[Any, ...], grounds: tuple[Code, ...], healths: dict[Any, HealthFacts]) -> PersonFacts:
    """The engine's facts from the `FACT_COLUMNS` values (dob, sex,
    grade, studying, higher education, legal status, Art. 14, volunteer, militia, health class,
    BMI, myopia, hyperopia, drugs); `healths` remembers identical exam results."""
    dob, sex, grade, study, done, law, art14, volunteer, militia, klass, bmi, myopia, hyper, drug = row
    health = None
    if klass is not None:
        key = (klass, bmi, myopia, hyper, drug)
        health = healths.get(key)
        if health is None:
            health = healths[key] = HealthFacts(
                health_class=klass,
                bmi=float(bmi) if bmi is not None else None,
                myopia_diopters=float(myopia) if myopia is not None else None,
                hyperopia=hyper,
                drug_addiction=drug,
            )
    return PersonFacts(
        date_of_birth=dob,
        sex=_SEXES[sex],
        volunteer=bool(volunteer),
        legal_status=_LEGAL[law] if law else None,
        registration_exempt_disease=bool(art14),
        education_grade=grade,
        studying=_STUDYING[study] if study else None,
        higher_education_completed=_HIGHER[done] if done else None,
        standing_militia=bool(militia),
        health=health,
        grounds=grounds,
    )


def bulk_facts(
    people: QuerySet[Person], on: datetime.date, *, chunk_size: int = 20_000
) -> Iterator[tuple[int, PersonFacts]]:
    """(person id, engine facts) for every person of a queryset, streamed without model
    instances: one query for the people and their files, one for the grounds in force."""
    grounds = in_force_grounds(on)
    healths: dict[Any, HealthFacts] = {}
    rows = people.order_by().values_list("pk", "registration__pk", *FACT_COLUMNS).iterator(chunk_size=chunk_size)
    for row in rows:
        reg = row[1]
        yield row[0], facts_from_columns(row[2:], grounds.get(reg, ()) if reg is not None else (), healths)


@dataclass(frozen=True)
class EligibilityView:
    evaluation: Evaluation
    status_label: str
    as_of: datetime.date


def person_eligibility(person: Person, on: datetime.date) -> EligibilityView | None:
    """The live result of the rule engine for the person on a date (None if born after it)."""
    registration = MilitaryServiceRegistration.objects.filter(person=person).prefetch_related("grounds").first()
    if person.date_of_birth > on:
        return None
    result = evaluate(person_facts(person, registration, on), on)
    return EligibilityView(result, STATUS_LABELS[result.status], on)


# ---------------------------------------------------------------- first-registration drive


@dataclass
class DriveRow:
    person: Person
    registration: MilitaryServiceRegistration | None
    state: str  # registered | registered_late | barred | exempt | pending | late
    label: str


@dataclass
class DriveReport:
    unit: Unit
    year: int
    birth_year: int
    window: tuple[datetime.date, datetime.date]
    rows: list[DriveRow] = field(default_factory=list)

    def count(self, *states: str) -> int:
        return sum(1 for r in self.rows if r.state in states)

    @property
    def totals(self) -> list[tuple[str, int]]:
        return [
            (_("Nam đủ 17 tuổi trong năm"), len(self.rows)),
            (_("Đã đăng ký đúng đợt"), self.count("registered")),
            (_("Đăng ký muộn"), self.count("registered_late")),
            (_("Không được đăng ký / miễn đăng ký"), self.count("barred", "exempt")),
            (_("Chưa đăng ký"), self.count("pending", "late")),
            (_("Trong đó đã quá hạn"), self.count("late")),
        ]


def first_registration_drive(
    *, unit: Unit, year: int, user: Actor, today: datetime.date, rules: RegistrationRules | None = None
) -> DriveReport:
    """Men of the commune subtree who turn 17 in `year` (V-NVQS-1), each with their state."""
    rules = rules or current_rules()
    birth_year = rules.first_registration_birth_year(year)
    window = rules.drive_window(year)
    people = (
        Person.objects.restrict(user, scoping.VIEW)
        .filter(residence_unit__in=subtree(unit), sex="male")
        .filter(birth_year_q(birth_year))
        .select_related("residence_unit", "registration")
        .order_by("name_sort", "date_of_birth")
    )
    report = DriveReport(unit=unit, year=year, birth_year=birth_year, window=window)
    labels = {
        "registered": _("Đã đăng ký"),
        "registered_late": _("Đăng ký muộn"),
        "barred": _("Không được đăng ký (Điều 13)"),
        "exempt": _("Miễn đăng ký (Điều 14)"),
        "pending": _("Chưa đăng ký"),
        "late": _("Quá hạn, chưa đăng ký"),
    }
    for person in people:
        registration = getattr(person, "registration", None)
        status = registration.status if registration else None
        if status in REGISTERED_STATUSES:
            first = registration.first_registration_date if registration else None
            state = "registered_late" if first and first > window[1] else "registered"
        elif status == "BARRED_FROM_REGISTRATION":
            state = "barred"
        elif status == "EXEMPT_FROM_REGISTRATION":
            state = "exempt"
        else:
            state = "late" if today > window[1] else "pending"
        report.rows.append(DriveRow(person, registration, state, str(labels[state])))
    return report


# ---------------------------------------------------------------- register book, incoming


def register_book(
    *, unit: Unit, book: str, user: Actor, action: str = scoping.VIEW
) -> QuerySet[MilitaryServiceRegistration]:
    """The sổ đăng ký of a commune subtree: registered people in the given book."""
    if book not in RegisterBook.values:
        book = RegisterBook.SAN_SANG_NHAP_NGU
    return (
        MilitaryServiceRegistration.objects.restrict(user, action)
        .filter(registering_unit__in=subtree(unit), register_book=book, status__in=REGISTERED_STATUSES)
        .select_related("person", "person__residence_unit", "registering_unit")
        .order_by("person__name_sort", "person__date_of_birth")
    )


def incoming(*, unit: Unit, user: Actor) -> QuerySet[MilitaryServiceRegistration]:
    """People whose sending commune recorded REG_MOVE_OUT to a unit in this subtree."""
    return (
        MilitaryServiceRegistration.objects.restrict(user, scoping.VIEW)
        .filter(presence=Presence.MOVING, pending_to_unit__in=subtree(unit))
        .select_related("person", "registering_unit", "pending_to_unit")
        .order_by("person__name_sort")
    )


def last_move_out(registration: MilitaryServiceRegistration) -> RegistrationEvent | None:
    return registration.events.filter(procedure=Procedure.REG_MOVE_OUT).order_by("-event_date", "-id").first()


def overdue_returns(*, unit: Unit, user: Actor, today: datetime.date) -> QuerySet[RegistrationEvent]:
    """REG_ABSENCE whose expected return has passed while the person is still recorded absent."""
    return (
        RegistrationEvent.objects.restrict(user, scoping.VIEW)
        .filter(
            unit__in=subtree(unit),
            procedure=Procedure.REG_ABSENCE,
            expected_return__lt=today,
            registration__presence=Presence.ABSENT,
        )
        .select_related("registration__person")
        .order_by("expected_return")
    )


# ---------------------------------------------------------------- timeline


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime.datetime | datetime.date
    kind: str  # event | status | audit
    title: str
    detail: str = ""
    who: str = ""


def _sort_value(value: datetime.datetime | datetime.date) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    return datetime.datetime(value.year, value.month, value.day)


def person_timeline(person: Person, *, limit: int = 200) -> list[TimelineEntry]:
    """Registration events, status changes and audited edits of a person and their file."""
    entries: list[TimelineEntry] = []
    registration = MilitaryServiceRegistration.objects.filter(person=person).first()
    if registration is not None:
        events = registration.events.select_related("unit", "from_unit", "to_unit").order_by("-event_date", "-id")
        for e in events[:limit]:
            bits = [str(e.unit)]
            if e.from_unit or e.to_unit or e.destination:
                bits.append(f"{e.from_unit or '—'} → {e.to_unit or e.destination or '—'}")
            if e.deadline:
                late = "" if e.on_time in (None, True) else _(" — quá hạn")
                bits.append(_("hạn %(d)s%(late)s") % {"d": e.deadline.strftime("%d/%m/%Y"), "late": late})
            if e.decision_ref:
                bits.append(e.decision_ref)
            if e.signer_title:
                bits.append(_("ký: %(who)s") % {"who": " ".join(x for x in (e.signer_title, e.signer_name) if x)})
            if e.note:
                bits.append(e.note)
            entries.append(TimelineEntry(e.event_date, "event", e.get_procedure_display(), " · ".join(bits)))
        for change in history_of(registration).order_by("-time")[:limit]:
            title = _("Trạng thái: %(a)s → %(b)s") % {
                "a": _label(registration, change.field, change.from_status),
                "b": _label(registration, change.field, change.to_status),
            }
            detail = " · ".join(x for x in (change.legal_ground, change.decision_ref, change.reason) if x)
            entries.append(TimelineEntry(change.time, "status", title, detail, change.actor_name))
    audited: list[tuple[type[Any], Any]] = [(Person, person.pk)]
    if registration is not None:
        audited.append((MilitaryServiceRegistration, registration.pk))
    for c in history.trail(audited, exclude=["view", "transition"], limit=limit):
        fields = ", ".join(k for k, _a, _b in c.changed_fields())[:200]
        entries.append(
            TimelineEntry(c.time, "audit", f"{c.get_action_display()}: {c.object_repr}", fields, c.user_name)
        )
    entries.sort(key=lambda e: _sort_value(e.when), reverse=True)
    return entries[:limit]


def _label(registration: MilitaryServiceRegistration, field_name: str, value: str) -> str:
    if not value:
        return "—"
    field: Any = registration._meta.get_field(field_name)
    choices = dict(field.flatchoices)
    return str(choices.get(value, value))
