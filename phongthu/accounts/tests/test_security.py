"""Security basics: Argon2, lockout, cookies, headers, password policy, tokens."""

from __future__ import annotations

import io
import json

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from phongthu.accounts import tokens
from phongthu.accounts.models import ApiToken, User

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2(user_a):
    assert user_a.password.startswith("argon2$")


def test_an_ip_is_blocked_after_repeated_failures(make_user):
    # Different names, so the per-name delay never engages: only the IP limit can stop this.
    c = Client(REMOTE_ADDR="10.9.8.7")
    victims = [make_user("COMMUNE_STAFF", None) for _ in range(2)]
    for i in range(settings.AXES_FAILURE_LIMIT):
        c.post("/accounts/login/", {"username": f"khong-co-{i}", "password": "sai-mat-khau-1"})
    locked = c.post("/accounts/login/", {"username": victims[0].username, "password": "Mat-khau-2025"})
    assert locked.status_code in (403, 429)
    assert "tạm bị khóa" in locked.content.decode()
    assert "_auth_user_id" not in c.session
    elsewhere = Client(REMOTE_ADDR="10.9.8.8")
    ok = elsewhere.post("/accounts/login/", {"username": victims[1].username, "password": "Mat-khau-2025"})
    assert ok.status_code == 302


def test_login_works_and_sets_session(user_a):
    c = Client()
    resp = c.post("/accounts/login/", {"username": user_a.username, "password": "Mat-khau-2025"})
    assert resp.status_code == 302
    assert c.session["_auth_user_id"] == str(user_a.pk)


def test_security_headers_on_every_page(client):
    resp = client.get("/accounts/login/")
    assert resp.status_code == 200
    csp = resp["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert resp["X-Frame-Options"] == "DENY"
    assert resp["Referrer-Policy"] == "same-origin"


def test_cookies_are_secure_by_default_outside_debug():
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"


@pytest.mark.parametrize(
    "password",
    ["short1", "chuaco_so_nao_ca", "1234567890123", "password123"],
)
def test_password_policy_rejects_weak_passwords(password):
    with pytest.raises(ValidationError):
        validate_password(password, User(username="nguoidung"))


def test_password_policy_accepts_a_good_password():
    validate_password("Quoc-phong-2025-an-toan", User(username="nguoidung"))


def test_issue_api_token_and_use_it(user_a, commune_a):
    out = io.StringIO()
    call_command("issue_api_token", user_a.username, stdout=out)
    key = out.getvalue().strip()
    stored = ApiToken.objects.get(user=user_a)
    assert stored.key_hash == tokens.hash_key(key) and key not in (stored.key_hash, stored.prefix)
    c = Client()
    ok = c.get("/api/v1/units/unit/", HTTP_AUTHORIZATION=f"Token {key}")
    assert ok.status_code == 200
    ids = {u["id"] for u in ok.json()["results"]}
    assert commune_a.pk in ids
    assert c.get("/api/v1/units/unit/", HTTP_AUTHORIZATION="Token sai").status_code == 401
    assert c.get("/api/v1/units/unit/").status_code == 401


def test_token_writes_are_audited_as_the_token_user(user_a, commune_a):
    from phongthu.activities.crud.exercises import ExerciseCrud
    from phongthu.core.models import ObjectChange
    from phongthu.core.tests.factories import sample

    record = sample(ExerciseCrud, commune_a)  # units themselves are not edited through the API
    _token, key = tokens.issue(user_a)
    c = Client()
    resp = c.patch(
        f"/api/v1/activities/exercise/{record.pk}/",
        data='{"note": "ghi chú qua API"}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert resp.status_code == 200, resp.content
    change = ObjectChange.objects.filter(object_id=str(record.pk), action="update").first()
    assert change.user_name == user_a.username


def test_unknown_user_token_command_fails():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("issue_api_token", "khong-co")


def test_model_validation_errors_are_400_not_500(user_a, commune_a):
    _token, key = tokens.issue(user_a)
    c = Client()
    resp = c.post(
        "/api/v1/people/person/",
        data=json.dumps(
            {
                "full_name": "Nguyễn Văn Z",
                "date_of_birth": "2006-02-03",
                "sex": "male",
                "id_number": "031306000001",
                "residence_unit": commune_a.pk,
            }
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    # The CCCD's century/sex digit says female born 2006: a model-level error, reported as 400.
    assert resp.status_code == 400, resp.content
    assert "id_number" in resp.json()
