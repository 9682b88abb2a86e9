"""Issue 13: user and role management — administrators everywhere, province staff within
their subtree and only roles at or below their own; every write audited."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from phongthu.accounts import tokens
from phongthu.accounts.models import Role, RoleAssignment, User
from phongthu.core.models import ObjectChange

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _new_user_data(unit, role=Role.COMMUNE_STAFF, username="canbo.moi"):
    return {
        "username": username,
        "full_name": "Cán bộ Mới",
        "position": "Trợ lý",
        "a-role": role,
        "a-unit": unit.pk,
        "a-include_descendants": "on",
        "a-mode": "ENTER",
        "a-valid_from": "2026-01-01",
        "a-valid_to": "",
    }


def test_province_staff_creates_a_commune_user_audited(province_user, commune_a):
    c = _client(province_user)
    assert c.get("/accounts/users/").status_code == 200
    resp = c.post("/accounts/users/new/", _new_user_data(commune_a))
    assert resp.status_code == 302, resp.content.decode()[:2000]
    user = User.objects.get(username="canbo.moi")
    assert RoleAssignment.objects.filter(user=user, role=Role.COMMUNE_STAFF, unit=commune_a).exists()
    ct = ContentType.objects.get_for_model(User)
    assert ObjectChange.objects.filter(content_type=ct, object_id=str(user.pk), action="create").exists()
    assert c.get(f"/accounts/users/{user.pk}/").status_code == 200


def test_province_staff_cannot_grant_admin_and_keeps_typed_values(province_user, commune_a):
    resp = _client(province_user).post("/accounts/users/new/", _new_user_data(commune_a, role=Role.ADMIN))
    assert resp.status_code == 400
    page = resp.content.decode()
    assert "Cán bộ Mới" in page and "canbo.moi" in page  # every typed value kept
    assert not User.objects.filter(username="canbo.moi").exists()


def test_commune_staff_and_auditors_do_not_manage_users(user_a, make_user, hai_phong):
    assert _client(user_a).get("/accounts/users/").status_code == 403
    assert _client(make_user(Role.AUDITOR, hai_phong)).get("/accounts/users/").status_code == 403


def test_province_staff_sees_no_system_administrator(province_user, admin_user):
    assert _client(province_user).get(f"/accounts/users/{admin_user.pk}/").status_code == 404


def test_reset_deactivate_end_role_and_revoke_token(admin_user, user_a):
    c = _client(admin_user)
    token, _key = tokens.issue(user_a, name="máy báo cáo")
    url = f"/accounts/users/{user_a.pk}/"
    assert c.post(url, {"op": "revoke", "id": token.pk}).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    old_hash = User.objects.get(pk=user_a.pk).password
    assert c.post(url, {"op": "reset"}).status_code == 302
    assert User.objects.get(pk=user_a.pk).password != old_hash
    assignment = user_a.assignments.get()
    assert c.post(url, {"op": "end", "id": assignment.pk}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.valid_to is not None
    assert c.post(url, {"op": "deactivate"}).status_code == 302
    assert not User.objects.get(pk=user_a.pk).is_active
    reasons = set(ObjectChange.objects.filter(object_id=str(user_a.pk)).values_list("reason", flat=True))
    assert {"Đặt lại mật khẩu", "Vô hiệu hóa tài khoản"} <= reasons
