"""The queue's actions: enqueue (audited, unknown kinds refused), claim in order, run to success or
failure, cancel, and jobs whose worker died. Claiming is tested on each database the way it works
there: row locks skipped on PostgreSQL, a conditional update on SQLite."""

import datetime
import logging
import threading
import time

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.jobs import actions, registry
from eunomia.jobs.models import Job
from eunomia.jobs.registry import JobFailed

ECHO = "tests.echo"


def echo(job, progress):
    progress(len(job.params["items"]), len(job.params["items"]), "Counted the items")
    return {"Items": len(job.params["items"]), "First": job.params["items"][0]}


def refuse(job, progress):
    raise JobFailed("streets.csv could not be read: it is not a CSV file", result={"Problems": ["line 1: no header"]})


def crash(job, progress):
    progress(3, 10, "Working")
    raise RuntimeError("password=hunter2 in /srv/secret/path")


def _queued(by, partnership, count=1, kind=ECHO):
    return [actions.enqueue(by=by, kind=kind, params={"items": [f"item {i}"]}, partnership=partnership)
            for i in range(count)]


# Enqueue ------------------------------------------------------------------------------------------

def test_enqueue_queues_the_job_and_audits_it(register, manager, partnership):
    register(ECHO, echo)
    job = actions.enqueue(by=manager, kind=ECHO, params={"items": ["a", "b"], "path": "/tmp/up.csv"},
                          partnership=partnership)
    assert (job.status, job.created_by, job.partnership, job.attempts) == ("queued", manager, partnership, 0)
    event = AuditEvent.objects.get(action="job.enqueued")
    assert (event.object_id, event.actor, event.partnership_id) == (str(job.pk), manager.email, partnership.pk)
    # The names of the parameters are recorded, not their values.
    assert event.data == {"kind": ECHO, "params": ["items", "path"]}


def test_enqueue_refuses_an_unknown_kind_and_saves_nothing(manager, partnership):
    with pytest.raises(ValidationError) as refusal:
        actions.enqueue(by=manager, kind="tests.no_such_kind", params={}, partnership=partnership)
    assert refusal.value.message_dict == {"kind": ["Eunomia has no kind of job called 'tests.no_such_kind'"]}
    assert not Job.objects.exists()
    assert not AuditEvent.objects.filter(action="job.enqueued").exists()


@pytest.mark.parametrize("params", [["not", "a", "dict"], {"when": object()}])
def test_enqueue_refuses_parameters_that_cannot_be_stored(register, manager, partnership, params):
    register(ECHO, echo)
    with pytest.raises(ValidationError) as refusal:
        actions.enqueue(by=manager, kind=ECHO, params=params, partnership=partnership)
    assert "params" in refusal.value.message_dict
    assert not Job.objects.exists()


def test_two_handlers_for_one_kind_are_refused(register):
    register(ECHO, echo)
    with pytest.raises(ImproperlyConfigured, match="Two handlers for the job kind tests.echo"):
        registry.handler(ECHO)(crash)
    assert registry.get(ECHO).function is echo


# Claim and run ------------------------------------------------------------------------------------

def test_a_job_is_claimed_run_and_recorded_as_succeeded(register, manager, partnership):
    register(ECHO, echo, title="Echo the items", unit="items")
    job = actions.enqueue(by=manager, kind=ECHO, params={"items": ["a", "b", "c"]}, partnership=partnership)

    claimed = actions.claim_next(worker="host:1")
    assert (claimed.pk, claimed.status, claimed.worker, claimed.attempts) == (job.pk, "running", "host:1", 1)
    assert claimed.started_at is not None and claimed.heartbeat_at is not None

    finished = actions.run_job(claimed)
    assert finished.status == "succeeded"
    assert finished.result == {"Items": 3, "First": "a"}
    assert (finished.progress_done, finished.progress_total, finished.message) == (3, 3, "Counted the items")
    assert finished.error == ""
    assert finished.finished_at >= finished.started_at
    assert finished.title == "Echo the items"


def test_the_oldest_queued_job_is_claimed_first_and_finished_ones_never(register, manager, partnership):
    register(ECHO, echo)
    first, second, third = _queued(manager, partnership, 3)
    Job.objects.filter(pk=first.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    actions.cancel(by=manager, job=second)
    assert actions.claim_next(worker="w").pk == first.pk
    assert actions.claim_next(worker="w").pk == third.pk
    assert actions.claim_next(worker="w") is None


def test_an_expected_failure_shows_its_own_message_and_details(register, manager, partnership):
    register("tests.refuse", refuse)
    job = actions.enqueue(by=manager, kind="tests.refuse", params={}, partnership=partnership)
    job = actions.run_job(actions.claim_next(worker="w"))
    assert job.status == "failed"
    assert job.error == "streets.csv could not be read: it is not a CSV file"
    assert job.result == {"Problems": ["line 1: no header"]}


def test_an_unexpected_error_is_logged_but_not_shown(register, manager, partnership, caplog):
    register("tests.crash", crash)
    job = actions.enqueue(by=manager, kind="tests.crash", params={}, partnership=partnership)
    with caplog.at_level(logging.ERROR, logger="eunomia.jobs"):
        job = actions.run_job(actions.claim_next(worker="w"))
    assert job.status == "failed"
    assert f"job {job.pk} failed" in job.error
    for leaked in ("hunter2", "/srv/secret", "RuntimeError", "Traceback"):
        assert leaked not in job.error + job.message + str(job.result)
    # Progress made before the crash stays on the job; the traceback goes to the log.
    assert (job.progress_done, job.progress_total) == (3, 10)
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "hunter2" in logged and "RuntimeError" in logged and f"Job {job.pk}" in logged


def test_a_result_that_cannot_be_stored_fails_the_job_plainly(register, manager, partnership):
    register("tests.bad_result", lambda job, progress: {"when": object()})
    actions.enqueue(by=manager, kind="tests.bad_result", params={}, partnership=partnership)
    job = actions.run_job(actions.claim_next(worker="w"))
    assert job.status == "failed" and "did not expect" in job.error


def test_a_job_whose_kind_is_no_longer_known_fails_without_running(register, manager, partnership):
    register(ECHO, echo)
    actions.enqueue(by=manager, kind=ECHO, params={"items": ["a"]}, partnership=partnership)
    registry.unregister(ECHO)
    job = actions.run_job(actions.claim_next(worker="w"))
    assert (job.status, job.result) == ("failed", None)
    assert job.error == "Eunomia no longer knows how to run this kind of job, so it was not run."


def test_a_handler_that_returns_nothing_succeeds_with_an_empty_result(register, manager, partnership):
    register("tests.quiet", lambda job, progress: None)
    actions.enqueue(by=manager, kind="tests.quiet", params={}, partnership=partnership)
    job = actions.run_job(actions.claim_next(worker="w"))
    assert (job.status, job.result) == ("succeeded", {})


# Cancel -------------------------------------------------------------------------------------------

def test_only_a_queued_job_can_be_cancelled(register, manager, analyst, partnership):
    register(ECHO, echo)
    queued, running = _queued(manager, partnership, 2)
    Job.objects.filter(pk=running.pk).update(status="running")

    cancelled = actions.cancel(by=analyst, job=queued)
    assert cancelled.status == "cancelled" and cancelled.finished_at is not None
    assert cancelled.message == f"Cancelled by {analyst}"
    assert AuditEvent.objects.filter(action="job.cancelled", object_id=str(queued.pk)).count() == 1

    for job, why in ((running, "it has started"), (cancelled, "it has ended")):
        with pytest.raises(ValidationError, match=why):
            actions.cancel(by=analyst, job=job)
    assert Job.objects.get(pk=running.pk).status == "running"
    assert AuditEvent.objects.filter(action="job.cancelled").count() == 1


# Two workers, one job -----------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_racing_workers_on_postgresql_never_share_a_job(register, manager, partnership):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks and SKIP LOCKED are PostgreSQL's; SQLite has one writer at a time")
    register(ECHO, echo)
    expected = {job.pk for job in _queued(manager, partnership, 40)}
    claims = {"a": [], "b": []}
    start = threading.Barrier(2)

    def work(name):
        try:
            start.wait()
            while (job := actions.claim_next(worker=name)) is not None:
                claims[name].append(job.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(name,)) for name in claims]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    together = claims["a"] + claims["b"]
    assert len(together) == len(set(together)) == 40
    assert set(together) == expected
    assert dict(Job.objects.values_list("pk", "worker")) == {
        **{pk: "a" for pk in claims["a"]}, **{pk: "b" for pk in claims["b"]}}
    assert set(Job.objects.values_list("attempts", flat=True)) == {1}


@pytest.mark.django_db(transaction=True)
def test_a_worker_on_postgresql_skips_a_job_another_is_claiming(register, manager, partnership):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks and SKIP LOCKED are PostgreSQL's")
    register(ECHO, echo)
    first, second = _queued(manager, partnership, 2)
    locked, release, outcome = threading.Event(), threading.Event(), {}

    def slow_claimer():
        # Holds the lock a claim takes on the oldest job, as a worker half way through claiming it.
        try:
            with transaction.atomic():
                Job.objects.select_for_update().get(pk=first.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=slow_claimer)
    thread.start()
    try:
        assert locked.wait(10)
        started = time.monotonic()
        outcome["job"] = actions.claim_next(worker="b")
        outcome["seconds"] = time.monotonic() - started
    finally:
        release.set()
        thread.join()
    assert outcome["job"].pk == second.pk
    assert outcome["seconds"] < 2, "the claim waited for the lock instead of skipping the row"
    assert Job.objects.get(pk=first.pk).status == "queued"


def test_on_sqlite_a_second_claim_gets_the_next_job(register, manager, partnership):
    if connection.vendor != "sqlite":
        pytest.skip("The conditional-update claim is SQLite's; PostgreSQL is raced above")
    register(ECHO, echo)
    first, second = _queued(manager, partnership, 2)
    assert actions.claim_next(worker="a").pk == first.pk
    assert actions.claim_next(worker="b").pk == second.pk
    assert actions.claim_next(worker="c") is None
    assert dict(Job.objects.values_list("pk", "worker")) == {first.pk: "a", second.pk: "b"}


# Jobs whose worker died ---------------------------------------------------------------------------

def _quiet_for(job, minutes):
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=minutes))


def test_a_running_job_gone_quiet_is_failed_with_a_plain_message(register, manager, partnership, settings):
    settings.JOBS_STALE_MINUTES = 10
    register(ECHO, echo)
    quiet, alive = _queued(manager, partnership, 2)
    quiet, alive = actions.claim_next(worker="dead:1"), actions.claim_next(worker="alive:2")
    _quiet_for(quiet, 11)
    _quiet_for(alive, 9)

    assert actions.fail_stale_jobs() == [quiet.pk]
    quiet.refresh_from_db()
    assert quiet.status == "failed" and quiet.finished_at is not None
    assert quiet.error.startswith("The worker running this job stopped before it finished (last heard from at ")
    assert quiet.error.endswith("Start the job again.")
    assert Job.objects.get(pk=alive.pk).status == "running"
    event = AuditEvent.objects.get(action="job.worker_lost")
    assert event.data == {"kind": ECHO, "worker": "dead:1", "attempts": 1}
    assert actions.fail_stale_jobs() == []


def test_how_long_counts_as_quiet_is_a_setting(register, manager, partnership, settings):
    register(ECHO, echo)
    _queued(manager, partnership)
    job = actions.claim_next(worker="w")
    _quiet_for(job, 3)
    settings.JOBS_STALE_MINUTES = 5
    assert actions.fail_stale_jobs() == []
    settings.JOBS_STALE_MINUTES = 2
    assert actions.fail_stale_jobs() == [job.pk]


def test_a_kind_that_allows_another_attempt_is_queued_again_once(register, manager, partnership, settings):
    settings.JOBS_STALE_MINUTES = 10
    register(ECHO, echo, max_attempts=2)
    _queued(manager, partnership)
    job = actions.claim_next(worker="dead:1")
    _quiet_for(job, 30)

    actions.fail_stale_jobs()
    job.refresh_from_db()
    assert (job.status, job.worker, job.attempts, job.progress_done) == ("queued", "", 1, 0)
    assert job.message.startswith("Waiting to start again: the worker running it stopped")
    assert AuditEvent.objects.filter(action="job.requeued").count() == 1

    again = actions.claim_next(worker="dead:2")
    assert (again.pk, again.attempts) == (job.pk, 2)
    _quiet_for(again, 30)
    actions.fail_stale_jobs()
    again.refresh_from_db()
    assert again.status == "failed" and "stopped before it finished" in again.error


def test_a_worker_given_up_for_dead_cannot_record_the_end_of_its_job(register, manager, partnership, settings,
                                                                     caplog):
    settings.JOBS_STALE_MINUTES = 10
    register(ECHO, echo, max_attempts=2)
    _queued(manager, partnership)
    slow = actions.claim_next(worker="slow:1")
    _quiet_for(slow, 30)
    actions.fail_stale_jobs()
    again = actions.claim_next(worker="fresh:2")

    # The first worker was only slow: it finishes now, after its job was given to another.
    with caplog.at_level(logging.WARNING, logger="eunomia.jobs"):
        actions.run_job(slow)
    current = Job.objects.get(pk=slow.pk)
    assert (current.status, current.worker, current.attempts, current.result) == ("running", "fresh:2", 2, None)
    assert "its end was not recorded" in caplog.text

    assert actions.run_job(again).status == "succeeded"


def test_a_result_keeps_the_order_the_handler_gave_it(register, manager, partnership):
    """The page shows a result's rows in the handler's order; PostgreSQL's jsonb would sort them."""
    ordered = {"Rows imported": 3, "Months": ["2025-02", "2025-01"], "By category": {"Violence": 2, "Arson": 1},
               "A problems list last": []}
    register("tests.ordered", lambda job, progress: ordered)
    actions.enqueue(by=manager, kind="tests.ordered", params={}, partnership=partnership)
    actions.run_job(actions.claim_next(worker="w"))
    stored = Job.objects.get(kind="tests.ordered").result
    assert stored == ordered
    assert list(stored) == list(ordered) and list(stored["By category"]) == ["Violence", "Arson"]
