from django.db import models


class ScheduledRun(models.Model):
    """One run of a piece of scheduled work (eunomia/upkeep/schedule.py) for one slot of its cadence.

    The row is written before the work starts and is the claim on its slot: (name, slot) is unique, so
    of two runners (cron on two machines) only one runs a slot. A run by hand (`run_schedule --run`)
    has the instant it was asked for as its slot. Its outcome and error are one line of plain words,
    never personal data; a traceback goes to the log."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    name = models.CharField(max_length=100)
    slot = models.DateTimeField()
    by_hand = models.BooleanField(default=False)
    # Which machine and process ran it ("web-2:4121"), to find its log.
    runner = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    outcome = models.CharField(max_length=500, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "slot"], name="upkeep_one_run_per_slot"),
            models.CheckConstraint(condition=models.Q(status__in=["running", "succeeded", "failed"]),
                                   name="upkeep_run_status_known"),
        ]
        indexes = [models.Index(fields=["name", "-started_at"], name="upkeep_run_latest")]

    def __str__(self):
        return f"{self.name} for {self.slot:%Y-%m-%d %H:%M} UTC: {self.status}"
