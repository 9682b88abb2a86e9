from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "phongthu.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"

    def ready(self) -> None:
        # Signal receivers: token revocation on password change/deactivation; login throttle.
        from phongthu.accounts import throttle, tokens  # noqa: F401
        from phongthu.accounts.authority_roles import AssignedRoles
        from phongthu.accounts.models import RoleAssignment
        from phongthu.core import authority, scoping

        authority.provide(roles=AssignedRoles())
        scoping.provide(assignments=RoleAssignment)
