"""Users, roles and role assignments on units (the source of scoped access)."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phongthu.core import scoping


class Role(models.TextChoices):
    ADMIN = "ADMIN", _("Quản trị hệ thống")
    PROVINCE_STAFF = "PROVINCE_STAFF", _("Cán bộ cấp tỉnh")
    REGION_STAFF = "REGION_STAFF", _("Cán bộ Ban CHPTKV")
    COMMUNE_STAFF = "COMMUNE_STAFF", _("Cán bộ cấp xã")
    COUNCIL_MEMBER = "COUNCIL_MEMBER", _("Thành viên hội đồng")
    AUDITOR = "AUDITOR", _("Kiểm tra viên")
    # Unit master data of one province (names, dates, links, lineage, defense regions).
    PROVINCE_ADMIN = "PROVINCE_ADMIN", _("Quản trị cấp tỉnh")


class AccessMode(models.TextChoices):
    ENTER = "ENTER", _("Nhập liệu tại đơn vị")
    VIEW = "VIEW", _("Chỉ xem")


_STAFF = {Role.PROVINCE_STAFF, Role.REGION_STAFF, Role.COMMUNE_STAFF}
_ENTER_ACTIONS = {scoping.VIEW, scoping.ADD, scoping.CHANGE, scoping.DELETE, scoping.EXPORT, scoping.IMPORT}
_VIEW_ACTIONS = {scoping.VIEW, scoping.EXPORT}


def actions_for(role: str, mode: str) -> set[str]:
    """The table that turns (role, mode) into actions; the one place this is decided."""
    if role == Role.ADMIN:
        return set(scoping.ACTIONS)
    if role in _STAFF:
        return set(_ENTER_ACTIONS if mode == AccessMode.ENTER else _VIEW_ACTIONS)
    if role == Role.COUNCIL_MEMBER:
        return {scoping.VIEW, scoping.EXPORT, scoping.APPROVE}
    if role == Role.AUDITOR:
        # Reads any record and its History in the audited units; writes nothing.
        return {scoping.AUDIT, scoping.VIEW}
    if role == Role.PROVINCE_ADMIN:
        return {scoping.VIEW, scoping.EXPORT, scoping.UNIT_ADMIN}
    return set()


def _grant_q(action: str) -> Q:
    q = Q(pk__in=[])
    for role in Role.values:
        for mode in AccessMode.values:
            if action in actions_for(role, mode):
                q |= Q(role=role, mode=mode)
    return q


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    is_system_admin = models.BooleanField(_("quản trị hệ thống"), default=False)

    audited: ClassVar[bool] = True
    audit_exclude: ClassVar[frozenset[str]] = frozenset({"password", "last_login"})

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active(self, on: datetime.date | None = None) -> RoleAssignmentQuerySet:
        day = on or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def granting(self, action: str) -> RoleAssignmentQuerySet:
        return self.filter(_grant_q(action))

    def recording(self, roles: frozenset[str]) -> RoleAssignmentQuerySet:
        """Assignments that record an office's decisions with one of `roles` (data-entry mode;
        core.authority, core.scoping.acting)."""
        return self.filter(role__in=roles, mode=AccessMode.ENTER)


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("người dùng"))
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    include_descendants = models.BooleanField(_("gồm đơn vị trực thuộc"), default=True)
    mode = models.CharField(_("quyền"), max_length=8, choices=AccessMode.choices, default=AccessMode.ENTER)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()
    audited: ClassVar[bool] = True

    class Meta:
        verbose_name = _("phân quyền đơn vị")
        verbose_name_plural = _("phân quyền đơn vị")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="role_assignment_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"

    def actions(self) -> set[str]:
        return actions_for(self.role, self.mode)

    def clean(self) -> None:
        super().clean()
        if self.role == Role.PROVINCE_ADMIN and self.unit_id and self.unit.level != "PROVINCE":
            raise ValidationError({"unit": _("Quản trị cấp tỉnh phải được giao trên một tỉnh, thành phố.")})


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """An API key, kept only as its SHA-256: the plaintext is shown once, when issued.

    Expires (settings.API_TOKEN_DAYS), and is revoked by its owner, by rotation, by a
    password change and by deactivating the user (phongthu.accounts.tokens).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("người dùng"))
    name = models.CharField(_("tên gợi nhớ"), max_length=100, blank=True)
    prefix = models.CharField(_("tiền tố"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("ngày cấp"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn"))
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_reason = models.CharField(_("lý do thu hồi"), max_length=200, blank=True)

    objects = ApiTokenQuerySet.as_manager()
    audited: ClassVar[bool] = True
    # The hash is not a secret, but nothing about a key needs to be in the trail.
    audit_exclude: ClassVar[frozenset[str]] = frozenset({"key_hash", "last_used_at"})

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"Mã API {self.prefix}… của {self.user.get_username()}"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def state_label(self) -> str:
        if self.revoked_at is not None:
            return str(_("Đã thu hồi"))
        if self.expires_at <= timezone.now():
            return str(_("Đã hết hạn"))
        return str(_("Đang dùng"))


class LoginThrottle(models.Model):
    """Failed password attempts per user name: the base of a progressive delay, never a lock.

    Anyone can type a victim's name, so the name only earns a short, capped wait
    (phongthu.accounts.throttle); hard blocking is per client IP (django-axes).
    """

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    blocked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("trễ đăng nhập")
        verbose_name_plural = _("trễ đăng nhập")

    def __str__(self) -> str:
        return f"{self.username}: {self.failures}"
