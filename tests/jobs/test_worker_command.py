"""`manage.py worker`: runs what is queued, one line per job, and stops cleanly when signalled.
Tests that run the worker commit for real (transaction=True): the worker closes old connections
between jobs, as it must, and that would cut a test's wrapping transaction."""

import datetime
import io
import os
import signal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from eunomia.jobs import actions
from eunomia.jobs.models import Job
from eunomia.jobs.registry import JobFailed

committed = pytest.mark.django_db(transaction=True)


def _worker(*args):
    out = io.StringIO()
    call_command("worker", *args, stdout=out)
    return out.getvalue()


def _enqueue(by, partnership, kind, count=1):
    return [actions.enqueue(by=by, kind=kind, params={"n": n}, partnership=partnership) for n in range(count)]


def double(job, progress):
    return {"Doubled": job.params["n"] * 2}


def refuse(job, progress):
    raise JobFailed("The file is empty")


@committed
def test_once_runs_every_queued_job_then_exits(register, manager, partnership):
    register("tests.double", double)
    register("tests.refuse", refuse)
    first, second = _enqueue(manager, partnership, "tests.double", 2)
    (refused,) = _enqueue(manager, partnership, "tests.refuse")

    out = _worker("--once")

    lines = out.strip().splitlines()
    assert len(lines) == 4
    assert lines[0].startswith(f"Job {first.pk} tests.double succeeded in ")
    assert lines[1].startswith(f"Job {second.pk} tests.double succeeded in ")
    assert lines[2].startswith(f"Job {refused.pk} tests.refuse failed in ")
    assert lines[2].endswith(" s: The file is empty")
    assert lines[3].endswith("stopped after 3 jobs")
    assert dict(Job.objects.values_list("pk", "status")) == {
        first.pk: "succeeded", second.pk: "succeeded", refused.pk: "failed"}
    assert Job.objects.get(pk=second.pk).result == {"Doubled": 2}
    assert _worker("--once").strip().endswith("stopped after 0 jobs")


@committed
def test_max_jobs_stops_after_that_many(register, manager, partnership):
    register("tests.double", double)
    first, second = _enqueue(manager, partnership, "tests.double", 2)
    assert _worker("--max-jobs", "1", "--sleep", "0.1").strip().endswith("stopped after 1 job")
    assert dict(Job.objects.values_list("pk", "status")) == {first.pk: "succeeded", second.pk: "queued"}


@pytest.mark.parametrize("args", [("--sleep", "0"), ("--max-jobs", "0")])
def test_nonsense_options_are_refused(args):
    with pytest.raises(CommandError):
        _worker(*args)


@committed
def test_sigterm_lets_the_current_job_finish_then_stops(register, manager, partnership):
    def asked_to_stop_half_way(job, progress):
        os.kill(os.getpid(), signal.SIGTERM)
        progress(1, 2, "Still working after being asked to stop")
        return {"Finished": True}

    register("tests.stop", asked_to_stop_half_way)
    first, second = _enqueue(manager, partnership, "tests.stop", 2)
    before = signal.getsignal(signal.SIGTERM)

    # Without --once the worker would wait for more jobs for ever: only the signal ends it.
    out = _worker("--sleep", "0.1")

    assert out.strip().endswith("stopped after 1 job")
    assert Job.objects.get(pk=first.pk).status == "succeeded"
    assert Job.objects.get(pk=second.pk).status == "queued"
    assert signal.getsignal(signal.SIGTERM) is before


@committed
def test_a_second_signal_stops_at_once_and_says_so_on_the_job(register, manager, partnership, request):
    def asked_twice(job, progress):
        os.kill(os.getpid(), signal.SIGINT)
        os.kill(os.getpid(), signal.SIGINT)
        return {"Finished": True}

    register("tests.stop_now", asked_twice)
    (job,) = _enqueue(manager, partnership, "tests.stop_now")
    # A suite started in the background of a shell inherits an ignored SIGINT, which the worker
    # rightly leaves alone; this test is about a worker that hears Ctrl-C, so it gets one.
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        request.addfinalizer(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    before = signal.getsignal(signal.SIGINT)

    with pytest.raises(SystemExit):
        _worker("--once")

    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error == "The worker was stopped before this job finished. Start the job again."
    assert signal.getsignal(signal.SIGINT) is before


@committed
def test_the_worker_fails_jobs_whose_worker_died_before_claiming(register, manager, partnership, settings):
    settings.JOBS_STALE_MINUTES = 10
    register("tests.double", double)
    dead, waiting = _enqueue(manager, partnership, "tests.double", 2)
    actions.claim_next(worker="gone:1")
    Job.objects.filter(pk=dead.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=20))

    _worker("--once")
    assert Job.objects.get(pk=dead.pk).status == "failed"
    assert Job.objects.get(pk=waiting.pk).status == "succeeded"
