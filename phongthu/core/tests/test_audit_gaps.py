"""Audit gaps closed: API reads of personal records, unit-less rows on the auditor's screen,
token issue/rotation, status history append-only in the database, INSERT OR REPLACE refused,
one request-id rule for pages and API."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.test import Client

from phongthu.accounts import tokens
from phongthu.accounts.models import ApiToken, Role
from phongthu.core.context import change_context, client_request_id
from phongthu.core.crud import registry
from phongthu.core.models import ObjectChange, StatusChange
from phongthu.core.tests.factories import sample
from phongthu.people.models import Person

pytestmark = pytest.mark.django_db

LOGGED = sorted((c for c in registry.values() if c.log_views and c.api), key=lambda c: f"{c.app_label}.{c.slug}")


def views_of(obj: Any) -> Any:
    ct = ContentType.objects.get_for_model(type(obj))
    return ObjectChange.objects.filter(content_type=ct, object_id=str(obj.pk), action=ObjectChange.Action.VIEW)


def api_client(user: Any) -> Client:
    _token, key = tokens.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


@pytest.mark.parametrize("config", LOGGED, ids=[f"{c.app_label}.{c.slug}" for c in LOGGED])
def test_api_detail_of_a_personal_record_is_logged(config, commune_a, user_a):
    obj = sample(config, commune_a)
    c = api_client(user_a)
    resp = c.get(f"/api/v1/{config.app_label}/{config.slug}/{obj.pk}/", HTTP_X_REQUEST_ID="api-read-1")
    assert resp.status_code == 200, resp.content
    row = views_of(obj).get()
    assert row.user_name == user_a.username
    assert row.request_id == "api-read-1"
    assert row.unit_id is not None


@pytest.mark.parametrize("config", LOGGED, ids=[f"{c.app_label}.{c.slug}" for c in LOGGED])
def test_api_list_logs_each_listed_record_and_nothing_else(config, commune_a, commune_b, user_a):
    mine = sample(config, commune_a)
    other = sample(config, commune_b)
    c = api_client(user_a)
    resp = c.get(f"/api/v1/{config.app_label}/{config.slug}/", {"limit": 500})
    assert resp.status_code == 200, resp.content
    listed = {r["id"] for r in resp.json()["results"]}
    assert mine.pk in listed and other.pk not in listed
    assert views_of(mine).filter(user_name=user_a.username).count() == 1
    assert not views_of(other).exists()
    ct = ContentType.objects.get_for_model(config.model)
    logged = set(
        ObjectChange.objects.filter(content_type=ct, action="view", user_name=user_a.username).values_list(
            "object_id", flat=True
        )
    )
    assert logged == {str(pk) for pk in listed}


def test_api_reads_of_records_without_log_views_write_no_view_rows(commune_a, user_a):
    c = api_client(user_a)
    before = ObjectChange.objects.filter(action="view").count()
    assert c.get("/api/v1/units/unit/").status_code == 200
    assert c.get(f"/api/v1/units/unit/{commune_a.pk}/").status_code == 200
    assert ObjectChange.objects.filter(action="view").count() == before


def _unitless_row(user: Any) -> ObjectChange:
    with change_context(user=user):
        tokens.issue(user, name="máy báo cáo")
    return ObjectChange.objects.filter(content_type=ContentType.objects.get_for_model(ApiToken)).latest("id")


def test_province_auditor_sees_unitless_rows_and_can_filter_them(commune_a, auditor, user_a):
    row = _unitless_row(user_a)
    assert row.unit_id is None
    with change_context(user=user_a):
        Person.objects.create(full_name="Hồ Văn Có Đơn Vị", date_of_birth="2006-01-01", residence_unit=commune_a)
    c = Client()
    c.force_login(auditor)
    body = c.get("/audit/").content.decode()
    assert row.object_repr in body and "Hồ Văn Có Đơn Vị" in body
    only = c.get("/audit/", {"nounit": "1"}).content.decode()
    assert row.object_repr in only and "Hồ Văn Có Đơn Vị" not in only
    assert "không gắn đơn vị" in only


def test_ward_auditor_sees_own_unit_rows_but_not_unitless_ones(commune_a, make_user, user_a):
    ward_auditor = make_user(Role.AUDITOR, commune_a)
    row = _unitless_row(user_a)
    with change_context(user=user_a):
        Person.objects.create(full_name="Lê Văn Trong Xã", date_of_birth="2006-01-01", residence_unit=commune_a)
    c = Client()
    c.force_login(ward_auditor)
    body = c.get("/audit/").content.decode()
    assert "Lê Văn Trong Xã" in body
    assert row.object_repr not in body
    assert row.object_repr not in c.get("/audit/", {"nounit": "1"}).content.decode()


def test_token_issue_and_rotation_are_audited(user_a):
    from django.core.management import call_command

    call_command("issue_api_token", user_a.username, stdout=_Sink())
    call_command("issue_api_token", user_a.username, "--rotate", stdout=_Sink())
    ct = ContentType.objects.get_for_model(ApiToken)
    rows = list(ObjectChange.objects.filter(content_type=ct).order_by("id"))
    assert [r.action for r in rows] == ["create", "update", "create"]
    assert rows[0].reason == "Cấp mã truy cập API"
    assert rows[1].reason == rows[2].reason == "Xoay vòng mã truy cập API"
    assert rows[1].after["revoked_at"] is not None
    assert all(r.job_id == "issue_api_token" for r in rows)
    assert all("key_hash" not in (r.after or {}) for r in rows)


class _Sink:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


def _status_row() -> StatusChange:
    return StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(Person), object_id="1", from_status="", to_status="X"
    )


def test_status_history_refuses_update_and_delete_in_orm_and_raw_sql():
    row = _status_row()
    with pytest.raises(PermissionError):
        row.delete()
    table = StatusChange._meta.db_table
    for sql in (f"UPDATE {table} SET to_status = 'Y'", f"DELETE FROM {table}"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    with pytest.raises(DatabaseError), transaction.atomic():
        StatusChange.objects.filter(pk=row.pk).update(to_status="Y")
    assert StatusChange.objects.get(pk=row.pk).to_status == "X"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_status_history_refuses_truncate_on_postgresql():
    _status_row()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"TRUNCATE {StatusChange._meta.db_table}")


@pytest.mark.parametrize("model", [ObjectChange, StatusChange], ids=["objectchange", "statuschange"])
def test_replacing_an_audit_row_is_refused_in_raw_sql(model, commune_a):
    Person.objects.create(full_name="Đinh Văn R", date_of_birth="2006-01-01", residence_unit=commune_a)
    row = model.objects.first() if model is ObjectChange else _status_row()
    table = model._meta.db_table
    ct = ContentType.objects.get_for_model(Person).pk
    if connection.vendor == "sqlite":
        sql = (
            f"INSERT OR REPLACE INTO {table} (id, content_type_id, object_id, time, reason, action, object_repr, "
            "user_name, request_id, job_id) VALUES (%s, %s, 'x', '2020-01-01', 'giả mạo', 'view', 'x', '', '', '')"
            if model is ObjectChange
            else f"INSERT OR REPLACE INTO {table} (id, content_type_id, object_id, field, from_status, to_status, "
            "time, actor_name, reason, legal_ground, decision_ref) "
            "VALUES (%s, %s, 'x', 'status', '', 'giả mạo', '2020-01-01', '', 'giả mạo', '', '')"
        )
        params = [row.pk, ct]
    else:  # the PostgreSQL spelling of a replace: an upsert
        sql = (
            f"INSERT INTO {table} (id, content_type_id, object_id, time, reason, action, object_repr, user_name, "
            "request_id, job_id) VALUES (%s, %s, 'x', now(), 'giả mạo', 'view', 'x', '', '', '') "
            "ON CONFLICT (id) DO UPDATE SET reason = EXCLUDED.reason"
            if model is ObjectChange
            else f"INSERT INTO {table} (id, content_type_id, object_id, field, from_status, to_status, time, "
            "actor_name, reason, legal_ground, decision_ref) "
            "VALUES (%s, %s, 'x', 'status', '', 'giả mạo', now(), '', 'giả mạo', '', '') "
            "ON CONFLICT (id) DO UPDATE SET reason = EXCLUDED.reason"
        )
        params = [row.pk, ct]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql, params)
    assert model.objects.get(pk=row.pk).reason != "giả mạo"


def test_a_fresh_insert_into_the_audit_tables_still_works(commune_a):
    n = ObjectChange.objects.count()
    Person.objects.create(full_name="Tạ Văn Mới", date_of_birth="2006-01-01", residence_unit=commune_a)
    _status_row()
    assert ObjectChange.objects.count() == n + 1


def _exercise(unit):
    from phongthu.activities.crud.exercises import ExerciseCrud

    return sample(ExerciseCrud, unit)  # units themselves are not edited through the API


def test_request_id_is_cut_the_same_way_in_pages_and_api(commune_a, user_a):
    long_id = "r" * 100 + "\n\x00é"
    expected = client_request_id(long_id)
    assert expected == "r" * 64
    page = Client()
    page.force_login(user_a)
    resp = page.get("/", HTTP_X_REQUEST_ID=long_id)
    assert resp["X-Request-ID"] == expected
    record = _exercise(commune_a)
    api = api_client(user_a)
    resp = api.patch(
        f"/api/v1/activities/exercise/{record.pk}/",
        data='{"note": "qua API"}',
        content_type="application/json",
        HTTP_X_REQUEST_ID=long_id,
    )
    assert resp.status_code == 200, resp.content
    assert resp["X-Request-ID"] == expected
    ids = set(
        ObjectChange.objects.filter(object_id=str(record.pk), action="update").values_list("request_id", flat=True)
    )
    assert ids == {expected}


def test_api_audit_rows_carry_the_id_the_response_echoes(commune_a, user_a):
    record = _exercise(commune_a)
    api = api_client(user_a)
    resp = api.patch(
        f"/api/v1/activities/exercise/{record.pk}/", data='{"note": "không có mã"}', content_type="application/json"
    )
    assert resp.status_code == 200
    row = ObjectChange.objects.filter(object_id=str(record.pk), action="update").latest("id")
    assert row.request_id == resp["X-Request-ID"]
