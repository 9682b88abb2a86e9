"""PostgreSQL's bulk re-evaluation (`reevaluation_sql`: grouped by the engine's inputs in SQL,
written back by INSERT … SELECT) stores the same answers and writes the same status history rows
as the per-row path, for a population that differs only by a ground, a birthday on the date or
the day after (29 February on a leap and a common year), a health class, no file."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from phongthu.core.context import change_context
from phongthu.core.models import StatusChange
from phongthu.military_service.models import MilitaryServiceRegistration, RegistrationGround, StoredEligibility
from phongthu.military_service.services.reevaluation import reevaluate
from phongthu.people.models import Person

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the in-database path is PostgreSQL's"),
]

COMMON_YEAR = datetime.date(2026, 2, 28)  # born 29 February: of age on 28 February
LEAP_YEAR = datetime.date(2028, 2, 28)  # born 29 February: the birthday is tomorrow


def _years_before(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year - years)


def _birth_dates() -> list[datetime.date]:
    """Ages at the call-up window's edges (17/18, 25/26, 27/28) on both dates, the birthday on
    the date and the day after, and 29 February births."""
    dates = {datetime.date(y, 2, 29) for y in (2000, 2004, 2008)}
    for day, years in itertools.product((COMMON_YEAR, LEAP_YEAR), (18, 25, 26, 27, 28)):
        born = _years_before(day, years)
        dates |= {born, born + datetime.timedelta(days=1)}
    return sorted(dates)


# (person's fields, file's fields or None, grounds as (code, valid_from, valid_until))
VARIANTS: list[tuple[dict[str, Any], dict[str, Any] | None, list[tuple[str, Any, Any]]]] = [
    ({}, None, []),
    ({"sex": "female"}, {"health_class": 1}, []),
    ({}, {"health_class": 1}, []),
    ({}, {"health_class": 1}, [("TH_D", None, None)]),
    ({}, {"health_class": 1}, [("TH_D", None, None), ("MI_A", None, None)]),
    ({}, {"health_class": 1}, [("TH_B", None, datetime.date(2026, 1, 1))]),  # ended before both dates
    ({}, {"health_class": 1}, [("TH_C", datetime.date(2027, 1, 1), None)]),  # from between them
    ({}, {"health_class": 2, "bmi": "17.50", "myopia_diopters": "2.50"}, []),
    ({}, {"health_class": 3, "volunteer": True}, [("TH_D", None, None)]),
    ({}, {"health_class": 4}, []),
    ({}, {"health_class": 6}, []),
    ({}, {"health_class": None}, []),
    ({"studying": "university_regular"}, {"health_class": 2}, []),
    ({"higher_education_completed": "college_regular"}, {"health_class": 2}, []),
    ({"education_grade": 6}, {"health_class": 1, "standing_militia": True}, []),
    ({}, {"health_class": 1, "legal_status": "prosecuted"}, []),
]


@pytest.fixture
def population(make_person: Any, commune_a: Any, commune_b: Any) -> list[Person]:
    made = []
    for i, (dob, (person_fields, file_fields, grounds)) in enumerate(itertools.product(_birth_dates(), VARIANTS)):
        person = make_person(commune_a if i % 2 else commune_b, dob=dob, **person_fields)
        made.append(person)
        if file_fields is None:
            continue
        registration = MilitaryServiceRegistration.objects.create(
            person=person,
            registering_unit=commune_a,
            status="REGISTERED_READY",
            first_registration_date=datetime.date(2024, 4, 10),
            register_book="SAN_SANG_NHAP_NGU",
            **file_fields,
        )
        for code, valid_from, valid_until in grounds:
            RegistrationGround.objects.create(
                registration=registration, code=code, valid_from=valid_from, valid_until=valid_until, evidence="Giấy"
            )
    return made


def _clear() -> int:
    """An empty store; the history is append-only: returns the last id before what follows."""
    StoredEligibility.objects.all().delete()
    return StatusChange.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _outcome(in_database: bool, user: Any, stored_first: list[int] | None = None) -> tuple[Any, ...]:
    """Two runs (the first inserts every answer, the second writes only what changed), then the
    store and the history. `stored_first`: instead of the first run, only these people get a stored
    answer (row by row), the second run then inserts some answers and changes others."""
    since = _clear()
    summaries = []
    for day in (COMMON_YEAR, LEAP_YEAR):
        with change_context(user=user, job_id="compare"):
            if stored_first is not None and day == COMMON_YEAR:
                s = reevaluate(Person.objects.filter(pk__in=stored_first), day, in_database=False, run_row=False)
            else:
                s = reevaluate(Person.objects.all(), day, in_database=in_database)
        summaries.append((s.evaluated, s.changed, s.distinct_facts, dict(s.by_status)))
    stored = sorted(StoredEligibility.objects.values_list("person_id", "status", "codes", "as_of", "rule_set"))
    history = sorted(
        StatusChange.objects.filter(field="eligibility", id__gt=since).values_list(
            "content_type_id", "object_id", "from_status", "to_status", "effective_date", "actor_id", "actor_name",
            "reason", "legal_ground", "decision_ref", "unit_id",
        )
    )  # fmt: skip
    return summaries, stored, history


def test_the_database_path_stores_and_records_what_the_per_row_path_does(population, user_a):
    per_row = _outcome(False, user_a)
    in_database = _outcome(True, user_a)
    assert in_database[0] == per_row[0]
    assert in_database[1] == per_row[1]
    assert in_database[2] == per_row[2]
    # The sample is varied: many answers, changes between the dates, every person stored.
    summaries, stored, history = per_row
    assert len(stored) == len(population)
    assert len({status for _p, status, *_rest in stored}) >= 6
    assert 0 < summaries[1][1] < len(population)
    assert {h[0] for h in history} == {ContentType.objects.get_for_model(StoredEligibility).pk}
    assert len(history) > len(population)


def test_a_partly_stored_population_inserts_the_new_answers_and_changes_the_others(population, user_a):
    """People without a stored answer are inserted plainly, the others upserted, in one statement:
    the same store and history as row by row."""
    half = [p.pk for p in population[::2]]
    per_row = _outcome(False, user_a, stored_first=half)
    in_database = _outcome(True, user_a, stored_first=half)
    assert in_database == per_row
    summaries, stored, history = per_row
    assert len(stored) == len(population)
    # the run inserted the other half and changed some of the stored half
    assert len(population) - len(half) < summaries[1][1] < len(population)
    assert len(history) > len(population)


def test_two_refreshes_in_one_transaction_each_write_their_changes(population, user_a):
    """The temporary tables of a refresh do not outlive it: a second one in the same transaction
    (the test's) works, and leaves nothing for the per-row path to change."""
    _clear()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_sort'), current_setting('work_mem'), current_setting('jit')")
        settings = cursor.fetchone()
    with change_context(user=user_a):
        first = reevaluate(Person.objects.all(), COMMON_YEAR, run_row=False, in_database=True)
        MilitaryServiceRegistration.objects.filter(health_class=1).update(health_class=6)
        second = reevaluate(Person.objects.all(), COMMON_YEAR, run_row=False, in_database=True)
        check = reevaluate(Person.objects.all(), COMMON_YEAR, run_row=False, in_database=False, write=False)
    assert first.changed == len(population)
    assert 0 < second.changed < len(population)
    assert check.changed == 0
    with connection.cursor() as cursor:  # the planner settings of the grouping are put back
        cursor.execute("SELECT current_setting('enable_sort'), current_setting('work_mem'), current_setting('jit')")
        assert cursor.fetchone() == settings
