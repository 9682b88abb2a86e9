"""A bulk import leaves a complete audit: every record it created reads back its creation (who,
the job, the snapshot) from the audit trail (a summary row per chunk in core_objectchange, a
row per record in core_bulkchangerecord), and the record's History tab shows it — whatever
layout and indexes the audit table has (bench/RESULTS.md §1)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from phongthu.core import history as audit_trail
from phongthu.core.audit import snapshot
from phongthu.core.context import change_context
from phongthu.core.models import BulkChangeRecord, ObjectChange, StatusChange
from phongthu.military_service.importers import RegisterImportSpec
from phongthu.military_service.models import MilitaryServiceRegistration
from phongthu.people.crud import PersonCrud
from phongthu.people.models import Person
from phongthu.people.tests.test_import import HEADER, _csv, _row, _run

pytestmark = pytest.mark.django_db


def test_every_imported_record_reads_its_creation_back_from_the_audit(commune_a, user_a):
    header = [*HEADER, "Ngày đăng ký NVQS", "Số GCN đăng ký"]
    rows = [
        [*_row(n, commune_a, dob=datetime.date(2000 + n % 7, 1 + n % 12, 1 + n % 28)), "08/04/2024", f"{n}/GCN"]
        for n in range(1, 41)
    ]
    with change_context(user=user_a, job_id="job-audit-test"):
        result = _run(_csv(rows, header=header), user_a, spec=RegisterImportSpec)
    assert result.committed and result.created == 40, [str(e) for e in result.errors]
    people = list(Person.objects.filter(full_name__startswith="Đỗ Văn Nhập"))
    files = list(MilitaryServiceRegistration.objects.filter(person__in=people))
    assert len(people) == 40 and len(files) == 40
    for model, records in ((Person, people), (MilitaryServiceRegistration, files)):
        for record in records:
            trail = audit_trail.trail([(model, record.pk)])
            assert [c.action for c in trail] == ["create"]  # its creation, exactly once
            change = trail[0]
            assert change.object_id == str(record.pk) and change.after == snapshot(record)
            assert (change.user_id, change.user_name, change.job_id) == (user_a.pk, user_a.username, "job-audit-test")
        # The compact layout: one summary row per chunk, filed under the smallest unit holding
        # its records (here the commune), that the auditor's log lists; one record row each.
        content_type = ContentType.objects.get_for_model(model)
        summaries = ObjectChange.objects.filter(content_type=content_type, object_id="*", job_id="job-audit-test")
        assert [(s.action, s.after["records"], s.unit_id) for s in summaries] == [("create", 40, commune_a.pk)]
        assert BulkChangeRecord.objects.filter(change=summaries[0]).count() == 40
    opened = StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(MilitaryServiceRegistration),
        object_id__in=[str(f.pk) for f in files],
    )
    assert opened.count() == 40
    client = Client()
    client.force_login(user_a)
    page = client.get(PersonCrud.url("detail", people[0].pk), {"tab": "history"})
    assert page.status_code == 200
    # The History tab: this very visit is logged too; the creation lists what was set.
    history = [(entry, changes) for entry, changes in page.context["history"] if entry.action != "view"]
    assert [entry.action for entry, _c in history] == ["create"] and history[0][0].object_id == str(people[0].pk)
    assert history[0][1], "the creation shows the values it set"
