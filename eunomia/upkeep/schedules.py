"""The scheduled work of the apps below upkeep in the layers (audit, jobs), which cannot import the
registry themselves, and of the installation as a whole: checkpoints of the audit log, the sweep after
workers that died and the pruning of finished task rows, backups, and forgetting old runs' records."""

from django.conf import settings
from django.utils import timezone

from eunomia.audit import checkpoints
from eunomia.jobs import actions as jobs
from eunomia.upkeep import backup, runner
from eunomia.upkeep.schedule import Daily, Every, Failed, scheduled


@scheduled("audit.checkpoint", title="Keep the audit log's head outside the database (file, email)",
           every=Every(hours=1))
def audit_checkpoint():
    # Hourly, as ADR 42 advised: events removed from the log's end after the last checkpoint go unseen, so
    # the window is an hour rather than a day.
    try:
        return checkpoints.keep(path=settings.AUDIT_CHECKPOINT_FILE, address=settings.AUDIT_CHECKPOINT_EMAIL)
    except (ValueError, OSError) as problem:
        raise Failed(str(problem)) from None


@scheduled("jobs.sweep", title="Retry or fail the background jobs whose worker died", every=Every(minutes=5))
def sweep_jobs():
    handled = jobs.fail_stale_jobs()
    return f"Dealt with {len(handled)} job{'' if len(handled) == 1 else 's'} whose worker died."


@scheduled("jobs.prune", title="Delete the rows of background tasks that finished over 30 days ago",
           every=Daily(at="03:00"))
def prune_task_rows():
    deleted = jobs.prune_finished_tasks()
    if deleted is None:
        return "Background jobs go to another tasks backend, which keeps its own records: nothing to prune."
    return f"Deleted {deleted} finished task row{'' if deleted == 1 else 's'}."


@scheduled("backup", title="Back up the database and stored files to EUNOMIA_BACKUP_DIR", every=Daily(at="01:30"))
def nightly_backup():
    # Before the night's retention (02:30): an erasure made in error can be undone from the backup just before it.
    try:
        return backup.scheduled_backup()
    except (backup.BackupError, OSError) as problem:
        raise Failed(str(problem)) from None


@scheduled("upkeep.forget_old_runs", title=f"Delete the records of scheduled runs over {runner.KEEP_DAYS} days old",
           every=Daily(at="03:15"))
def forget_old_runs():
    deleted = runner.forget_old_runs(now=timezone.now())
    return f"Deleted {deleted} record{'' if deleted == 1 else 's'} of old runs."
