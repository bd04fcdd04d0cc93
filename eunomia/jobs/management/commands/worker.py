"""Run background jobs: `python manage.py worker` claims queued jobs one at a time and runs them.
Several workers may run at once, on one machine or many, against the same database."""

import logging
import os
import signal
import socket
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from eunomia.jobs import actions

logger = logging.getLogger("eunomia.jobs")

# How long to nap between checks for a stop request while the queue is empty.
NAP_SECONDS = 0.2


class Stop:
    """The first SIGTERM or SIGINT asks the worker to stop after the job it is running; a second one
    stops it at once (the running job is marked failed on the way out)."""

    SIGNALS = (signal.SIGTERM, signal.SIGINT)

    def __init__(self):
        self.requested = False
        self._previous = {}

    def __enter__(self):
        for signum in self.SIGNALS:
            previous = signal.getsignal(signum)
            # A worker started in the background of a script ignores Ctrl-C, as the shell arranged.
            if previous is signal.SIG_IGN:
                continue
            self._previous[signum] = previous
            signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc):
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)

    def _handle(self, signum, frame):
        if self.requested:
            raise SystemExit(f"Worker stopped at once by {signal.Signals(signum).name}")
        self.requested = True
        logger.warning("Worker asked to stop (%s): stopping after the current job", signal.Signals(signum).name)

    def nap(self, seconds):
        end = time.monotonic() + seconds
        while not self.requested and time.monotonic() < end:
            time.sleep(min(NAP_SECONDS, max(0.0, end - time.monotonic())))


class Command(BaseCommand):
    help = "Run queued background jobs (imports and the like) until stopped with Ctrl-C or SIGTERM."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="Run the jobs that are queued now, then exit instead of waiting for more")
        parser.add_argument("--sleep", type=float, default=2.0, metavar="SECONDS",
                            help="How long to wait before looking again when no job is queued (default 2)")
        parser.add_argument("--max-jobs", type=int, default=None, metavar="N", help="Exit after running N jobs")

    def handle(self, *args, once, sleep, max_jobs, **options):
        if sleep <= 0:
            raise CommandError("--sleep must be more than 0 seconds")
        if max_jobs is not None and max_jobs < 1:
            raise CommandError("--max-jobs must be at least 1")
        name = f"{socket.gethostname()}:{os.getpid()}"
        ran = 0
        with Stop() as stop:
            while not stop.requested and (max_jobs is None or ran < max_jobs):
                # Between jobs, drop a connection that is too old or broken; never during one.
                close_old_connections()
                try:
                    actions.fail_stale_jobs()
                    job = actions.claim_next(worker=name)
                    if job is not None:
                        started = time.monotonic()
                        job = actions.run_job(job)
                        ran += 1
                        self.stdout.write(self._line(job, time.monotonic() - started))
                        continue
                except DatabaseError:
                    # A job cut off here stays running until it goes stale and is dealt with then.
                    logger.exception("Worker %s lost the database; trying again in %s s", name, sleep)
                    stop.nap(sleep)
                    continue
                if once:
                    break
                stop.nap(sleep)
            close_old_connections()
        self.stdout.write(f"Worker {name} stopped after {ran} job{'' if ran == 1 else 's'}")

    @staticmethod
    def _line(job, seconds):
        line = f"Job {job.pk} {job.kind} {job.status} in {seconds:.1f} s"
        if job.error:
            line += f": {job.error}"
        return line
