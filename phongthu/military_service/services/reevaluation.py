"""Bulk re-evaluation of call-up eligibility: everyone of a unit's subtree (or the whole
database) through the rule engine on one date, the answers written back in bulk
(`StoredEligibility`) with a status history row for each changed answer.

- On PostgreSQL a run (or a refresh of more than `FEW` people) is done by the database:
  `reevaluation_sql` groups the people by the engine's inputs in SQL, Python evaluates each
  distinct facts, the changed answers and their history go back by INSERT … SELECT. The per-row
  loop below serves SQLite and single edits.
- Reading: one query for the people, their files and their stored answer (a server-side cursor
  on PostgreSQL), one for the grounds in force; no model instances.
- Evaluating: people with the same facts get the same answer on a date, so the answer is
  remembered per distinct facts (the columns the engine reads, the birth date as the age on the
  date — the engine reads it for nothing else —, and the grounds). Each distinct facts goes
  through `PersonFacts` (its checks) and `evaluate`, as the person page does.
- Writing: only changed answers; on PostgreSQL by COPY into a staging table and one
  `INSERT … ON CONFLICT` per chunk, the history by `core.audit.bulk_status_history`; one audit
  row for the run (who, the date, the scope, how many). All in one transaction.
- Following single edits (`refresh_stored`, `connect()`): a saved or deleted person, NVQS file or
  ground, and bulk writes (`core.audit.bulk_written`), have their stored answer
  refreshed as of today in the writing transaction (a rolled-back edit keeps the old answer);
  each changed answer has its status history row, no run row.
- New people of a fast import (`import_rows`, `core.bulk.derived`): their answer is computed from
  the record's values while the chunk is validated and written with the chunk, with its history
  row; `bulk_written(derived=(StoredEligibility,))` then skips the refresh for them.
"""

from __future__ import annotations

import collections
import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from phongthu.core.audit import bulk_status_history, bulk_written, log_bulk_change
from phongthu.core.bulk import Record
from phongthu.core.bulk.derived import DerivedHistory, DerivedRows, field_defaults, register_derived
from phongthu.military_service.eligibility import Evaluation, HealthFacts, age_on, evaluate
from phongthu.military_service.models import MilitaryServiceRegistration, RegistrationGround, StoredEligibility
from phongthu.military_service.selectors import FACT_COLUMNS, facts_from_columns, in_force_grounds
from phongthu.people.models import Person

CHUNK = 20_000
FEW = 1_000  # a refresh of at most this many people goes row by row (see `reevaluate`)
REASON = "Xét lại điều kiện gọi nhập ngũ"
# person, unit, file, then the facts the engine reads (dob … drugs), then the stored answer
COLUMNS = (
    "pk",
    "residence_unit_id",
    "registration__pk",
    *FACT_COLUMNS,
    "stored_eligibility__status",
    "stored_eligibility__codes",
)


@dataclass
class Summary:
    as_of: datetime.date
    evaluated: int = 0
    changed: int = 0
    distinct_facts: int = 0
    by_status: collections.Counter[str] = field(default_factory=collections.Counter)
    seconds: dict[str, float] = field(default_factory=dict)


def answer_of(evaluation: Evaluation) -> tuple[str, str, str]:
    """(status, codes, rule set) as stored: the codes of every reason, the deciding one first."""
    return str(evaluation.status), " ".join(str(r.code) for r in evaluation.reasons)[:200], evaluation.rule_set


def _rows(people: QuerySet[Person]) -> Any:
    """Chunks of rows of `COLUMNS`: a server-side cursor on PostgreSQL, else Django's iterator."""
    qs = people.order_by().values_list(*COLUMNS)
    if connection.vendor == "postgresql":
        sql, params = qs.query.sql_with_params()
        connection.ensure_connection()
        with connection.connection.cursor(name="phongthu_reevaluate") as cursor:
            cursor.itersize = CHUNK
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(CHUNK):
                yield rows
        return
    chunk: list[tuple[Any, ...]] = []
    for row in qs.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def reevaluate(
    people: QuerySet[Person],
    as_of: datetime.date,
    *,
    scope_label: str = "",
    write: bool = True,
    run_row: bool = True,
    in_database: bool | None = None,
) -> Summary:
    """Evaluate everyone of `people` born on or before `as_of`; write changed answers back (and,
    with `run_row`, one audit row for the run). `in_database`: the work done by PostgreSQL
    (`reevaluation_sql`), Python evaluating only the distinct facts; by default for a run and for
    a refresh of more than `FEW` people (a single edit is cheaper row by row)."""
    summary = Summary(as_of)
    started = time.perf_counter()
    people = people.filter(date_of_birth__lte=as_of)
    if in_database is None:
        in_database = connection.vendor == "postgresql" and (run_row or people.count() > FEW)
    if in_database:
        from phongthu.military_service.services.reevaluation_sql import reevaluate_in_database

        with transaction.atomic():
            reevaluate_in_database(people, as_of, summary, write=write)
            if write and run_row:
                _Writer(as_of).finish(summary, scope_label)
        summary.seconds["total"] = time.perf_counter() - started
        return summary
    # A run over everyone reads all grounds in force; a single edit's refresh only its people's.
    grounds = in_force_grounds(as_of, None if run_row else people)
    healths: dict[Any, HealthFacts] = {}
    answers: dict[Any, tuple[str, str, str]] = {}
    ages: dict[datetime.date, int] = {}
    by_status = summary.by_status
    with transaction.atomic():
        writer = _Writer(as_of) if write else None
        for rows in _rows(people):
            changed = []
            for row in rows:
                reg = row[2]
                dob = row[3]
                age = ages.get(dob)
                if age is None:
                    age = ages[dob] = age_on(dob, as_of)
                # The engine reads the birth date only for the age on `as_of`: the age stands for it.
                key = (age, row[4:17], grounds.get(reg) if reg is not None else None)
                answer = answers.get(key)
                if answer is None:
                    evaluation = evaluate(facts_from_columns(row[3:17], key[2] or (), healths), as_of)
                    answer = answers[key] = answer_of(evaluation)
                by_status[answer[0]] += 1
                if answer[0] != row[17] or answer[1] != row[18]:
                    changed.append((row[0], row[1], row[17], answer))
            summary.evaluated += len(rows)
            summary.changed += len(changed)
            if writer is not None and changed:
                writer.write(changed)
        summary.distinct_facts = len(answers)
        summary.seconds["read + evaluate + write"] = time.perf_counter() - started
        if writer is not None and run_row:
            t0 = time.perf_counter()
            writer.finish(summary, scope_label)
            summary.seconds["finish"] = time.perf_counter() - t0
    return summary


class _Writer:
    """Changed answers: upsert the stored row, and a history row (old → new status)."""

    def __init__(self, as_of: datetime.date) -> None:
        self.as_of = as_of
        self.table = StoredEligibility._meta.db_table
        self.staging = False

    def write(self, changed: list[tuple[int, int | None, str | None, tuple[str, str, str]]]) -> None:
        as_of = self.as_of
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if not self.staging:  # created at the first change (a single edit often changes nothing)
                    # (a caller's outer transaction may still hold one)
                    cursor.execute('DROP TABLE IF EXISTS "_reevaluate"')
                    cursor.execute(f'CREATE TEMP TABLE "_reevaluate" (LIKE "{self.table}") ON COMMIT DROP')
                    self.staging = True
                with cursor.cursor.copy(
                    'COPY "_reevaluate" (person_id, status, codes, as_of, rule_set) FROM STDIN'
                ) as copy:
                    for pk, _unit, _old, (status, codes, rule_set) in changed:
                        copy.write_row((pk, status, codes, as_of, rule_set))
                cursor.execute(
                    f'INSERT INTO "{self.table}" (person_id, status, codes, as_of, rule_set) '  # noqa: S608
                    'SELECT person_id, status, codes, as_of, rule_set FROM "_reevaluate" '
                    "ON CONFLICT (person_id) DO UPDATE SET status = EXCLUDED.status, codes = EXCLUDED.codes, "
                    "as_of = EXCLUDED.as_of, rule_set = EXCLUDED.rule_set; "
                    'TRUNCATE "_reevaluate"'
                )
        else:
            StoredEligibility.objects.bulk_create(
                [
                    StoredEligibility(person_id=pk, status=status, codes=codes, as_of=as_of, rule_set=rule_set)
                    for pk, _unit, _old, (status, codes, rule_set) in changed
                ],
                update_conflicts=True,
                unique_fields=["person"],
                update_fields=["status", "codes", "as_of", "rule_set"],
                batch_size=2000,
            )
        bulk_status_history(
            StoredEligibility,
            ((pk, old or "", status, unit) for pk, unit, old, (status, _c, _r) in changed if status != (old or "")),
            field="eligibility",
            reason=REASON,
            effective_date=as_of,
        )

    def finish(self, summary: Summary, scope_label: str) -> None:
        log_bulk_change(
            StoredEligibility,
            f"{REASON} ngày {self.as_of:%d/%m/%Y}{f' — {scope_label}' if scope_label else ''}"[:255],
            {
                "as_of": self.as_of.isoformat(),
                "scope": scope_label,
                "evaluated": summary.evaluated,
                "changed": summary.changed,
                "by_status": dict(summary.by_status),
            },
        )


# ---------------------------------------------------------------- following single edits


def refresh_stored(
    people: QuerySet[Person], as_of: datetime.date | None = None, *, in_database: bool | None = None
) -> Summary:
    """Refresh the stored answer of `people` (as of today) after their facts changed, in the
    caller's transaction: changed answers and their history rows, no run row. `in_database`
    as `reevaluate` (None: decided by counting them)."""
    return reevaluate(people, as_of or timezone.localdate(), run_row=False, in_database=in_database)


def _people_of(sender: Any, pks: Any) -> QuerySet[Person] | None:
    """The people whose facts live in the written records of `sender` (pks: a list or a subquery)."""
    people: QuerySet[Person] = Person.objects.all()
    if sender is Person:
        return people.filter(pk__in=pks)
    if sender is MilitaryServiceRegistration:
        return people.filter(registration__pk__in=pks)
    if sender is RegistrationGround:
        return people.filter(registration__grounds__pk__in=pks).distinct()
    return None


def _person_id(instance: Any) -> int | None:
    if isinstance(instance, Person):
        return int(instance.pk)
    if isinstance(instance, MilitaryServiceRegistration):
        return instance.person_id
    if isinstance(instance, RegistrationGround):
        return (
            MilitaryServiceRegistration.objects.filter(pk=instance.registration_id)
            .values_list("person_id", flat=True)
            .first()
        )
    return None


def _on_save(sender: Any, instance: Any, raw: bool = False, **kw: Any) -> None:
    if raw:  # fixtures
        return
    person_id = _person_id(instance)
    if person_id is not None:  # one person: row by row, without counting first
        refresh_stored(Person.objects.filter(pk=person_id), in_database=False)


def _on_delete(sender: Any, instance: Any, **kw: Any) -> None:
    if isinstance(instance, Person):  # its stored answer goes with it (CASCADE)
        return
    _on_save(sender, instance)


def _on_bulk(sender: Any, pks: Any, parents_announced: bool = False, derived: tuple[Any, ...] = (), **kw: Any) -> None:
    if isinstance(pks, list) and not pks:
        return
    if StoredEligibility in derived:
        return  # an import wrote their answers with them (`import_rows`)
    if parents_announced and sender is MilitaryServiceRegistration:
        return  # their people, created with them, were refreshed just before with the files stored
    people = _people_of(sender, pks)
    if people is not None:  # a list of ids says how many; a sub-query (imports) is counted
        refresh_stored(people, in_database=False if isinstance(pks, list) and len(pks) <= FEW else None)


# ---------------------------------------------------------------- imports


_PERSON_FACTS = tuple(c for c in FACT_COLUMNS if not c.startswith("registration__"))
_FILE_FACTS = tuple(c.removeprefix("registration__") for c in FACT_COLUMNS if c.startswith("registration__"))
if (*_PERSON_FACTS, *(f"registration__{c}" for c in _FILE_FACTS)) != FACT_COLUMNS:  # import_rows reads them so
    raise ImportError("FACT_COLUMNS: the person's columns must come before the file's.")


def import_rows() -> Callable[[Record], tuple[str, str, datetime.date, str] | None]:
    """Per import (`core.bulk.derived`): a new person's stored answer as of today from the
    record's own values — the person's and, in the same record, the NVQS file's (a new person
    has no grounds) — in `FACT_COLUMNS` order, through the same `evaluate(facts_from_columns(…))`
    and `answer_of` as `reevaluate`, remembered per distinct facts (the age on today for the
    birth date). The import writes it with its person, and its history row as `refresh_stored`
    would ("" → status, `REASON`, effective today, filed under the residence unit)."""
    as_of = timezone.localdate()
    person_defaults = field_defaults(Person)
    file_defaults = field_defaults(MilitaryServiceRegistration)
    person_facts = [(a, person_defaults[a]) for a in _PERSON_FACTS]
    file_facts = [(a, file_defaults[a]) for a in _FILE_FACTS]
    no_file = (None,) * len(_FILE_FACTS)
    ages: dict[datetime.date, int] = {}
    answers: dict[Any, tuple[str, str, datetime.date, str]] = {}
    healths: dict[Any, HealthFacts] = {}

    def row_of(record: Record) -> tuple[str, str, datetime.date, str] | None:
        person = record.values[Person]
        dob = person["date_of_birth"]
        if dob > as_of:  # as `reevaluate`: no answer before birth
            return None
        file = record.values.get(MilitaryServiceRegistration)
        facts = (
            *[person.get(a, d) for a, d in person_facts],
            *([file.get(a, d) for a, d in file_facts] if file else no_file),
        )
        age = ages.get(dob)
        if age is None:
            age = ages[dob] = age_on(dob, as_of)
        key = (age, facts[1:])
        answer = answers.get(key)
        if answer is None:
            status, codes, rule_set = answer_of(evaluate(facts_from_columns(facts, (), healths), as_of))
            answer = answers[key] = (status, codes, as_of, rule_set)
        return answer

    return row_of


IMPORTED = DerivedRows(
    model=StoredEligibility,
    link="person_id",
    columns=("status", "codes", "as_of", "rule_set"),
    start=import_rows,
    history=DerivedHistory(
        field="eligibility", status="status", reason=REASON, effective_date="as_of", unit="residence_unit_id"
    ),
)


def connect() -> None:
    """Called from `MilitaryServiceConfig.ready()`: the saves and bulk writes the people and
    military_service services already make refresh the stored answer; the fast imports of
    people write it with each chunk (`import_rows`)."""
    register_derived(Person, IMPORTED, uid="military_service.stored_eligibility")
    for model in (Person, MilitaryServiceRegistration, RegistrationGround):
        uid = f"military_service.stored_eligibility.{model._meta.label_lower}"
        post_save.connect(_on_save, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=uid + ".delete")
    bulk_written.connect(_on_bulk, dispatch_uid="military_service.stored_eligibility.bulk")
