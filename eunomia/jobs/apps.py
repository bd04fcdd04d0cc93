from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "eunomia.jobs"
    label = "jobs"

    def ready(self):
        # Each app declares its job handlers in a `jobs` module; importing them registers them, in
        # the web process (so enqueue can refuse unknown kinds) as in the worker.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("jobs")
