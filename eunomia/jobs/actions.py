"""Writes to the queue. People enqueue and cancel; a job's Django task claims, runs and finishes
it; the worker's sweep clears away jobs (and tasks) whose worker died. A job's row is changed only
by conditional updates on its status (and, once running, on the attempt that claimed it), so two
workers can never both run a job or both record its end.

Jobs run on Django's Tasks interface (ADR 56): queuing a job sends one task, `run_job_task(job id)`,
to the configured backend once the job's transaction commits. By default that backend is a table
in this database (django-tasks-db) run by `manage.py worker`; another backend (RQ, Celery) runs the
same task on its own workers."""

import datetime
import json
import logging
import os
import socket
import uuid
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from eunomia.audit import actions as audit
from eunomia.core.request_ids import request_id_as
from eunomia.jobs import registry
from eunomia.jobs.models import Job, WorkerBeat
from eunomia.jobs.progress import Progress
from eunomia.jobs.registry import JobFailed

logger = logging.getLogger(__name__)

QUEUED_MESSAGE = "Waiting for the worker to start it"
# Stored on the task result of a task whose worker died (the database backend keeps a class path).
WORKER_LOST = "eunomia.jobs.actions.WorkerLost"
# A finished task's row is kept this long (the job it ran is kept for good): enough to look into a failure.
TASK_ROWS_KEEP_DAYS = 30


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
        _send_on_commit(job.pk)
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

def _send_on_commit(job_id):
    """Send the job's task once the transaction that queued it has committed: a task sent earlier
    could run before the job is there to find (on a backend outside this database)."""
    transaction.on_commit(partial(send, job_id))


def send(job_id):
    """Give the tasks backend one task to run the job. A backend that cannot take it (a queue server
    that is down) leaves the job queued without a task, and the worker's sweep sends it again."""
    try:
        result = run_job_task.enqueue(job_id)
    except Exception:
        logger.exception("Job %s could not be sent to the tasks backend; the worker's sweep will try again", job_id)
        return None
    Job.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id))
    return result


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}"


@task(takes_context=True)
def run_job_task(context, job_id):
    """The one Django task: run the job if it is still queued. A job cancelled, or already run by
    another task sent for it, is left alone. Returns what the task result records."""
    job = claim(job_id, worker=worker_name(), task_id=str(context.task_result.id))
    if job is None:
        return {"job": job_id, "ran": False}
    job = run_job(job)
    return {"job": job.pk, "ran": True, "status": job.status}


def _claimed(worker):
    now = timezone.now()
    return dict(status=Job.Status.RUNNING, worker=worker, started_at=now, heartbeat_at=now, finished_at=None,
                message="Started", attempts=F("attempts") + 1)


def claim(job_id, *, worker, task_id):
    """Claim this job for `worker`, running it in the task `task_id`, and return it running, or None
    if it is no longer queued."""
    if not Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(**_claimed(worker), task_id=task_id):
        return None
    return Job.objects.get(pk=job_id)


def claim_next(*, worker):
    """Claim the oldest queued job for `worker` and return it running, or None if none is queued.
    The worker runs jobs through their tasks (`claim`); this runs whatever is queued in the calling
    process, oldest first, as the tests and a shell do."""
    claimed = _claimed(worker)
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
    handler opens its own. Its log lines and audit events carry the request id `job-<id>` (ADR 72)."""
    with request_id_as(f"job-{job.pk}"):
        return _run(job)


def _run(job):
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
                          task_id="", message=f"Waiting to start again: the worker running it stopped (last heard "
                                              f"from at {last_heard})")
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
            _fail_task(job.task_id, now, f"The worker running job {job.pk} stopped (last heard from at "
                                         f"{last_heard})")
            if again:
                _send_on_commit(job.pk)
        logger.warning("Job %s (%s) on %s went quiet at %s: %s", job.pk, job.kind, job.worker, last_heard,
                       "queued again" if again else "failed")
        handled.append(job.pk)
    _fail_lost_tasks(now, cutoff)
    _send_unsent(cutoff)
    return handled


# The worker's heartbeat (ADR 72). Not audited: it records no one's action, and a worker writes one
# every few seconds.

# A beat this old was left by a worker that died long ago: the next worker to start clears it.
FORGET_BEATS_AFTER = datetime.timedelta(days=1)


def worker_started(*, name):
    """The worker `name` (worker_name()) has started: clear the beats of workers long gone, and beat."""
    now = timezone.now()
    WorkerBeat.objects.filter(beat_at__lt=now - FORGET_BEATS_AFTER).delete()
    WorkerBeat.objects.update_or_create(name=name, defaults=dict(
        host=socket.gethostname(), pid=os.getpid(), started_at=now, beat_at=now, stopped_at=None))


def worker_beat(*, name):
    """The worker is alive: one UPDATE. A beat that is not there (cleared by hand) is written again."""
    if not WorkerBeat.objects.filter(name=name).update(beat_at=timezone.now(), stopped_at=None):
        worker_started(name=name)


def worker_stopped(*, name):
    now = timezone.now()
    WorkerBeat.objects.filter(name=name).update(beat_at=now, stopped_at=now)


def database_backend():
    """The default tasks backend if it is the database one, whose task rows the sweep can see."""
    backend = task_backends["default"]
    return backend if isinstance(backend, DatabaseBackend) else None


def _fail_task(task_id, now, reason):
    """Mark the task result of a task whose worker died as failed, so no row says running for ever.
    Other backends keep their own records of their workers."""
    backend = database_backend()
    if backend is None or not _is_uuid(task_id):
        return 0
    return DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING, backend_name=backend.alias).update(
        status=TaskResultStatus.FAILED, finished_at=now, exception_class_path=WORKER_LOST, traceback=reason,
        return_value=None)


def _is_uuid(text):
    try:
        uuid.UUID(str(text))
    except ValueError:
        return False
    return True


def _fail_lost_tasks(now, cutoff):
    """Task rows still running since before the cutoff whose job is not theirs to run any more:
    the job was given up above or finished, or was queued again. A task whose worker died after
    taking the task but before claiming its job leaves the job queued: it is sent again."""
    backend = database_backend()
    if backend is None:
        return
    lost = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, backend_name=backend.alias,
                                       task_path=run_job_task.module_path, started_at__lt=cutoff)
    for result in lost:
        job = Job.objects.filter(pk=job_id_of(result)).first()
        if job is not None and job.status == Job.Status.RUNNING and job.task_id == str(result.id):
            continue  # Its job's heartbeat says whether its worker is alive.
        with transaction.atomic():
            if not _fail_task(result.id, now, "The worker running this task stopped before it finished"):
                continue
            if job is not None and job.status == Job.Status.QUEUED and job.task_id == str(result.id):
                if Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED, task_id=job.task_id).update(task_id=""):
                    _send_on_commit(job.pk)
        logger.warning("Task %s (job %s) was running on a worker that stopped: marked failed", result.id,
                       job.pk if job else "gone")


def job_id_of(result):
    args = (result.args_kwargs or {}).get("args") or [None]
    return args[0] if isinstance(args[0], int) else None


def _send_unsent(cutoff):
    """Jobs queued before the cutoff that no task was ever sent for (the backend could not take it)."""
    for job_id in Job.objects.filter(status=Job.Status.QUEUED, task_id="", created_at__lt=cutoff).values_list(
            "pk", flat=True):
        logger.warning("Job %s was queued without a task; sending it again", job_id)
        send(job_id)


def prune_finished_tasks(*, now=None, days=TASK_ROWS_KEEP_DAYS):
    """Delete the database backend's rows of tasks that finished more than `days` ago (what django-tasks-db's
    `prune_db_task_results` does, for the scheduled work); the jobs people see stay. Returns how many went,
    or None when another backend keeps the tasks."""
    backend = database_backend()
    if backend is None:
        return None
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    deleted, _ = DBTaskResult.objects.finished().filter(backend_name=backend.alias, finished_at__lt=cutoff).delete()
    return deleted
