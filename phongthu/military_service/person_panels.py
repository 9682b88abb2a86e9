"""What military_service adds to the person registry, which may not import it: the NVQS panel
of the person page and the list filters that reach into the NVQS file. Registered on core's
hooks from `MilitaryServiceConfig.ready()`."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phongthu.core import filtering, panels
from phongthu.core.filtering import ExactChoiceFilter, cached_choices
from phongthu.military_service import selectors
from phongthu.military_service.choices import GroundCode, RegistrationStatus
from phongthu.military_service.eligibility.codes import STATUS_LABELS
from phongthu.military_service.models import MilitaryServiceRegistration, RegistrationGround
from phongthu.people.filters import PersonFilterSet, by_condition
from phongthu.people.models import Person

NO_REGISTRATION = "NONE"


def person_panel_context(person: Person, request: HttpRequest) -> dict[str, Any]:
    """What the person page adds: the NVQS file, live eligibility and the timeline; the
    procedures come from `{% record_actions %}` on the person and on the file."""
    today = timezone.localdate()
    registration = (
        MilitaryServiceRegistration.objects.filter(person=person)
        .select_related("registering_unit", "pending_to_unit")
        .first()
    )
    grounds = list(registration.grounds.all()) if registration is not None else []
    return {
        "registration": registration,
        "grounds": grounds,
        "eligibility": selectors.person_eligibility(person, today),
        "timeline": selectors.person_timeline(person),
        "today": today,
    }


def _status_q(value: Any) -> Q:
    if value == NO_REGISTRATION:
        # NOT EXISTS plans as an anti-join; "registration IS NULL" on the select_related outer
        # join misleads PostgreSQL's estimates (measured: 10 s instead of 0.3 s at 1M people).
        return ~Q(Exists(MilitaryServiceRegistration.objects.filter(person_id=OuterRef("pk"))))
    return Q(registration__status=value)


# Up to this many people with one ground are read as ids before the list's query (_ground_q).
GROUND_IDS_LIMIT = 20_000


def _ground_q(value: Any) -> Q:
    """Grounds in force today (no end date, or ending today or later).

    A ground is rare (TH_D: 3,550 files of 825,000). Its people are read first, as ids, from
    the small side: the grounds by the code-first index, then their files by primary key. Any
    join form (join, IN or EXISTS sub-query) let PostgreSQL plan a hash join over all 825,000
    files, ~2× the cost of a whole list page at a million people."""
    today = datetime.date.today()
    files = list(
        RegistrationGround.objects.filter(code=value)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by()
        .values_list("registration_id", flat=True)[: GROUND_IDS_LIMIT + 1]
    )
    if len(files) > GROUND_IDS_LIMIT:  # a common ground: let the database join
        return Q(
            Exists(
                RegistrationGround.objects.filter(registration__person_id=OuterRef("pk"), code=value).filter(
                    Q(valid_until__isnull=True) | Q(valid_until__gte=today)
                )
            )
        )
    # Each id list is one array parameter, not 3,500 placeholders (core/lookups.py).
    people = MilitaryServiceRegistration.objects.filter(pk__in_ids=files).order_by().values_list("person_id", flat=True)
    return Q(pk__in_ids=list(people))


def _status_choices() -> list[tuple[str, str]]:
    return [(NO_REGISTRATION, str(_("Chưa có hồ sơ NVQS"))), *((k, str(v)) for k, v in RegistrationStatus.choices)]


def _ground_choices() -> list[tuple[str, str]]:
    return [(k, str(v)) for k, v in GroundCode.choices]


def _eligibility_choices() -> list[tuple[str, str]]:
    # The labels are plain Vietnamese (the engine's contract); shown in the reader's language.
    return [(str(k), str(_(v))) for k, v in STATUS_LABELS.items()]


def _health_choices() -> list[tuple[str, str]]:
    return [(str(n), str(_("Loại %(n)d")) % {"n": n}) for n in range(1, 7)]


def register() -> None:
    panels.contribute(Person, person_panel_context)
    filtering.contribute(
        PersonFilterSet,
        registration_status=ExactChoiceFilter(
            label=_("trạng thái đăng ký NVQS"), choices=cached_choices(_status_choices), method=by_condition(_status_q)
        ),
        ground=ExactChoiceFilter(
            label=_("diện tạm hoãn, miễn"), choices=_ground_choices, method=by_condition(_ground_q)
        ),
        health_class=ExactChoiceFilter(
            label=_("phân loại sức khỏe"),
            choices=_health_choices,
            method=by_condition(lambda v: Q(registration__health_class=int(v))),
        ),
        # The stored answer (StoredEligibility): written by the re-evaluation and after each edit.
        eligibility=ExactChoiceFilter(
            label=_("kết quả xét điều kiện"),
            choices=cached_choices(_eligibility_choices),
            method=by_condition(lambda v: Q(stored_eligibility__status=v)),
        ),
    )
