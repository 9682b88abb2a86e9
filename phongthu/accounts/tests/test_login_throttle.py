"""Login throttling: a user name earns a short, progressive delay (never a lock the victim
can't get out of); a client IP is blocked hard; behind a trusted proxy the real client counts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from phongthu.accounts import throttle
from phongthu.accounts.models import LoginThrottle
from phongthu.core.client_ip import client_ip

pytestmark = pytest.mark.django_db

GOOD = "Mat-khau-2025"


def login(c: Client, username: str, password: str) -> Any:
    return c.post("/accounts/login/", {"username": username, "password": password})


def expire_delay(username: str) -> None:
    """Stand in for waiting: the delay ends now."""
    LoginThrottle.objects.filter(username=username).update(blocked_until=timezone.now() - datetime.timedelta(seconds=1))


def test_delays_grow_and_are_capped():
    assert [throttle.delay_after(n) for n in range(throttle.FREE_FAILURES)] == [0] * throttle.FREE_FAILURES
    grown = [throttle.delay_after(n) for n in range(throttle.FREE_FAILURES, throttle.FREE_FAILURES + 4)]
    assert grown == sorted(grown) and grown[0] > 0 and grown[-1] > grown[0]
    assert throttle.delay_after(1000) == settings.LOGIN_MAX_DELAY_SECONDS


def test_wrong_passwords_delay_the_name_with_a_vietnamese_message(user_a):
    attacker = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(throttle.FREE_FAILURES):
        assert login(attacker, user_a.username, "sai-mat-khau").status_code == 200
    waiting = login(Client(REMOTE_ADDR="10.0.0.2"), user_a.username, GOOD)  # even the right password waits
    assert waiting.status_code == 200
    body = waiting.content.decode()
    assert "Vui lòng thử lại sau" in body and "giây" in body
    # Tries during the wait are not guesses: they neither count nor lengthen the wait.
    failures = LoginThrottle.objects.get(username=user_a.username).failures
    login(attacker, user_a.username, "sai-nua")
    assert LoginThrottle.objects.get(username=user_a.username).failures == failures


def test_an_attacker_on_ip_a_cannot_lock_x_out_but_gets_ip_a_blocked(user_a, user_b):
    ip_a = Client(REMOTE_ADDR="10.1.1.1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        expire_delay(user_a.username)  # the attacker waits out each delay, then guesses again
        login(ip_a, user_a.username, "sai-mat-khau")
    # IP A is blocked, whatever name and password it sends.
    blocked = login(ip_a, user_b.username, GOOD)
    assert blocked.status_code == 429 and "tạm bị khóa" in blocked.content.decode()
    # X, from IP B, after the (capped) delay, logs in.
    assert throttle.seconds_to_wait(user_a.username) <= settings.LOGIN_MAX_DELAY_SECONDS
    expire_delay(user_a.username)
    ip_b = Client(REMOTE_ADDR="10.2.2.2")
    resp = login(ip_b, user_a.username, GOOD)
    assert resp.status_code == 302 and ip_b.session["_auth_user_id"] == str(user_a.pk)
    assert not LoginThrottle.objects.filter(username=user_a.username).exists()  # success resets


def test_the_delay_is_short_not_a_lock(user_a):
    attacker = Client(REMOTE_ADDR="10.3.3.3")
    for _ in range(throttle.FREE_FAILURES + 10):
        expire_delay(user_a.username)
        login(attacker, user_a.username, "sai-mat-khau")
    assert 0 < throttle.seconds_to_wait(user_a.username) <= settings.LOGIN_MAX_DELAY_SECONDS


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_client_ip_is_read_from_a_trusted_proxy_only():
    rf = RequestFactory()
    via_proxy = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(via_proxy) == "203.0.113.7"
    spoofed = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7")
    assert client_ip(spoofed) == "203.0.113.7"  # the left part is the client's own claim
    direct = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_ip(direct) == "203.0.113.9"
    garbage = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-ip")
    assert client_ip(garbage) == "127.0.0.1"


def test_without_trusted_proxies_the_header_is_ignored():
    rf = RequestFactory()
    assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")) == "127.0.0.1"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_the_proxy_one_client_is_blocked_not_everyone(user_b):
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
    for i in range(settings.AXES_FAILURE_LIMIT):
        login(attacker, f"khong-co-{i}", "sai-mat-khau")
    assert login(attacker, user_b.username, GOOD).status_code == 429
    colleague = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.67")
    assert login(colleague, user_b.username, GOOD).status_code == 302
