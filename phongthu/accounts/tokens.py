"""API tokens: issue (shown once), rotate, revoke, and the DRF authentication that checks them.

Keys are random, stored only as SHA-256 (a key has 256 bits of entropy, so a plain hash is
enough; no slow hash needed), expire after settings.API_TOKEN_DAYS, and die with the user's
password or active flag. Every issue, rotation and revocation is an audited save.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from phongthu.accounts.models import ApiToken, User
from phongthu.core.context import reason as audit_reason

KEY_PREFIX = "pt_"
PREFIX_LENGTH = 11  # "pt_" + 8 characters: enough to tell a user's keys apart, useless to guess
LAST_USED_GRANULARITY = datetime.timedelta(minutes=1)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def default_days() -> int:
    return int(getattr(settings, "API_TOKEN_DAYS", 90))


def default_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=default_days())


@transaction.atomic
def issue(user: User, *, name: str = "", days: int | None = None, why: str = "") -> tuple[ApiToken, str]:
    """A new key for `user`; the plaintext is returned here and never stored."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    expires = timezone.now() + datetime.timedelta(days=days) if days else default_expiry()
    with audit_reason(why or _("Cấp mã truy cập API")):
        token = ApiToken.objects.create(
            user=user, name=name[:100], prefix=key[:PREFIX_LENGTH], key_hash=hash_key(key), expires_at=expires
        )
    return token, key


def revoke(token: ApiToken, *, why: str) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.revoked_reason = why[:200]
    with audit_reason(why):
        token.save(update_fields=["revoked_at", "revoked_reason"])


def revoke_all(user: User, *, why: str) -> int:
    tokens = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True))
    for token in tokens:
        revoke(token, why=why)
    return len(tokens)


@transaction.atomic
def rotate(user: User, *, token: ApiToken | None = None, days: int | None = None) -> tuple[ApiToken, str]:
    """Revoke one key (or all of the user's keys) and issue its replacement."""
    why = _("Xoay vòng mã truy cập API")
    if token is None:
        revoke_all(user, why=why)
        return issue(user, days=days, why=why)
    revoke(token, why=why)
    return issue(user, name=token.name, days=days, why=why)


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Token <key>` (also `Bearer <key>`), checked against the stored hash."""

    keywords = (b"token", b"bearer")
    authenticate_header_prefix = "Token"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Tiêu đề Authorization phải có dạng: Token <mã>."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("Mã truy cập API không hợp lệ.")) from exc
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Mã truy cập API không hợp lệ."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Mã truy cập API đã bị thu hồi."))
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("Mã truy cập API đã hết hạn: hãy xin cấp mã mới."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Tài khoản đã bị khóa."))
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
            # Bookkeeping, not an audited change: a plain UPDATE, at most once a minute.
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.authenticate_header_prefix


@receiver(pre_save, sender=User, dispatch_uid="phongthu_revoke_tokens_on_credentials_change")
def _revoke_on_password_or_deactivation(sender: type[User], instance: User, raw: bool, **kw: Any) -> None:
    if raw or instance.pk is None:
        return
    previous = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if previous is None:
        return
    if previous["password"] != instance.password:
        revoke_all(instance, why=_("Đổi mật khẩu"))
    elif previous["is_active"] and not instance.is_active:
        revoke_all(instance, why=_("Tài khoản bị vô hiệu hóa"))


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Describes the token header in the OpenAPI schema (Swagger's "Authorize" button)."""

    target_class = "phongthu.accounts.tokens.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        scheme: dict[str, Any] = build_bearer_security_scheme_object(  # type: ignore[no-untyped-call]  # drf-spectacular leaves it unannotated
            header_name="Authorization",
            token_prefix=ApiTokenAuthentication.authenticate_header_prefix,
        )
        return scheme
