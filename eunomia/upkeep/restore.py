"""Restoring a backup (ADR 74) into an empty database and file store, then checking it against its
manifest: every table's row count, the audit chain (whole, and ending at the manifest's head) and
every file's hash. Each mismatch is named.

SQLite restores into SQLite through the online backup API and PostgreSQL into PostgreSQL through
pg_restore. A SQLite backup also restores into PostgreSQL, so a partnership that outgrows the embedded
database moves without loss: the target is migrated to the backup's migration state (not the code's:
an older backup is restored as it was, and `migrate` then upgrades it as any upgrade does), and every
table of that state is copied with the models of that state, through COPY, in one transaction."""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pyrage
from django.core.management.color import no_style
from django.db import DatabaseError, connections, models, transaction
from django.db.migrations.exceptions import IrreversibleError
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import load_backend

from eunomia.audit import checkpoints as audit_checkpoints
from eunomia.audit.queries import first_broken_link
from eunomia.upkeep.backup import (
    AGE_HEADER, FORMAT, MANIFEST, PREFIX, BackupError,
    describe_state, file_destination, postgres_command_env, postgres_tool, sha256_of,
)

SOURCE_ALIAS = "eunomia_backup_source"
# The tables every installation's data hangs from (`occupied`).
INSTALLATION_TABLES = ("partners_partnership", "accounts_user", "audit_auditevent")
COPY_BATCH = 5000


@dataclass
class Opened:
    """A backup read and checked against its own manifest, unpacked in `folder`."""
    manifest: dict
    folder: Path

    @property
    def database_file(self):
        return self.folder / self.manifest["database"]["file"]


@dataclass
class Restored:
    manifest: dict
    seconds: float
    how: str
    checked_tables: int = 0
    not_carried: list = field(default_factory=list)


def parse_identities(text):
    """Private keys from the file at `text` (or the text itself): age identities ("AGE-SECRET-KEY-1..."), one a
    line, or an SSH private key."""
    text = (text or "").strip()
    if not text:
        return []
    path = Path(text)
    if not text.startswith(("AGE-SECRET-KEY-", "-----BEGIN")) and path.is_file():
        text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("-----BEGIN"):
        try:
            return [pyrage.ssh.Identity.from_buffer(text.encode())]
        except pyrage.IdentityError:
            raise BackupError("the SSH private key given cannot be read (a key with a passphrase is not supported)") \
                from None
    identities = []
    for line in text.splitlines():
        key = line.strip()
        if not key or key.startswith("#"):
            continue
        try:
            identities.append(pyrage.x25519.Identity.from_str(key))
        except pyrage.IdentityError:
            raise BackupError("the private key given is not an age identity (AGE-SECRET-KEY-1...)") from None
    return identities


def _member_name(member):
    """The member's name inside the backup, or BackupError for anything a backup never holds."""
    path = PurePosixPath(member.name)
    if path.is_absolute() or ".." in path.parts or not path.parts or path.parts[0] != PREFIX or len(path.parts) < 2:
        raise BackupError(f"the archive holds {member.name!r}, which no Eunomia backup holds")
    if not member.isfile():
        raise BackupError(f"the archive holds {member.name!r}, which is not a plain file")
    return "/".join(path.parts[1:])


def open_backup(src, folder, *, identities=()):
    """Decrypt (when encrypted) and unpack the backup at `src` into `folder`, and check every member
    against the manifest. Raises BackupError naming what is wrong."""
    src = Path(src)
    if not src.is_file():
        raise BackupError(f"{src} is not a file")
    with src.open("rb") as file:
        encrypted = file.read(len(AGE_HEADER)) == AGE_HEADER
    archive_path = src
    if encrypted:
        if not identities:
            raise BackupError(f"{src} is encrypted: give the private key it was encrypted to (--identity)")
        archive_path = folder / "archive.tar.gz"
        try:
            pyrage.decrypt_file(str(src), str(archive_path), list(identities))
        except pyrage.DecryptError as problem:
            raise BackupError(f"{src} could not be decrypted: it is cut short or damaged, or was not encrypted to "
                              f"the key given ({problem})") from None
    hashes = {}
    manifest = None
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            for member in archive:
                name = _member_name(member)
                if name == MANIFEST:
                    manifest = json.load(archive.extractfile(member))
                    continue
                if manifest is not None:
                    raise BackupError(f"the archive holds {name} after its manifest, where nothing belongs")
                target = folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.extractfile(member) as source, target.open("wb") as out:
                    shutil.copyfileobj(source, out, 1024 * 1024)
                hashes[name] = sha256_of(target)
            # To the end of the compressed stream, whose length and checksum show a file cut short after its
            # last member as surely as one cut in the middle.
            while archive.fileobj.read(1024 * 1024):
                pass
    except (tarfile.TarError, EOFError, OSError, zlib.error, ValueError) as problem:
        if isinstance(problem, BackupError):
            raise
        raise BackupError(f"{src} is not a whole backup: it is cut short or damaged ({problem})") from None
    if manifest is None:
        raise BackupError(f"{src} is not a whole backup: it has no manifest (a backup that was cut short ends "
                          f"before its manifest)")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{src} is not a backup Eunomia can read (its format is {manifest.get('format')!r})")
    _check_members(manifest, hashes)
    return Opened(manifest=manifest, folder=folder)


def _check_members(manifest, hashes):
    expected = {manifest["database"]["file"]: manifest["database"]["sha256"]}
    expected.update({f"files/{entry['name']}": entry["sha256"] for entry in manifest["files"]})
    problems = [f"{name} is missing" for name in sorted(set(expected) - set(hashes))]
    problems += [f"{name} is not in the manifest" for name in sorted(set(hashes) - set(expected))]
    problems += [f"{name} does not match its hash in the manifest" for name in sorted(set(expected) & set(hashes))
                 if expected[name] != hashes[name]]
    if problems:
        raise BackupError("the backup does not match its manifest: " + "; ".join(problems))


def _tables(connection):
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def occupied(connection):
    """What the target already holds of an installation, in words; empty when it holds nothing of anyone's. Every
    record hangs from a partnership or a user, and every change leaves an audit event, so a database with none of
    these is empty, whatever rows `migrate` wrote (crime types, question sets, defaults)."""
    found = []
    present = _tables(connection)
    with connection.cursor() as cursor:
        for table in INSTALLATION_TABLES:
            if table not in present:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            rows = cursor.fetchone()[0]
            if rows:
                found.append(f"table {table} holds {rows:,} row{'s' if rows != 1 else ''}")
    return found


def occupied_files(manifest):
    """The stored files already where the backup would put its own, in words."""
    found = []
    for entry in manifest["files"]:
        path = file_destination(entry["name"])
        if path.exists():
            found.append(f"file {path} exists")
    return found


def _migration_targets(connection, manifest):
    """The migration state of the backup, as the executor's targets (every app this code knows), or
    BackupError when the backup was taken by code that has migrations this code does not."""
    executor = MigrationExecutor(connection)
    known = executor.loader.disk_migrations
    unknown = [f"{app}.{name}" for app, names in manifest["database"]["migrations"].items() for name in names
               if (app, name) not in known and (app, name) not in executor.loader.replacements]
    if unknown:
        raise BackupError(f"the backup was taken by a newer Eunomia (release {manifest['version']['release']}): "
                          f"this code does not have its migrations {', '.join(unknown[:5])}"
                          f"{' and more' if len(unknown) > 5 else ''}. Restore it with that release or a later one.")
    applied = manifest["database"]["migrations"]
    # A squashed migration stands in the graph for those it replaces, which a database records one by one.
    squashed = {replaced: key for key, migration in executor.loader.replacements.items()
                for replaced in migration.replaces}
    graph = executor.loader.graph
    targets = []
    for app in sorted({app for app, _ in graph.leaf_nodes()}):
        order = [node for node in graph.forwards_plan(graph.leaf_nodes(app)[0]) if node[0] == app]
        nodes = {squashed.get((app, name), (app, name)) for name in applied.get(app, [])}
        # The last of the app's applied migrations in the graph's order is the app's state.
        last = max((node for node in nodes if node in order), key=order.index, default=None)
        targets.append((app, last[1] if last else None))
    return executor, targets


def _drop_everything(connection):
    """Empty a PostgreSQL target entirely (it has been found empty of data, or --replace was given)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = connection.ops.quote_name(cursor.fetchone()[0])
        cursor.execute(f"DROP SCHEMA {schema} CASCADE")
        cursor.execute(f"CREATE SCHEMA {schema}")


def _restore_sqlite(opened, connection):
    source = sqlite3.connect(opened.database_file)
    try:
        connection.close()
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


def _restore_postgres(opened, connection):
    pg_restore = postgres_tool("pg_restore")
    _drop_everything(connection)
    args, env = postgres_command_env(connection.settings_dict)
    done = subprocess.run([pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                           *args, str(opened.database_file)], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip() or done.returncode}")
    connection.close()


def open_connection(alias, settings_dict):
    """A Django connection under `alias` to a database named only here, not in settings.DATABASES: a backup's
    SQLite file, so its rows are read with Django's converters (and a test's scratch database)."""
    connection = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    setattr(connections._connections, alias, connection)
    return connection


def close_connection(alias):
    if hasattr(connections._connections, alias):
        getattr(connections._connections, alias).close()
        delattr(connections._connections, alias)


def _source_connection(path):
    return open_connection(SOURCE_ALIAS, {
        **connections["default"].settings_dict, "ENGINE": "django.db.backends.sqlite3", "NAME": str(path),
        "OPTIONS": {}, "USER": "", "PASSWORD": "", "HOST": "", "PORT": "", "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False, "TIME_ZONE": None})


def _copy_sqlite_into_postgres(opened, connection):
    """Migrate the target to the backup's state and copy every table of that state into it, in one
    transaction. Returns the models copied (of that state) and the backup's tables not carried."""
    executor, targets = _migration_targets(connection, opened.manifest)
    try:
        # From wherever the target is: nothing yet, or an empty database some release's `migrate` made.
        executor.migrate(targets)
    except (IrreversibleError, DatabaseError):
        _drop_everything(connection)
        executor, targets = _migration_targets(connection, opened.manifest)
        executor.migrate(targets)
    state = executor.loader.project_state([t for t in targets if t[1] is not None], at_end=True)
    models = [model for model in state.apps.get_models(include_auto_created=True)
              if model._meta.managed and not model._meta.proxy]
    tables = [model._meta.db_table for model in models]
    source = _source_connection(opened.database_file)
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            # Migrations may write rows (defaults, data fixes): the backup's rows replace them.
            cursor.execute("TRUNCATE " + ", ".join(connection.ops.quote_name(t) for t in tables)
                           + " RESTART IDENTITY CASCADE")
            for model in models:
                _copy_table(model, source, connection, cursor)
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
    finally:
        close_connection(SOURCE_ALIAS)
    carried = set(tables) | {"django_migrations"}
    return models, sorted(set(opened.manifest["database"]["tables"]) - carried)


# Fields whose Python values (as Django's SQLite converters give them) psycopg writes as they are: the rest (JSON,
# and any field class of Eunomia's own) go through the field's own preparation for PostgreSQL. Exact classes, so a
# subclass with a preparation of its own is never taken for one of these.
PLAIN_FIELDS = {
    models.AutoField, models.BigAutoField, models.BigIntegerField, models.BinaryField, models.BooleanField,
    models.CharField, models.DateField, models.DateTimeField, models.DecimalField, models.DurationField,
    models.EmailField, models.FloatField, models.ForeignKey, models.IntegerField,
    models.OneToOneField, models.PositiveBigIntegerField, models.PositiveIntegerField,
    models.PositiveSmallIntegerField, models.SlugField, models.SmallIntegerField, models.TextField,
    models.TimeField, models.URLField, models.UUIDField,
}


def _copy_table(model, source, connection, cursor):
    fields = [f for f in model._meta.concrete_fields]
    prepared = [(n, f) for n, f in enumerate(fields) if type(f) not in PLAIN_FIELDS]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    rows = (model._base_manager.using(source.alias).order_by("pk")
            .values_list(*[f.attname for f in fields]).iterator(chunk_size=COPY_BATCH))
    with cursor.cursor.copy(f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
        for row in rows:
            if prepared:
                row = list(row)
                for n, f in prepared:
                    row[n] = f.get_db_prep_save(row[n], connection)
            copy.write_row(row)


def _place_files(opened):
    for entry in opened.manifest["files"]:
        target = file_destination(entry["name"])
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, prefix=".restoring-") as out:
            with (opened.folder / "files" / entry["name"]).open("rb") as source:
                shutil.copyfileobj(source, out, 1024 * 1024)
        os.replace(out.name, target)


def check(manifest, connection, *, tables=None, audit_model=None):
    """Mismatches between the restored installation and the manifest, in words (empty when none): row counts of
    `tables` (default: every table of the manifest), the audit chain and its head, and every file's hash."""
    problems = []
    expected = manifest["database"]["tables"]
    names = sorted(expected if tables is None else tables)
    present = _tables(connection)
    with connection.cursor() as cursor:
        missing = [name for name in names if name not in present]
        problems += [f"table {name} is missing" for name in missing]
        counted = describe_state(cursor, [name for name in names if name in present], connection.ops.quote_name)
    for name, rows in counted["tables"].items():
        if rows != expected.get(name):
            problems.append(f"table {name} holds {rows:,} rows; the backup held {expected.get(name, 0):,}")
    audit = manifest["database"]["audit"]
    events = audit_model._base_manager.using(connection.alias) if audit_model is not None else None
    if events is not None:
        broken = first_broken_link(events)
        if broken is not None:
            event, why = broken
            problems.append(f"the audit chain is broken at event {event.pk}: {why}")
        head = events.order_by("-id").values("id", "hash").first()
        if (head or {}).get("id") != audit["last_id"] or (head or {}).get("hash") != audit["last_hash"]:
            problems.append(f"the audit log ends at event {(head or {}).get('id')}, not at the backup's head, "
                            f"event {audit['last_id']}")
        checkpoint_file = next((entry for entry in manifest["files"] if entry["name"] == "audit-checkpoints.jsonl"),
                               None)
        if checkpoint_file is not None:
            try:
                latest = audit_checkpoints.latest_in(file_destination(checkpoint_file["name"]))
            except ValueError as unreadable:
                problems.append(f"the restored audit checkpoint file cannot be read: {unreadable}")
                latest = None
            lost = audit_checkpoints.compare(latest, events) if latest is not None else None
            if lost:
                problems.append(f"the audit log is cut short against its latest checkpoint: {lost}")
    for entry in manifest["files"]:
        path = file_destination(entry["name"])
        if not path.is_file():
            problems.append(f"file {path} is missing")
        elif sha256_of(path) != entry["sha256"]:
            problems.append(f"file {path} does not match its hash in the backup")
    return problems


def restore(src, *, identities=(), replace=False, using="default"):
    """Restore the backup at `src` into the database `using` and this installation's file store, then check it.
    Raises BackupError naming what stopped it or every mismatch the check found."""
    started = time.monotonic()
    connection = connections[using]
    with tempfile.TemporaryDirectory(prefix="eunomia-restore-") as folder:
        opened = open_backup(src, Path(folder), identities=identities)
        manifest = opened.manifest
        source_vendor = manifest["database"]["vendor"]
        if (source_vendor, connection.vendor) not in {("sqlite", "sqlite"), ("postgresql", "postgresql"),
                                                      ("sqlite", "postgresql")}:
            raise BackupError(f"a {source_vendor} backup cannot be restored into {connection.vendor}: a PostgreSQL "
                              f"backup restores into PostgreSQL only")
        _migration_targets(connection, manifest)  # refuses a backup of a newer release before anything changes
        held = occupied(connection) + occupied_files(manifest)
        if held and not replace:
            raise BackupError("the target is not empty: " + "; ".join(held[:10])
                              + ("; and more" if len(held) > 10 else "")
                              + ". Restore into an empty database and file store, or give --replace to overwrite "
                                "what is there.")
        tables = None
        not_carried = []
        if source_vendor == connection.vendor == "sqlite":
            _restore_sqlite(opened, connection)
            how = "SQLite into SQLite (online backup API)"
        elif source_vendor == connection.vendor == "postgresql":
            _restore_postgres(opened, connection)
            how = "PostgreSQL into PostgreSQL (pg_restore)"
        else:
            copied, not_carried = _copy_sqlite_into_postgres(opened, connection)
            tables = [model._meta.db_table for model in copied] + ["django_migrations"]
            how = "SQLite into PostgreSQL (migrated to the backup's state, every table copied)"
        _place_files(opened)
        executor, targets = _migration_targets(connection, manifest)
        state = executor.loader.project_state([t for t in targets if t[1] is not None], at_end=True)
        audit_model = state.apps.get_model("audit", "AuditEvent") if ("audit", "auditevent") in state.models else None
        problems = check(manifest, connection, tables=tables, audit_model=audit_model)
    if problems:
        raise BackupError("the restored installation does not match the backup: " + "; ".join(problems))
    return Restored(manifest=manifest, seconds=time.monotonic() - started, how=how,
                    checked_tables=len(tables if tables is not None else manifest["database"]["tables"]),
                    not_carried=not_carried)
