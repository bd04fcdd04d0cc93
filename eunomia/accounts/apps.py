from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class AccountsConfig(AppConfig):
    name = "eunomia.accounts"
    label = "accounts"

    def ready(self):
        # The apps above say what a leaver leaves open in an `open_work` module (accounts.openwork).
        autodiscover_modules("open_work")
