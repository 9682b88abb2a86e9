"""The audit trail: every write recorded with who/when/why and before/after; append-only."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.test import Client

from phongthu.core import audit
from phongthu.core.context import change_context, reason
from phongthu.core.models import ObjectChange
from phongthu.people.models import Person
from phongthu.units.models import Unit

pytestmark = pytest.mark.django_db


def changes_for(obj):
    return ObjectChange.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk))


def test_create_update_delete_are_recorded_with_user_request_and_reason(commune_a, user_a):
    with change_context(user=user_a, request_id="req-1"):
        p = Person.objects.create(full_name="Trần Văn Bình", date_of_birth="2006-05-01", residence_unit=commune_a)
        with reason("Sửa theo giấy khai sinh"):
            p.full_name = "Trần Văn Bính"
            p.save()
        pk = p.pk
        p.delete()
    rows = list(
        ObjectChange.objects.filter(object_id=str(pk), content_type=ContentType.objects.get_for_model(Person)).order_by(
            "id"
        )
    )
    assert [r.action for r in rows] == ["create", "update", "delete"]
    assert all(r.user_name == user_a.username and r.request_id == "req-1" for r in rows)
    assert rows[1].reason == "Sửa theo giấy khai sinh"
    assert rows[1].before["full_name"] == "Trần Văn Bình" and rows[1].after["full_name"] == "Trần Văn Bính"
    assert rows[0].unit_id == commune_a.pk
    assert rows[2].after is None and rows[2].before["full_name"] == "Trần Văn Bính"


def test_a_save_without_change_writes_no_row(commune_a):
    p = Person.objects.create(full_name="Lê Văn C", date_of_birth="2006-05-01", residence_unit=commune_a)
    n = changes_for(p).count()
    p.save()
    assert changes_for(p).count() == n


def test_bulk_helpers_write_change_rows(commune_a):
    people = [Person(full_name=f"Phạm Văn {i}", date_of_birth="2006-01-01", residence_unit=commune_a) for i in range(3)]
    with change_context(job_id="job-42"):
        created = audit.audited_bulk_create(Person, people)
        audit.audited_update(Person.objects.filter(pk__in=[p.pk for p in created]), occupation="Nông dân")
    rows = ObjectChange.objects.filter(job_id="job-42")
    assert rows.filter(action="create").count() == 3
    updates = rows.filter(action="update")
    assert updates.count() == 3
    assert all(u.before["occupation"] == "" and u.after["occupation"] == "Nông dân" for u in updates)


def test_orm_refuses_to_edit_or_delete_audit_rows(commune_a):
    Person.objects.create(full_name="Vũ Văn D", date_of_birth="2006-01-01", residence_unit=commune_a)
    row = ObjectChange.objects.first()
    row.reason = "xóa dấu vết"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()


def test_database_refuses_update_and_delete_even_in_raw_sql(commune_a):
    Person.objects.create(full_name="Đỗ Văn E", date_of_birth="2006-01-01", residence_unit=commune_a)
    table = ObjectChange._meta.db_table
    for sql in (f"UPDATE {table} SET reason = 'x'", f"DELETE FROM {table}"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    with pytest.raises(DatabaseError), transaction.atomic():
        ObjectChange.objects.all().update(reason="x")
    assert ObjectChange.objects.exclude(reason="x").exists()


def test_viewing_a_person_is_logged(commune_a, user_a):
    p = Person.objects.create(full_name="Ngô Văn F", date_of_birth="2006-01-01", residence_unit=commune_a)
    c = Client()
    c.force_login(user_a)
    assert c.get(f"/r/people/person/{p.pk}/").status_code == 200
    assert changes_for(p).filter(action="view", user_name=user_a.username).exists()


def test_history_tab_via_web_edit_records_request_id(commune_a, make_user, hai_phong):
    # Units change only on the administrators' page; its legal basis is the audit reason.
    from phongthu.accounts.models import Role

    c = Client()
    c.force_login(make_user(Role.PROVINCE_ADMIN, hai_phong))
    resp = c.post(
        f"/units/{commune_a.pk}/admin/",
        {
            "op": "rename",
            "rename-name": commune_a.name,
            "rename-short_name": commune_a.short_name,
            "rename-military_name": "Ban CHQS phường (sửa)",
            "rename-legal_basis": "Cập nhật tên cơ quan",
        },
    )
    assert resp.status_code == 302
    change = changes_for(commune_a).filter(action="update").first()
    assert change.reason == "Cập nhật tên cơ quan"
    assert change.request_id == resp["X-Request-ID"]
    assert change.after["military_name"] == "Ban CHQS phường (sửa)"


def test_auditor_screen_filters_and_is_closed_to_others(commune_a, auditor, user_a):
    with change_context(user=user_a):
        Person.objects.create(full_name="Hồ Văn G", date_of_birth="2006-01-01", residence_unit=commune_a)
    c = Client()
    c.force_login(auditor)
    page = c.get("/audit/", {"user": user_a.username, "action": "create"})
    assert page.status_code == 200
    assert "Hồ Văn G" in page.content.decode()
    assert "Hồ Văn G" not in c.get("/audit/", {"user": "nobody"}).content.decode()
    assert "Hồ Văn G" in c.get("/audit/", {"unit": str(commune_a.pk)}).content.decode()
    c.force_login(user_a)
    assert c.get("/audit/").status_code == 403


def test_auditor_reads_records_but_writes_nothing(commune_a, auditor):
    """Issue 13: the auditor reads any record and its History in the audited units, read-only."""
    Person.objects.create(full_name="Mai Văn H", date_of_birth="2006-01-01", residence_unit=commune_a)
    assert Person.objects.restrict(auditor, "view").exists()
    for action in ("add", "change", "delete", "import", "export", "approve"):
        assert not Person.objects.restrict(auditor, action).exists(), action
        assert not Unit.objects.restrict(auditor, action).exists(), action


def test_failed_scope_recheck_rolls_back_the_write_and_its_audit(commune_a, commune_b, user_a):
    from django.core.exceptions import PermissionDenied

    from phongthu.core.services import object_save

    p = Person.objects.create(full_name="Lý Văn K", date_of_birth="2006-01-01", residence_unit=commune_a)
    before = ObjectChange.objects.count()
    p.residence_unit = commune_b  # moving a record out of one's reach
    with pytest.raises(PermissionDenied):
        object_save(obj=p, actor=user_a)
    p.refresh_from_db()
    assert p.residence_unit_id == commune_a.pk
    assert ObjectChange.objects.count() == before


def test_password_hashes_and_logins_stay_out_of_the_trail(user_a):
    c = Client()
    c.force_login(user_a)  # updates last_login
    user_a.set_password("Mat-khau-moi-2026")
    user_a.save()
    rows = changes_for(user_a)
    assert not rows.filter(action="update").exists()
    for row in rows:
        assert "password" not in (row.after or {}) and "password" not in (row.before or {})
