"""Shared fixtures: a partnership with members in every role, and a plan year with last year's
plan behind it. Setup goes through the real actions, so audit events and figures are as in use.

Every test starts at one fixed instant (ADR 35): the one EUNOMIA_TEST_NOW names (ISO 8601 with its
offset, `EUNOMIA_TEST_NOW=2027-03-28T00:30:00+00:00 make test-sqlite`), or else the moment the test
run started. The clock then runs on from there within the test, so a test sees time pass but never
a different day from the one it was set up in, however long the run or whatever the hour."""

import contextlib
import datetime
import hashlib
import os
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from eunomia.accounts.models import Membership, User
from eunomia.accounts.roles import ROLES
from eunomia.demo.build import build_demo
from eunomia.partners import actions as partner_actions
from eunomia.plans import actions as plan_actions
from tests.signin import force_sign_in

PASSWORD = "correct-horse-battery-staple"
LONDON = zoneinfo.ZoneInfo("Europe/London")


def _instant_asked():
    """The instant EUNOMIA_TEST_NOW names, or None; a value that is not an instant stops the run."""
    text = os.environ.get("EUNOMIA_TEST_NOW", "").strip()
    if not text:
        return None
    try:
        instant = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise pytest.UsageError(f"EUNOMIA_TEST_NOW={text!r} is not a date and time: write it as ISO 8601 with "
                                "its offset, like 2027-03-28T00:30:00+00:00") from None
    if instant.tzinfo is None:
        raise pytest.UsageError(f"EUNOMIA_TEST_NOW={text!r} has no offset from UTC, so it names no one instant: "
                                "add it, like 2027-03-28T00:30:00+00:00 or 2027-07-01T09:00:00+01:00")
    return instant


# The instant every test starts at, fixed once per test process in pytest_configure.
TEST_NOW = None
_travels = []


def pytest_configure(config):
    global TEST_NOW
    from django.conf import settings

    config.addinivalue_line("markers", "one_pass: the same on either database, so run on the SQLite pass only")
    # Hashing with the production algorithm makes every sign-in in the suite slow; MD5 is fine here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        # Each run gets its own test database, so two runs on one server at once (a developer's
        # and a benchmark's, say) never drop each other's; xdist adds its worker to the name.
        database.setdefault("TEST", {})["NAME"] = f"test_{database['NAME']}_{os.getpid()}"
        # A test database is thrown away at the end, so a commit need not wait for the disk: the live
        # server's requests commit thousands of times a pass (browser journeys, each write and session).
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()
    _let_the_runner_empty_the_audit_table_on_sqlite()
    _let_the_runner_empty_tables_with_delete_on_postgresql()
    # The suite never compares its audit log with checkpoints a developer's own runs left in var/.
    settings.AUDIT_CHECKPOINT_FILE = ""
    TEST_NOW = _instant_asked() or datetime.datetime.now(datetime.UTC)
    # Module-level values computed while tests are collected see the same day as the tests.
    _travels.append(time_machine.travel(TEST_NOW, tick=True))
    _travels[-1].start()


def _let_the_runner_empty_the_audit_table_on_sqlite():
    """The audit table refuses DELETE on SQLite (ADR 42), and the runner empties tables with DELETE
    between transactional tests: lift the trigger for exactly that, as PostgreSQL's TRUNCATE does."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return
    from django.db.backends.sqlite3.base import DatabaseWrapper

    from eunomia.core.triggers import sqlite_flush_around

    DatabaseOperations = DatabaseWrapper.ops_class
    flush = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        return sqlite_flush_around(flush(self, style, tables, **kwargs), tables=tables, table="audit_auditevent",
                                   message="audit events are append-only")

    DatabaseOperations.sql_flush = sql_flush


def _let_the_runner_empty_tables_with_delete_on_postgresql():
    """After each test that commits (browser journeys, the worker: sixty-odd a pass) the runner empties
    every table, on PostgreSQL with one TRUNCATE, which gives each of Eunomia's hundreds of tables and
    indexes a new file: over a second every time. DELETE empties a test's few rows in milliseconds.
    Foreign keys are checked once every table is empty (Django makes them deferrable), so the order does
    not matter; the append-only tables' triggers refuse DELETE (and TRUNCATE never fires them), so
    they are lifted inside that transaction only, which no other connection sees."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return
    from django.db.backends.postgresql.base import DatabaseWrapper

    DatabaseOperations = DatabaseWrapper.ops_class
    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if not tables or reset_sequences or allow_cascade:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                           "WHERE NOT t.tgisinternal")
            guarded = sorted({name for name, in cursor.fetchall()} & set(tables))
        return ["SET CONSTRAINTS ALL DEFERRED;",
                *(f"ALTER TABLE {self.quote_name(table)} DISABLE TRIGGER USER;" for table in guarded),
                *(f"DELETE FROM {self.quote_name(table)};" for table in tables),
                # Checked now, every row being gone: a table with checks pending cannot be altered.
                "SET CONSTRAINTS ALL IMMEDIATE;",
                *(f"ALTER TABLE {self.quote_name(table)} ENABLE TRIGGER USER;" for table in guarded)]

    DatabaseOperations.sql_flush = sql_flush


def pytest_collection_modifyitems(config, items):
    """A test marked `one_pass` runs on the SQLite pass only: it uses neither the pass's database nor the
    suite's clock (a subprocess with settings of its own, the source read as text), so the PostgreSQL pass
    would only repeat it exactly. EUNOMIA_EVERY_PASS=1 runs it on both."""
    if os.environ.get("EUNOMIA_EVERY_PASS") == "1" or "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        return
    repeated = [item for item in items if item.get_closest_marker("one_pass")]
    if repeated:
        config.hook.pytest_deselected(items=repeated)
        items[:] = [item for item in items if not item.get_closest_marker("one_pass")]


def pytest_unconfigure(config):
    while _travels:
        _travels.pop().stop()


def pytest_report_header(config):
    asked = "EUNOMIA_TEST_NOW" if os.environ.get("EUNOMIA_TEST_NOW", "").strip() else "the start of this run"
    return f"every test starts at {TEST_NOW.astimezone(LONDON):%Y-%m-%d %H:%M:%S %Z} London time ({asked})"


@pytest.fixture(autouse=True)
def _fixed_now():
    """Each test starts at TEST_NOW; a test's own time_machine travel takes over inside it."""
    with time_machine.travel(TEST_NOW, tick=True):
        yield


# The module fixtures whose shared data (built_once) is in the database now.
_shared_data = set()


@contextlib.contextmanager
def built_once(request, django_db_blocker, build):
    """Data built once for a module's tests that use it, as Django's TestCase.setUpTestData does: for
    set-up that takes seconds (the demo, a world of cases) which many tests only read. For a
    module-scoped fixture (`request` is its own); yields (what `build()` returned, the instant the
    build finished, which a test may travel to so that it runs just after its data was made).

    The build starts at TEST_NOW, in a transaction rolled back after the module's last test; each test
    runs in its own savepoint inside it (pytest-django's `db`), so what one test changes the next never
    sees. While the data is there only the tests that use it may run (`_only_its_tests_see_shared_data`):
    a module puts its other tests above the first that uses it. Not for `transaction=True` or
    `live_server` tests, which commit and empty the database.

    Another module of the same test process that builds with the same function, on the same rows, gets
    the rows the first build made put back instead (`made_or_put_back`), when `build()` returned a model
    instance or None: such a build must write only to the database."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        with django_db_blocker.unblock(), time_machine.travel(TEST_NOW, tick=True):
            result, finished = made_or_put_back(build)
        _shared_data.add(request.fixturename)
        yield result, finished
    finally:
        _shared_data.discard(request.fixturename)
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# What each build run through made_or_put_back made in this test process: build -> [Made].
_made = {}


class Made:
    """The rows a build added to the database, what the database held before it, what it returned (a
    model instance: its class and key) and the instant it finished."""

    def __init__(self, before, added, result, finished):
        self.before, self.added, self.finished = before, added, finished
        self.result = None if result is None else (type(result), result.pk)


def made_or_put_back(build):
    """Run `build()` and return (its result, the instant it finished). The first time in this test
    process the build runs; later, when the database holds exactly the rows it held before that run, the
    rows the build added are put back instead, byte for byte, and the result fetched again: a second
    where the demo takes a quarter of a minute to build. A build that changed or removed a row it found
    is always run again. The test's clock is not moved: a caller travels to the instant returned.

    For builds that write only to the database (no files, no caches) and return a model instance or
    None. Sequences end up past every key, as after the build itself; on SQLite the full-text indexes
    are filled by their triggers as the rows go back (migration casework 0007)."""
    tables = _tables_to_copy()
    before = _rows_of(tables)
    digest = _digest(before)
    for made in _made.get(build, ()):
        if made.before == digest:
            _put_back(made.added)
            model, pk = made.result or (None, None)
            return (None if model is None else model._base_manager.get(pk=pk)), made.finished
    result = build()
    finished = timezone.now()
    after = _rows_of(tables)
    added = {}
    for table, rows in after.items():
        kept = set(before[table])
        if not kept <= set(rows):
            return result, finished  # it changed rows it found: not one to put back
        new = [row for row in rows if row not in kept]
        if new:
            added[table] = new
    if result is None or hasattr(result, "pk"):
        _made.setdefault(build, []).append(Made(digest, added, result, finished))
    return result, finished


# FTS5's own tables, beside each full-text index: its triggers fill them.
_FTS_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")


def _tables_to_copy():
    connection.ensure_connection()
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if connection.vendor != "sqlite":
            return tables
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                       "AND sql LIKE 'CREATE VIRTUAL TABLE%'")
        indexes = {name for name, in cursor.fetchall()}
    shadows = {index + shadow for index in indexes for shadow in _FTS_SHADOWS}
    return [table for table in tables if table not in indexes and table not in shadows]


def _rows_of(tables):
    """Every row of every table, exactly as stored: on SQLite as SQLite's own values (`+column` has no
    declared type, so no converter of Django's turns text into dates or decimals), on PostgreSQL as COPY
    writes them."""
    rows = {}
    if connection.vendor == "sqlite":
        raw = connection.connection
        for table in tables:
            columns = [column for _, column, *_ in raw.execute(f'PRAGMA table_info("{table}")')]
            values = ", ".join(f'+"{column}"' for column in columns)
            rows[table] = raw.execute(f'SELECT {values} FROM "{table}"').fetchall()
        return rows
    with connection.cursor() as cursor:
        for table in tables:
            with cursor.cursor.copy(f'COPY "{table}" TO STDOUT') as copy:
                text = b"".join(bytes(block) for block in copy)
            rows[table] = text.split(b"\n")[:-1]
    return rows


def _digest(rows):
    hashed = hashlib.sha256()
    for table in sorted(rows):
        hashed.update(repr((table, sorted(map(repr, rows[table])))).encode())
    return hashed.hexdigest()


def _put_back(added):
    if connection.vendor == "sqlite":
        raw = connection.connection
        for table, rows in added.items():
            raw.executemany(f'INSERT INTO "{table}" VALUES ({", ".join("?" * len(rows[0]))})', rows)
        return
    with connection.cursor() as cursor:
        for table, rows in added.items():
            with cursor.cursor.copy(f'COPY "{table}" FROM STDIN') as copy:
                copy.write(b"".join(row + b"\n" for row in rows))
        # Each sequence past the largest key now in its table, never back: as the build itself leaves them.
        cursor.execute(
            "SELECT s.relname, t.relname, a.attname FROM pg_class s JOIN pg_depend d ON d.objid = s.oid "
            "JOIN pg_class t ON t.oid = d.refobjid "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
            "WHERE s.relkind = 'S' AND t.relname = ANY(%s)", [list(added)])
        for sequence, table, column in cursor.fetchall():
            cursor.execute(f'SELECT setval(\'"{sequence}"\', GREATEST((SELECT COALESCE(MAX("{column}"), 0) '
                           f'FROM "{table}"), (SELECT last_value FROM "{sequence}")))')


@pytest.fixture(autouse=True)
def _only_its_tests_see_shared_data(request):
    """A test that runs while a module's shared data is in the database but does not use it would see
    rows that are not its own: fail it, saying how to put it right. (A test without the database sees none.)"""
    if not _shared_data or _shared_data & set(request.fixturenames):
        return
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db", "live_server"} & set(
            request.fixturenames):
        pytest.fail(f"{request.node.nodeid} runs while {', '.join(sorted(_shared_data))} (built_once) is in the "
                    "database and does not use it: put it above the module's first test that does", pytrace=False)


@pytest.fixture
def demo_built(db):
    """Harrowdale as `build_demo()` makes it, for a test that reads it: built by the first such test of
    this process and put back for the others (`made_or_put_back`), the clock just after the build."""
    partnership, finished = made_or_put_back(build_demo)
    with time_machine.travel(finished, tick=True):
        yield partnership


@pytest.fixture
def system_user(db):
    return User.objects.create_user("system@eunomia.test", PASSWORD, full_name="Set-up")


@pytest.fixture
def partnership(system_user):
    return partner_actions.create_partnership(
        by=system_user, name="Testvale Community Safety Partnership", slug="testvale",
        local_authority_codes=["E07000115"], phone="01234 567890", email="csp@testvale.example",
        address="Town Hall\nTestvale TV1 1AA", website="www.testvale.example",
    )


@pytest.fixture
def council(partnership, system_user):
    return partner_actions.add_organisation(by=system_user, partnership=partnership, name="Testvale Council",
                                            kind="council", address="Town Hall\nTestvale TV1 1AA",
                                            phone="01234 567890", joined_on=datetime.date(2010, 1, 1))


@pytest.fixture
def housing(partnership, system_user):
    return partner_actions.add_organisation(by=system_user, partnership=partnership, name="Testvale Homes",
                                            kind="housing", joined_on=datetime.date(2010, 1, 1))


@pytest.fixture
def make_member(db):
    def make(role, partnership, organisation, email=None):
        email = email or f"{role}.{organisation.pk}.{partnership.slug}@eunomia.test"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, PASSWORD, full_name=f"{ROLES[role].label} of {organisation}")
        Membership.objects.create(user=user, partnership=partnership, organisation=organisation, role=role)
        return user

    return make


@pytest.fixture
def manager(make_member, partnership, council):
    return make_member("csp_manager", partnership, council)


@pytest.fixture
def analyst(make_member, partnership, council):
    return make_member("analyst", partnership, council)


@pytest.fixture
def practitioner(make_member, partnership, housing):
    return make_member("partner_practitioner", partnership, housing)


@pytest.fixture
def board_member(make_member, partnership, council):
    return make_member("board_member", partnership, council)


@pytest.fixture
def other_partnership(system_user):
    return partner_actions.create_partnership(by=system_user, name="Elsewhere CSP", slug="elsewhere",
                                              local_authority_codes=["E07000116"])


@pytest.fixture
def outsider(make_member, other_partnership, system_user):
    org = partner_actions.add_organisation(by=system_user, partnership=other_partnership, name="Elsewhere Council")
    return make_member("csp_manager", other_partnership, org)


@pytest.fixture
def client_for():
    def make(user):
        client = Client()
        if user is not None:
            force_sign_in(client, user)
        return client

    return make


@pytest.fixture
def plans(partnership, council, housing, system_user):
    """Last year's plan (2024/25, targets due and partly recorded) and this year's draft (2025/26)."""
    previous = plan_actions.create_plan(by=system_user, partnership=partnership, start_year=2024)
    asb = plan_actions.add_item(by=system_user, plan=previous, kind="priority", title="Anti-social behaviour")
    mediation = plan_actions.add_action(by=system_user, plan=previous, priority=asb, owner_organisation=housing,
                                        title="Refer neighbour disputes to mediation", status="complete")
    referrals = plan_actions.add_target(by=system_user, action=mediation, measure="Referrals to mediation",
                                        unit="count", direction="increase", baseline_value=33, target_value=40)
    improved = plan_actions.add_target(by=system_user, action=mediation, measure="Cases with behaviour improved",
                                       unit="percentage", direction="reach", baseline_value=82, target_value=80)
    plan_actions.record_actual(by=system_user, target=improved, value=85, evidence="Task Group minutes")
    current = plan_actions.create_plan(by=system_user, partnership=partnership, start_year=2025, copy_from=previous)
    plan_actions.save_section(by=system_user, section=current.sections.get(kind="introduction"),
                              body="The partnership's plan for the year.")
    return {"previous": previous, "current": current, "referrals": referrals, "improved": improved,
            "mediation": mediation}


@pytest.fixture(scope="session")
def chromium_path():
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(path):
        pytest.fail(f"Chromium is needed for the browser tests and is not at {path}: apt-get install chromium")
    return path


@pytest.fixture
def council_target(plans, council, system_user):
    """A target in last year's plan whose action the council owns, beside the housing-owned ones:
    the partner practitioner (housing) may record the one and not the other."""
    action = plan_actions.add_action(by=system_user, plan=plans["previous"], priority=plans["mediation"].priority,
                                     owner_organisation=council, title="Patrol the town centre at night")
    return plan_actions.add_target(by=system_user, action=action, measure="Night patrols", unit="count",
                                   direction="increase", baseline_value=50, target_value=60)


@pytest.fixture(scope="session")
def _loaded_client_handler():
    return Client().handler


@pytest.fixture
def fast_client_for(_loaded_client_handler):
    """Like client_for, but every client shares one request handler. A new test client builds the
    middleware on its first request, and WhiteNoise then reads every static file: most of a second
    each time, which tests that sign in as many people would pay over and over."""
    def make(user, **defaults):
        client = Client(**defaults)
        client.handler = _loaded_client_handler
        if user is not None:
            force_sign_in(client, user)
        return client

    return make
