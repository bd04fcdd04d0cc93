"""Per-job cost of running jobs through Django's Tasks interface (ADR 56): N quick jobs (each
recounts the first partnership, which has no cases) run by the old loop (sweep, claim_next, run_job
in one process, the tasks' rows left aside) and by `manage.py worker --once` through the tasks
backend, on the same database in the same minute. Not part of `make bench`. On a scratch database:

    export EUNOMIA_VAR_DIR=/tmp/jobs-bench DATABASE_URL=sqlite:////tmp/jobs-bench/db.sqlite3
    python manage.py migrate && python manage.py load_demo
    PYTHONPATH=. python benchmarks/jobs_overhead.py 200
"""

import io
import os
import sys
import time

import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eunomia.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from eunomia.jobs import actions  # noqa: E402
from eunomia.jobs.models import Job  # noqa: E402
from eunomia.partners.models import Partnership  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200
p = Partnership.objects.first()

def queue():
    t = time.perf_counter()
    for _ in range(N):
        actions.enqueue(by=None, kind="casework.recompute_flags", params={"partnership": p.pk}, partnership=p)
    return time.perf_counter() - t


for round_ in range(2):
    q = queue()
    # The old worker's loop, without the task: the job rows only (their tasks are left to run below).
    t = time.perf_counter()
    ran = 0
    while True:
        actions.fail_stale_jobs()
        job = actions.claim_next(worker="bench")
        if job is None:
            break
        actions.run_job(job)
        ran += 1
    old = time.perf_counter() - t
    call_command("worker", "--once", stdout=io.StringIO())  # their tasks find them done
    q2 = queue()
    t = time.perf_counter()
    call_command("worker", "--once", stdout=io.StringIO())
    new = time.perf_counter() - t
    assert not Job.objects.filter(status__in=["queued", "running"]).exists()
    print(f"round {round_}: enqueue {q/N*1000:.1f} ms/job; old loop {old/N*1000:.1f} ms/job ({ran} jobs); "
          f"enqueue now {q2/N*1000:.1f} ms/job; worker through tasks {new/N*1000:.1f} ms/job")
