"""Running the scheduled work (eunomia/upkeep/schedule.py, ADR 73): what is due, claiming its slot,
running it and recording how it ended. `manage.py run_schedule` is a thin loop over these.

Any number of runners may run at once (cron on two machines, a run that outlasts the minute): a slot
is run by whoever writes its row first, and a task still running is not started again beside itself."""

import datetime
import logging
import os
import socket

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from eunomia.upkeep import schedule
from eunomia.upkeep.models import ScheduledRun

logger = logging.getLogger("eunomia.upkeep")

# How long the record of a finished run is kept: long enough to look back over a quarter's nights.
KEEP_DAYS = 90
LONGEST_LINE = 500


def runner_name():
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def _moment(instant):
    local = timezone.localtime(instant)
    return f"{local:%H:%M} on {local.day} {local:%B %Y}"


def turned_off():
    """The names in SCHEDULE_OFF (EUNOMIA_SCHEDULE_OFF). A name that is no task is refused rather than
    ignored: a misspelt name would otherwise leave on the very work someone meant to stop (retention
    during a legal hold, say)."""
    unknown = sorted(set(settings.SCHEDULE_OFF) - set(schedule.names()))
    if unknown:
        raise schedule.Failed(f"EUNOMIA_SCHEDULE_OFF names no scheduled work called {', '.join(unknown)}: the names "
                              f"are {', '.join(schedule.names())}")
    return set(settings.SCHEDULE_OFF)


def give_up_on_stale_runs(*, now):
    """Runs still "running" SCHEDULE_STALE_HOURS after they started: their runner was killed (or the
    machine went down). Each is recorded as failed, so the task runs again at its next slot."""
    cutoff = now - datetime.timedelta(hours=settings.SCHEDULE_STALE_HOURS)
    given_up = 0
    for run in ScheduledRun.objects.filter(status=ScheduledRun.Status.RUNNING, started_at__lt=cutoff):
        error = (f"The runner stopped before it finished: started at {_moment(run.started_at)} and still not "
                 f"finished {settings.SCHEDULE_STALE_HOURS} hours later")
        # Only if it is still running: a runner that finishes at this moment has the last word.
        given_up += ScheduledRun.objects.filter(pk=run.pk, status=ScheduledRun.Status.RUNNING).update(
            status=ScheduledRun.Status.FAILED, finished_at=now, error=error[:LONGEST_LINE])
    return given_up


def running_names():
    return set(ScheduledRun.objects.filter(status=ScheduledRun.Status.RUNNING).values_list("name", flat=True))


def due(*, now):
    """[(task, slot)] of the work due at `now`: the latest slot of each task's cadence has no run, the
    task is not running already and is not turned off."""
    give_up_on_stale_runs(now=now)
    off = turned_off()
    running = running_names()
    found = []
    for task in schedule.tasks():
        if task.name in off or task.name in running:
            continue
        slot = task.every.slot_at(now)
        if not ScheduledRun.objects.filter(name=task.name, slot=slot).exists():
            found.append((task, slot))
    return found


def claim(task, *, slot, now, by_hand=False):
    """The run's row, written before the work starts; None when another runner claimed the slot first."""
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(name=task.name, slot=slot, by_hand=by_hand, runner=runner_name(),
                                               started_at=now)
    except IntegrityError:
        return None


def _finish(run, *, status, outcome="", error=""):
    run.status, run.outcome, run.error = status, outcome[:LONGEST_LINE], error[:LONGEST_LINE]
    run.finished_at = timezone.now()
    ScheduledRun.objects.filter(pk=run.pk).update(status=run.status, outcome=run.outcome, error=run.error,
                                                  finished_at=run.finished_at)
    return run


def perform(task, run):
    """Run `task` for its claimed `run` and record how it ended; returns the run. A failure is recorded,
    never raised, so one task's failure does not stop the others. Stopped part way (SIGTERM twice, Ctrl-C)
    the run is recorded as failed on the way out."""
    try:
        outcome = task.function()
    except schedule.Failed as failure:
        return _finish(run, status=ScheduledRun.Status.FAILED, error=failure.message)
    except Exception as problem:
        # The message of an unexpected error may hold anything (a row's values): it goes to the log only.
        logger.exception("Scheduled work %s failed", task.name)
        return _finish(run, status=ScheduledRun.Status.FAILED,
                       error=f"Unexpected error ({type(problem).__name__}); the details are in the log")
    except BaseException:
        _finish(run, status=ScheduledRun.Status.FAILED, error="Stopped before it finished")
        raise
    return _finish(run, status=ScheduledRun.Status.SUCCEEDED, outcome=" ".join(str(outcome or "Done").split()))


def run_due(*, now=None):
    """Run each task due now, in turn; yields each run as it ends."""
    now = now or timezone.now()
    for task, slot in due(now=now):
        run = claim(task, slot=slot, now=timezone.now())
        if run is not None:
            yield perform(task, run)


def run_by_hand(task):
    """Run `task` now, whatever its schedule (and even if it is turned off: someone asked for it by name).
    None when it is running already."""
    now = timezone.now()
    give_up_on_stale_runs(now=now)
    if task.name in running_names():
        return None
    run = claim(task, slot=now, now=now, by_hand=True)
    return None if run is None else perform(task, run)


def described(run):
    """A run in one line, as the command prints it."""
    seconds = (run.finished_at - run.started_at).total_seconds()
    when = f"{timezone.localtime(run.started_at):%Y-%m-%d %H:%M:%S}"
    if run.status == ScheduledRun.Status.SUCCEEDED:
        return f"{when} {run.name} succeeded in {seconds:.1f} s: {run.outcome}"
    return f"{when} {run.name} FAILED after {seconds:.1f} s: {run.error}"


def latest_run(name):
    return ScheduledRun.objects.filter(name=name).order_by("-started_at", "-id").first()


def listing(*, now):
    """[(task, cadence, last run in words, next due in words)] of every task, for `run_schedule --list`."""
    give_up_on_stale_runs(now=now)
    off = set(settings.SCHEDULE_OFF)
    rows = []
    for task in schedule.tasks():
        last = latest_run(task.name)
        if last is None:
            last_words = "never run"
        elif last.status == ScheduledRun.Status.RUNNING:
            last_words = f"running since {_moment(last.started_at)}"
        else:
            said = last.outcome if last.status == ScheduledRun.Status.SUCCEEDED else last.error
            hand = " (by hand)" if last.by_hand else ""
            last_words = f"{last.get_status_display().lower()} at {_moment(last.started_at)}{hand}: {said}"
        if task.name in off:
            next_words = "turned off (EUNOMIA_SCHEDULE_OFF)"
        elif last is not None and last.status == ScheduledRun.Status.RUNNING:
            next_words = "when this run ends"
        elif not ScheduledRun.objects.filter(name=task.name, slot=task.every.slot_at(now)).exists():
            next_words = "now"
        else:
            next_words = _moment(task.every.next_after(now))
        rows.append((task, task.every.described(), last_words, next_words))
    return rows


def forget_old_runs(*, now):
    """Delete the records of finished runs started more than KEEP_DAYS ago; returns how many."""
    cutoff = now - datetime.timedelta(days=KEEP_DAYS)
    deleted, _ = ScheduledRun.objects.exclude(status=ScheduledRun.Status.RUNNING).filter(
        started_at__lt=cutoff).delete()
    return deleted
