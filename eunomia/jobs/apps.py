from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "eunomia.jobs"
    label = "jobs"

    def ready(self):
        # Each app declares its job handlers in a `jobs` module; importing them registers them, in
        # the web process (so enqueue can refuse unknown kinds) as in the worker.
        autodiscover_modules("jobs")
