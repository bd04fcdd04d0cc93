"""Backup, restore and the SQLite-to-PostgreSQL move (issue 18, ADR 74), on the demo and on the casework
benchmark's store (bench_casework.py: 100,000 cases, 1,000,000 reports, 300,000 people; the same database,
built by its code only when missing).

1. The demo: built in a fresh database (`migrate`, `load_demo`), then `manage.py backup` and `manage.py restore`
   into another fresh database, each run as an operator runs it (its own process; the time is the one the
   command reports, Django's start excluded): backup_demo_s, backup_demo_mb, restore_demo_s.
2. The store: `backup.take` (backup_store_s, backup_store_mb), beside the database's own tool on the same
   database in the same run (SQLite: its online backup API copying the file, nothing else; PostgreSQL:
   `pg_dump --format=custom` alone): backup_store_vs_reference. Then `restore.restore` into a fresh database
   (restore_store_s) beside the database's own (SQLite: copying the file; PostgreSQL: `pg_restore` alone of
   the same dump): restore_store_vs_reference.
3. The move (the PostgreSQL run): the SQLite run's backup of the store (kept in benchmarks/out/backup/) restored
   into a fresh PostgreSQL database: move_store_sqlite_to_postgres_s, and the ratio to restoring the
   PostgreSQL backup of the same store (move_vs_postgres_restore). Its rows are the SQLite store's, checked.

Where it stands (December 2026, 2 cores, machine otherwise quiet). The demo: backup 0.2 s (SQLite, 3.3 MB) and
1.0 s (PostgreSQL, 2.5 MB), restore 0.7 s and 3.6 s. The store: on SQLite a 1,473 MB database (7.8 million rows
with its search index) backs up in 21 s to 326 MB (5.4 times the backup API alone: the rest is compressing
and hashing) and restores in 29 s (the file is unpacked, hashed, copied in and every table counted; a file
copy from the page cache takes under a second); on PostgreSQL 13 s to 57 MB (1.2 times pg_dump alone) and
62 s (1.05 times pg_restore alone, which spends it building indexes). The move of the SQLite store into
PostgreSQL: 260 s, 4.2 times the PostgreSQL restore: about 40 s migrating the empty database, the rest
reading 3.8 million rows through Django's converters and writing them with COPY in one transaction.
"""

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_casework import _ensure_postgres_database, build_store, point_to_database, store_is_complete
from common import database_arg

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out" / "backup"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
SQLITE_STORE_BACKUP = OUT / "store-sqlite.tar.gz"


def line(name, value, unit):
    print(f"BENCH {name} {value:.3f} {unit}", flush=True)


def say(text):
    print(f"# {text}", file=sys.stderr, flush=True)


def fresh_postgres(name):
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{POSTGRES_SERVER}/{name}"


def manage(url, *args, env=None):
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "DATABASE_URL": url, **(env or {})})
    if done.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed: {done.stderr[-2000:]}")
    return done.stdout


def seconds_said(output):
    return float(re.search(r"in ([0-9.]+) s\.", output).group(1))


def demo(database, suffix, folder):
    say("the demo: building it")
    if database == "sqlite":
        source, target = f"sqlite:///{folder / 'demo.sqlite3'}", f"sqlite:///{folder / 'demo-restored.sqlite3'}"
    else:
        source, target = fresh_postgres("eunomia_bench_backup_demo"), fresh_postgres("eunomia_bench_backup_demo2")
    files = {"EUNOMIA_MEDIA_ROOT": str(folder / "demo-media"), "EUNOMIA_AUDIT_CHECKPOINT_FILE": ""}
    manage(source, "migrate", "--no-input", "-v0", env=files)
    manage(source, "load_demo", env=files)
    archive = folder / "demo.tar.gz"
    said = manage(source, "backup", str(archive), env=files)
    line(f"backup_demo_s{suffix}", seconds_said(said), "s")
    line(f"backup_demo_mb{suffix}", archive.stat().st_size / 1e6, "MB")
    restored_files = {"EUNOMIA_MEDIA_ROOT": str(folder / "demo-media-2"), "EUNOMIA_AUDIT_CHECKPOINT_FILE": ""}
    said = manage(target, "restore", str(archive), env=restored_files)
    line(f"restore_demo_s{suffix}", seconds_said(said), "s")


def main(database):
    suffix = "" if database == "sqlite" else f"_{database}"
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="eunomia-bench-backup-", dir=OUT))
    try:
        demo(database, suffix, folder)
        store(database, suffix, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def store(database, suffix, folder):
    os.environ["DATABASE_URL"] = point_to_database(database)
    os.environ["EUNOMIA_MEDIA_ROOT"] = str(folder / "store-media")
    os.environ["EUNOMIA_AUDIT_CHECKPOINT_FILE"] = ""
    if database == "postgres":
        _ensure_postgres_database()
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eunomia.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from eunomia.upkeep import backup, restore

    call_command("migrate", verbosity=0)
    if not store_is_complete():
        say(f"building the casework store ({database}): minutes")
        build_store()
        call_command("rebuild_search_index", verbosity=0)
    archive = folder / "store.tar.gz"
    say("backing up the store")
    began = time.perf_counter()
    manifest = backup.take(archive)
    took = time.perf_counter() - began
    line(f"backup_store_s{suffix}", took, "s")
    line(f"backup_store_mb{suffix}", archive.stat().st_size / 1e6, "MB")
    database_mb = manifest["database"]["bytes"] / 1e6
    say(f"  {sum(manifest['database']['tables'].values()):,} rows, database {database_mb:.0f} MB")
    reference = reference_backup(connection, folder)
    line(f"backup_store_vs_reference{suffix}", took / reference, "ratio")

    say("restoring the store into an empty database")
    if database == "sqlite":
        settings_dict = {**connection.settings_dict, "NAME": str(folder / "restored.sqlite3")}
    else:
        url = fresh_postgres("eunomia_bench_backup_restore")
        settings_dict = {**connection.settings_dict, "NAME": url.rsplit("/", 1)[1]}
    target = restore.open_connection("bench_restore_target", settings_dict)
    os.environ["EUNOMIA_MEDIA_ROOT"] = str(folder / "restored-media")
    from django.conf import settings

    settings.MEDIA_ROOT = folder / "restored-media"
    began = time.perf_counter()
    restore.restore(archive, using=target.alias)
    took = time.perf_counter() - began
    line(f"restore_store_s{suffix}", took, "s")
    restore.close_connection(target.alias)
    reference = reference_restore(connection, folder)
    line(f"restore_store_vs_reference{suffix}", took / reference, "ratio")

    if database == "sqlite":
        shutil.copyfile(archive, SQLITE_STORE_BACKUP)
        return
    if not SQLITE_STORE_BACKUP.exists():
        say("no SQLite backup of the store from a SQLite run: the move is not measured (run the SQLite run first)")
        return
    say("moving the SQLite store into an empty PostgreSQL database")
    url = fresh_postgres("eunomia_bench_backup_move")
    target = restore.open_connection("bench_move_target", {**connection.settings_dict, "NAME": url.rsplit("/", 1)[1]})
    settings.MEDIA_ROOT = folder / "moved-media"
    began = time.perf_counter()
    moved = restore.restore(SQLITE_STORE_BACKUP, using=target.alias)
    move = time.perf_counter() - began
    line("move_store_sqlite_to_postgres_s", move, "s")
    line("move_vs_postgres_restore", move / took, "ratio")
    say(f"  {moved.checked_tables} tables checked; {sum(moved.manifest['database']['tables'].values()):,} rows")
    restore.close_connection(target.alias)


def reference_backup(connection, folder):
    """The database's own tool alone, on the same database: the floor a backup cannot go under."""
    from eunomia.upkeep import backup

    began = time.perf_counter()
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(folder / "reference.sqlite3")
        connection.ensure_connection()
        connection.connection.backup(copy)
        copy.close()
    else:
        args, env = backup.postgres_command_env(connection.settings_dict)
        subprocess.run([backup.postgres_tool("pg_dump"), "--format=custom", "--file", str(folder / "reference.dump"),
                        *args], check=True, env=env)
    return time.perf_counter() - began


def reference_restore(connection, folder):
    from eunomia.upkeep import backup

    began = time.perf_counter()
    if connection.vendor == "sqlite":
        shutil.copyfile(folder / "reference.sqlite3", folder / "reference-restored.sqlite3")
    else:
        url = fresh_postgres("eunomia_bench_backup_reference")
        args, env = backup.postgres_command_env({**connection.settings_dict, "NAME": url.rsplit("/", 1)[1]})
        subprocess.run([backup.postgres_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction",
                        *args, str(folder / "reference.dump")], check=True, env=env)
    return time.perf_counter() - began


if __name__ == "__main__":
    main(database_arg())
