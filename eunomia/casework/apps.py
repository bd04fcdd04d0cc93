from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CaseworkConfig(AppConfig):
    name = "eunomia.casework"
    label = "casework"

    def ready(self):
        # An app built on casework says what it adds to a case in a `casework_uses` module
        # (eunomia.casework.case_sections); importing them registers them.
        autodiscover_modules("casework_uses")
