from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "eunomia.figures"
    label = "figures"

    def ready(self):
        # Each app declares its measures in a `measures` module; importing them registers them.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("measures")
