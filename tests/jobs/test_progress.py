"""Progress: cheap to call per batch of rows (throttled writes), at once when the message changes,
the job's heartbeat, and on PostgreSQL visible while the handler's own transaction is still open."""

import datetime

import pytest
import time_machine
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from eunomia.jobs import actions
from eunomia.jobs.models import Job
from eunomia.jobs.progress import Progress

KIND = "tests.count_rows"


def _running_job(register, by, partnership, function=lambda job, progress: None):
    register(KIND, function, unit="rows")
    actions.enqueue(by=by, kind=KIND, params={}, partnership=partnership)
    return actions.claim_next(worker="w")


def _row(job):
    return Job.objects.values("progress_done", "progress_total", "message", "heartbeat_at").get(pk=job.pk)


def test_calls_within_half_a_second_write_once(register, manager, partnership, clock):
    job = _running_job(register, manager, partnership)
    progress = Progress(job, clock=clock)
    with CaptureQueriesContext(connection) as queries:
        for done in range(0, 550_000, 10_000):
            progress(done, 550_000)
    assert progress.writes == 1 and len(queries) == 1
    assert _row(job)["progress_done"] == 0

    clock.advance(0.49)
    progress(100_000)
    assert progress.writes == 1
    clock.advance(0.01)
    progress(120_000)
    assert progress.writes == 2
    assert (_row(job)["progress_done"], _row(job)["progress_total"]) == (120_000, 550_000)


def test_a_new_message_is_written_at_once_and_a_repeated_one_is_not(register, manager, partnership, clock):
    job = _running_job(register, manager, partnership)
    progress = Progress(job, clock=clock)
    progress(0, 3, "Reading 2025-01-kent-street.csv")
    progress(1, message="Reading 2025-02-kent-street.csv")
    progress(1, message="Reading 2025-02-kent-street.csv")
    progress(2)
    assert progress.writes == 2
    # A total or message left out keeps the last one given.
    assert _row(job)["message"] == "Reading 2025-02-kent-street.csv"
    assert _row(job)["progress_total"] == 3


def test_each_write_is_a_heartbeat(register, manager, partnership, clock):
    job = _running_job(register, manager, partnership)
    claimed_at = _row(job)["heartbeat_at"]
    Progress(job, clock=clock)(1, 10)
    assert _row(job)["heartbeat_at"] > claimed_at


def test_a_job_quiet_since_its_last_progress_is_found_by_the_sweep(register, manager, partnership, clock, settings):
    """The sweep gives a job up only if its heartbeat is still the one it read: the heartbeat
    progress writes must compare equal to itself when read back (on SQLite: stored as the ORM does)."""
    settings.JOBS_STALE_MINUTES = 10
    job = _running_job(register, manager, partnership)
    Progress(job, clock=clock)(1, 10)
    heard = _row(job)["heartbeat_at"]
    with time_machine.travel(heard + datetime.timedelta(minutes=11), tick=False):
        assert actions.fail_stale_jobs() == [job.pk]
    assert Job.objects.get(pk=job.pk).status == "failed"


def test_progress_held_back_by_the_throttle_is_recorded_when_the_job_ends(register, manager, partnership):
    def count(job, progress):
        for done in range(0, 100_001, 1_000):
            progress(done, 100_000)
        return {"Rows": 100_000}

    job = actions.run_job(_running_job(register, manager, partnership, count))
    assert (job.status, job.progress_done, job.progress_total, job.percent) == ("succeeded", 100_000, 100_000, 100)


def test_progress_of_a_job_no_longer_this_workers_is_not_written(register, manager, partnership, clock):
    job = _running_job(register, manager, partnership)
    Job.objects.filter(pk=job.pk).update(status="failed")
    Progress(job, clock=clock)(5, 10, "Still going")
    assert _row(job)["progress_done"] == 0


def _progress_seen_by_another_connection(job_pk):
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute(f"SELECT progress_done, message FROM {Job._meta.db_table} WHERE id = %s", [job_pk])
            return list(cursor.fetchone())
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_progress_inside_the_handlers_own_transaction(register, manager, partnership):
    """The page reads the job on another connection. On PostgreSQL it sees progress made inside a
    transaction the handler has not committed yet; on SQLite (one writer) it shows on commit."""
    seen = {}

    def import_in_one_transaction(job, progress):
        with transaction.atomic():
            progress(5, 10, "Half way through the file")
            if connection.vendor == "postgresql":
                seen["during"] = _progress_seen_by_another_connection(job.pk)
            progress(10, 10, "Read the whole file")
        return {"Rows": 10}

    job = actions.run_job(_running_job(register, manager, partnership, import_in_one_transaction))
    assert job.status == "succeeded"
    assert (job.progress_done, job.message) == (10, "Read the whole file")
    if connection.vendor == "postgresql":
        assert seen["during"] == [5, "Half way through the file"]
