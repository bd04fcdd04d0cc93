"""Run the scheduled work that is due: `python manage.py run_schedule` from cron every minute
(deploy/eunomia.cron), or `--forever` as a service of its own. `--list` says what is registered, when
each last ran and when it is next due; `--run NAME` runs one now (ADR 73)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from eunomia.core.stopping import StopOnSignal
from eunomia.upkeep import runner, schedule
from eunomia.upkeep.models import ScheduledRun


class Command(BaseCommand):
    help = ("Run the scheduled work that is due now (notifications, reminders, audit checkpoints, retention, "
            "backups...), each in turn; exits non-zero if any failed. Run it from cron every minute, or with "
            "--forever as a service.")

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group()
        what.add_argument("--forever", action="store_true",
                          help="Keep running what falls due, looking every --sleep seconds, until Ctrl-C or SIGTERM")
        what.add_argument("--list", action="store_true", dest="listing",
                          help="List the scheduled work: its cadence, its last run and when it is next due")
        what.add_argument("--run", metavar="NAME", help="Run this one now, whatever its schedule")
        parser.add_argument("--sleep", type=float, default=30.0, metavar="SECONDS",
                            help="With --forever, how long to wait between looks (default 30)")

    def handle(self, *args, forever, listing, run, sleep, **options):
        if sleep <= 0:
            raise CommandError("--sleep must be more than 0 seconds")
        try:
            if listing:
                return self._list()
            if run:
                return self._run_one(run)
            if forever:
                return self._forever(sleep)
            failed = [found.name for found in self._run_due()]
        except schedule.Failed as refusal:
            raise CommandError(refusal.message) from None
        if failed:
            raise CommandError(f"{len(failed)} scheduled task{'s' if len(failed) != 1 else ''} failed: "
                               f"{', '.join(failed)} (see above)")

    def _run_due(self):
        """Run what is due, a line for each run; returns the failed runs."""
        failed = []
        for done in runner.run_due(now=timezone.now()):
            if done.status == ScheduledRun.Status.SUCCEEDED:
                self.stdout.write(runner.described(done))
            else:
                # On stderr, so cron mails the failures and a log file takes the rest.
                self.stderr.write(runner.described(done))
                failed.append(done)
        return failed

    def _forever(self, sleep):
        count = len(schedule.names())
        self.stdout.write(f"Scheduled work: {count} task{'s' if count != 1 else ''} registered, looking every "
                          f"{sleep:g} s (Ctrl-C or SIGTERM stops)")
        with StopOnSignal("Scheduled work", after="the task it is running") as stop:
            while not stop.requested:
                # Between passes, drop a connection that is too old or broken; never during a task.
                close_old_connections()
                try:
                    self._run_due()
                except DatabaseError:
                    runner.logger.exception("Scheduled work lost the database; trying again in %g s", sleep)
                except schedule.Failed as refusal:
                    raise CommandError(refusal.message) from None
                stop.nap(sleep)
            close_old_connections()
        self.stdout.write("Scheduled work stopped")

    def _list(self):
        for task, cadence, last, next_due in runner.listing(now=timezone.now()):
            self.stdout.write(f"{task.name}: {task.title}\n  {cadence}; last run: {last}\n  next due: {next_due}")

    def _run_one(self, name):
        task = schedule.get(name)
        if task is None:
            raise CommandError(f"No scheduled work is called {name!r}: the names are {', '.join(schedule.names())}")
        done = runner.run_by_hand(task)
        if done is None:
            raise CommandError(f"{name} is running already (`run_schedule --list` says since when); "
                               "run it again once it has finished")
        if done.status != ScheduledRun.Status.SUCCEEDED:
            raise CommandError(runner.described(done))
        self.stdout.write(runner.described(done))
