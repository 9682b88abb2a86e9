from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "phongthu.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"

    def ready(self) -> None:
        from phongthu.accounts.authority_roles import AssignedRoles
        from phongthu.core import authority

        authority.provide(roles=AssignedRoles())
