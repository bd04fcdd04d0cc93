"""Scheduled work (ADR 73): a task is due when the latest slot of its cadence has begun and has no run,
at both edges of a slot and across the nights the clocks change; the (name, slot) row is the claim, a run
left running by a killed runner gives way after SCHEDULE_STALE_HOURS, one failure stops nothing else and
sets the exit status; `--list`, `--run` and `--forever`; every task the installation needs is registered,
and the real tasks do their work (notifications sent, retention erasing exactly what is due)."""

import datetime
import io
import os
import signal

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from eunomia.audit.models import AuditEvent
from eunomia.casework import actions as casework
from eunomia.casework import retention
from eunomia.casework.models import Report
from eunomia.core.dates import add_years
from eunomia.notifications import actions as notifications
from eunomia.upkeep import runner, schedule
from eunomia.upkeep.management.commands import run_schedule
from eunomia.core.stopping import StopOnSignal
from eunomia.upkeep.models import ScheduledRun
from eunomia.upkeep.schedule import Daily, Every, Failed
from tests.clock import at
from tests.notifications import records

UTC = datetime.UTC
FIVE_MINUTES = datetime.timedelta(minutes=5)


def utc(*parts):
    return datetime.datetime(*parts, tzinfo=UTC)


@pytest.fixture
def tasks(monkeypatch, db):
    """An empty registry for the test, and a way to register a task on it that counts its calls."""
    monkeypatch.setattr(schedule, "_tasks", {})
    calls = []

    def register(name, every, outcome="Done it.", error=None):
        def function():
            calls.append(name)
            if error is not None:
                raise error
            return outcome

        schedule.scheduled(name, title=f"The {name} task", every=every)(function)

    register.calls = calls
    return register


def run_due_at(instant):
    with time_machine.travel(instant, tick=False):
        return [(run.name, run.slot) for run in runner.run_due()]


def command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("run_schedule", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# Due or not ------------------------------------------------------------------------------------------

@pytest.mark.one_pass  # the schedule's clock arithmetic: the same on either database
def test_a_five_minute_task_runs_once_in_each_slot_from_its_first_instant(tasks):
    tasks("often", Every(minutes=5))
    assert run_due_at(utc(2027, 6, 15, 11, 0)) == [("often", utc(2027, 6, 15, 11, 0))]
    assert run_due_at(utc(2027, 6, 15, 11, 4, 59, 999999)) == []
    assert run_due_at(utc(2027, 6, 15, 11, 5)) == [("often", utc(2027, 6, 15, 11, 5))]
    assert run_due_at(utc(2027, 6, 15, 11, 5, 1)) == []
    assert tasks.calls == ["often", "often"]


@pytest.mark.one_pass  # the schedule's clock arithmetic: the same on either database
def test_a_daily_task_is_due_from_its_london_time_and_not_a_moment_before(tasks):
    tasks("nightly", Daily(at="02:30"))
    # 02:30 London time in June is 01:30 UTC; the first look finds yesterday's slot missed and runs it.
    assert run_due_at(utc(2027, 6, 15, 1, 29, 59)) == [("nightly", utc(2027, 6, 14, 1, 30))]
    assert run_due_at(utc(2027, 6, 15, 1, 29, 59, 999999)) == []
    assert run_due_at(utc(2027, 6, 15, 1, 30)) == [("nightly", utc(2027, 6, 15, 1, 30))]
    assert run_due_at(utc(2027, 6, 15, 23, 59)) == []
    assert run_due_at(utc(2027, 12, 15, 2, 29, 59)) == [("nightly", utc(2027, 12, 14, 2, 30))]  # GMT: 02:30 UTC
    assert run_due_at(utc(2027, 12, 15, 2, 30)) == [("nightly", utc(2027, 12, 15, 2, 30))]


@pytest.mark.one_pass  # the schedule's clock arithmetic: the same on either database
def test_only_the_latest_missed_slot_runs_after_a_long_stop(tasks):
    tasks("often", Every(minutes=5))
    tasks("nightly", Daily(at="02:30"))
    run_due_at(utc(2027, 6, 1, 12, 0))
    # Ten days with nothing running: one run each, for the slot of now, not thousands.
    assert run_due_at(utc(2027, 6, 11, 12, 7)) == [("often", utc(2027, 6, 11, 12, 5)),
                                                     ("nightly", utc(2027, 6, 11, 1, 30))]


@pytest.mark.one_pass  # the schedule's clock arithmetic: the same on either database
@pytest.mark.parametrize("night, slot", [
    # The clocks go forward at 01:00 GMT: 01:30 never happens, and the slot is an hour later (02:30 BST).
    (datetime.date(2027, 3, 28), utc(2027, 3, 28, 1, 30)),
    # The clocks go back at 02:00 BST: 01:30 happens twice, and the slot is the first (01:30 BST).
    (datetime.date(2027, 10, 31), utc(2027, 10, 31, 0, 30)),
])
def test_a_daily_slot_runs_exactly_once_on_the_nights_the_clocks_change(tasks, night, slot):
    tasks("backup-like", Daily(at="01:30"))
    evening = datetime.datetime.combine(night - datetime.timedelta(days=1), datetime.time(22), tzinfo=UTC)
    assert [s for _, s in run_due_at(evening)] == [slot - datetime.timedelta(days=1)]  # the night before's
    ran = []
    moment = evening
    while moment < evening + datetime.timedelta(hours=8):  # 22:00 to 06:00 UTC, every five minutes
        moment += FIVE_MINUTES
        ran += [(moment, s) for _, s in run_due_at(moment)]
    assert ran == [(slot, slot)]
    assert ScheduledRun.objects.filter(slot__gte=evening).count() == 1


# Claims and stale runs ---------------------------------------------------------------------------------

def test_the_slot_is_claimed_once_so_a_second_runner_runs_nothing(tasks):
    tasks("often", Every(minutes=5))
    task, slot, now = schedule.get("often"), utc(2027, 6, 15, 12, 0), utc(2027, 6, 15, 12, 0, 3)
    first = runner.claim(task, slot=slot, now=now)
    assert first is not None
    assert runner.claim(task, slot=slot, now=now) is None
    # The database refuses the second row itself, so runners on two machines cannot both take it.
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduledRun.objects.create(name="often", slot=slot, started_at=now)
    # The other runner, looking a moment later, finds nothing to do while the first is running.
    assert run_due_at(utc(2027, 6, 15, 12, 0, 5)) == []
    assert tasks.calls == []


def test_a_run_left_running_by_a_killed_runner_gives_way_after_two_hours(tasks, settings):
    settings.SCHEDULE_STALE_HOURS = 2
    tasks("often", Every(minutes=5))
    killed = ScheduledRun.objects.create(name="often", slot=utc(2027, 6, 15, 10, 0),
                                         started_at=utc(2027, 6, 15, 10, 0, 1))
    # Until two hours have passed it may still be running: nothing else starts beside it.
    assert run_due_at(utc(2027, 6, 15, 12, 0, 1)) == []
    killed.refresh_from_db()
    assert killed.status == ScheduledRun.Status.RUNNING
    assert run_due_at(utc(2027, 6, 15, 12, 0, 2)) == [("often", utc(2027, 6, 15, 12, 0))]
    killed.refresh_from_db()
    assert killed.status == ScheduledRun.Status.FAILED
    assert killed.error == ("The runner stopped before it finished: started at 11:00 on 15 June 2027 and still "
                            "not finished 2 hours later")


# Failures and the command -----------------------------------------------------------------------------

def test_one_failure_stops_nothing_else_and_the_command_exits_non_zero(tasks):
    tasks("a.full_disk", Every(minutes=5), error=Failed("The disk is full: free some space in /srv/backups"))
    tasks("b.surprise", Every(minutes=5), error=ValueError("Olwen Past's row did not fit"))
    tasks("c.fine", Every(minutes=5), outcome="Sent 2 reminders.")
    with time_machine.travel(utc(2027, 6, 15, 12, 0), tick=False), pytest.raises(CommandError) as refused:
        call_command("run_schedule", stdout=(out := io.StringIO()), stderr=(err := io.StringIO()))
    assert str(refused.value) == "2 scheduled tasks failed: a.full_disk, b.surprise (see above)"
    assert tasks.calls == ["a.full_disk", "b.surprise", "c.fine"]
    runs = {run.name: run for run in ScheduledRun.objects.all()}
    assert runs["a.full_disk"].error == "The disk is full: free some space in /srv/backups"
    # An unexpected error's message may name someone: it goes to the log, never into the record.
    assert runs["b.surprise"].error == "Unexpected error (ValueError); the details are in the log"
    assert (runs["c.fine"].status, runs["c.fine"].outcome) == ("succeeded", "Sent 2 reminders.")
    assert out.getvalue() == "2027-06-15 13:00:00 c.fine succeeded in 0.0 s: Sent 2 reminders.\n"
    assert "a.full_disk FAILED after 0.0 s: The disk is full" in err.getvalue()
    assert "Olwen" not in err.getvalue() + out.getvalue()
    # Once each slot has run, failed or not, the next look finds nothing and succeeds.
    with time_machine.travel(utc(2027, 6, 15, 12, 1), tick=False):
        assert command() == ("", "")


def test_a_task_turned_off_is_not_run_and_a_misspelt_name_is_refused(tasks, settings):
    tasks("casework.retention", Daily(at="02:30"))
    tasks("often", Every(minutes=5))
    settings.SCHEDULE_OFF = ["casework.retention"]
    assert run_due_at(utc(2027, 6, 15, 12, 0)) == [("often", utc(2027, 6, 15, 12, 0))]
    # A legal hold spelt wrong must not leave retention running: nothing runs, and the names are given.
    settings.SCHEDULE_OFF = ["casework.retentoin"]
    with time_machine.travel(utc(2027, 6, 15, 12, 5), tick=False), pytest.raises(CommandError) as refused:
        command()
    assert str(refused.value).startswith("EUNOMIA_SCHEDULE_OFF names no scheduled work called casework.retentoin: "
                                         "the names are casework.retention, often")
    assert tasks.calls == ["often"]


def test_list_gives_each_tasks_cadence_last_run_and_next_slot(tasks, settings):
    tasks("often", Every(minutes=5), outcome="Made 1 notification; sent 1 email.")
    tasks("nightly", Daily(at="02:30"), error=Failed("Nowhere to keep it"))
    tasks("held", Daily(at="03:00"))
    settings.SCHEDULE_OFF = ["held"]
    with time_machine.travel(utc(2027, 6, 15, 11, 58), tick=False):
        assert command("--list")[0] == (
            "often: The often task\n  every 5 minutes; last run: never run\n  next due: now\n"
            "held: The held task\n  daily at 03:00 London time; last run: never run\n"
            "  next due: turned off (EUNOMIA_SCHEDULE_OFF)\n"
            "nightly: The nightly task\n  daily at 02:30 London time; last run: never run\n  next due: now\n")
        list(runner.run_due())
        assert command("--list")[0].splitlines()[2] == "  next due: 13:00 on 15 June 2027"
    with time_machine.travel(utc(2027, 6, 15, 12, 0), tick=False):
        assert command("--list")[0] == (
            "often: The often task\n  every 5 minutes; last run: succeeded at 12:58 on 15 June 2027: "
            "Made 1 notification; sent 1 email.\n  next due: now\n"
            "held: The held task\n  daily at 03:00 London time; last run: never run\n"
            "  next due: turned off (EUNOMIA_SCHEDULE_OFF)\n"
            "nightly: The nightly task\n  daily at 02:30 London time; last run: failed at 12:58 on 15 June 2027: "
            "Nowhere to keep it\n  next due: 02:30 on 16 June 2027\n")


def test_run_runs_one_task_now_whatever_its_schedule(tasks):
    tasks("nightly", Daily(at="02:30"), outcome="Erased 1 report.")
    tasks("broken", Daily(at="02:30"), error=Failed("The mail server refused the message"))
    with time_machine.travel(utc(2027, 6, 15, 12, 0), tick=False):
        list(runner.run_due())
        out, _ = command("--run", "nightly")
        assert out == "2027-06-15 13:00:00 nightly succeeded in 0.0 s: Erased 1 report.\n"
        assert ScheduledRun.objects.filter(name="nightly", by_hand=True).count() == 1
        with pytest.raises(CommandError) as failed:
            command("--run", "broken")
        assert "broken FAILED after 0.0 s: The mail server refused the message" in str(failed.value)
        with pytest.raises(CommandError) as unknown:
            command("--run", "nigthly")
        assert str(unknown.value) == "No scheduled work is called 'nigthly': the names are broken, nightly"
        ScheduledRun.objects.create(name="nightly", slot=utc(2027, 6, 15, 11, 59), started_at=utc(2027, 6, 15, 11, 59))
        with pytest.raises(CommandError) as running:
            command("--run", "nightly")
        assert str(running.value).startswith("nightly is running already")
    assert tasks.calls == ["broken", "nightly", "nightly", "broken"]


def test_forever_runs_what_is_due_and_stops_on_sigterm(tasks, monkeypatch):
    tasks("often", Every(minutes=5))

    def nap(stop, seconds):
        # The first nap: the service manager stops the command, as systemd or `make demo`'s trap does.
        os.kill(os.getpid(), signal.SIGTERM)
        assert stop.wait(5)

    monkeypatch.setattr(StopOnSignal, "nap", nap)
    # Inside the test's transaction Django would take the connection for one to drop between passes.
    monkeypatch.setattr(run_schedule, "close_old_connections", lambda: None)
    previous = signal.getsignal(signal.SIGTERM)
    with time_machine.travel(utc(2027, 6, 15, 12, 0), tick=False):
        out, _ = command("--forever", "--sleep", "1")
    assert out.splitlines() == ["Scheduled work: 1 task registered, looking every 1 s (Ctrl-C or SIGTERM stops)",
                                "2027-06-15 13:00:00 often succeeded in 0.0 s: Done it.",
                                "Scheduled work stopped"]
    assert signal.getsignal(signal.SIGTERM) is previous


@pytest.mark.one_pass  # the schedule's clock arithmetic: the same on either database
def test_a_cadence_that_cannot_be_is_refused_when_registered():
    with pytest.raises(Exception, match="write the time as HH:MM"):
        Daily(at="2:30")
    with pytest.raises(Exception, match="give a number of minutes or hours above 0"):
        Every()


# The real registrations ---------------------------------------------------------------------------------

EXPECTED = {
    "notifications.send": "every 5 minutes",
    "tasking.reminders": "daily at 07:00 London time",
    "audit.checkpoint": "every hour",
    "casework.retention": "daily at 02:30 London time",
    "casereview.retention": "daily at 02:30 London time",
    "hatereports.retention": "daily at 02:30 London time",
    "jobs.sweep": "every 5 minutes",
    "jobs.prune": "daily at 03:00 London time",
    "backup": "daily at 01:30 London time",
    "upkeep.forget_old_runs": "daily at 03:15 London time",
}


@pytest.mark.one_pass  # the schedule's clock arithmetic: the same on either database
def test_every_piece_of_scheduled_work_is_registered_on_its_cadence():
    assert {task.name: task.every.described() for task in schedule.tasks()} == EXPECTED


def test_the_notifications_task_sends_what_is_due(partnership, housing, practitioner):
    records.tasking_task(partnership, housing, due_on=datetime.date(2027, 6, 14))
    notifications.set_preference(by=practitioner, email="immediate")
    with time_machine.travel(utc(2027, 6, 15, 11, 0), tick=False):
        out, _ = command("--run", "notifications.send")
    assert out == "2027-06-15 12:00:00 notifications.send succeeded in 0.0 s: Made 1 notification; sent 1 email.\n"
    [email] = mail.outbox
    assert email.to == [practitioner.email]


def test_the_casework_retention_task_erases_what_is_past_its_date_and_not_a_day_sooner(
        partnership, council, other_partnership, make_member):
    officer = make_member("csu_officer", partnership, council)
    cutoff = add_years(datetime.date(2027, 6, 15), -retention.YEARS)  # what happened before this day is due

    def report(day, words):
        return casework.record_report(by=officer, partnership=partnership, organisation=council, occurred_at=at(day),
                                      reported_at=at(day), category="noise", source="phone", description=words)

    due = report(cutoff - datetime.timedelta(days=1), "Drums at night")
    kept = report(cutoff, "Shouting")
    with time_machine.travel(utc(2027, 6, 15, 1, 30), tick=False):
        out, _ = command("--run", "casework.retention")
    assert out == ("2027-06-15 02:30:00 casework.retention succeeded in 0.0 s: Erased 0 cases, 1 reports, 0 people "
                   "due on 15 June 2027, in 1 of 2 partnerships.\n")
    assert Report.objects.get(pk=due.pk).description == retention.ERASED
    assert Report.objects.get(pk=kept.pk).description == "Shouting"
    [event] = AuditEvent.objects.filter(action="records.retention_applied")
    assert event.data["reports"] == [due.pk]
    # The next night the day-short report is due in its turn; a night with nothing due writes no event.
    with time_machine.travel(utc(2027, 6, 16, 1, 30), tick=False):
        command("--run", "casework.retention")
    assert Report.objects.get(pk=kept.pk).description == retention.ERASED
    with time_machine.travel(utc(2027, 6, 17, 1, 30), tick=False):
        assert "Erased 0 cases, 0 reports, 0 people" in command("--run", "casework.retention")[0]
    assert AuditEvent.objects.filter(action="records.retention_applied").count() == 2


def test_the_pruning_task_deletes_task_rows_finished_over_30_days_ago_and_not_one_sooner(db):
    now = utc(2027, 6, 15, 2, 0)

    def task_row(finished_at, status=TaskResultStatus.SUCCESSFUL):
        return DBTaskResult.objects.create(status=status, finished_at=finished_at,
                                           args_kwargs={"args": [], "kwargs": {}},
                                           task_path="eunomia.jobs.actions.run_job_task", backend_name="default",
                                           run_after=finished_at, exception_class_path="", traceback="").pk

    thirty_days = datetime.timedelta(days=30)
    old = task_row(now - thirty_days - datetime.timedelta(seconds=1), TaskResultStatus.FAILED)
    kept = [task_row(now - thirty_days), task_row(None, TaskResultStatus.RUNNING)]
    with time_machine.travel(now, tick=False):
        out, _ = command("--run", "jobs.prune")
    assert out == "2027-06-15 03:00:00 jobs.prune succeeded in 0.0 s: Deleted 1 finished task row.\n"
    assert not DBTaskResult.objects.filter(pk=old).exists()
    assert DBTaskResult.objects.filter(pk__in=kept).count() == 2


def test_the_audit_checkpoint_task_keeps_the_head_or_says_in_words_why_it_cannot(db, settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE, settings.AUDIT_CHECKPOINT_EMAIL = "", ""
    with time_machine.travel(utc(2027, 6, 15, 12, 0), tick=False), pytest.raises(CommandError) as nowhere:
        command("--run", "audit.checkpoint")
    assert str(nowhere.value).endswith("audit.checkpoint FAILED after 0.0 s: Nowhere to keep the checkpoint: set "
                                       "EUNOMIA_AUDIT_CHECKPOINT_FILE or EUNOMIA_AUDIT_CHECKPOINT_EMAIL")
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "checkpoints.jsonl")
    assert "Audit checkpoint: " in command("--run", "audit.checkpoint")[0]
    assert len((tmp_path / "checkpoints.jsonl").read_text().splitlines()) == 1
