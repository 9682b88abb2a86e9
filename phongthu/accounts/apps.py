from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "phongthu.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"

    def ready(self) -> None:
        # Signal receivers: token revocation on password change/deactivation; login throttle.
        from phongthu.accounts import throttle, tokens  # noqa: F401
        from phongthu.accounts.authority_roles import AssignedRoles
        from phongthu.accounts.management_scope import grantable_units
        from phongthu.accounts.models import RoleAssignment
        from phongthu.accounts.user_admin import GRANTABLE
        from phongthu.core import authority, pickers, scoping

        pickers.choices("unit", GRANTABLE, lambda user, action: grantable_units(user))
        authority.provide(roles=AssignedRoles())
        scoping.provide(assignments=RoleAssignment)
