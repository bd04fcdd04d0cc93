from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "eunomia.records"
    label = "records"

    def ready(self):
        # Each app that holds personal data says what it holds on a person in a `personal_data`
        # module; importing them registers them.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("personal_data")
