"""The PostgreSQL streaming writer of the fast import path: each validated chunk is COPYed into
temporary staging tables and written by `INSERT … SELECT` while the next chunk is validated."""

from __future__ import annotations

import collections
import json
import time
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, models
from django.db.models.expressions import RawSQL
from django.utils import timezone

from phongthu.core import scoping
from phongthu.core.audit import bulk_summary, bulk_written, snapshot_attnames
from phongthu.core.bulk.derived import DerivedRows
from phongthu.core.bulk.staging import (
    Record,
    _column,
    _default,
    _json_expr,
    _unit_attname,
    _Writer,
)
from phongthu.core.context import current
from phongthu.core.imports import ImportContext

if TYPE_CHECKING:
    from phongthu.core.bulk import FastImportSpec


class _PostgresWriter(_Writer):
    """Per chunk of validated rows: COPY into temporary staging tables, find duplicates against
    the database by joins, then (while Python validates the next chunk) INSERT … SELECT the
    data, one audit row per record and the status history, sent without waiting for the answer.
    Everything happens in the import's one transaction (`FastImportSpec.run`): a failed or
    refused import leaves nothing written.

    The SQL below is assembled from model metadata only (table and column names Django defines);
    every value travels through COPY or is quoted by the driver (`compose_sql`).
    """

    streams = True

    def __init__(self, spec: FastImportSpec, ctx: ImportContext) -> None:
        super().__init__(spec, ctx)
        self.stage_names: dict[type[models.Model], str] = {}
        self.id_tables: dict[type[models.Model], str] = {}
        self.columns: dict[type[models.Model], list[str]] = {}
        self.cursor: Any = None
        self.db_dups: list[tuple[int, str]] = []
        self.pending = False  # statements sent, answer not read yet
        self.created = 0
        self.withheld = False  # a chunk was not written (the import cannot commit)
        self.seconds: dict[str, float] = collections.defaultdict(float)  # where the time goes (bench/)

    def start(self) -> None:
        self.cursor = connection.cursor()
        self.now = timezone.now()
        for i, model in enumerate(self.spec.targets):
            name = f"_import_stage_{i}"
            table = model._meta.db_table
            self.stage_names[model] = name
            self.id_tables[model] = f"_import_ids_{i}"
            self.columns[model] = [f.column for f in model._meta.concrete_fields]
            self.cursor.execute(f'DROP TABLE IF EXISTS "{name}"')
            self.cursor.execute(f'DROP TABLE IF EXISTS "{self.id_tables[model]}"')
            self.cursor.execute(
                f'CREATE TEMP TABLE "{name}" (LIKE "{table}" INCLUDING DEFAULTS, _line integer, _repr text) '
                "ON COMMIT DROP"
            )
            self.cursor.execute(f'CREATE TEMP TABLE "{self.id_tables[model]}" (id bigint) ON COMMIT DROP')
        self.derived_names = [f"_import_derived_{i}" for i in range(len(self.derived.plans))]
        for name, (_source, derived, _f) in zip(self.derived_names, self.derived.plans, strict=True):
            pk = derived.model._meta.pk
            if pk is None or pk.attname not in (derived.link, *derived.columns):
                raise ValueError(f"{derived.model.__name__}: its primary key must be the link or one of the columns.")
            self.cursor.execute(f'DROP TABLE IF EXISTS "{name}"')
            self.cursor.execute(
                f'CREATE TEMP TABLE "{name}" (LIKE "{derived.model._meta.db_table}" INCLUDING DEFAULTS, _unit bigint) '
                "ON COMMIT DROP"
            )
        self.data_sql, self.tail_sql = self._write_statements()

    def _ids(self, model: type[models.Model], n: int) -> list[int]:
        table = model._meta.db_table
        self.cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, n])
        return [row[0] for row in self.cursor.fetchall()]

    def stage(self, records: list[Record], write: bool = False) -> None:
        clock = time.perf_counter()
        # The derived rows' values (`core.bulk.derived`) while the database still writes the previous chunk.
        derived = self.derived.rows(records) if write and self.derived else []
        self.seconds["derived rows (Python)"] += time.perf_counter() - clock
        clock = time.perf_counter()
        self._wait()  # the previous chunk's statements have finished
        self.seconds["waiting for the previous chunk"] += time.perf_counter() - clock
        clock = time.perf_counter()
        staged_lines: dict[type[models.Model], set[int]] = {}
        for model in self.spec.targets:
            staged = [r for r in records if r.values.get(model)]
            if not staged:
                continue
            staged_lines[model] = {r.line for r in staged}
            ids = self._ids(model, len(staged))
            fields = model._meta.concrete_fields
            link = self.spec.links.get(model)
            cols = ", ".join(f'"{f.column}"' for f in fields)
            attnames = [f.attname for f in fields]
            defaults = [_default(f) for f in fields]
            raw = self.cursor.cursor
            with raw.copy(f'COPY "{self.stage_names[model]}" ({cols}, _line, _repr) FROM STDIN') as copy:
                for r, pk in zip(staged, ids, strict=True):
                    values = r.values[model]
                    values["id"] = pk
                    if link is not None:
                        values[link[0]] = r.values[link[1]]["id"]
                    row = list(map(values.get, attnames, defaults))  # each field's value, else its default
                    row.append(r.line)
                    row.append(r.reprs.get(model) or "")
                    copy.write_row(row)
        self.seconds["COPY into staging"] += time.perf_counter() - clock
        clock = time.perf_counter()
        dups = self._duplicates_in_stage()
        self.db_dups.extend(dups)
        self.seconds["duplicates against the database"] += time.perf_counter() - clock
        write = write and (self.ctx.valid_only or not dups) and not self.withheld
        if not write:
            self.withheld = True
            self.cursor.execute("; ".join(f'TRUNCATE "{n}"' for n in self.stage_names.values()))
            return
        if dups:  # "only the valid rows": rows already in the database stay out
            for model in self.spec.targets:
                self.cursor.execute(
                    f'DELETE FROM "{self.stage_names[model]}" WHERE _line = ANY(%s)',  # noqa: S608
                    [[line for line, _n in dups]],
                )
        clock = time.perf_counter()
        self._check_scope(self.ctx.user)
        self.seconds["scope re-check"] += time.perf_counter() - clock
        first = self.spec.targets[0]
        dup_lines = {line for line, _n in dups}
        self.created += sum(1 for r in records if r.values.get(first)) - len(dup_lines)
        owner, owner_attname = self.spec.owning_unit
        filed_under = scoping.smallest_unit_holding(
            r.values[owner].get(owner_attname) for r in records if r.values.get(owner) and r.line not in dup_lines
        )
        clock = time.perf_counter()
        self._copy_derived(derived, dup_lines)
        self.seconds["COPY derived rows"] += time.perf_counter() - clock
        audit = [
            self._audit_statement(model, len(lines - dup_lines), filed_under)
            for model, lines in staged_lines.items()
            if lines - dup_lines
        ]
        self._send(";\n".join([self.data_sql, *audit, self.tail_sql]))

    def _copy_derived(self, derived: list[list[tuple[Record, tuple[Any, ...]]]], dup_lines: set[int]) -> None:
        """COPY the chunk's derived rows (but those of records left out) into their staging tables;
        the chunk's statements insert them after the records (`_write_statements`)."""
        raw = self.cursor.cursor
        for name, (source, d, _f), rows in zip(self.derived_names, self.derived.plans, derived, strict=True):
            unit = d.history.unit if d.history is not None else ""
            cols = ", ".join(f'"{_column(d.model, a)}"' for a in (d.link, *d.columns))
            with raw.copy(f'COPY "{name}" ({cols}, _unit) FROM STDIN') as copy:
                for r, row in rows:
                    if r.line in dup_lines:
                        continue
                    values = r.values[source]
                    copy.write_row((values["id"], *row, values.get(unit) if unit else None))

    def _audit_statement(self, model: type[models.Model], count: int, filed_under: int | None) -> str:
        """The chunk's audit in the compact layout: one summary row (who, when, the job, why) and,
        in the same statement, one BulkChangeRecord per staged record with the values of the
        save signal's snapshot (`core.audit.snapshot`), in the order the summary names them."""
        summary = bulk_summary(model, count, filed_under)
        stage = self.stage_names[model]
        values = ", ".join(f"s.{_json_expr(model, a)}" for a in snapshot_attnames(model))
        unit = _unit_attname(model)
        return connection.ops.compose_sql(  # type: ignore[attr-defined]  # PostgreSQL only
            "WITH summary AS (INSERT INTO core_objectchange (time, user_id, user_name, request_id, job_id, "  # noqa: S608
            "action, content_type_id, object_id, object_repr, unit_id, before, after, reason) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, '*', %s, %s, NULL, %s::jsonb, %s) RETURNING id AS change_id) "
            "INSERT INTO core_bulkchangerecord (object_id, change_id, unit_id, object_repr, after) "
            f'SELECT s."id", summary.change_id, {f"s.{unit}" if unit else "NULL"}, left(s._repr, 255), '
            f'jsonb_build_array({values}) FROM "{stage}" s CROSS JOIN summary',
            [
                self.now,
                summary.user_id,
                summary.user_name,
                summary.request_id,
                summary.job_id,
                summary.action,
                summary.content_type_id,
                summary.object_repr,
                summary.unit_id,
                json.dumps(summary.after),
                summary.reason,
            ],
        )

    def _write_statements(self) -> tuple[str, str]:
        """A chunk's writes but its audit, as two texts sent with the audit between them: data
        and the ids kept for `bulk_written`; then status history and empty staging."""
        ctx = current()
        actor_id, actor_name = self._actor()
        compose = connection.ops.compose_sql  # type: ignore[attr-defined]  # PostgreSQL only
        statements = []
        for model in self.spec.targets:
            stage = self.stage_names[model]
            cols = ", ".join(f'"{c}"' for c in self.columns[model])
            statements.append(f'INSERT INTO "{model._meta.db_table}" ({cols}) SELECT {cols} FROM "{stage}"')  # noqa: S608
            statements.append(f'INSERT INTO "{self.id_tables[model]}" SELECT id FROM "{stage}"')  # noqa: S608
        for name, (_source, d, _f) in zip(self.derived_names, self.derived.plans, strict=True):
            statements.extend(self._derived_statements(name, d))
        data = ";\n".join(statements)
        statements = []
        for model, history in self.spec.status_history.items():
            unit = _unit_attname(model)
            effective = f'"{_column(model, history.effective_date)}"' if history.effective_date else "NULL"
            statements.append(
                compose(
                    'INSERT INTO "core_statuschange" (content_type_id, object_id, field, from_status, to_status, '  # noqa: S608
                    "time, effective_date, actor_id, actor_name, reason, legal_ground, decision_ref, unit_id) "
                    f"SELECT %s, id::text, %s, '', \"{_column(model, history.field)}\", %s, {effective}, %s, %s, %s, "
                    f"%s, '', {f'{unit}' if unit else 'NULL'} FROM \"{self.stage_names[model]}\"",
                    [
                        ContentType.objects.get_for_model(model).pk,
                        history.field,
                        self.now,
                        actor_id,
                        actor_name,
                        (ctx.reason or history.reason)[:500],
                        history.legal_ground,
                    ],
                )
            )
        statements.extend(f'TRUNCATE "{n}"' for n in [*self.stage_names.values(), *self.derived_names])
        return data, ";\n".join(statements)

    def _derived_statements(self, stage: str, derived: DerivedRows) -> list[str]:
        """Insert a chunk's derived rows (in link order, as the records were) and their history."""
        model = derived.model
        link = _column(model, derived.link)
        cols = ", ".join(f'"{_column(model, a)}"' for a in (derived.link, *derived.columns))
        statements = [f'INSERT INTO "{model._meta.db_table}" ({cols}) SELECT {cols} FROM "{stage}" ORDER BY "{link}"']  # noqa: S608
        history = derived.history
        if history is None:
            return statements
        actor_id, actor_name = self._actor()
        pk = model._meta.pk
        assert pk is not None
        effective = f'"{_column(model, history.effective_date)}"' if history.effective_date else "NULL"
        statements.append(
            connection.ops.compose_sql(  # type: ignore[attr-defined]  # PostgreSQL only
                'INSERT INTO "core_statuschange" (content_type_id, object_id, field, from_status, to_status, '  # noqa: S608
                "time, effective_date, actor_id, actor_name, reason, legal_ground, decision_ref, unit_id) "
                f'SELECT %s, "{pk.column}"::text, %s, \'\', "{_column(model, history.status)}", %s, {effective}, %s, %s, '
                f'%s, %s, \'\', _unit FROM "{stage}" ORDER BY "{link}"',
                [
                    ContentType.objects.get_for_model(model).pk,
                    history.field,
                    self.now,
                    actor_id,
                    actor_name,
                    history.reason[:500],
                    history.legal_ground[:255],
                ],
            )
        )
        return statements

    def _send(self, sql: str) -> None:
        """Send without waiting: the database works while Python validates the next chunk."""
        connection.connection.pgconn.send_query(sql.encode())
        self.pending = True

    def _wait(self, *, raise_errors: bool = True) -> None:
        if not self.pending:
            return
        import psycopg
        from django.db import IntegrityError

        pgconn = connection.connection.pgconn
        failed = None
        while (res := pgconn.get_result()) is not None:
            if failed is None and res.status == psycopg.pq.ExecStatus.FATAL_ERROR:
                failed = psycopg.errors.error_from_result(res)
        self.pending = False
        if failed is not None and raise_errors:
            sqlstate = failed.sqlstate or ""
            raise (IntegrityError if sqlstate.startswith("23") else DatabaseError)(str(failed)) from failed

    # The duplicate lookups are one index probe per staged row (a chunk is at most BATCH rows):
    # the plan is fixed rather than left to estimates that are wrong mid-import. The tables'
    # statistics do not see the import's own uncommitted rows, and the trigram GIN indexes on
    # the same columns also answer "=": scanned by bitmap, each probe read the whole GIN pending
    # list the import had just filled (6–12 ms a probe, 68 s of 74 s at 1,000-row chunks).
    _PROBE_SETTINGS = ("enable_bitmapscan", "enable_hashjoin", "enable_mergejoin")

    def _duplicates_in_stage(self) -> list[tuple[int, str]]:
        names = self._PROBE_SETTINGS
        self.cursor.execute("SELECT " + ", ".join(f"current_setting('{n}')" for n in names))
        saved = self.cursor.fetchone()
        self.cursor.execute("SELECT " + ", ".join(f"set_config('{n}', 'off', true)" for n in names))
        found: list[tuple[int, str]] = []
        try:
            for name, model, attnames in self.spec.duplicate_keys:
                stage = self.stage_names[model]
                cols = [_column(model, a) for a in attnames]
                cond = " AND ".join(f't."{c}" = s."{c}"' for c in cols)
                self.cursor.execute(
                    f'SELECT s._line FROM "{stage}" s WHERE EXISTS (SELECT 1 FROM "{model._meta.db_table}" t WHERE {cond})'  # noqa: S608
                )
                found.extend((row[0], name) for row in self.cursor.fetchall())
        finally:
            self.cursor.execute("SELECT " + ", ".join(f"set_config('{n}', %s, true)" for n in names), list(saved))
        return sorted(set(found))

    def duplicates_in_db(self) -> list[tuple[int, str]]:
        return sorted(set(self.db_dups))

    def commit(self, skip_lines: set[int]) -> int:
        """Every chunk is already written (rows already in the database left out); wait for the
        last one and tell the layers above (`bulk_written`) once, for all of them."""
        clock = time.perf_counter()
        self._wait()
        self.seconds["waiting for the last chunk"] += time.perf_counter() - clock
        if self.withheld:  # cannot happen when run() decided to commit; never commit a part
            raise DatabaseError("Một phần dữ liệu chưa được ghi; không nhập gì cả.")
        for model in self.spec.targets:
            pks = RawSQL(f'SELECT id FROM "{self.id_tables[model]}"', ())  # noqa: S608, S611 (a table name of ours)
            clock = time.perf_counter()
            linked = self.spec.links.get(model)
            announced = linked is not None and linked[1] in self.spec.targets
            bulk_written.send(
                sender=model, pks=pks, before=None, parents_announced=announced, derived=self.derived.written(model)
            )
            self.seconds[f"layers above (bulk_written {model.__name__})"] += time.perf_counter() - clock
        return self.created

    def _check_scope(self, user: Any) -> None:
        """Re-check, inside the transaction, that every staged record is in the user's reach."""
        scope = scoping.unit_scope_query(user, scoping.IMPORT)
        if scope is None:
            return
        model, attname = self.spec.owning_unit
        sql, params = scope.query.sql_with_params()
        query = f'SELECT count(*) FROM "{self.stage_names[model]}" WHERE "{attname}" NOT IN ({sql})'  # noqa: S608
        self.cursor.execute(query, params)
        if self.cursor.fetchone()[0]:
            raise PermissionDenied("Có bản ghi nằm ngoài phạm vi đơn vị được giao cho bạn; không nhập gì cả.")

    def close(self) -> None:
        # The staging tables are dropped with the transaction (ON COMMIT DROP, or its rollback).
        self._wait(raise_errors=False)
        if self.cursor is not None:
            self.cursor.close()
