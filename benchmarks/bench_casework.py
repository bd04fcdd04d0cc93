"""Casework pages under load: 100,000 cases, 1,000,000 reports, 300,000 people in one partnership.

The store: one partnership with five organisations (a council, the police, two housing providers
and a youth service) under one information sharing agreement. Four years of reports (to
2026-11-20) at about 685 a day, each naming one to three people; one report in ten is by one of
2,000 people who report about once a month, as repeat victims do; 5% of people carry a
vulnerability flag. 100,000
cases gather 1 to 5 reports each with their people as parties; a third are shared with one or two
other organisations. 12,000 risk assessments. Written with COPY (PostgreSQL) or executemany
(SQLite) from a seeded random generator, so every run gets the same records. The store is kept
between runs (SQLite: benchmarks/out/casework/store.sqlite3; PostgreSQL: database
eunomia_bench_casework), migrated each run, and built again only when its counts are wrong.

The server is the one a deployment runs, gunicorn as the README says to run it, on loopback: sync
workers (each serves one request at a time and closes the connection, as behind a reverse proxy),
one per core on SQLite and one more on PostgreSQL, whose queries wait on its own processes (ADR 58
addendum: with gthread and kept-alive connections each connection stays with the worker that took
it, and a busy worker's clients wait while another idles); BENCH_CASEWORK_WORKERS and
BENCH_CASEWORK_WORKER_CLASS set other ones to compare. The database connection settings are a
deployment's defaults. 20 clients (threads, each with one HTTP connection, opened again when the
server closes it) sign in through the real sign-in page and
its second-factor check, each with its own account in the role and organisation of one of four members
(CSU officer and CSP manager at the council, police and housing practitioners), and request, in random order, each of these pages 15 times:
- case_list: /casework/cases/?status=open (the case list filtered);
- case_search: /casework/cases/?q=<last name>&status=closed;
- search_name and search_address: /casework/?q=<last name> and ?q=<street> (reports by name or address);
- case_page: a case the member may see;
- briefing: the CSU briefing for 2026-11-20;
- health: /health/, one SELECT 1, the trivial page served by the same app in the same run.
Per page: casework_<page>_p50/_p95 (server time: gunicorn's own request time, %(D)s in its access
log, from reading the request to the response written) and casework_<page>_client_p95 (as the
client saw it, queueing for a worker included); casework_<page>_p95_vs_health = server p95 over the
health page's server p95. Aims (issues 4 and 13): server p95 under 150 ms, client p95 under 500 ms.
Also: casework_store_build_s (when built), casework_recompute_flags_s (counting the victim days the
briefing reads, ADR 52) and casework_requests_per_s over the whole run.
"""

import datetime
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from common import database_arg

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out" / "casework"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
PG_NAME = "eunomia_bench_casework"

SEED = 4
SLUG = "bench-casework"
PEOPLE = 300_000
REPORTS = 1_000_000
CASES = 100_000
ASSESSMENTS = 12_000
END = datetime.date(2026, 11, 20)  # the last day with reports, and the briefing's day
DAYS = 4 * 365
PASSWORD = "bench-casework-password"
ORGANISATIONS = [  # name, share of records owned
    ("Bench District Council", 0.35), ("Bench Police", 0.35), ("Bench Homes", 0.15),
    ("Northside Housing", 0.10), ("Bench Youth Service", 0.05)]
MEMBERS = [  # email, role, organisation index
    ("csu@bench-casework.test", "csu_officer", 0), ("manager@bench-casework.test", "csp_manager", 0),
    ("police@bench-casework.test", "partner_practitioner", 1), ("homes@bench-casework.test", "partner_practitioner", 2)]
FIRST_NAMES = ("Alex Sam Jo Chris Pat Jamie Robin Dana Lee Kim Ali Mo Ash Charlie Frankie Jesse Kai Morgan Rowan Sky "
               "Amira Ben Chloe Dev Ella Finn Grace Harry Isla Jack Kofi Lena Maya Noah Olu Priya Quinn Rhys Sara "
               "Tom Uma Vic Will Xena Yusuf Zara Aled Bryn Cerys Dylan").split()
LAST_NAMES = ("Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Wright Robinson Thompson Evans Walker "
              "White Roberts Green Hall Thomas Clarke Jackson Wood Harris Edwards Turner Martin Cooper Hill Ward "
              "Hughes Moore Clark King Harrison Lewis Baker Lee Allen Morris Khan Scott Watson Davis Parker James "
              "Bennett Young Phillips Richardson Mitchell Bailey Carter Cook Singh Shaw Bell Collins Morgan Kelly "
              "Begum Miller Cox Marshall Simpson Price Anderson Adams Ellis Hale Okafor Nowak Kowalski Murphy Reid "
              "Grant Fraser Hussain Ahmed Rahman Chen Wong Nguyen Osei Mensah Boateng Fernandes Silva Costa Rossi "
              "Bianchi Dubois Moreau Fischer Weber Novak Horvat Popescu Ivanova Petrov Larsen Hansen Berg Lund "
              "Quinn Doyle Byrne Walsh Ryan O'Brien Kennedy Lynch Farrell Nolan").split()
STREETS = ("Mill Lane|High Street|Station Road|Church Street|Park Road|Victoria Road|Green Lane|Manor Road|"
           "Church Lane|Kings Road|Queens Road|New Road|Grange Road|Alexandra Road|Albert Road|North Street|"
           "South Street|West Street|East Street|London Road|York Road|Springfield Road|The Crescent|"
           "Windsor Road|Highfield Road|George Street|Chapel Street|Mount Pleasant|Brook Street|Orchard Way|"
           "Meadow View|Cedar Close|Oak Avenue|Elm Grove|Willow Court|Ash Close|Beech Drive|Birch Road|"
           "Hawthorn Way|Holly Close|Ivy Lane|Juniper Court|Larch Road|Maple Avenue|Poplar Close|Rowan Way|"
           "Sycamore Drive|Thorn Lane|Yew Tree Road|Bridge Street").split("|")
ADDRESSES = 60_000
REPEAT_VICTIMS = 2_000
CATEGORIES = ["personal", "nuisance", "environmental", "hate", "noise", "criminal_damage", "drugs", "vehicles"]
SOURCES = ["police", "council", "housing", "online", "phone", "in_person"]
ROUNDS = 15
AUTHENTICATOR_KEY = "3132333435363738393031323334353637383930"  # hex: the clients' authenticator apps (RFC 6238's)
CLIENTS = 20
# gunicorn's workers (README, ADR 58 addendum): by default the README's advice for the database,
# one per core on SQLite and one more on PostgreSQL. The 20 clients are the same whatever is set.
WORKER_CLASS = os.environ.get("BENCH_CASEWORK_WORKER_CLASS", "sync")


def workers_for(database_url):
    cores = os.cpu_count() or 1
    return int(os.environ.get("BENCH_CASEWORK_WORKERS") or (cores if database_url.startswith("sqlite") else cores + 1))


def say(text):
    print(f"# {text}", file=sys.stderr, flush=True)


def line(name, value, unit):
    print(f"BENCH {name} {value if isinstance(value, int) else f'{value:.4g}'} {unit}", flush=True)


def point_to_database(database):
    if database == "sqlite":
        OUT.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{OUT / 'store.sqlite3'}"
    return f"{POSTGRES_SERVER}/{PG_NAME}"


def repeat_victim(rng):
    """A victim: one report in ten is by one of 2,000 people who report again and again (about one
    a month each), the rest by anyone."""
    return rng.randrange(REPEAT_VICTIMS) * (PEOPLE // REPEAT_VICTIMS) if rng.random() < 0.1 else rng.randrange(PEOPLE)


# The store ------------------------------------------------------------------------------------------

def address_of(n):
    return f"{n % 240 + 1} {STREETS[n // 240 % len(STREETS)]}", f"BE{n % 9 + 1} {n % 7 + 1}{'ABDEFGHJ'[n % 8]}{'LNPQRS'[n // 8 % 6]}"


def store_is_complete():
    from eunomia.casework.models import Case, Person, Report
    from eunomia.partners.models import Partnership

    partnership = Partnership.objects.filter(slug=SLUG).first()
    return (partnership is not None and Case.objects.filter(partnership=partnership).count() == CASES
            and Report.objects.filter(partnership=partnership).count() == REPORTS
            and Person.objects.filter(partnership=partnership).count() == PEOPLE)


class Writer:
    """Rows into a table by COPY on PostgreSQL, executemany on SQLite, ids given."""

    def __init__(self, connection):
        self.connection = connection
        self.postgres = connection.vendor == "postgresql"

    def moment(self, value):
        if self.postgres:
            return value
        return value.astimezone(datetime.timezone.utc).replace(tzinfo=None).isoformat(sep=" ")

    def write(self, model, columns, rows):
        table = model._meta.db_table
        with self.connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join(["%s"] * len(columns))})'
                batch = []
                for row in rows:
                    batch.append(row)
                    if len(batch) == 50_000:
                        cursor.executemany(sql, batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)

    def reset_sequences(self, *models):
        if not self.postgres:
            return
        with self.connection.cursor() as cursor:
            for model in models:
                table = model._meta.db_table
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                               f"(SELECT max(id) FROM \"{table}\"))")


def build_store():
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from eunomia.accounts.models import Membership
    from eunomia.casework.models import Case, CaseParty, CaseShare, Person, Report, ReportPerson, SharingAgreement
    from eunomia.partners import actions as partners
    from eunomia.partners.models import Partnership
    from eunomia.risk import actions as risk
    from eunomia.risk.models import RiskAssessment

    if Partnership.objects.filter(slug=SLUG).exists():
        sys.exit(f"A partial store is in the way: delete {OUT} (SQLite) or drop database {PG_NAME} and run again")
    rng = random.Random(SEED)
    User = get_user_model()
    admin = User.objects.create_user("builder@bench-casework.test", PASSWORD, full_name="Store builder")
    partnership = partners.create_partnership(by=admin, name="Bench Casework CSP", slug=SLUG,
                                              local_authority_codes=["E07999951"], phone="01234 567890")
    organisations = [partners.add_organisation(by=admin, partnership=partnership, name=name,
                                               joined_on=datetime.date(2000, 1, 1)) for name, _ in ORGANISATIONS]
    for email, role, org in MEMBERS:
        user = User.objects.create_user(email, PASSWORD, full_name=email.split("@")[0].title())
        Membership.objects.create(user=user, partnership=partnership, organisation=organisations[org], role=role)
    agreement = SharingAgreement.objects.create(
        partnership=partnership, title="Bench ASB information sharing agreement", purpose="Managing ASB cases",
        lawful_basis="public_task", starts_on=datetime.date(2020, 1, 1), review_on=datetime.date(2027, 6, 1))
    agreement.parties.set(organisations)
    question_sets = [risk.question_set(partnership, "victim"), risk.question_set(partnership, "perpetrator")]

    org_ids = [o.pk for o in organisations]
    weights = [share for _, share in ORGANISATIONS]
    owners = rng.choices(org_ids, weights, k=max(PEOPLE, REPORTS, CASES))
    w = Writer(connection)
    now = datetime.datetime(2026, 11, 21, tzinfo=datetime.timezone.utc)
    base = 10_000_000  # ids clear of anything made through the ORM
    flags = ['["older"]', '["disability"]', '["mental_health"]', '["child"]', '["isolated"]']

    with transaction.atomic():
        say("people")
        w.write(Person, ["id", "partnership_id", "owner_organisation_id", "first_name", "last_name", "date_of_birth",
                         "phone", "email", "address", "postcode", "flags", "created_at"],
                ((base + i, partnership.pk, owners[i], FIRST_NAMES[rng.randrange(len(FIRST_NAMES))],
                  LAST_NAMES[rng.randrange(len(LAST_NAMES))],
                  datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(70 * 365)), "", "",
                  *address_of(rng.randrange(ADDRESSES)), flags[i % 5] if rng.random() < 0.05 else "[]",
                  w.moment(now)) for i in range(PEOPLE)))

        say("reports and their people")
        start = datetime.datetime.combine(END, datetime.time(23, 59), tzinfo=datetime.timezone.utc)
        links, report_people = [], []

        def reports():
            for i in range(REPORTS):
                # Reports in time order, ~685 a day; most at their victim's usual address.
                occurred = start - datetime.timedelta(seconds=int((REPORTS - i) * DAYS * 86400 / REPORTS)
                                                      + rng.randrange(3600))
                reported = min(occurred + datetime.timedelta(minutes=rng.randrange(2880)), start)
                victim = repeat_victim(rng)
                place = victim * 7 % ADDRESSES if rng.random() < 0.7 else rng.randrange(ADDRESSES)
                people = [(victim, "victim" if rng.random() < 0.7 else "complainant")]
                if rng.random() < 0.35:
                    people.append((rng.randrange(PEOPLE), "perpetrator"))
                if rng.random() < 0.15:
                    people.append((rng.randrange(PEOPLE), "witness"))
                people = list(dict.fromkeys(people))
                for person, role in people:
                    links.append((len(links) + base, base + i, base + person, role))
                report_people.append(people)
                yield (base + i, partnership.pk, owners[i], f"ASB-{occurred.year}-{i:07d}", w.moment(occurred),
                       w.moment(reported), *address_of(place), "", rng.choice(CATEGORIES), rng.choice(SOURCES),
                       "Generated report for the benchmark", False, w.moment(now))

        w.write(Report, ["id", "partnership_id", "owner_organisation_id", "reference", "occurred_at", "reported_at",
                         "address", "postcode", "lsoa_code", "category", "source", "description", "anonymous",
                         "created_at"], reports())
        w.write(ReportPerson, ["id", "report_id", "person_id", "role"], links)
        del links

        say("cases, their reports, parties and shares")
        cases, case_reports, parties, shares = [], [], [], []
        for c in range(CASES):
            first = rng.randrange(REPORTS - 10)
            linked = sorted({first + rng.randrange(10) for _ in range(rng.randint(1, 5))} | {first})
            opened = (start - datetime.timedelta(seconds=int((REPORTS - linked[-1]) * DAYS * 86400 / REPORTS))).date()
            closed = rng.random() < 0.7 and opened < END - datetime.timedelta(days=30)
            closed_on = min(opened + datetime.timedelta(days=rng.randint(14, 200)), END) if closed else None
            owner = owners[c * 7 % len(owners)]
            people = {}
            for r in linked:
                case_reports.append((len(case_reports) + base, base + c, base + r))
                for person, role in report_people[r]:
                    people[(person, role)] = True
            cases.append((base + c, partnership.pk, owner, f"CASE-{opened.year}-{c:06d}",
                          f"{rng.choice(CATEGORIES).replace('_', ' ').capitalize()} case {c}",
                          "closed" if closed else "open", opened, closed_on,
                          rng.choice(["improved", "ceased", "nfa", "moved", "other"]) if closed else "",
                          w.moment(now)))
            for person, role in people:
                parties.append((len(parties) + base, base + c, base + person, role))
            if rng.random() < 0.33:
                others = [o for o in org_ids if o != owner]
                for org in rng.sample(others, rng.randint(1, 2)):
                    shares.append((len(shares) + base, base + c, org, agreement.pk, w.moment(now)))
        w.write(Case, ["id", "partnership_id", "owner_organisation_id", "reference", "title", "status", "opened_on",
                       "closed_on", "outcome", "created_at"], cases)
        w.write(Case.reports.through, ["id", "case_id", "report_id"], case_reports)
        w.write(CaseParty, ["id", "case_id", "person_id", "role"], parties)
        w.write(CaseShare, ["id", "case_id", "organisation_id", "agreement_id", "shared_at"], shares)
        del cases, case_reports, parties, shares, report_people

        say("risk assessments")
        assessments = []
        for a in range(ASSESSMENTS):
            qs = question_sets[0] if rng.random() < 0.75 else question_sets[1]
            score = rng.choice([0, 1, 2, 3, 4, 5, 5, 6, 7, 8, 9, 10, 12])
            band = qs.band_of(score)
            assessed = END - datetime.timedelta(days=rng.randrange(DAYS))
            assessments.append((base + a, base + repeat_victim(rng), qs.pk, "[]", score, band,
                                assessed, assessed + datetime.timedelta(days=qs.review_days(band)), w.moment(now)))
        w.write(RiskAssessment, ["id", "person_id", "question_set_id", "answers", "score", "band", "assessed_on",
                                 "review_on", "created_at"], assessments)
        w.reset_sequences(Person, Report, ReportPerson, Case, Case.reports.through, CaseParty, CaseShare,
                          RiskAssessment)


def analyse():
    """The planner's statistics, as an installation keeps them. On PostgreSQL a VACUUM too, as
    autovacuum does after a bulk insert: it marks the pages all-visible, which index-only scans
    need."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM (ANALYZE)")


# The server and its clients -------------------------------------------------------------------------

class Client:
    """One keep-alive HTTP connection, signed in through the sign-in page."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies = {}

    def request(self, method, path, body=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Connection": "keep-alive"}
        if body is not None:
            body = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.connection.port}/accounts/sign-in/"
        start = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        content = response.read()
        seconds = time.perf_counter() - start
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return response.status, content.decode(), seconds

    def sign_in(self, email):
        """The password, then a code from the account's authenticator app (every casework role
        gives a second factor, ADR 46)."""
        status, html, _ = self.request("GET", "/accounts/sign-in/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        status, _, _ = self.request("POST", "/accounts/sign-in/",
                                    {"csrfmiddlewaretoken": token, "email": email, "password": PASSWORD})
        assert status == 302 and "sessionid" in self.cookies, f"sign-in as {email} failed ({status})"
        status, html, _ = self.request("GET", "/accounts/second-factor/check/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        status, _, _ = self.request("POST", "/accounts/second-factor/check/",
                                    {"csrfmiddlewaretoken": token, "code": authenticator_code()})
        assert status == 302, f"the second factor of {email} was refused ({status})"


def client_accounts():
    """One account per client, each with the role and organisation of a member (MEMBERS[n % 4]) and
    an authenticator app of AUTHENTICATOR_KEY: a code works once per account, so clients of one
    member cannot share one. Made on every run (they are not part of the store)."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from eunomia.accounts.models import Membership
    from eunomia.partners.models import Partnership

    partnership = Partnership.objects.get(slug=SLUG)
    User = get_user_model()
    emails = []
    for n in range(CLIENTS):
        member = Membership.objects.get(partnership=partnership, user__email=MEMBERS[n % len(MEMBERS)][0])
        email = f"client{n}.{member.user.email}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, PASSWORD, full_name=f"Client {n}")
            Membership.objects.create(user=user, partnership=partnership, organisation=member.organisation,
                                      role=member.role)
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name="Bench app", confirmed=True, key=AUTHENTICATOR_KEY)
        emails.append(email)
    return emails


def authenticator_code():
    from django_otp.oath import TOTP

    return f"{TOTP(bytes.fromhex(AUTHENTICATOR_KEY)).token():06d}"


def pages_for(member_index):
    """(page, path) pairs a member requests, each ROUNDS times, and the ids they may see."""
    from django.contrib.auth import get_user_model

    from eunomia.casework import queries
    from eunomia.partners.models import Partnership

    partnership = Partnership.objects.get(slug=SLUG)
    user = get_user_model().objects.get(email=MEMBERS[member_index][0])
    case_ids = list(queries.cases_visible_to(user, partnership).order_by().values_list("id", flat=True)[:5000])
    rng = random.Random(SEED + member_index)
    p = f"/p/{SLUG}/casework"
    pages = []
    for n in range(ROUNDS):
        pages += [("health", "/health/"),
                  ("case_list", f"{p}/cases/?status=open"),
                  ("case_search", f"{p}/cases/?q={urllib.parse.quote(rng.choice(LAST_NAMES))}&status=closed"),
                  ("search_name", f"{p}/?q={urllib.parse.quote(rng.choice(LAST_NAMES))}"),
                  ("search_address", f"{p}/?q={urllib.parse.quote(rng.choice(STREETS))}"),
                  ("case_page", f"{p}/cases/{rng.choice(case_ids)}/"),
                  ("briefing", f"{p}/briefing/?day={END}")]
    rng.shuffle(pages)
    return pages


def start_server(database_url, log_path):
    port = 8700 + os.getpid() % 200
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
    command = [str(Path(sys.executable).parent / "gunicorn"), "eunomia.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers_for(database_url)), "--worker-class", WORKER_CLASS, "--threads", "1",
               "--timeout", "120",
               "--keep-alive", "30",
               "--access-logfile", str(log_path), "--access-logformat", "%(m)s %(U)s?%(q)s %(s)s %(D)s"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/health/")
            if connection.getresponse().status == 200:
                return server, port
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not start")


def drive(port, plans):
    """Each client signs in, then requests its pages one after another; all clients at once."""
    results, failures = [], []
    ready = threading.Barrier(len(plans) + 1)

    def client_run(email, pages):
        client = Client(port)
        try:
            client.sign_in(email)
            # Warm up: each kind of page once, so every worker has loaded its code and templates.
            # The marker keeps these out of the results.
            for path in dict((page, path) for page, path in pages).values():
                client.request("GET", path + ("&" if "?" in path else "?") + "warm-up=1")
        except Exception as error:  # noqa: BLE001 - reported below, the run fails
            failures.append(f"sign-in or warm-up: {error!r}")
        ready.wait()
        for page, path in pages:
            try:
                try:
                    status, _, seconds = client.request("GET", path)
                except (http.client.RemoteDisconnected, ConnectionResetError):
                    # The server closed the kept-alive connection as the request went out: a GET
                    # never answered is sent again on a new connection, as browsers do.
                    client.connection.close()
                    status, _, seconds = client.request("GET", path)
            except Exception as error:  # noqa: BLE001 - a timeout is a failed request
                failures.append(f"{path}: {error!r}")
                client.connection.close()
                continue
            if status != 200:
                failures.append(f"{path}: {status}")
            results.append((page, path, seconds))

    threads = [threading.Thread(target=client_run, args=plan) for plan in plans]
    for thread in threads:
        thread.start()
    ready.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    return results, failures, time.perf_counter() - start


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(database):
    database_url = point_to_database(database)
    os.environ["DATABASE_URL"] = database_url
    if database == "postgres":
        _ensure_postgres_database()
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eunomia.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    suffix = "" if database == "sqlite" else f"_{database}"
    call_command("migrate", verbosity=0)
    if not store_is_complete():
        say(f"building the store ({database}): minutes")
        began = time.perf_counter()
        build_store()
        line(f"casework_store_build_s{suffix}", time.perf_counter() - began, "s")
        # What an operator runs after a bulk load; on SQLite the triggers have filled it already.
        say("search index")
        call_command("rebuild_search_index", verbosity=0)
    _count_victim_days(suffix)
    analyse()
    plans = [(email, pages_for(n % len(MEMBERS))) for n, email in enumerate(client_accounts())]
    connection.close()

    with tempfile.TemporaryDirectory(prefix="eunomia-bench-casework-") as folder:
        log_path = Path(folder) / "access.log"
        server, port = start_server(database_url, log_path)
        try:
            results, failures, seconds = drive(port, plans)
        finally:
            server.terminate()
            server.wait(timeout=60)
        server_times = _server_times(log_path)
    kinds = {path: page for page, path, _ in results}
    by_page_server, by_page_client = {}, {}
    for path, micros in server_times:
        if path in kinds:
            by_page_server.setdefault(kinds[path], []).append(micros / 1000)
    for page, _, wall in results:
        by_page_client.setdefault(page, []).append(wall * 1000)
    health_p95 = percentile(by_page_server["health"], 0.95)
    for page in ["health", "case_list", "case_search", "search_name", "search_address", "case_page", "briefing"]:
        values = by_page_server.get(page)
        if not values:
            continue
        line(f"casework_{page}_p50{suffix}", statistics.median(values), "ms")
        line(f"casework_{page}_p95{suffix}", percentile(values, 0.95), "ms")
        line(f"casework_{page}_client_p95{suffix}", percentile(by_page_client[page], 0.95), "ms")
        if page != "health":
            line(f"casework_{page}_p95_vs_health{suffix}", percentile(values, 0.95) / health_p95, "ratio")
    line(f"casework_requests_per_s{suffix}", len(results) / seconds, "req/s")
    line(f"casework_gunicorn_workers{suffix}", workers_for(database_url), f"{WORKER_CLASS}-workers")
    if failures:
        sys.exit(f"{len(failures)} requests failed, for example: {failures[:5]}")


def _count_victim_days(suffix):
    """The counts the briefing reads (docs/adr/0052) are kept by the actions; the store is written
    around them, so count them as a deployment would after a bulk load, once per store (a store
    kept from an earlier run has them). Timed: it is what a repeat rule change's job costs here."""
    from django.core.management import call_command

    from eunomia.casework.models import VictimDay

    if VictimDay.objects.filter(partnership__slug=SLUG).exists():
        return
    began = time.perf_counter()
    call_command("recompute_casework_flags", partnership=SLUG, verbosity=0)
    line(f"casework_recompute_flags_s{suffix}", time.perf_counter() - began, "s")


def _server_times(log_path):
    """(path with query, microseconds) of each GET in gunicorn's access log."""
    times = []
    for entry in log_path.read_text().splitlines():
        method, path, status, micros = entry.rsplit(" ", 3)[-4:]
        if method == "GET":
            times.append((path[:-1] if path.endswith("?") else path, int(micros)))
    return times


def _ensure_postgres_database():
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_NAME]).fetchone():
            conn.execute(f'CREATE DATABASE "{PG_NAME}"')


if __name__ == "__main__":
    main(database_arg())
