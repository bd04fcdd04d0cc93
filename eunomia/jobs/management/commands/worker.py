"""Run background jobs: `python manage.py worker` takes the jobs' tasks from the database tasks
backend (django-tasks-db) one at a time and runs them. Several workers may run at once, on one
machine or many, against the same database. Between tasks it sweeps up after workers that died,
and it writes its heartbeat for the readiness check, /health/ready/ (ADR 72).

It is django-tasks-db's own worker (its claim and its record of each task's end) in a loop of
Eunomia's: the sweep, one line per job, and stopping after the current job (ADR 56). An
installation whose jobs go to another backend runs that backend's workers instead, and this
command with --sweep from cron."""

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, OperationalError, close_old_connections
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from eunomia.core.stopping import StopOnSignal
from eunomia.jobs import actions
from eunomia.jobs.models import Job

logger = logging.getLogger("eunomia.jobs")

# How often a worker writes its heartbeat while it waits or between jobs: well inside the readiness
# check's EUNOMIA_READY_WORKER_SECONDS (default 120), at one small UPDATE each time (ADR 72).
BEAT_SECONDS = 15


class Heartbeat:
    """The worker's beat in the database, written at most every BEAT_SECONDS. A database that does not
    answer costs a warning in the log, never the worker: the loop deals with a lost database."""

    def __init__(self, name, *, clock=time.monotonic):
        self.name = name
        self.clock = clock
        self._written_at = None

    def start(self):
        self._write(actions.worker_started)

    def beat(self):
        if self._written_at is None or self.clock() - self._written_at >= BEAT_SECONDS:
            self._write(actions.worker_beat)

    def stop(self):
        self._write(actions.worker_stopped)

    def _write(self, action):
        # Counted as written even when it fails, so a lost database is not asked again every nap.
        self._written_at = self.clock()
        try:
            action(name=self.name)
        except DatabaseError:
            logger.warning("Worker %s could not write its heartbeat: the database did not answer", self.name)


class Command(BaseCommand):
    help = ("Run queued background jobs (imports and the like) until stopped with Ctrl-C or SIGTERM, "
            "and give up on those whose worker died.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="Run the jobs that are queued now, then exit instead of waiting for more")
        parser.add_argument("--sleep", type=float, default=2.0, metavar="SECONDS",
                            help="How long to wait before looking again when no job is queued (default 2)")
        parser.add_argument("--max-jobs", type=int, default=None, metavar="N", help="Exit after running N jobs")
        parser.add_argument("--sweep", action="store_true",
                            help="Only deal with jobs whose worker died, then exit: for cron, when another tasks "
                                 "backend's workers run the jobs")

    def handle(self, *args, once, sleep, max_jobs, sweep, **options):
        if sleep <= 0:
            raise CommandError("--sleep must be more than 0 seconds")
        if max_jobs is not None and max_jobs < 1:
            raise CommandError("--max-jobs must be at least 1")
        if sweep:
            handled = actions.fail_stale_jobs()
            self.stdout.write(f"Dealt with {len(handled)} job{'' if len(handled) == 1 else 's'} whose worker died")
            return
        backend = actions.database_backend()
        if backend is None:
            raise CommandError(
                f"Background jobs go to {settings.TASKS['default']['BACKEND']} (EUNOMIA_TASKS_BACKEND), whose own "
                f"workers run them: start those, and run `manage.py worker --sweep` every few minutes from cron.")
        name = actions.worker_name()
        runner = Worker(queue_names=[actions.run_job_task.queue_name], interval=sleep, batch=once,
                        backend_name=backend.alias, startup_delay=False, max_tasks=max_jobs, worker_id=name,
                        excluded_queue_names=[])
        ran = 0
        heartbeat = Heartbeat(name)
        heartbeat.start()
        with StopOnSignal("Worker", after="the current job") as stop:
            while not stop.requested and (max_jobs is None or ran < max_jobs):
                # Between jobs, drop a connection that is too old or broken; never during one.
                close_old_connections()
                heartbeat.beat()
                try:
                    actions.fail_stale_jobs()
                    result = self._take(backend.alias, name)
                except DatabaseError:
                    # A task cut off here stays running until its job goes stale and is dealt with then.
                    logger.exception("Worker %s lost the database; trying again in %s s", name, sleep)
                    stop.nap(sleep, meanwhile=heartbeat.beat)
                    continue
                if result is not None:
                    started = time.monotonic()
                    runner.run_task(result)
                    if stop.forced:
                        # The job has been marked failed and the task recorded as failed on the way out.
                        raise SystemExit(stop.forced)
                    ran += 1
                    self.stdout.write(self._line(result, time.monotonic() - started))
                    continue
                if once:
                    break
                stop.nap(sleep, meanwhile=heartbeat.beat)
            close_old_connections()
        heartbeat.stop()
        self.stdout.write(f"Worker {name} stopped after {ran} job{'' if ran == 1 else 's'}")

    @staticmethod
    def _take(alias, name):
        """Take the next task that is due, as django-tasks-db's worker does (a locked row on
        PostgreSQL is skipped; SQLite's exclusive transaction lets one worker in at a time)."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=alias, queue_name=actions.run_job_task.queue_name)
        try:
            with exclusive_transaction(tasks.db):
                result = tasks.get_locked()
                if result is not None:
                    result.claim(name)
        except OperationalError as problem:
            if is_locked_database_exception(problem):
                return None
            raise
        return result

    @staticmethod
    def _line(result, seconds):
        job = None
        if result.task_path == actions.run_job_task.module_path:
            job = Job.objects.filter(pk=actions.job_id_of(result)).first()
        if job is None:
            return f"Task {result.id} {result.task_path} {result.status.lower()} in {seconds:.1f} s"
        if (result.return_value or {}).get("ran") is False:
            return f"Job {job.pk} {job.kind} was {job.status} already, so it was not run"
        line = f"Job {job.pk} {job.kind} {job.status} in {seconds:.1f} s"
        if job.error:
            line += f": {job.error}"
        return line
