"""An import written chunk by chunk (PostgreSQL writes each chunk while the next is validated)
stays all or nothing: an error or a duplicate found in a later chunk leaves nothing of the earlier
chunks; "only the valid rows" writes every valid row of every chunk, each with its audit row.
The chunk size is made small (the same code runs with 5,000 rows per chunk)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from phongthu.core import bulk
from phongthu.core.context import change_context
from phongthu.core.models import BulkChangeRecord, ObjectChange
from phongthu.military_service.tests.fixtures import cccd_for
from phongthu.people.models import Person
from phongthu.people.tests.test_import import _csv, _row, _run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(bulk, "BATCH", 2)


def _rows(commune, n=7):
    return [_row(i, commune, dob=datetime.date(2000 + i, 1 + i, 1 + i)) for i in range(1, n + 1)]


def _created_audit() -> int:
    """People whose creation the import's audit holds (one record row each, under its chunk's
    summary); the summaries' counts must say the same."""
    summaries = ObjectChange.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), action="create", job_id="chunks", object_id="*"
    )
    records = BulkChangeRecord.objects.filter(change__in=summaries).count()
    assert records == sum((s.after or {})["records"] for s in summaries)
    return records


def test_an_error_in_a_later_chunk_leaves_nothing_written(commune_a, user_a):
    rows = _rows(commune_a)
    rows[5][2] = "31/02/2006"  # line 7, the fourth chunk
    with change_context(user=user_a, job_id="chunks"):
        result = _run(_csv(rows), user_a)
    assert not result.committed and result.created == 0
    assert [(e.line, e.column) for e in result.errors] == [(7, "C")]
    assert not Person.objects.filter(full_name__startswith="Đỗ Văn Nhập").exists()
    assert _created_audit() == 0


def test_a_duplicate_found_in_the_database_in_a_later_chunk_leaves_nothing_written(commune_a, user_a, make_person):
    rows = _rows(commune_a)
    make_person(commune_a, dob=datetime.date(2006, 7, 7), id_number=rows[5][3])
    with change_context(user=user_a, job_id="chunks"):
        result = _run(_csv(rows), user_a)
    assert not result.committed and result.duplicates == 1
    assert not Person.objects.filter(full_name__startswith="Đỗ Văn Nhập").exists()
    assert _created_audit() == 0


def test_only_the_valid_rows_writes_every_valid_row_of_every_chunk(commune_a, user_a, make_person):
    rows = _rows(commune_a)
    rows[1][2] = "không rõ"  # line 3: refused
    make_person(commune_a, dob=datetime.date(2006, 7, 7), id_number=rows[5][3])  # line 7: already stored
    rows.append(_row(8, commune_a, dob=datetime.date(2008, 8, 8), cccd=cccd_for(datetime.date(2008, 8, 8))))
    with change_context(user=user_a, job_id="chunks"):
        result = _run(_csv(rows), user_a, valid_only=True)
    assert result.committed and result.created == 6
    names = set(Person.objects.filter(full_name__startswith="Đỗ Văn Nhập").values_list("full_name", flat=True))
    assert names == {f"Đỗ Văn Nhập {i}" for i in (1, 3, 4, 5, 7, 8)}
    assert _created_audit() == 6


def test_a_dry_run_writes_nothing(commune_a, user_a):
    with change_context(user=user_a, job_id="chunks"):
        result = _run(_csv(_rows(commune_a)), user_a, commit=False)
    assert result.valid == 7 and not result.committed
    assert not Person.objects.filter(full_name__startswith="Đỗ Văn Nhập").exists()
