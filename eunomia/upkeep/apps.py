from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class UpkeepConfig(AppConfig):
    """Keeping an installation's data: backup and restore, readiness, and the scheduled work."""

    name = "eunomia.upkeep"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each app declares its scheduled work in a `schedules` module; importing them registers it, so
        # `run_schedule` (and a test) sees every task whichever app it starts from.
        autodiscover_modules("schedules")
