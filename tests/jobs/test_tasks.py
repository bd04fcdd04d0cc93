"""Jobs run on Django's Tasks interface (ADR 56): queuing a job sends one task to the configured
backend when the job's transaction commits, and that task claims and runs the job. The database
backend's task rows are kept true too: none is left running after its worker died. Tests that send
tasks commit for real (transaction=True), since a task is sent only on commit."""

import datetime
import io
import logging

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from eunomia.audit.models import AuditEvent
from eunomia.jobs import actions
from eunomia.jobs.models import Job
from eunomia.jobs.registry import JobFailed

committed = pytest.mark.django_db(transaction=True)
DOUBLE = "tests.double"


def double(job, progress):
    progress(1, 2, "Halfway")
    return {"Doubled": job.params["n"] * 2}


def _enqueue(by, partnership, n=1, kind=DOUBLE):
    return actions.enqueue(by=by, kind=kind, params={"n": n}, partnership=partnership)


def _worker(*args):
    out = io.StringIO()
    call_command("worker", *args, stdout=out)
    return out.getvalue()


def _task_of(job):
    job.refresh_from_db()
    return DBTaskResult.objects.get(id=job.task_id)


@committed
def test_a_queued_job_is_sent_as_one_task_and_run_by_it(register, manager, partnership):
    register(DOUBLE, double)
    job = _enqueue(manager, partnership, 21)

    task = _task_of(job)
    assert (task.status, task.task_path, task.args_kwargs) == (
        "READY", "eunomia.jobs.actions.run_job_task", {"args": [job.pk], "kwargs": {}})

    out = _worker("--once")

    job.refresh_from_db()
    task.refresh_from_db()
    assert (job.status, job.result, job.progress_done, job.progress_total) == ("succeeded", {"Doubled": 42}, 1, 2)
    assert job.task_id == str(task.id) and job.attempts == 1
    assert task.status == "SUCCESSFUL"
    assert task.return_value == {"job": job.pk, "ran": True, "status": "succeeded"}
    assert task.worker_ids == [job.worker]
    assert out.startswith(f"Job {job.pk} tests.double succeeded in ")


@committed
def test_a_job_queued_in_a_transaction_that_rolls_back_sends_no_task(register, manager, partnership):
    register(DOUBLE, double)
    with pytest.raises(RuntimeError), transaction.atomic():
        _enqueue(manager, partnership)
        assert not DBTaskResult.objects.exists(), "a task was sent before the job was committed"
        raise RuntimeError("the request failed after queuing the job")
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()


@committed
def test_a_cancelled_jobs_task_does_nothing(register, manager, partnership):
    ran = []
    register(DOUBLE, lambda job, progress: ran.append(job.pk))
    job = _enqueue(manager, partnership)
    actions.cancel(by=manager, job=job)

    out = _worker("--once")

    job.refresh_from_db()
    assert job.status == "cancelled" and ran == [] and job.attempts == 0
    assert _task_of(job).return_value == {"job": job.pk, "ran": False}
    assert out.splitlines()[0] == f"Job {job.pk} tests.double was cancelled already, so it was not run"


@committed
def test_a_failed_job_is_failed_on_the_job_and_its_task_records_how_it_ended(register, manager, partnership):
    def refuse(job, progress):
        raise JobFailed("The file is empty")

    register("tests.refuse", refuse)
    job = _enqueue(manager, partnership, kind="tests.refuse")
    _worker("--once")
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "The file is empty")
    # The task did its work (ran the job to its end): the job is the record people see.
    assert _task_of(job).return_value == {"job": job.pk, "ran": True, "status": "failed"}


@committed
def test_two_tasks_for_one_job_run_it_once(register, manager, partnership):
    ran = []
    register(DOUBLE, lambda job, progress: ran.append(job.pk))
    job = _enqueue(manager, partnership)
    actions.send(job.pk)  # as the sweep would if it took the job for one whose task was lost
    assert DBTaskResult.objects.count() == 2
    _worker("--once")
    assert ran == [job.pk]
    assert sorted(r["ran"] for r in DBTaskResult.objects.values_list("return_value", flat=True)) == [False, True]


@committed
def test_another_backend_runs_the_same_task_without_a_change_to_the_code(register, manager, partnership, settings):
    """An installation's own queue (RQ, Celery) is a backend named in the settings. The immediate
    backend stands for one here: it runs the task as soon as it is sent."""
    register(DOUBLE, double)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    job = _enqueue(manager, partnership, 5)
    job.refresh_from_db()
    assert (job.status, job.result) == ("succeeded", {"Doubled": 10})
    assert job.task_id and not DBTaskResult.objects.exists()


def test_the_worker_refuses_to_run_another_backends_tasks_and_says_what_to_run(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with pytest.raises(CommandError, match="whose own workers run them: start those, and run `manage.py worker "
                                           "--sweep`"):
        _worker("--once")


# Workers that died --------------------------------------------------------------------------------

def _taken_by_a_worker_that_died(job, *, claim_the_job=True):
    """What a worker killed mid-job leaves: the task row running and, if it got that far, the job."""
    task = _task_of(job)
    task.claim("dead:1")
    if claim_the_job:
        actions.claim(job.pk, worker="dead:1", task_id=str(task.id))
    return task


@committed
def test_a_dead_workers_job_and_its_task_are_failed_with_the_reason(register, manager, partnership, settings):
    settings.JOBS_STALE_MINUTES = 10
    register(DOUBLE, double)
    job = _enqueue(manager, partnership)
    task = _taken_by_a_worker_that_died(job)

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11), tick=False):
        assert actions.fail_stale_jobs() == [job.pk]

    job.refresh_from_db()
    task.refresh_from_db()
    assert job.status == "failed" and job.error.startswith("The worker running this job stopped before it finished")
    assert (task.status, task.exception_class_path) == ("FAILED", actions.WORKER_LOST)
    assert task.traceback.startswith(f"The worker running job {job.pk} stopped")
    assert DBTaskResult.objects.count() == 1, "a job that may not run twice was sent again"


@committed
def test_a_dead_workers_job_that_may_run_again_is_sent_as_a_new_task_and_finishes(register, manager, partnership,
                                                                                  settings):
    settings.JOBS_STALE_MINUTES = 10
    register(DOUBLE, double, max_attempts=2)
    job = _enqueue(manager, partnership, 4)
    old = _taken_by_a_worker_that_died(job)

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11), tick=True):
        out = _worker("--once")

    job.refresh_from_db()
    old.refresh_from_db()
    assert old.status == "FAILED"
    new = DBTaskResult.objects.exclude(id=old.id).get()
    assert (job.status, job.attempts, job.result, job.task_id) == ("succeeded", 2, {"Doubled": 8}, str(new.id))
    assert new.status == "SUCCESSFUL"
    assert AuditEvent.objects.filter(action="job.requeued", object_id=str(job.pk)).count() == 1
    assert out.startswith(f"Job {job.pk} tests.double succeeded in ")


@committed
def test_a_task_whose_worker_died_before_claiming_its_job_is_failed_and_the_job_sent_again(
        register, manager, partnership, settings, caplog):
    settings.JOBS_STALE_MINUTES = 10
    register(DOUBLE, double)
    job = _enqueue(manager, partnership, 3)
    old = _taken_by_a_worker_that_died(job, claim_the_job=False)
    assert Job.objects.get(pk=job.pk).status == "queued"

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11), tick=True):
        with caplog.at_level(logging.WARNING, logger="eunomia.jobs"):
            assert actions.fail_stale_jobs() == []
        _worker("--once")

    old.refresh_from_db()
    job.refresh_from_db()
    assert old.status == "FAILED" and "stopped before it finished" in old.traceback
    assert (job.status, job.attempts, job.result) == ("succeeded", 1, {"Doubled": 6})
    assert f"(job {job.pk}) was running on a worker that stopped" in caplog.text


@committed
def test_a_live_workers_task_is_left_alone(register, manager, partnership, settings):
    settings.JOBS_STALE_MINUTES = 10
    register(DOUBLE, double)
    job = _enqueue(manager, partnership)
    task = _taken_by_a_worker_that_died(job)

    # Long after the task started, but its job was heard from a minute ago: its worker is alive.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=30), tick=False):
        Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=1))
        assert actions.fail_stale_jobs() == []
    task.refresh_from_db()
    assert task.status == "RUNNING" and Job.objects.get(pk=job.pk).status == "running"


def test_a_job_whose_task_was_never_sent_is_sent_by_the_sweep(register, manager, partnership, settings):
    """The process that queued it stopped between the commit and sending the task (here: a test's
    transaction never commits, so the task is never sent)."""
    settings.JOBS_STALE_MINUTES = 10
    register(DOUBLE, double)
    job = _enqueue(manager, partnership)
    assert Job.objects.get(pk=job.pk).task_id == "" and not DBTaskResult.objects.exists()

    assert actions.fail_stale_jobs() == []
    assert not DBTaskResult.objects.exists(), "a job just queued was sent twice"
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11), tick=False):
        actions.fail_stale_jobs()
    assert _task_of(job).args_kwargs == {"args": [job.pk], "kwargs": {}}


def test_sweep_only_deals_with_dead_workers_and_exits(register, manager, partnership, settings):
    settings.JOBS_STALE_MINUTES = 10
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    register(DOUBLE, double)
    _enqueue(manager, partnership)
    job = actions.claim_next(worker="dead:1")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11), tick=False):
        assert _worker("--sweep").strip() == "Dealt with 1 job whose worker died"
    assert Job.objects.get(pk=job.pk).status == "failed"
