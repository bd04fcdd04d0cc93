"""Backups of a whole installation, taken while it is in use (ADR 74).

A backup is one file: a gzip-compressed tar holding the database, every stored file and, last, a
manifest. The database is one consistent moment of it: SQLite's online backup API copies it in one
step; PostgreSQL's pg_dump reads a snapshot exported from a transaction that also counts every table's
rows and reads the audit chain's head, so the manifest describes exactly what the dump holds.
Published documents, letters and attachments are rows of the database (BinaryField), so they are in
it; the stored files are the uploads waiting for a job (MEDIA_ROOT) and the audit checkpoint file.

The archive is written beside its destination under the name `<dest>.partial` and renamed only once
whole and flushed to disk; a backup that fails or is killed leaves at most that `.partial` file, and a
file without its manifest, or with a member that does not match it, is refused by `restore`.

With recipients (age or SSH public keys) the archive is encrypted to them with age (pyrage), the
operator keeping the private key off the server.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import tomllib
from pathlib import Path

import pyrage
from django.conf import settings
from django.db import connections
from django.utils import timezone

from eunomia.audit.models import AuditEvent

FORMAT = "eunomia-backup/1"
PREFIX = "eunomia-backup"
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
# How an age-encrypted file starts (https://age-encryption.org/v1).
AGE_HEADER = b"age-encryption.org/v1"
# Level 1: a SQLite database still shrinks to about a third, at several times level 6's speed.
COMPRESS_LEVEL = 1
CHUNK = 1024 * 1024
# The name of scheduled backups, in BACKUP_DIR: eunomia-20261207T013000Z.tar.gz(.age).
SCHEDULED_PREFIX = "eunomia-"


class BackupError(Exception):
    """A backup or restore that cannot go on, in words for the operator."""


def version():
    """This code's release, from pyproject.toml, and the commit when the code is a git checkout."""
    base = Path(settings.BASE_DIR)
    with (base / "pyproject.toml").open("rb") as file:
        release = tomllib.load(file)["project"]["version"]
    commit = ""
    if (base / ".git").exists() and shutil.which("git"):
        found = subprocess.run(["git", "-C", str(base), "rev-parse", "--short", "HEAD"], capture_output=True,
                               text=True)
        commit = found.stdout.strip() if found.returncode == 0 else ""
    return {"release": release, "commit": commit}


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while block := file.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def parse_recipients(text):
    """Public keys from `text`: age ("age1...") or SSH ("ssh-ed25519 ...", "ssh-rsa ..."), separated by commas
    or new lines, or the path of a file holding them one a line. Raises BackupError naming a key it cannot read."""
    text = (text or "").strip()
    if not text:
        return []
    if not text.startswith(("age1", "ssh-")) and Path(text).is_file():
        text = Path(text).read_text(encoding="utf-8")
    recipients = []
    for line in text.replace(",", "\n").splitlines():
        key = line.strip()
        if not key or key.startswith("#"):
            continue
        try:
            recipients.append(pyrage.ssh.Recipient.from_str(key) if key.startswith("ssh-")
                              else pyrage.x25519.Recipient.from_str(key))
        except pyrage.RecipientError:
            raise BackupError(f"{key[:40]!r} is not an age public key (age1...) or an SSH public key") from None
    return recipients


def stored_files():
    """Every stored file, as (name in the backup, path): the uploads under MEDIA_ROOT and the audit
    checkpoint file."""
    found = []
    uploads = Path(settings.MEDIA_ROOT)
    if uploads.is_dir():
        for path in sorted(uploads.rglob("*")):
            if path.is_file() and not path.is_symlink():
                found.append((f"uploads/{path.relative_to(uploads).as_posix()}", path))
    checkpoints = Path(settings.AUDIT_CHECKPOINT_FILE) if settings.AUDIT_CHECKPOINT_FILE else None
    if checkpoints is not None and checkpoints.is_file():
        found.append(("audit-checkpoints.jsonl", checkpoints))
    return found


def file_destination(name):
    """Where a stored file named `name` in a backup belongs on this installation."""
    if name == "audit-checkpoints.jsonl":
        if not settings.AUDIT_CHECKPOINT_FILE:
            raise BackupError("the backup holds audit checkpoints, but AUDIT_CHECKPOINT_FILE is not set here")
        return Path(settings.AUDIT_CHECKPOINT_FILE)
    if name.startswith("uploads/"):
        return Path(settings.MEDIA_ROOT) / name.removeprefix("uploads/")
    raise BackupError(f"the backup holds a file Eunomia does not know where to put: {name}")


def describe_state(cursor, tables, quote):
    """Row counts of `tables`, the applied migrations and the audit chain's head, read through `cursor`
    (inside the snapshot being backed up)."""
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    migrations = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    audit = {"events": 0, "last_id": None, "last_hash": None}
    table = AuditEvent._meta.db_table
    if table in tables:
        cursor.execute(f"SELECT id, hash FROM {quote(table)} ORDER BY id DESC LIMIT 1")
        head = cursor.fetchone()
        audit = {"events": counts[table], "last_id": head[0] if head else None, "last_hash": head[1] if head else None}
    return {"tables": counts, "migrations": migrations, "audit": audit}


def _sqlite_snapshot(connection, work):
    """Copy the database with SQLite's online backup API, in one step (a consistent moment even while
    others write), and describe the copy."""
    target = work / SQLITE_FILE
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        tables = {row[0] for row in cursor.fetchall()}
        state = describe_state(cursor, tables, lambda name: '"' + name.replace('"', '""') + '"')
        server = sqlite3.sqlite_version
    finally:
        copy.close()
    return target, {"vendor": "sqlite", "server_version": server, **state}


def postgres_command_env(settings_dict):
    """Arguments naming the database for pg_dump and pg_restore, and the environment with its password."""
    args = ["--dbname", settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def postgres_tool(name):
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} was not found: install the PostgreSQL client programs, of the server's major "
                          f"version or newer (README, Backups)")
    return found


def _postgres_snapshot(connection, work):
    """Export a snapshot from a repeatable-read transaction, describe the database inside it, and have
    pg_dump (custom format) dump that same snapshot."""
    target = work / POSTGRES_FILE
    pg_dump = postgres_tool("pg_dump")
    reader = connection.copy()
    try:
        reader.ensure_connection()
        reader.set_autocommit(False)
        with reader.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server = cursor.fetchone()
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            tables = {row[0] for row in cursor.fetchall()}
            state = describe_state(cursor, tables, reader.ops.quote_name)
            args, env = postgres_command_env(reader.settings_dict)
            dumped = subprocess.run([pg_dump, "--format=custom", f"--snapshot={snapshot}", "--file", str(target),
                                     *args], capture_output=True, text=True, env=env)
            if dumped.returncode != 0:
                raise BackupError(f"pg_dump failed: {dumped.stderr.strip() or dumped.returncode}")
        reader.rollback()
    finally:
        reader.close()
    return target, {"vendor": "postgresql", "server_version": server, **state}


def _copy_stored_files(work):
    """Copy every stored file into the work folder, hashing it as it is read. A file removed while the
    backup runs (an import's upload, deleted when its job ends) is left out: it was not there to keep."""
    copied = []
    for name, path in stored_files():
        target = work / "files" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        try:
            with open(path, "rb") as source, open(target, "wb") as out:
                while block := source.read(CHUNK):
                    digest.update(block)
                    out.write(block)
        except FileNotFoundError:
            target.unlink(missing_ok=True)
            continue
        copied.append({"name": name, "bytes": target.stat().st_size, "sha256": digest.hexdigest()})
    return copied


def _tar_info(name, size):
    info = tarfile.TarInfo(f"{PREFIX}/{name}")
    info.size = size
    info.mode = 0o600
    info.mtime = int(time.time())
    return info


def _write_archive(path, work, database_file, manifest):
    """The tar: the database, the stored files, then the manifest (a cut-short archive has none)."""
    with tarfile.open(path, "w:gz", compresslevel=COMPRESS_LEVEL) as archive:
        archive.add(database_file, arcname=f"{PREFIX}/{database_file.name}", recursive=False)
        for entry in manifest["files"]:
            archive.add(work / "files" / entry["name"], arcname=f"{PREFIX}/files/{entry['name']}", recursive=False)
        body = json.dumps(manifest, indent=1, sort_keys=True).encode()
        archive.addfile(_tar_info(MANIFEST, len(body)), io.BytesIO(body))


def _fsync(path):
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def take(dest, *, recipients=(), using="default"):
    """Write a backup of the installation to the file `dest` (which must not exist). Returns the manifest,
    with the archive's size added as `archive_bytes` (not in the stored manifest). Raises BackupError."""
    dest = Path(dest)
    if dest.exists():
        raise BackupError(f"{dest} already exists: a backup never overwrites another")
    if not dest.parent.is_dir():
        raise BackupError(f"the folder {dest.parent} does not exist")
    started = time.monotonic()
    connection = connections[using]
    partial = dest.with_name(dest.name + ".partial")
    try:
        with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".eunomia-backup-") as folder:
            work = Path(folder)
            taken_at = timezone.now()
            if connection.vendor == "sqlite":
                database_file, database = _sqlite_snapshot(connection, work)
            elif connection.vendor == "postgresql":
                database_file, database = _postgres_snapshot(connection, work)
            else:
                raise BackupError(f"Eunomia cannot back up a {connection.vendor} database")
            database.update(file=database_file.name, bytes=database_file.stat().st_size,
                            sha256=sha256_of(database_file))
            files = _copy_stored_files(work)
            manifest = {
                "format": FORMAT,
                "taken_at": taken_at.astimezone(datetime.UTC).isoformat(timespec="seconds"),
                "host": socket.gethostname(),
                "version": version(),
                "database": database,
                "files": files,
                "encrypted": bool(recipients),
                "seconds": round(time.monotonic() - started, 3),
            }
            if recipients:
                plain = work / "archive.tar.gz"
                _write_archive(plain, work, database_file, manifest)
                try:
                    pyrage.encrypt_file(str(plain), str(partial), list(recipients))
                except pyrage.EncryptError as problem:
                    raise BackupError(f"the backup could not be encrypted: {problem}") from None
            else:
                _write_archive(partial, work, database_file, manifest)
        _fsync(partial)
        os.replace(partial, dest)
        _fsync(dest.parent)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return {**manifest, "archive_bytes": dest.stat().st_size}


def scheduled_backup():
    """The nightly backup (run_schedule): a new file in BACKUP_DIR, encrypted to BACKUP_RECIPIENTS when set,
    then the oldest whole backups beyond BACKUP_KEEP and any `.partial` left by a backup that was cut short
    removed. Returns one line saying what was written."""
    folder = Path(settings.BACKUP_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    recipients = parse_recipients(settings.BACKUP_RECIPIENTS)
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    dest = folder / f"{SCHEDULED_PREFIX}{stamp}.tar.gz{'.age' if recipients else ''}"
    manifest = take(dest, recipients=recipients)
    for leftover in folder.glob(f"{SCHEDULED_PREFIX}*.partial"):
        leftover.unlink(missing_ok=True)
    whole = sorted(path for path in folder.glob(f"{SCHEDULED_PREFIX}*") if not path.name.endswith(".partial"))
    removed = whole[:-settings.BACKUP_KEEP] if settings.BACKUP_KEEP > 0 else []
    for old in removed:
        old.unlink(missing_ok=True)
    return (f"Backup {dest.name} written ({manifest['archive_bytes']:,} bytes, {manifest['seconds']:.1f} s)"
            + ("" if recipients else ", not encrypted") + (f"; {len(removed)} older removed" if removed else ""))
