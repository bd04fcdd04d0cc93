from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class PlansConfig(AppConfig):
    name = "eunomia.plans"
    label = "plans"

    def ready(self):
        # An app above plans says what it has to say about plan actions in a `plan_uses` module
        # (eunomia.plans.rollup); importing them registers them.
        autodiscover_modules("plan_uses")
