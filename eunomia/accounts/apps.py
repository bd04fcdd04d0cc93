from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "eunomia.accounts"
    label = "accounts"
