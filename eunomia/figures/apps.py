from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class FiguresConfig(AppConfig):
    name = "eunomia.figures"
    label = "figures"

    def ready(self):
        # Each app declares its measures in a `measures` module, and what it does with figures in a
        # `figure_uses` module (eunomia.figures.uses); importing them registers them.
        autodiscover_modules("measures", "figure_uses")
