"""/health/ready/: can this installation do its work now? `/health/` says only that the process answers
(for a load balancer deciding where to send requests); this says whether the database answers, a
worker is alive to run the background jobs, the disks have room for stored files and backups, and
every migration has been applied. 200 when all pass, 503 naming what fails (ADR 72).

It is public, like /health/, so it says nothing a stranger could use: plain words, no paths, host
names, error texts or data; the details of a failure go to the log."""

import datetime
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Max
from django.http import JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from eunomia.jobs import actions as job_actions
from eunomia.jobs.models import Job, WorkerBeat

logger = logging.getLogger(__name__)

MB = 1024 * 1024


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


def _ago(seconds):
    seconds = max(0, round(seconds))
    if seconds < 300:
        return f"{seconds} second{'' if seconds == 1 else 's'} ago"
    minutes = seconds // 60
    if minutes < 120:
        return f"{minutes} minutes ago"
    return f"{minutes // 60} hours ago"


def database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return Check(True, "The database answered")


def worker(*, now=None):
    """A worker beat its heartbeat, or a job was started or made progress, within
    READY_WORKER_SECONDS. A running job's progress is its worker's heartbeat while it works."""
    if job_actions.database_backend() is None:
        return Check(True, "Does not apply: background jobs go to another tasks backend, whose own workers "
                           "run them and which Eunomia cannot see")
    now = now or timezone.now()
    window = settings.READY_WORKER_SECONDS
    cutoff = now - datetime.timedelta(seconds=window)
    running = WorkerBeat.objects.filter(stopped_at__isnull=True).aggregate(last=Max("beat_at"))["last"]
    if running is not None and running >= cutoff:
        return Check(True, f"A worker beat its heartbeat {_ago((now - running).total_seconds())}")
    job = Job.objects.aggregate(last=Max("heartbeat_at"))["last"]
    if job is not None and job >= cutoff:
        return Check(True, f"A worker worked on a job {_ago((now - job).total_seconds())}")
    # A worker that stopped cleanly beat last as it stopped.
    beat = WorkerBeat.objects.aggregate(last=Max("beat_at"))["last"]
    heard = max((when for when in (beat, job) if when is not None), default=None)
    last = (f"the last was heard from {_ago((now - heard).total_seconds())}" if heard is not None
            else "none has been heard from yet")
    return Check(False, f"No worker has beaten its heartbeat or worked on a job in the last {window} seconds "
                        f"({last}): start `manage.py worker`")


def _existing(folder):
    """The folder, or the nearest folder above it that exists (where it will be made)."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def disk():
    """Free space on the disks holding stored files and backups (a folder not made yet: the disk it will
    be made on; the probe makes nothing)."""
    minimum = settings.READY_MIN_FREE_MB
    places = [("stored files", settings.MEDIA_ROOT)]
    backups = getattr(settings, "BACKUP_DIR", None)
    if backups:
        places.append(("backups", backups))
    ok, parts = True, []
    for label, folder in places:
        folder = Path(folder)
        existing = _existing(folder)
        free = shutil.disk_usage(existing).free // MB
        ok = ok and free >= minimum
        not_made = "" if existing == folder else " (its folder is not made yet)"
        parts.append(f"{free:,} MB free for {label}{not_made}")
    return Check(ok, f"{'; '.join(parts)}; at least {minimum:,} MB is needed")


def migrations():
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not pending:
        return Check(True, "Every migration has been applied")
    count = len(pending)
    return Check(False, f"{count} migration{'' if count == 1 else 's'} not applied yet: run `manage.py migrate`")


CHECKS = {"database": database, "worker": worker, "disk": disk, "migrations": migrations}


def run_checks():
    """Every check's answer by name. A check that breaks fails, and says so, instead of breaking the
    answer: a probe that answers 500 names nothing."""
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except DatabaseError:
            logger.exception("Readiness: the %s check could not reach the database", name)
            results[name] = Check(False, "The database did not answer")
        except Exception:
            logger.exception("Readiness: the %s check broke", name)
            results[name] = Check(False, "The check could not be made: the details are in the log")
    return results


@require_safe
def ready(request):
    results = run_checks()
    all_pass = all(result.ok for result in results.values())
    body = {"status": "ready" if all_pass else "not ready",
            "checks": {name: {"ok": result.ok, "detail": result.detail} for name, result in results.items()}}
    response = JsonResponse(body, status=200 if all_pass else 503)
    add_never_cache_headers(response)
    if not all_pass:
        logger.warning("Not ready: %s", "; ".join(f"{name}: {result.detail}" for name, result in results.items()
                                                   if not result.ok))
        # That line names the cause; Django's own ("Service Unavailable: /health/ready/", at ERROR) would
        # only add a second line to every probe while the installation is not ready.
        response._has_been_logged = True
    return response
