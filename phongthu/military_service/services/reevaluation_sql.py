"""The bulk re-evaluation done by PostgreSQL, Python touching only the distinct facts:

1. one GROUP BY over the people in question: the engine's inputs (the age on the date, computed
   as `eligibility.age_on` does; the fact columns; the grounds in force in table order) and the
   stored answer, with a count — a few thousand groups for a million people. When writing, the
   groups go into a temporary table with their people (arrays of person and unit ids);
2. each distinct facts through the same `evaluate(facts_from_columns(...))` as the per-row path;
3. the answers of the groups whose stored answer changed are COPYed into a temporary table; one
   statement unnests their people once, sorted by person, inserts them into `StoredEligibility`
   (plainly for those without a stored answer, `ON CONFLICT` for the others) and writes their
   status history rows (`core.audit.status_history_from_query`) from the same rows. No second
   pass over the people; all in the caller's transaction.
"""

from __future__ import annotations

import datetime
import time
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import QuerySet

from phongthu.core.audit import status_history_from_query
from phongthu.military_service.eligibility import Code, HealthFacts, evaluate
from phongthu.military_service.models import RegistrationGround, StoredEligibility
from phongthu.military_service.selectors import facts_from_columns
from phongthu.people.models import Person

if TYPE_CHECKING:
    from phongthu.military_service.services.reevaluation import Summary

# The people query's columns (reevaluation.COLUMNS), renamed: c0 person, c1 unit, c2 file,
# c3 birth date, c4 … c16 the other facts, c17 / c18 the stored status / codes.
_NAMES = ", ".join(f"c{i}" for i in range(19))
_FACTS = ", ".join(f"c{i}" for i in range(4, 17))
_GROUPS = "_reevaluate_groups"
_ANSWERS = "_reevaluate_answers"


def _age(as_of: datetime.date) -> str:
    """`eligibility.age_on(c3, as_of)` in SQL: completed years, a 29 February birthday falling on
    28 February when `as_of`'s year is not a leap year."""
    born = "(date_part('month', c3) * 100 + date_part('day', c3))::int"
    leap = as_of.year % 4 == 0 and (as_of.year % 100 != 0 or as_of.year % 400 == 0)
    if not leap:
        born = f"(CASE WHEN {born} = 229 THEN 228 ELSE {born} END)"
    month_day = as_of.month * 100 + as_of.day
    return f"({as_of.year:d} - date_part('year', c3)::int - ({month_day:d} < {born})::int)"


def _groups_sql(people: QuerySet[Person], as_of: datetime.date, *, with_people: bool) -> tuple[str, list[Any]]:
    """The people of `people` grouped by the engine's inputs and their stored answer: age, a
    birth date of that age, the facts, the grounds in force (codes joined by spaces, by code as
    `in_force_grounds` reads them — `RegistrationGround.Meta.ordering`), stored status and
    codes, count (and, `with_people`, the arrays of their person and unit ids)."""
    from phongthu.military_service.services.reevaluation import COLUMNS

    sql, params = people.order_by().values_list(*COLUMNS).query.sql_with_params()
    grounds = RegistrationGround._meta.db_table
    arrays = ", array_agg(c0) AS people, array_agg(c1) AS units" if with_people else ""
    return (
        f"SELECT age, MIN(c3) AS dob, {_FACTS}, grounds, c17, c18, COUNT(*) AS n{arrays} FROM ("  # noqa: S608
        f"SELECT q.*, {_age(as_of)} AS age, g.codes AS grounds FROM ({sql}) AS q ({_NAMES}) "
        f"LEFT JOIN (SELECT registration_id, string_agg(code, ' ' ORDER BY code) AS codes FROM \"{grounds}\" "
        "WHERE (valid_from IS NULL OR valid_from <= %s) AND (valid_until IS NULL OR valid_until >= %s) "
        f"GROUP BY registration_id) AS g ON g.registration_id = q.c2) AS f GROUP BY age, {_FACTS}, grounds, c17, c18",
        [*params, as_of, as_of],
    )


# Settings for the grouping query, put back after it (SET LOCAL would last to the end of the
# caller's transaction): let it hash — the planner, multiplying the columns' distinct counts,
# expects a group per person and would sort them all, there are a few thousand groups —, and no
# JIT, whose compilation (≈ 1.5 s at a million people) costs more than it saves on one pass.
_GROUPING_SETTINGS = {"enable_sort": "off", "work_mem": "64MB", "jit": "off"}


def _set(cursor: Any, settings: dict[str, str]) -> dict[str, str]:
    """Set `settings` for the transaction; returns the previous values."""
    names = list(settings)
    cursor.execute("SELECT " + ", ".join(f"current_setting('{n}')" for n in names))
    previous = dict(zip(names, cursor.fetchone(), strict=True))
    cursor.execute(
        "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in names), [v for kv in settings.items() for v in kv]
    )
    return previous


def reevaluate_in_database(people: QuerySet[Person], as_of: datetime.date, summary: Summary, *, write: bool) -> None:
    """Fill `summary` for `people` (already limited to those born by `as_of`) and, with `write`,
    store the changed answers with their history rows."""
    from phongthu.military_service.services.reevaluation import REASON, answer_of

    started = time.perf_counter()
    sql, params = _groups_sql(people, as_of, with_people=write)
    with connection.cursor() as cursor:
        previous = _set(cursor, _GROUPING_SETTINGS)
        if write:
            # (a caller's outer transaction may still hold them from an earlier refresh)
            cursor.execute(f'DROP TABLE IF EXISTS "{_GROUPS}", "{_ANSWERS}"')
            cursor.execute(
                f'CREATE TEMP TABLE "{_GROUPS}" ON COMMIT DROP AS '  # noqa: S608
                f"SELECT row_number() OVER () AS id, * FROM ({sql}) AS g",
                params,
            )
            cursor.execute(f'SELECT id, age, dob, {_FACTS}, grounds, c17, c18, n FROM "{_GROUPS}"')  # noqa: S608
        else:
            cursor.execute(f"SELECT 0, * FROM ({sql}) AS g", params)  # noqa: S608
        groups = cursor.fetchall()
        _set(cursor, previous)
    summary.seconds["group"] = time.perf_counter() - started
    t0 = time.perf_counter()
    answers: dict[tuple[Any, ...], tuple[str, str, str]] = {}
    healths: dict[Any, HealthFacts] = {}
    changed: list[tuple[int, str, str, str]] = []  # group id, answer
    stored = False  # any changed people with a stored answer (else all are inserted)
    for group_id, age, dob, *facts, grounds, old_status, old_codes, count in groups:
        # The engine reads the birth date only for the age on `as_of`: the age stands for it.
        key = (age, *facts, grounds)
        answer = answers.get(key)
        if answer is None:
            codes = tuple(Code(c) for c in grounds.split()) if grounds else ()
            answer = answers[key] = answer_of(evaluate(facts_from_columns((dob, *facts), codes, healths), as_of))
        summary.evaluated += count
        summary.by_status[answer[0]] += count
        if answer[0] != old_status or answer[1] != old_codes:
            summary.changed += count
            changed.append((group_id, *answer))
            stored = stored or old_status is not None
    summary.distinct_facts = len(answers)
    summary.seconds["evaluate"] = time.perf_counter() - t0
    if write:
        t0 = time.perf_counter()
        if changed:
            _write(changed, as_of, REASON, stored=stored)
        with connection.cursor() as cursor:
            cursor.execute(f'DROP TABLE IF EXISTS "{_GROUPS}", "{_ANSWERS}"')
        summary.seconds["write"] = time.perf_counter() - t0


# The write's settings: the changed people are sorted once and kept for both inserts (a million
# rows of ids and answers: in memory, not spilled to disk), no JIT (see _GROUPING_SETTINGS).
_WRITE_SETTINGS = {"work_mem": "256MB", "jit": "off"}


def _write(changed: list[tuple[int, str, str, str]], as_of: datetime.date, reason: str, *, stored: bool) -> None:
    """The changed groups' people: their new answer, and a history row when the status changed,
    in one statement — the people unnested and sorted once (`changed`, kept for both inserts),
    the answers inserted, the history rows written from the same rows. In person order: the
    groups' order would scatter the index insertions and the foreign-key checks at commit over the
    whole index (the first population ran 1.6× slower so).

    The people who had no stored answer when read (`g.c17` null: all of them at the first
    population) are inserted plainly, without `ON CONFLICT` (its speculative insertion, one more
    index probe per row); `stored` says whether any other is among them, to be upserted. A
    concurrent refresh storing an answer for one of the first after the read fails this run on the
    primary key (nothing written; run again) rather than overwriting its newer answer."""
    table = StoredEligibility._meta.db_table
    people = (
        f'FROM "{_GROUPS}" AS g JOIN "{_ANSWERS}" AS a ON a.group_id = g.id, '
        "unnest(g.people, g.units) AS p (person_id, unit_id)"
    )
    insert = f'INSERT INTO "{table}" (person_id, status, codes, as_of, rule_set) SELECT person_id, status, codes, %s, rule_set FROM changed'  # noqa: S608
    inserts = f"new AS ({insert} WHERE old IS NULL)"
    params: list[Any] = [as_of]
    if stored:
        inserts += (
            f", updated AS ({insert} WHERE old IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET "
            "status = EXCLUDED.status, codes = EXCLUDED.codes, as_of = EXCLUDED.as_of, rule_set = EXCLUDED.rule_set)"
        )
        params.append(as_of)
    with connection.cursor() as cursor:
        previous = _set(cursor, _WRITE_SETTINGS)
        cursor.execute(
            f'CREATE TEMP TABLE "{_ANSWERS}" (group_id bigint PRIMARY KEY, status varchar(30), codes varchar(200), '
            "rule_set varchar(40)) ON COMMIT DROP"
        )
        with cursor.cursor.copy(f'COPY "{_ANSWERS}" (group_id, status, codes, rule_set) FROM STDIN') as copy:
            for row in changed:
                copy.write_row(row)
        cursor.execute(f'ANALYZE "{_ANSWERS}"')
    status_history_from_query(
        StoredEligibility,
        "SELECT person_id, old, status, unit_id FROM changed WHERE status <> COALESCE(old, '')",
        field="eligibility",
        reason=reason,
        effective_date=as_of,
        with_sql=(
            "WITH changed AS MATERIALIZED (SELECT p.person_id, p.unit_id, g.c17 AS old, a.status, a.codes, "
            f"a.rule_set {people} ORDER BY p.person_id), {inserts}"
        ),
        with_params=params,
    )
    with connection.cursor() as cursor:
        _set(cursor, previous)
