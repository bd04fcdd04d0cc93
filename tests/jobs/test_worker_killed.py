"""A real `manage.py worker` process killed with `kill -9` half way through a real import: the next
worker's sweep fails the job with a plain reason, marks its task failed, and the import's rows are
either all there or none (issue 13, ADR 56). The worker runs against this test's database: the
same PostgreSQL test database, or on SQLite a file copied from the in-memory one and back."""

import datetime
import importlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import time_machine
from django.apps import apps
from django.conf import settings as django_settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from eunomia.crime.models import CrimeRecord, DataMonth
from eunomia.jobs import actions
from eunomia.jobs.models import Job
from tests.crime.test_importer import row, write_csv

ROWS = 300_000


def _database_url(tmp_path):
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(tmp_path / "worker.sqlite3")
        connection.ensure_connection()
        connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return f"postgres://{quote(db['USER'])}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _read_back(tmp_path):
    """On SQLite, bring what the worker left in its file back into the test's database."""
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(tmp_path / "worker.sqlite3")
        copy.backup(connection.connection)
        copy.close()


def _status(tmp_path, job):
    if connection.vendor == "sqlite":
        with sqlite3.connect(tmp_path / "worker.sqlite3", timeout=10) as peek:
            return peek.execute("SELECT status FROM jobs_job WHERE id = ?", [job.pk]).fetchone()[0]
    return Job.objects.get(pk=job.pk).status


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_leaves_the_job_failed_with_a_reason_and_no_rows(system_user, partnership,
                                                                                   tmp_path, settings):
    # A transactional test before this one may have emptied the tables, the crime types of the data
    # migration too: without them every row is refused at once, whatever the order tests run in.
    importlib.import_module("eunomia.crime.migrations.0002_crime_types").add(apps, None)
    path = write_csv(tmp_path / "large.csv", [row(crime_id=f"id{n}") for n in range(ROWS)])
    job = actions.enqueue(by=system_user, kind="crime.import_police_data", params={"paths": [str(path)]},
                          partnership=partnership)
    env = {**os.environ, "DATABASE_URL": _database_url(tmp_path), "EUNOMIA_VAR_DIR": str(tmp_path / "var")}
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen([sys.executable, "manage.py", "worker", "--sleep", "0.1"], env=env,
                              cwd=Path(django_settings.BASE_DIR), stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while _status(tmp_path, job) != "running":
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            assert time.monotonic() < deadline, "the worker never started the job"
            time.sleep(0.05)
        time.sleep(0.2)  # into the import's reading and writing
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        log.close()
    assert worker.returncode == -signal.SIGKILL
    _read_back(tmp_path)

    job.refresh_from_db()
    task = DBTaskResult.objects.get(id=job.task_id)
    assert (job.status, task.status) == ("running", "RUNNING"), (
        f"the import ended before the worker was killed: {job.status}, {job.error}, {task.status}")

    # The next worker, once the job has been quiet for JOBS_STALE_MINUTES, deals with it.
    with time_machine.travel(job.heartbeat_at + datetime.timedelta(minutes=settings.JOBS_STALE_MINUTES, seconds=1)):
        assert actions.fail_stale_jobs() == [job.pk]

    job.refresh_from_db()
    task.refresh_from_db()
    assert job.status == "failed"
    assert job.error.startswith("The worker running this job stopped before it finished (last heard from at ")
    assert (task.status, task.exception_class_path) == ("FAILED", actions.WORKER_LOST)
    assert not Job.objects.filter(status="running").exists()
    assert not DBTaskResult.objects.filter(status="RUNNING").exists()
    # The import's one transaction never committed: nothing of the file is there.
    assert CrimeRecord.objects.count() == 0 and not DataMonth.objects.exists()
