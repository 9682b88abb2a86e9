from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "phongthu.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"
