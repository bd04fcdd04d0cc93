from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class RecordsConfig(AppConfig):
    name = "eunomia.records"
    label = "records"

    def ready(self):
        # Each app that holds personal data says what it holds on a person in a `personal_data`
        # module; importing them registers them.
        autodiscover_modules("personal_data")
