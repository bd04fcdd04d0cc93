import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone

from eunomia.jobs import registry

# A queued job waiting longer than this is probably waiting for a worker nobody started.
WAITING_LONG_SECONDS = 60


class OrderedJSONField(models.TextField):
    """JSON stored as written. PostgreSQL's jsonb sorts the keys of every object, and the order of a
    result's keys is the order the job's page shows them in."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else json.loads(value)

    def get_prep_value(self, value):
        return None if value is None else json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))


class Job(models.Model):
    """One piece of background work: what to run (a registered kind and its parameters), how far it
    has got, and how it ended. It is run by a Django task (actions.run_job_task) sent to the tasks
    backend when the job is queued; that task is the only writer once it has claimed the job, and
    the pages and the API only read it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    kind = models.CharField(max_length=100)
    params = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.BigIntegerField(default=0)
    progress_total = models.BigIntegerField(null=True, blank=True)
    message = models.CharField(max_length=500, blank=True)
    result = OrderedJSONField(null=True, blank=True)
    # Shown to the person who started the job, so plain words only: tracebacks go to the worker's log.
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    partnership = models.ForeignKey("partners.Partnership", null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="jobs")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # The id of the Django task sent to run this attempt (ADR 56), blank until the tasks backend has
    # taken it: the worker's sweep sends again a job left queued without one.
    task_id = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The worker's two questions: the oldest queued job, and running jobs gone quiet.
            models.Index(fields=["created_at", "id"], condition=Q(status="queued"), name="jobs_job_queued"),
            models.Index(fields=["heartbeat_at"], condition=Q(status="running"), name="jobs_job_running"),
            models.Index(fields=["partnership", "created_at"], name="jobs_job_partnership_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "succeeded", "failed", "cancelled"]),
                name="jobs_job_status_valid",
            ),
            models.CheckConstraint(condition=Q(progress_done__gte=0), name="jobs_job_progress_not_negative"),
        ]

    def __str__(self):
        return f"Job {self.pk} ({self.kind}, {self.status})"

    @property
    def title(self):
        entry = registry.get(self.kind)
        return entry.title if entry else self.kind

    @property
    def unit(self):
        entry = registry.get(self.kind)
        return entry.unit if entry else "items"

    @property
    def is_active(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self):
        """Whole per cent done, rounded down so 100% means every item is done; None without a total."""
        if not self.progress_total:
            return None
        return max(0, min(100, self.progress_done * 100 // self.progress_total))

    @property
    def waiting_long(self):
        return (self.status == self.Status.QUEUED
                and (timezone.now() - self.created_at).total_seconds() > WAITING_LONG_SECONDS)


class WorkerBeat(models.Model):
    """A `manage.py worker` saying it is alive, for the readiness check (/health/ready/, ADR 72): written
    when it starts, at most every few seconds while it waits for work or between jobs (a running job's
    own heartbeat speaks for it meanwhile), and marked stopped when it stops cleanly. A worker that died
    leaves its last beat; the next worker to start clears beats a day old."""

    # worker_name(): host and process id.
    name = models.CharField(max_length=200, unique=True)
    host = models.CharField(max_length=200)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField()
    stopped_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Worker {self.name}"
