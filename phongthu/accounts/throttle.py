"""Login throttling that an attacker cannot turn against a victim.

Per user name: a progressive, capped delay (the first few failures are free, then 2, 4, 8 …
seconds up to settings.LOGIN_MAX_DELAY_SECONDS). The account is never locked: after the wait
its owner logs in from anywhere. Attempts refused during the wait are not counted, so
retrying does not lengthen it. Per client IP: django-axes blocks hard (settings.AXES_*),
with the client IP taken from a trusted proxy only (phongthu.core.client_ip).
"""

from __future__ import annotations

import datetime
import math
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phongthu.accounts.models import LoginThrottle

FREE_FAILURES = 3
BASE_DELAY_SECONDS = 2


def delay_after(failures: int) -> int:
    """Seconds to wait after `failures` consecutive failed attempts on one user name."""
    if failures < FREE_FAILURES:
        return 0
    cap = int(getattr(settings, "LOGIN_MAX_DELAY_SECONDS", 60))
    return int(min(BASE_DELAY_SECONDS * 2 ** min(failures - FREE_FAILURES, 30), cap))


def seconds_to_wait(username: str, now: datetime.datetime | None = None) -> int:
    row = LoginThrottle.objects.filter(username=username[:150]).only("blocked_until").first()
    if row is None or row.blocked_until is None:
        return 0
    left = (row.blocked_until - (now or timezone.now())).total_seconds()
    return max(math.ceil(left), 0)


def record_failure(username: str) -> None:
    now = timezone.now()
    window = datetime.timedelta(seconds=int(getattr(settings, "LOGIN_FAILURE_WINDOW_SECONDS", 3600)))
    row, _created = LoginThrottle.objects.get_or_create(username=username[:150])
    if row.last_failure_at is not None and now - row.last_failure_at > window:
        LoginThrottle.objects.filter(pk=row.pk).update(failures=0)  # an old streak is forgotten
    LoginThrottle.objects.filter(pk=row.pk).update(failures=F("failures") + 1, last_failure_at=now)
    row.refresh_from_db(fields=["failures"])
    wait = delay_after(row.failures)
    LoginThrottle.objects.filter(pk=row.pk).update(
        blocked_until=now + datetime.timedelta(seconds=wait) if wait else None
    )


def reset(username: str) -> None:
    LoginThrottle.objects.filter(username=username[:150]).delete()


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị vô hiệu hóa."),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if username:
            wait = seconds_to_wait(username)
            if wait:
                # No password check at all while waiting: not a guess, and not counted.
                raise forms.ValidationError(
                    _("Đã nhập sai nhiều lần với tên đăng nhập này. Vui lòng thử lại sau %(n)d giây."),
                    code="throttled",
                    params={"n": wait},
                )
        return super().clean()


@receiver(user_login_failed, dispatch_uid="phongthu_login_throttle_failed")
def _on_failure(sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any) -> None:
    username = credentials.get("username")
    if not username or request is None:
        return  # only interactive logins are throttled (tokens never carry a password)
    if getattr(request, "axes_locked_out", False):
        return  # a blocked IP's tries are not guesses and must not delay the victim further
    record_failure(str(username))


@receiver(user_logged_in, dispatch_uid="phongthu_login_throttle_success")
def _on_success(sender: Any, request: Any, user: Any, **kw: Any) -> None:
    reset(user.get_username())
