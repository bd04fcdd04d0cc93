"""Writes to the queue. People enqueue and cancel; the worker claims, runs and finishes jobs, and
clears away jobs whose worker died. A job's row is changed only by conditional updates on its
status (and, once running, on the attempt that claimed it), so two workers can never both run a
job or both record its end."""

import datetime
import json
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from eunomia.audit import actions as audit
from eunomia.jobs import registry
from eunomia.jobs.models import Job
from eunomia.jobs.progress import Progress
from eunomia.jobs.registry import JobFailed

logger = logging.getLogger(__name__)

QUEUED_MESSAGE = "Waiting for the worker to start it"


def unexpected_error(job):
    return (f"Something went wrong that Eunomia did not expect, so the job stopped. Try again; if it "
            f"happens again, tell whoever runs Eunomia for you that job {job.pk} failed (the details "
            f"are in the worker's log).")


def _user_or_none(by):
    return by if by is not None and by.is_authenticated else None


# People -------------------------------------------------------------------------------------------

def enqueue(*, by, kind, params, partnership=None):
    if registry.get(kind) is None:
        raise ValidationError({"kind": f"Eunomia has no kind of job called {kind!r}"})
    if not isinstance(params, dict):
        raise ValidationError({"params": "A job's parameters must be a set of names and values"})
    try:
        json.dumps(params, cls=DjangoJSONEncoder)
    except (TypeError, ValueError) as problem:
        raise ValidationError({"params": f"A job's parameters must be plain values: {problem}"}) from problem
    with transaction.atomic():
        job = Job.objects.create(kind=kind, params=params, created_by=_user_or_none(by), partnership=partnership,
                                 message=QUEUED_MESSAGE)
        # Parameter names only: values can be file paths or, for later kinds, personal data.
        audit.record(by=by, action="job.enqueued", obj=job, partnership=partnership,
                     data={"kind": kind, "params": sorted(params)})
    return job


def cancel(*, by, job):
    """Cancel a job that has not started. A running job is left to finish: stopping a handler half
    way would leave its own transactions to sort out."""
    with transaction.atomic():
        cancelled = Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
            status=Job.Status.CANCELLED, finished_at=timezone.now(),
            message=f"Cancelled by {_user_or_none(by) or 'Eunomia'}",
        )
        if not cancelled:
            job.refresh_from_db()
            raise ValidationError(
                f"This job cannot be cancelled: it has {'started' if job.status == Job.Status.RUNNING else 'ended'}"
            )
        audit.record(by=by, action="job.cancelled", obj=job, partnership=job.partnership, data={"kind": job.kind})
    job.refresh_from_db()
    return job


# The worker ---------------------------------------------------------------------------------------

def claim_next(*, worker):
    """Claim the oldest queued job for `worker` and return it running, or None if none is queued."""
    now = timezone.now()
    claimed = dict(status=Job.Status.RUNNING, worker=worker, started_at=now, heartbeat_at=now, finished_at=None,
                   message="Started", attempts=F("attempts") + 1)
    queued = Job.objects.filter(status=Job.Status.QUEUED).order_by("created_at", "id")
    if connection.vendor == "postgresql":
        # Workers skip rows another worker has locked instead of queueing behind it.
        with transaction.atomic():
            pk = queued.select_for_update(skip_locked=True).values_list("pk", flat=True).first()
            if pk is None:
                return None
            Job.objects.filter(pk=pk).update(**claimed)
    else:
        # SQLite has no row locks. The update only claims a row still queued, and SQLite runs one
        # writer at a time, so a worker that loses the race changes no row and tries the next job.
        while True:
            pk = queued.values_list("pk", flat=True).first()
            if pk is None:
                return None
            if Job.objects.filter(pk=pk, status=Job.Status.QUEUED).update(**claimed):
                break
    return Job.objects.get(pk=pk)


def run_job(job):
    """Run a claimed job's handler and record how it ended. Runs outside any transaction: the
    handler opens its own."""
    entry = registry.get(job.kind)
    progress = Progress(job)
    try:
        if entry is None:
            raise JobFailed("Eunomia no longer knows how to run this kind of job, so it was not run.")
        result = entry.function(job, progress)
        # A result the row cannot hold is the handler's mistake: find it here, not while saving.
        json.dumps(result, cls=DjangoJSONEncoder)
    except JobFailed as failure:
        return _finish(job, progress, status=Job.Status.FAILED, error=failure.message,
                       result=_storable(job, failure.result))
    except Exception:
        logger.exception("Job %s (%s) failed with an unexpected error", job.pk, job.kind)
        return _finish(job, progress, status=Job.Status.FAILED, error=unexpected_error(job))
    except BaseException:
        # The worker is being stopped at once (a second Ctrl-C): say so on the job, then stop.
        _finish(job, progress, status=Job.Status.FAILED,
                error="The worker was stopped before this job finished. Start the job again.")
        raise
    finally:
        progress.close()
    return _finish(job, progress, status=Job.Status.SUCCEEDED, result=result if result is not None else {})


def _storable(job, result):
    try:
        json.dumps(result, cls=DjangoJSONEncoder)
    except (TypeError, ValueError):
        logger.exception("Job %s (%s) failed with details that cannot be stored; they are left out", job.pk, job.kind)
        return None
    return result


def _finish(job, progress, *, status, result=None, error=""):
    now = timezone.now()
    recorded = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, attempts=job.attempts).update(
        status=status, result=result, error=error, finished_at=now, heartbeat_at=now,
        progress_done=progress.done, progress_total=progress.total, message=progress.message,
    )
    if not recorded:
        logger.warning("Job %s ended (%s) after it had been given up as stale; its end was not recorded",
                       job.pk, status)
    job.refresh_from_db()
    return job


def fail_stale_jobs(*, now=None):
    """Running jobs whose worker has said nothing for JOBS_STALE_MINUTES: its worker died (or is
    stuck). Queue them again if their kind allows another attempt, else mark them failed."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=settings.JOBS_STALE_MINUTES)
    handled = []
    for job in Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=cutoff).select_related("partnership"):
        entry = registry.get(job.kind)
        again = entry is not None and job.attempts < entry.max_attempts
        heard = timezone.localtime(job.heartbeat_at)
        last_heard = f"{heard:%H:%M} on {heard.day} {heard:%B %Y}"
        if again:
            change = dict(status=Job.Status.QUEUED, worker="", started_at=None, progress_done=0, progress_total=None,
                          message=f"Waiting to start again: the worker running it stopped (last heard from at "
                                  f"{last_heard})")
        else:
            change = dict(status=Job.Status.FAILED, finished_at=now,
                          error=f"The worker running this job stopped before it finished (last heard from at "
                                f"{last_heard}). Start the job again.")
        with transaction.atomic():
            # Only if nothing was heard from it since we looked: a live worker's heartbeat wins.
            if not Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, heartbeat_at=job.heartbeat_at).update(
                    **change):
                continue
            audit.record(by=None, action="job.requeued" if again else "job.worker_lost", obj=job,
                         partnership=job.partnership, data={"kind": job.kind, "worker": job.worker,
                                                            "attempts": job.attempts})
        logger.warning("Job %s (%s) on %s went quiet at %s: %s", job.pk, job.kind, job.worker, last_heard,
                       "queued again" if again else "failed")
        handled.append(job.pk)
    return handled
