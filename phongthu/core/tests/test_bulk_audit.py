"""The compact audit of bulk writes (issue 14): an import's chunk leaves one summary row in the
auditor's log, filed under the smallest unit holding its records, and one append-only record
row per record, which History reads back as the record's creation."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, IntegrityError, connection, transaction

from phongthu.accounts.models import Role
from phongthu.core import audit, history, scoping
from phongthu.core.context import change_context
from phongthu.core.models import BulkChangeRecord, ObjectChange
from phongthu.people.models import Person
from phongthu.people.tests.test_import import _csv, _row, _run

pytestmark = pytest.mark.django_db


def _import(user, units, job_id="bulk-audit"):
    rows = [_row(n, unit, dob=datetime.date(2001 + n % 6, 1 + n % 12, 1 + n)) for n, unit in enumerate(units, 1)]
    with change_context(user=user, job_id=job_id):
        result = _run(_csv(rows), user)
    assert result.committed, [str(e) for e in result.errors]
    return list(Person.objects.filter(full_name__startswith="Đỗ Văn Nhập").order_by("pk"))


def test_the_smallest_unit_holding_a_chunk(hai_phong, two_regions, commune_a, commune_a2, commune_b):
    region_a = two_regions[0]
    assert scoping.smallest_unit_holding([]) is None
    assert scoping.smallest_unit_holding([None, commune_a.pk]) == commune_a.pk
    assert scoping.smallest_unit_holding([commune_a.pk, commune_a2.pk]) == region_a.pk
    assert scoping.smallest_unit_holding([commune_a.pk, region_a.pk]) == region_a.pk
    assert scoping.smallest_unit_holding([commune_a.pk, commune_b.pk]) == hai_phong.pk


def test_a_region_import_is_one_log_row_under_the_region(make_user, client_for, two_regions, commune_a, commune_a2):
    region_a, region_b = two_regions
    importer = make_user(Role.REGION_STAFF, region_a)
    people = _import(importer, [commune_a, commune_a2, commune_a])
    summary = ObjectChange.objects.get(object_id="*", job_id="bulk-audit")
    assert (summary.action, summary.unit_id, summary.after["records"]) == ("create", region_a.pk, 3)
    # The field names once in the summary; each record row holds its values in that order.
    assert summary.after["fields"] == audit.snapshot_attnames(Person)
    assert summary.object_repr == f"Nhập 3 {Person._meta.verbose_name_plural}"
    assert summary.user_name == importer.username
    records = BulkChangeRecord.objects.filter(change=summary).order_by("object_id")
    assert [(r.object_id, r.unit_id) for r in records] == [(p.pk, p.residence_unit_id) for p in people]
    assert [r.after for r in records] == [list(audit.snapshot(p).values()) for p in people]
    # The region's auditor finds the import in the log; the other region's does not.
    text = client_for(make_user(Role.AUDITOR, region_a)).get("/audit/", {"action": "create"}).content.decode()
    assert summary.object_repr in text
    text = client_for(make_user(Role.AUDITOR, region_b)).get("/audit/", {"action": "create"}).content.decode()
    assert summary.object_repr not in text
    # Each person's History shows its creation: who, the job, what was set.
    for person in people:
        (created,) = history.trail([(Person, person.pk)], exclude=["view"])
        assert (created.action, created.user_name, created.job_id) == ("create", importer.username, "bulk-audit")
        assert created.after["full_name"] == person.full_name
    assert [int(c.object_id) for c in history.created_by_job(Person, "bulk-audit")] == [p.pk for p in people]


def test_record_rows_are_append_only(user_a, commune_a):
    (person,) = _import(user_a, [commune_a])
    record = BulkChangeRecord.objects.get(object_id=person.pk)
    written = record.object_repr
    record.object_repr = "xóa dấu vết"
    with pytest.raises(PermissionError):
        record.save()
    with pytest.raises(PermissionError):
        record.delete()
    table = BulkChangeRecord._meta.db_table
    for sql in (f"UPDATE {table} SET object_repr = 'x'", f"DELETE FROM {table}"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    # Re-inserting a record's key (SQLite's INSERT OR REPLACE would overwrite it) is refused too.
    replace = "INSERT OR REPLACE" if connection.vendor == "sqlite" else "INSERT"
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            f"{replace} INTO {table} (object_id, change_id, unit_id, object_repr, after) VALUES (%s, %s, NULL, 'x', '{{}}')",
            [record.object_id, record.change_id],
        )
    assert [r.object_repr for r in BulkChangeRecord.objects.all()] == [written]


def test_history_of_an_imported_record_lists_later_edits_first(user_a, commune_a):
    (person,) = _import(user_a, [commune_a])
    with change_context(user=user_a, reason="Sửa nghề nghiệp"):
        person.occupation = "Nông dân"
        person.save()
    trail = history.trail([(Person, person.pk)])
    assert [c.action for c in trail] == ["update", "create"]
    assert trail[0].content_type_id == trail[1].content_type_id == ContentType.objects.get_for_model(Person).pk
