"""/health/ready/ (ADR 72): 200 when the database answers, a worker is alive, the disks have room and no
migration is pending; 503 naming each part that fails, on its own. And the worker's heartbeat that
the check reads."""

import datetime
import io
import os
import shutil

import pytest
import time_machine
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.utils import timezone

from eunomia.jobs import actions as job_actions
from eunomia.core.stopping import StopOnSignal
from eunomia.jobs.management.commands.worker import BEAT_SECONDS, Heartbeat
from eunomia.jobs.models import Job, WorkerBeat
from eunomia.upkeep import readiness

URL = "/health/ready/"
MB = 1024 * 1024


@pytest.fixture
def healthy(db, settings, tmp_path):
    """Everything passes: a worker beat just now, stored files on a disk with room (any disk has 1 MB)."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.MEDIA_ROOT.mkdir()
    settings.READY_MIN_FREE_MB = 1
    settings.READY_WORKER_SECONDS = 120
    job_actions.worker_started(name="web-1:4242")
    return settings


def answer(**headers):
    response = Client().get(URL, headers=headers)
    assert response["Content-Type"] == "application/json"
    return response, response.json()


def failing(body):
    return {name for name, check in body["checks"].items() if not check["ok"]}


def test_ready_when_every_check_passes_without_signing_in(healthy):
    response, body = answer()

    assert response.status_code == 200
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "worker", "disk", "migrations"}
    assert failing(body) == set()
    assert body["checks"]["worker"]["detail"].startswith("A worker beat its heartbeat ")
    assert body["checks"]["migrations"]["detail"] == "Every migration has been applied"
    assert "no-store" in response["Cache-Control"]
    # Nothing a stranger could use: no folder, host name or worker's name.
    assert str(healthy.MEDIA_ROOT) not in response.content.decode()
    assert "web-1" not in response.content.decode()


def test_only_reading_is_allowed(healthy):
    assert Client().post(URL).status_code == 405
    assert Client().head(URL).status_code == 200


# The database ------------------------------------------------------------------------------------------

@pytest.fixture
def unreachable_database(tmp_path, monkeypatch):
    """A real connection that cannot connect: a SQLite file in a folder that does not exist, or a
    PostgreSQL server on a port nothing listens on. The checks are given it instead of the usual one."""
    broken = connections.create_connection(DEFAULT_DB_ALIAS)
    if broken.vendor == "sqlite":
        broken.settings_dict = {**broken.settings_dict, "NAME": str(tmp_path / "no-such-folder" / "db.sqlite3")}
    else:
        broken.settings_dict = {**broken.settings_dict, "HOST": "127.0.0.1", "PORT": "1"}
    monkeypatch.setattr(readiness, "connection", broken)
    yield
    broken.close()


def test_a_database_that_does_not_answer_is_503_naming_it(healthy, unreachable_database, caplog):
    response, body = answer()

    assert response.status_code == 503
    assert body["status"] == "not ready"
    assert body["checks"]["database"] == {"ok": False, "detail": "The database did not answer"}
    # The migrations are read from the database too, so they cannot be checked either; the rest passes.
    assert failing(body) == {"database", "migrations"}
    assert body["checks"]["migrations"]["detail"] == "The database did not answer"
    # The error itself (which names the server or the file) goes to the log, not to the answer.
    assert "no-such-folder" not in response.content.decode() and "port 1" not in response.content.decode()
    assert "Readiness: the database check could not reach the database" in caplog.text


# The worker --------------------------------------------------------------------------------------------

def _beat_at(when):
    WorkerBeat.objects.all().delete()
    WorkerBeat.objects.create(name="web-1:4242", host="web-1", pid=4242, started_at=when, beat_at=when)


@pytest.mark.parametrize(("seconds_ago", "ok"), [(120, True), (121, False)])
def test_a_worker_must_have_beaten_within_the_window(healthy, seconds_ago, ok):
    with time_machine.travel(timezone.now(), tick=False):
        _beat_at(timezone.now() - datetime.timedelta(seconds=seconds_ago))
        response, body = answer()

    assert response.status_code == (200 if ok else 503)
    assert failing(body) == (set() if ok else {"worker"})
    if not ok:
        assert body["checks"]["worker"]["detail"] == (
            "No worker has beaten its heartbeat or worked on a job in the last 120 seconds (the last was heard "
            "from 121 seconds ago): start `manage.py worker`")


@pytest.mark.parametrize(("seconds_ago", "ok"), [(300, True), (301, False)])
def test_the_window_is_a_setting(healthy, seconds_ago, ok):
    healthy.READY_WORKER_SECONDS = 300
    with time_machine.travel(timezone.now(), tick=False):
        _beat_at(timezone.now() - datetime.timedelta(seconds=seconds_ago))
        assert readiness.worker().ok is ok


@pytest.mark.parametrize(("seconds_ago", "ok"), [(120, True), (121, False)])
def test_a_job_started_or_making_progress_within_the_window_stands_for_its_worker(healthy, seconds_ago, ok):
    WorkerBeat.objects.all().delete()
    with time_machine.travel(timezone.now(), tick=False):
        Job.objects.create(kind="tests.long", status=Job.Status.RUNNING,
                           heartbeat_at=timezone.now() - datetime.timedelta(seconds=seconds_ago))
        check = readiness.worker()

    assert check.ok is ok
    if ok:
        assert check.detail == "A worker worked on a job 120 seconds ago"


def test_a_worker_that_stopped_is_not_alive_and_none_ever_heard_is_said(healthy):
    with time_machine.travel(timezone.now(), tick=False):
        job_actions.worker_stopped(name="web-1:4242")
        _, body = answer()
    assert failing(body) == {"worker"}
    assert "the last was heard from 0 seconds ago" in body["checks"]["worker"]["detail"]

    WorkerBeat.objects.all().delete()
    _, body = answer()
    assert "(none has been heard from yet)" in body["checks"]["worker"]["detail"]


def test_with_another_tasks_backend_the_worker_check_does_not_apply(healthy, monkeypatch):
    WorkerBeat.objects.all().delete()
    monkeypatch.setattr(job_actions, "database_backend", lambda: None)

    response, body = answer()

    assert response.status_code == 200
    assert body["checks"]["worker"]["ok"] is True
    assert body["checks"]["worker"]["detail"].startswith("Does not apply: background jobs go to another tasks backend")


# The disks ---------------------------------------------------------------------------------------------

def test_less_free_disk_than_the_minimum_is_503_naming_it(healthy):
    # More than the whole disk holds: never met, whatever else is writing to it meanwhile.
    healthy.READY_MIN_FREE_MB = shutil.disk_usage(healthy.MEDIA_ROOT).total // MB + 1

    response, body = answer()

    assert response.status_code == 503
    assert failing(body) == {"disk"}
    assert body["checks"]["disk"]["detail"].endswith(f"at least {healthy.READY_MIN_FREE_MB:,} MB is needed")
    assert " MB free for stored files" in body["checks"]["disk"]["detail"]


def test_the_backups_disk_is_checked_too_and_a_folder_not_made_yet_is_read_from_the_disk_above(healthy, tmp_path,
                                                                                                 monkeypatch):
    backups = tmp_path / "backups" / "not-yet"
    healthy.BACKUP_DIR = backups
    healthy.READY_MIN_FREE_MB = 100
    real = shutil.disk_usage

    def usage(path):
        # As if the backups were on a disk of their own that is nearly full.
        found = real(path)
        return found._replace(free=99 * MB) if path == tmp_path else found

    monkeypatch.setattr(readiness.shutil, "disk_usage", usage)

    check = readiness.disk()

    assert not check.ok
    assert "99 MB free for backups (its folder is not made yet)" in check.detail
    assert not backups.exists() and not backups.parent.exists()  # the probe makes nothing
    assert " MB free for stored files; " in check.detail


def test_a_missing_folder_for_stored_files_is_said_plainly(healthy, tmp_path):
    healthy.MEDIA_ROOT = tmp_path / "uploads-not-made"
    check = readiness.disk()
    assert check.ok
    assert "MB free for stored files (its folder is not made yet)" in check.detail
    assert not healthy.MEDIA_ROOT.exists()


# Migrations --------------------------------------------------------------------------------------------

def test_a_pending_migration_is_503_naming_it(healthy):
    # As a new release's migration looks before `migrate` runs (rolled back with the test).
    MigrationRecorder(connection).record_unapplied("jobs", "0003_workerbeat")

    response, body = answer()

    assert response.status_code == 503
    assert failing(body) == {"migrations"}
    assert body["checks"]["migrations"]["detail"] == "1 migration not applied yet: run `manage.py migrate`"


def test_a_check_that_breaks_fails_in_words_instead_of_a_500(healthy, monkeypatch, caplog):
    def broken():
        raise PermissionError("/srv/secret/path")

    monkeypatch.setitem(readiness.CHECKS, "disk", broken)

    response, body = answer()

    assert response.status_code == 503
    assert body["checks"]["disk"] == {"ok": False, "detail": "The check could not be made: the details are in the log"}
    assert "/srv/secret" not in response.content.decode()
    assert "/srv/secret/path" in caplog.text


# The worker's heartbeat --------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_the_worker_writes_its_beat_when_it_starts_and_marks_it_when_it_stops():
    """Committed for real: the worker closes old connections between jobs, which would cut a test's
    wrapping transaction (tests/jobs/test_worker_command.py)."""
    with time_machine.travel(timezone.now(), tick=False):
        call_command("worker", "--once", stdout=io.StringIO())
        now = timezone.now()

    beat = WorkerBeat.objects.get()
    assert (beat.name, beat.pid) == (job_actions.worker_name(), os.getpid())
    assert beat.host and beat.name.startswith(f"{beat.host}:")
    assert beat.started_at == beat.beat_at == beat.stopped_at == now
    # A worker that stopped cleanly is not counted as alive.
    assert readiness.worker().ok is False


def test_the_heartbeat_is_written_at_most_every_beat_seconds(db, clock_at):
    heartbeat = Heartbeat("web-1:4242", clock=clock_at)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        started = timezone.now()
        heartbeat.start()
        traveller.shift(BEAT_SECONDS - 1)
        clock_at.seconds += BEAT_SECONDS - 1
        heartbeat.beat()
        assert WorkerBeat.objects.get().beat_at == started

        traveller.shift(1)
        clock_at.seconds += 1
        heartbeat.beat()
        assert WorkerBeat.objects.get().beat_at == started + datetime.timedelta(seconds=BEAT_SECONDS)
        assert WorkerBeat.objects.get().started_at == started


def test_a_nap_keeps_the_heartbeat_going():
    calls = []
    StopOnSignal("Worker", after="the current job").nap(0.3, meanwhile=lambda: calls.append(1))
    assert len(calls) >= 2  # at the start and after each 0.2 s nap


def test_a_beat_cleared_by_hand_is_written_again(db):
    job_actions.worker_beat(name="web-1:4242")
    assert WorkerBeat.objects.get().name == "web-1:4242"


@pytest.mark.parametrize(("age", "kept"), [(datetime.timedelta(days=1), True),
                                           (datetime.timedelta(days=1, seconds=1), False)])
def test_a_starting_worker_clears_beats_older_than_a_day(db, age, kept):
    with time_machine.travel(timezone.now(), tick=False):
        _beat_at(timezone.now() - age)
        job_actions.worker_started(name="web-2:77")
        assert set(WorkerBeat.objects.values_list("name", flat=True)) == (
            {"web-1:4242", "web-2:77"} if kept else {"web-2:77"})


def test_a_heartbeat_the_database_refuses_costs_a_warning_not_the_worker(db, monkeypatch, caplog, clock_at):
    def refuse(*, name):
        raise OperationalError("database is locked")

    monkeypatch.setattr(job_actions, "worker_beat", refuse)
    heartbeat = Heartbeat("web-1:4242", clock=clock_at)
    heartbeat.beat()
    assert "Worker web-1:4242 could not write its heartbeat: the database did not answer" in caplog.text


class _Clock:
    def __init__(self):
        self.seconds = 1000.0

    def __call__(self):
        return self.seconds


@pytest.fixture
def clock_at():
    return _Clock()
