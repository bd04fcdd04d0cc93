"""Upgrades keep data (issue 18, ADR 74): the demo as the previous release built it (a backup stored in
tests/upkeep/releases/, README there) is restored, as that release's schema, into a database of the kind the
pass runs on (on the PostgreSQL pass that is the SQLite-to-PostgreSQL move, on the demo), then migrated to this
code. Every row of every table it had is unchanged, column for column; the audit chain is whole and ends where it
did; published versions and figures are as they were.

A migration since the release that moves data (RunPython or RunSQL) must name its own check in
DATA_MIGRATION_CHECKS, or the last test fails."""

import hashlib
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython, RunSQL

from eunomia.audit.models import AuditEvent
from eunomia.audit.queries import first_broken_link
from eunomia.upkeep import backup, restore
from tests.upkeep.scratch import Scratch

RELEASES = Path(__file__).resolve().parent / "releases"
PREVIOUS = RELEASES / "0.17.0-demo.tar.gz"
# Tables `migrate` adds to as it runs: new models' content types and permissions, and its own record.
GROWN_BY_MIGRATE = {"django_migrations", "django_content_type", "auth_permission"}
# (app, migration) -> a function(connection, before, after) that asserts what that migration was to change and
# that it lost nothing else; `before`/`after` are each table's digest. None since 0.17.0.
DATA_MIGRATION_CHECKS = {}

pytestmark = pytest.mark.django_db(transaction=True)


def table_digests(connection, tables=None):
    """Every table's rows, column for column (the columns of `tables` when given), as a digest and a count."""
    found = {}
    with connection.cursor() as cursor:
        names = tables or sorted(set(connection.introspection.table_names(cursor)) - GROWN_BY_MIGRATE)
        for table in names:
            columns = tables[table]["columns"] if tables else [
                c.name for c in connection.introspection.get_table_description(cursor, table)]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)} "
                           f"ORDER BY {', '.join(str(n + 1) for n in range(len(columns)))}")
            digest = hashlib.sha256()
            count = 0
            for row in cursor.fetchall():
                digest.update(repr([bytes(v) if isinstance(v, memoryview) else v for v in row]).encode())
                count += 1
            found[table] = {"columns": columns, "rows": count, "sha256": digest.hexdigest()}
    return found


@pytest.fixture
def previous_release(settings, tmp_path):
    """The previous release's demo, restored into a scratch database as that release's schema."""
    target = Scratch(tmp_path)
    # As an operator would have it: a new database `migrate` has made, at this code's schema.
    target.clone_schema_of_test_database()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "audit-checkpoints.jsonl")
    restored = restore.restore(PREVIOUS, using=target.alias)
    yield target, restored
    target.drop()


def test_the_previous_release_demo_upgrades_to_this_code_keeping_every_row(previous_release):
    target, restored = previous_release
    connection = target.connection
    assert restored.manifest["database"]["audit"]["events"] > 1000
    before = table_digests(connection)
    assert before["plans_publishedversion"]["rows"] >= 1 and before["figures_publishedfigure"]["rows"] >= 30

    call_command("migrate", database=target.alias, verbosity=0)

    pending = MigrationExecutor(connection).migration_plan(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert pending == []
    after = table_digests(connection, before)
    changed = {table for table in before if before[table] != after[table]}
    assert changed == set(), f"the upgrade changed the rows of {sorted(changed)}"
    events = AuditEvent.objects.using(target.alias)
    assert first_broken_link(events) is None
    head = events.order_by("-id").values("id", "hash").first()
    audit = restored.manifest["database"]["audit"]
    assert (head["id"], head["hash"], events.count()) == (audit["last_id"], audit["last_hash"], audit["events"])


def test_every_migration_since_the_previous_release_that_moves_data_has_its_check():
    with tarfile.open(PREVIOUS, "r:gz") as archive:
        manifest = json.load(archive.extractfile(f"{backup.PREFIX}/{backup.MANIFEST}"))
    applied = {(app, name) for app, names in manifest["database"]["migrations"].items() for name in names}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    since = [migration for key, migration in loader.disk_migrations.items()
             if key not in applied and key not in loader.replacements]
    assert since, "no migration since the previous release: the upgrade test checks nothing new"
    moving = {(migration.app_label, migration.name) for migration in since
              if any(isinstance(operation, RunPython | RunSQL) for operation in migration.operations)}
    assert moving <= set(DATA_MIGRATION_CHECKS), f"data migrations without an upgrade check: {sorted(moving)}"
