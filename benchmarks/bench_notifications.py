"""The notification run (`manage.py send_notifications`) at 100,000 cases and 10,000 members.

The store: four partnerships of 25 organisations each; 10,000 members, one membership each, in a
realistic mix of roles (so about 100 per organisation); 100,000 cases, a fifth shared with another
organisation over four years; 50,000 people with 20,000 risk assessments, their reviews spread over
the year around now; 10,000 Task Group actions, 3,000 tasking tasks and 2,000 MARAC actions, most of
them done; 1,000 case review applications, 2,000 background jobs, 400 figures entered by hand (a
third with no value) and a plan per partnership waiting for approval. Built with bulk_create from a
seeded random generator, at a fixed instant (NOW), and kept between runs (SQLite:
benchmarks/out/notifications/store.sqlite3; PostgreSQL: database eunomia_bench_notifications, copied
as a template for each run; delete or drop it to build again).

Each run copies the store and runs the command as a deployment's cron does, in its own process, with
the clock at NOW and email to Django's in-memory backend:
- notifications_first_run_s: the first run (every rule, every notification made, every digest sent);
- notifications_repeat_run_s: the run five minutes later (nothing new: what cron pays every 5 minutes);
- notifications_peak_rss_mb: the first run's peak memory (the process's own high-water resident set);
- notifications_made, notifications_emails: what the first run made and sent;
- notifications_reference_s: the same rules' subjects counted by hand-written SQL (one COUNT per rule,
  on the same database): the floor of reading what is due; notifications_first_run_vs_reference is the ratio.
Aim (issue 12): the run at this scale in under 30 s.
"""

import datetime
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from common import database_arg

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out" / "notifications"
STORE = OUT / "store.sqlite3"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
PG_STORE, PG_RUN = "eunomia_bench_notifications", "eunomia_bench_notifications_run"
SEED = 12
NOW = datetime.datetime(2027, 6, 15, 8, 0, tzinfo=datetime.UTC)  # 09:00 in London: digests go
PARTNERSHIPS, ORGS_EACH = 4, 25
MEMBERS, CASES, PEOPLE, ASSESSMENTS = 10_000, 100_000, 50_000, 20_000
TG_ACTIONS, TASKS, MARAC_ACTIONS, REVIEWS, JOBS, FIGURES = 10_000, 3_000, 2_000, 1_000, 2_000, 400
ROLES = [("partner_practitioner", 40), ("csu_officer", 30), ("analyst", 10), ("da_specialist", 8),
         ("board_member", 8), ("csp_manager", 4)]


def say(text):
    print(f"# {text}", file=sys.stderr, flush=True)


def line(name, value, unit, database):
    suffix = "" if database == "sqlite" else f"_{database}"
    print(f"BENCH {name}{suffix} {value:.4g} {unit}", flush=True)


def build(rng):
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from eunomia.accounts.models import Membership, User
    from eunomia.casereview.models import CaseReviewApplication
    from eunomia.casework.models import Case, CaseShare, Person, SharingAgreement
    from eunomia.domesticabuse.models import MaracArea, MaracMeeting
    from eunomia.domesticabuse.models import MeetingAction as MaracAction
    from eunomia.figures.models import Figure
    from eunomia.jobs.models import Job
    from eunomia.partners.models import Organisation, Partnership
    from eunomia.plans.models import PlanYear
    from eunomia.risk.models import QuestionSet, RiskAssessment
    from eunomia.taskgroup.models import Meeting, MeetingAction
    from eunomia.tasking.models import Task, TaskingMeeting

    today = NOW.date()

    def day(lo, hi):
        return today + datetime.timedelta(days=rng.randint(lo, hi))

    def moment(lo_days, hi_days):
        return NOW + datetime.timedelta(seconds=rng.randint(lo_days * 86400, hi_days * 86400))

    def bulk(model, rows):
        model.objects.bulk_create(rows, batch_size=5000)

    with transaction.atomic():
        bulk(Partnership, [Partnership(pk=p, name=f"Bench CSP {p}", slug=f"bench-{p}")
                           for p in range(1, PARTNERSHIPS + 1)])
        orgs = {p: list(range((p - 1) * ORGS_EACH + 1, p * ORGS_EACH + 1)) for p in range(1, PARTNERSHIPS + 1)}
        bulk(Organisation, [Organisation(pk=o, name=f"Bench organisation {o}") for os_ in orgs.values() for o in os_])
        password = make_password("bench-notifications")
        bulk(User, [User(pk=u, email=f"member{u}@bench.test", full_name=f"Member {u}", password=password)
                    for u in range(1, MEMBERS + 1)])
        roles = [r for r, share in ROLES for _ in range(share)]
        members = {}  # (partnership, org) -> [(user, role)]
        rows = []
        for u in range(1, MEMBERS + 1):
            p = rng.randint(1, PARTNERSHIPS)
            o, role = rng.choice(orgs[p]), rng.choice(roles)
            members.setdefault((p, o), []).append((u, role))
            rows.append(Membership(user_id=u, partnership_id=p, organisation_id=o, role=role))
        bulk(Membership, rows)

        def member_of(p, o, wanted=("csu_officer", "partner_practitioner", "da_specialist")):
            found = [u for u, r in members.get((p, o), []) if r in wanted]
            return rng.choice(found) if found else None

        bulk(SharingAgreement, [SharingAgreement(pk=p, partnership_id=p, title="Bench ISA", purpose="Bench",
                                                 lawful_basis="public_task", starts_on=datetime.date(2020, 1, 1),
                                                 review_on=datetime.date(2100, 1, 1)) for p in orgs])
        cases, shares = [], []
        for c in range(1, CASES + 1):
            p = rng.randint(1, PARTNERSHIPS)
            o = rng.choice(orgs[p])
            opened = day(-4 * 365, 0)
            closed = rng.random() < 0.9 and opened < today
            cases.append(Case(pk=c, partnership_id=p, owner_organisation_id=o, reference=f"C{c}", title=f"Case {c}",
                              opened_on=opened, status="closed" if closed else "open",
                              closed_on=opened if closed else None, outcome="improved" if closed else ""))
            if rng.random() < 0.2:
                other = rng.choice([x for x in orgs[p] if x != o])
                shares.append(CaseShare(case_id=c, organisation_id=other, agreement_id=p))
        bulk(Case, cases)
        bulk(CaseShare, shares)
        # shared_at is set on creation: spread it over four years afterwards.
        made = list(CaseShare.objects.only("pk").order_by("pk"))
        for share in made:
            share.shared_at = moment(-4 * 365, 0)
        CaseShare.objects.bulk_update(made, ["shared_at"], batch_size=2000)

        people = []
        for n in range(1, PEOPLE + 1):
            p = rng.randint(1, PARTNERSHIPS)
            people.append(Person(pk=n, partnership_id=p, owner_organisation_id=rng.choice(orgs[p]),
                                 first_name=f"First{n}", last_name=f"Last{n}"))
        bulk(Person, people)
        bulk(QuestionSet, [QuestionSet(pk=p, partnership_id=p, kind="victim", title="Victim", standard_max=5,
                                       medium_max=10) for p in orgs])
        assessments = []
        for a in range(1, ASSESSMENTS + 1):
            person = people[rng.randrange(PEOPLE)]
            review = day(-365, 365)
            assessments.append(RiskAssessment(
                pk=a, person_id=person.pk, question_set_id=person.partnership_id, answers=[], score=3, band="standard",
                assessed_on=review - datetime.timedelta(days=90), review_on=review,
                assessed_by_id=member_of(person.partnership_id, person.owner_organisation_id)))
        bulk(RiskAssessment, assessments)

        meetings, actions = [], []
        for m in range(1, TG_ACTIONS // 5 + 1):
            p = rng.randint(1, PARTNERSHIPS)
            held = day(-730, 0)
            meetings.append(Meeting(pk=m, partnership_id=p, owner_organisation_id=rng.choice(orgs[p]), held_on=held))
            for _ in range(5):
                due = held + datetime.timedelta(days=rng.randint(7, 60))
                done = rng.random() < 0.9 and due < today
                actions.append(MeetingAction(meeting_id=m, organisation_id=rng.choice(orgs[p]), description="Visit",
                                             due_on=due, done_on=due if done else None))
        bulk(Meeting, meetings)
        bulk(MeetingAction, actions)

        tmeetings, tasks = [], []
        for m in range(1, TASKS // 10 + 1):
            p = rng.randint(1, PARTNERSHIPS)
            held = day(-730, 0)
            tmeetings.append(TaskingMeeting(pk=m, partnership_id=p, held_on=held, chair_organisation_id=orgs[p][0]))
            for _ in range(10):
                due = held + datetime.timedelta(days=rng.randint(7, 60))
                done = rng.random() < 0.85 and due < today
                tasks.append(Task(partnership_id=p, meeting_id=m, organisation_id=rng.choice(orgs[p]),
                                  description="Clear the lane", set_on=held, due_on=due,
                                  completed_on=due if done else None))
        bulk(TaskingMeeting, tmeetings)
        bulk(Task, tasks)

        bulk(MaracArea, [MaracArea(pk=p, partnership_id=p, name="Bench MARAC") for p in orgs])
        mmeetings, mactions = [], []
        for m in range(1, MARAC_ACTIONS // 10 + 1):
            p = rng.randint(1, PARTNERSHIPS)
            held = day(-730, 0)
            mmeetings.append(MaracMeeting(pk=m, partnership_id=p, marac_area_id=p, held_on=held))
            for _ in range(10):
                due = held + datetime.timedelta(days=rng.randint(7, 60))
                done = rng.random() < 0.9 and due < today
                mactions.append(MaracAction(meeting_id=m, owner_organisation_id=rng.choice(orgs[p]),
                                            description="Safety plan", due_on=due, done_on=due if done else None))
        bulk(MaracMeeting, mmeetings)
        bulk(MaracAction, mactions)

        reviews = []
        for r in range(1, REVIEWS + 1):
            p = rng.randint(1, PARTNERSHIPS)
            o = rng.choice(orgs[p])
            received = day(-730, 0)
            reviews.append(CaseReviewApplication(
                partnership_id=p, owner_organisation_id=o, applicant_name="Applicant", received_on=received,
                description="Review", status="received" if received > today - datetime.timedelta(days=40) else "closed",
                created_by_id=member_of(p, o)))
        bulk(CaseReviewApplication, reviews)

        jobs = []
        for j in range(1, JOBS + 1):
            p = rng.randint(1, PARTNERSHIPS)
            finished = moment(-365, 0)
            starter = member_of(p, rng.choice(orgs[p]), ("analyst",))
            jobs.append(Job(kind="crime.import_police_data", partnership_id=p, created_by_id=starter,
                            status="failed" if rng.random() < 0.1 else "succeeded", created_at=finished,
                            finished_at=finished))
        bulk(Job, jobs)

        figures = []
        for f in range(1, FIGURES + 1):
            p = rng.randint(1, PARTNERSHIPS)
            end = day(-400, 60)
            missing = rng.random() < 0.33
            figures.append(Figure(partnership_id=p, name=f"figure-{f}", title=f"Figure {f}", definition="Bench",
                                  source="Bench", unit="count", period_start=end - datetime.timedelta(days=364),
                                  period_end=end, owner_organisation_id=rng.choice(orgs[p]),
                                  value=None if missing else 10))
        bulk(Figure, figures)
        bulk(PlanYear, [PlanYear(partnership_id=p, start_year=2027, title="Bench plan", edited_at=NOW) for p in orgs])


CHILD = """
import datetime, io, os, sys, time
import django, time_machine
os.environ["DJANGO_SETTINGS_MODULE"] = "eunomia.settings"
with time_machine.travel(datetime.datetime.fromisoformat(sys.argv[1]), tick=True):
    start = time.perf_counter()
    django.setup()
    from django.core import mail
    from django.core.management import call_command
    from eunomia.notifications.models import Notification
    out = io.StringIO()
    call_command("send_notifications", stdout=out)
    seconds = time.perf_counter() - start
    # VmHWM, this process's own peak (ru_maxrss would count the parent's memory forked before exec).
    peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    print(seconds, peak_kb, out.getvalue().strip(), sep="|")
"""


def run_command(database_url, at):
    env = {**os.environ, "DATABASE_URL": database_url, "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
           "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", CHILD, at.isoformat()], cwd=ROOT, env=env, capture_output=True,
                            text=True, check=True)
    seconds, peak_kb, said = result.stdout.strip().splitlines()[-1].split("|")
    return float(seconds), int(peak_kb) / 1024, said


def reference_queries():
    today = NOW.date()
    week_ahead, week_ago = today + datetime.timedelta(days=7), NOW - datetime.timedelta(days=7)
    return [
        ("SELECT COUNT(*) FROM risk_riskassessment r WHERE r.review_on <= %s AND NOT EXISTS (SELECT 1 FROM "
         "risk_riskassessment n WHERE n.person_id = r.person_id AND (n.assessed_on > r.assessed_on OR "
         "(n.assessed_on = r.assessed_on AND n.id > r.id)))", [week_ahead]),
        ("SELECT COUNT(*) FROM taskgroup_meetingaction WHERE done_on IS NULL AND due_on <= %s", [week_ahead]),
        ("SELECT COUNT(*) FROM tasking_task WHERE completed_on IS NULL AND due_on <= %s", [week_ahead]),
        ("SELECT COUNT(*) FROM domesticabuse_meetingaction WHERE done_on IS NULL AND due_on <= %s", [week_ahead]),
        ("SELECT COUNT(*) FROM casework_caseshare WHERE shared_at >= %s", [week_ago]),
        ("SELECT COUNT(*) FROM jobs_job WHERE status IN ('succeeded', 'failed') AND finished_at >= %s", [week_ago]),
        ("SELECT COUNT(*) FROM casereview_casereviewapplication WHERE status = 'received' AND received_on <= %s",
         [today - datetime.timedelta(days=11)]),
        ("SELECT COUNT(*) FROM figures_figure WHERE value IS NULL AND period_end BETWEEN %s AND %s",
         [today - datetime.timedelta(days=365), today + datetime.timedelta(days=30)]),
        ("SELECT COUNT(*) FROM accounts_membership", []),
    ]


def reference_counts(database, target):
    """The rules' subjects, counted by hand-written SQL: what is due, without deciding who is told."""
    if database == "sqlite":
        def plain(value):
            if isinstance(value, datetime.datetime):
                return value.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")
            return value.isoformat()

        connection = sqlite3.connect(target)
        queries = [(sql.replace("%s", "?"), [plain(a) for a in args]) for sql, args in reference_queries()]
    else:
        import psycopg

        connection = psycopg.connect(target)
        queries = reference_queries()
    try:
        start = time.perf_counter()
        counts = [connection.execute(sql, args).fetchone()[0] for sql, args in queries]
        return time.perf_counter() - start, counts
    finally:
        connection.close()


def _postgres(sql):
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def main(database):
    OUT.mkdir(parents=True, exist_ok=True)
    if database == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{STORE}"
    else:
        store_url = f"{POSTGRES_SERVER}/{PG_STORE}"
        try:
            _postgres(f'CREATE DATABASE "{PG_STORE}"')
        except Exception:
            pass  # kept from an earlier run
        os.environ["DATABASE_URL"] = store_url
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eunomia.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from eunomia.casework.models import Case

    call_command("migrate", verbosity=0)
    if Case.objects.count() != CASES:
        if Case.objects.exists():
            sys.exit(f"A partial store is in the way: delete {STORE} (SQLite) or drop database {PG_STORE}, "
                     "and run again")
        say(f"building the store ({CASES:,} cases, {MEMBERS:,} members)")
        start = time.perf_counter()
        build(random.Random(SEED))
        line("notifications_store_build_s", time.perf_counter() - start, "s", database)
    connection.close()

    if database == "sqlite":
        run_copy = OUT / "run.sqlite3"
        shutil.copyfile(STORE, run_copy)
        url = f"sqlite:///{run_copy}"
        target = run_copy
    else:
        _postgres(f'DROP DATABASE IF EXISTS "{PG_RUN}"')
        _postgres(f'CREATE DATABASE "{PG_RUN}" TEMPLATE "{PG_STORE}"')
        url = target = f"{POSTGRES_SERVER}/{PG_RUN}"
    reference, counts = reference_counts(database, target)
    say(f"subjects by rule (reference SQL): {counts}")
    first, peak, said = run_command(url, NOW)
    say(f"first run: {said}")
    made, sent = [int(word) for word in said.replace(";", "").split() if word.isdigit()][:2]  # then any deleted
    repeat, _, said_again = run_command(url, NOW + datetime.timedelta(minutes=5))
    say(f"run 5 minutes later: {said_again}")
    line("notifications_first_run_s", first, "s", database)
    line("notifications_repeat_run_s", repeat, "s", database)
    line("notifications_peak_rss_mb", peak, "MB", database)
    line("notifications_made", made, "notifications", database)
    line("notifications_emails", sent, "emails", database)
    line("notifications_reference_s", reference, "s", database)
    line("notifications_first_run_vs_reference", first / reference, "ratio", database)
    if database == "sqlite":
        run_copy.unlink()
    else:
        _postgres(f'DROP DATABASE IF EXISTS "{PG_RUN}"')


if __name__ == "__main__":
    main(database_arg())
