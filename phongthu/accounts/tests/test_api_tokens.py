"""API tokens: stored hashed, expiring, revoked with the password or the account, listed
and revoked by their owner, rotated by command or button."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from phongthu.accounts import tokens
from phongthu.accounts.models import ApiToken

pytestmark = pytest.mark.django_db

API = "/api/v1/units/unit/"


def get(key: str, *, scheme: str = "Token") -> Any:
    return Client().get(API, HTTP_AUTHORIZATION=f"{scheme} {key}")


def test_only_a_hash_of_the_key_is_stored(user_a):
    token, key = tokens.issue(user_a, name="máy báo cáo")
    with connection.cursor() as cur:
        cur.execute(f"SELECT * FROM {ApiToken._meta.db_table}")
        dump = repr(cur.fetchall())
    assert key not in dump and key[len(tokens.KEY_PREFIX) :] not in dump
    assert token.key_hash == tokens.hash_key(key) and len(token.key_hash) == 64
    assert get(key).status_code == 200
    assert get(key, scheme="Bearer").status_code == 200


@override_settings(API_TOKEN_DAYS=7)
def test_tokens_expire_after_the_configured_days(user_a):
    token, key = tokens.issue(user_a)
    left = token.expires_at - timezone.now()
    assert datetime.timedelta(days=6, hours=23) < left <= datetime.timedelta(days=7)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    resp = get(key)
    assert resp.status_code == 401
    assert "hết hạn" in resp.json()["detail"]


def test_password_change_revokes_tokens(user_a):
    token, key = tokens.issue(user_a)
    c = Client()
    c.force_login(user_a)
    resp = c.post(
        "/accounts/password/",
        {
            "old_password": "Mat-khau-2025",
            "new_password1": "Quoc-phong-2026-moi",
            "new_password2": "Quoc-phong-2026-moi",
        },
    )
    assert resp.status_code == 302, resp.content
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_reason == "Đổi mật khẩu"
    resp = get(key)
    assert resp.status_code == 401 and "thu hồi" in resp.json()["detail"]


def test_deactivation_revokes_tokens_and_a_raw_deactivation_is_still_refused(user_a, user_b):
    token, key = tokens.issue(user_a)
    user_a.is_active = False
    user_a.save()
    token.refresh_from_db()
    assert token.revoked_reason == "Tài khoản bị vô hiệu hóa"
    assert get(key).status_code == 401
    # A bulk UPDATE skips signals; the authentication still checks the account.
    _t, key_b = tokens.issue(user_b)
    type(user_b).objects.filter(pk=user_b.pk).update(is_active=False)
    assert get(key_b).status_code == 401


def test_an_unrelated_save_of_the_user_keeps_tokens(user_a):
    token, key = tokens.issue(user_a)
    user_a.full_name = "Nguyễn Văn Đổi Tên"
    user_a.save()
    token.refresh_from_db()
    assert token.revoked_at is None and get(key).status_code == 200


def test_last_use_is_recorded(user_a):
    token, key = tokens.issue(user_a)
    assert token.last_used_at is None
    get(key)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_token_page_lists_own_tokens_and_revokes_them(user_a, user_b):
    mine, key = tokens.issue(user_a, name="máy báo cáo")
    theirs, _k = tokens.issue(user_b, name="máy của người khác")
    c = Client()
    c.force_login(user_a)
    page = c.get("/accounts/tokens/").content.decode()
    assert "máy báo cáo" in page and mine.prefix in page
    assert "máy của người khác" not in page and key not in page
    assert c.post(f"/accounts/tokens/{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert c.post(f"/accounts/tokens/{mine.pk}/revoke/").status_code == 302
    mine.refresh_from_db()
    assert mine.revoked_at is not None and mine.revoked_reason == "Người dùng tự thu hồi"
    assert get(key).status_code == 401
    assert "Đã thu hồi" in c.get("/accounts/tokens/").content.decode()


def test_the_token_page_issues_a_key_shown_once_and_rotates_it(user_a):
    c = Client()
    c.force_login(user_a)
    resp = c.post("/accounts/tokens/", {"name": "đồng bộ"})
    assert resp.status_code == 200
    key = resp.context["new_key"]
    assert key in resp.content.decode() and get(key).status_code == 200
    assert key not in c.get("/accounts/tokens/").content.decode()
    token = ApiToken.objects.get(user=user_a)
    rotated = c.post(f"/accounts/tokens/{token.pk}/rotate/")
    new_key = rotated.context["new_key"]
    assert new_key != key
    assert get(key).status_code == 401 and get(new_key).status_code == 200
    assert ApiToken.objects.usable().get(user=user_a).name == "đồng bộ"


def test_the_command_prints_a_new_key_each_time_and_rotate_revokes_the_old(user_a):
    first, second, third = io.StringIO(), io.StringIO(), io.StringIO()
    call_command("issue_api_token", user_a.username, stdout=first)
    call_command("issue_api_token", user_a.username, "--name", "thứ hai", "--days", "30", stdout=second)
    k1, k2 = first.getvalue().strip(), second.getvalue().strip()
    assert k1 != k2 and get(k1).status_code == 200 and get(k2).status_code == 200
    call_command("issue_api_token", user_a.username, "--rotate", stdout=third)
    k3 = third.getvalue().strip()
    assert get(k1).status_code == 401 and get(k2).status_code == 401 and get(k3).status_code == 200


def test_the_command_refuses_an_inactive_user_and_bad_days(user_a):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("issue_api_token", user_a.username, "--days", "0")
    user_a.is_active = False
    user_a.save()
    with pytest.raises(CommandError):
        call_command("issue_api_token", user_a.username)


def test_malformed_authorization_is_a_clean_401(user_a):
    c = Client()
    for header in ("Token", "Token a b", "Token \u00e9\u00e9"):
        resp = c.get(API, HTTP_AUTHORIZATION=header)
        assert resp.status_code == 401, header
