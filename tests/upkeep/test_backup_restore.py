"""`backup` and `restore` (ADR 74), on the database the pass runs on: a backup taken while the installation is
busy restores with its counts, audit chain and files equal to its manifest; an interrupted or damaged backup is
never taken for a whole one; a target that holds data is refused and left as it was; encryption round-trips."""

import datetime
import io
import os
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pyrage
import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connections

from eunomia.audit import actions as audit_actions
from eunomia.audit import checkpoints
from eunomia.partners.models import Partnership
from eunomia.upkeep import backup, restore
from eunomia.upkeep.backup import BackupError
from tests.upkeep.scratch import Scratch

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scratch(tmp_path):
    made = []

    def make():
        made.append(Scratch(tmp_path))
        return made[-1]

    yield make
    for database in made:
        database.drop()


@pytest.fixture
def file_store(settings, tmp_path):
    """This installation's stored files: an upload waiting for its job and the audit checkpoint file."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "var" / "audit-checkpoints.jsonl")
    upload = settings.MEDIA_ROOT / "imports" / "a1b2" / "2025-03-kent-street.csv"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"Crime ID,Month\nab12,2025-03\n")
    return upload


def move_file_store(settings, tmp_path, name):
    """Point the file store somewhere new and empty, as on the machine a backup is restored onto."""
    settings.MEDIA_ROOT = tmp_path / name / "media"
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / name / "audit-checkpoints.jsonl")


def rows(connection, table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        return cursor.fetchone()[0]


def test_a_backup_restores_into_an_empty_database_with_its_rows_audit_chain_and_files(
        partnership, manager, file_store, settings, tmp_path, scratch):
    audit_actions.record(by=manager, action="test.something_done", obj=partnership)
    checkpoints.append_to(settings.AUDIT_CHECKPOINT_FILE, checkpoints.take())
    audit_actions.record(by=manager, action="test.after_the_checkpoint", obj=partnership)
    dest = tmp_path / "eunomia.tar.gz"

    manifest = backup.take(dest)

    assert dest.is_file() and not dest.with_name(dest.name + ".partial").exists()
    database = manifest["database"]
    assert database["vendor"] == connections["default"].vendor
    assert database["tables"]["partners_partnership"] == 1
    assert database["audit"]["events"] == rows(connections["default"], "audit_auditevent") >= 3
    assert {entry["name"] for entry in manifest["files"]} == {"uploads/imports/a1b2/2025-03-kent-street.csv",
                                                              "audit-checkpoints.jsonl"}
    assert manifest["database"]["migrations"]["upkeep"]

    target = scratch()
    move_file_store(settings, tmp_path, "restored")
    done = restore.restore(dest, using=target.alias)

    assert rows(target.connection, "partners_partnership") == 1
    assert rows(target.connection, "audit_auditevent") == database["audit"]["events"]
    assert (Path(settings.MEDIA_ROOT) / "imports" / "a1b2" / "2025-03-kent-street.csv").read_bytes() \
        == file_store.read_bytes()
    assert done.checked_tables == len(database["tables"])
    # The check is real: a restored table that differs from the manifest is named.
    with target.connection.cursor() as cursor:
        cursor.execute("DELETE FROM auth_permission WHERE id = (SELECT MIN(id) FROM auth_permission)")
    (Path(settings.MEDIA_ROOT) / "imports" / "a1b2" / "2025-03-kent-street.csv").write_bytes(b"changed")
    problems = restore.check(manifest, target.connection)
    permissions = database["tables"]["auth_permission"]
    assert f"table auth_permission holds {permissions - 1:,} rows; the backup held {permissions:,}" in problems
    assert any(p.endswith("2025-03-kent-street.csv does not match its hash in the backup") for p in problems)


def test_a_backup_taken_while_an_import_and_page_requests_run_restores_whole(tmp_path, settings, scratch):
    """The installation is another process, importing police.uk months (each its own transaction) and serving
    pages; the backup is one moment of it: whole months only, and everything in it restores and checks."""
    source = scratch()
    source.clone_schema_of_test_database()
    rows_a_month = 3000
    busy = subprocess.Popen([sys.executable, str(ROOT / "tests" / "upkeep" / "busy.py"), str(tmp_path), "40",
                             str(rows_a_month)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "DATABASE_URL": source.url, "EUNOMIA_MEDIA_ROOT": str(tmp_path / "m"),
                                 "EUNOMIA_AUDIT_CHECKPOINT_FILE": ""})
    try:
        assert busy.stdout.readline().strip() == "ready", busy.stderr.read()
        first = busy.stdout.readline()
        assert first.startswith("month"), first + busy.stderr.read()  # a month in before the backup starts
        settings.MEDIA_ROOT = tmp_path / "m"
        manifest = backup.take(tmp_path / "busy.tar.gz", using=source.alias)
        assert busy.poll() is None, "the busy installation had finished before the backup was taken"
    finally:
        (tmp_path / "stop").touch()
        out, err = busy.communicate(timeout=120)
    assert busy.returncode == 0, err
    imported = int(out.strip().splitlines()[-1].split()[1])
    in_backup = manifest["database"]["tables"]["crime_crimerecord"]
    assert in_backup % rows_a_month == 0 and 0 < in_backup // rows_a_month <= imported

    target = scratch()
    move_file_store(settings, tmp_path, "restored")
    restore.restore(tmp_path / "busy.tar.gz", using=target.alias)
    assert rows(target.connection, "crime_crimerecord") == in_backup
    assert rows(target.connection, "audit_auditevent") == manifest["database"]["audit"]["events"]


def test_a_backup_killed_part_way_leaves_nothing_that_looks_whole(tmp_path, settings, scratch):
    source = scratch()
    source.clone_schema_of_test_database()
    media = tmp_path / "media"
    (media / "imports" / "big").mkdir(parents=True)
    # Incompressible, so the backup spends seconds writing its archive.
    (media / "imports" / "big" / "national.csv").write_bytes(os.urandom(96 * 1024 * 1024))
    dest = tmp_path / "killed.tar.gz"
    partial = dest.with_name(dest.name + ".partial")
    taking = subprocess.Popen([sys.executable, "manage.py", "backup", str(dest)], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE,
                              env={**os.environ, "DATABASE_URL": source.url, "EUNOMIA_MEDIA_ROOT": str(media),
                                   "EUNOMIA_AUDIT_CHECKPOINT_FILE": ""})
    deadline = time.monotonic() + 60
    while not partial.exists() and taking.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(taking.pid, signal.SIGKILL)
    taking.wait()
    assert partial.exists(), "the backup finished before it could be killed"
    assert not dest.exists()

    target = scratch()
    move_file_store(settings, tmp_path, "restored")
    with pytest.raises(BackupError, match="is not a whole backup"):
        restore.restore(partial, using=target.alias)
    assert not (target.connection.introspection.table_names())


def test_a_cut_short_or_altered_backup_is_refused_naming_what_is_wrong(partnership, file_store, settings, tmp_path,
                                                                        scratch):
    whole = tmp_path / "whole.tar.gz"
    backup.take(whole)
    data = whole.read_bytes()
    target = scratch()
    move_file_store(settings, tmp_path, "restored")
    for cut in (len(data) // 2, len(data) - 40):
        short = tmp_path / f"short-{cut}.tar.gz"
        short.write_bytes(data[:cut])
        with pytest.raises(BackupError, match="is not a whole backup"):
            restore.restore(short, using=target.alias)
    # A member changed after the backup was written (here, the upload rewritten in a copy of the archive).
    altered = tmp_path / "altered.tar.gz"
    with tarfile.open(whole, "r:gz") as original, tarfile.open(altered, "w:gz") as copy:
        for member in original:
            body = original.extractfile(member).read()
            if member.name.endswith("kent-street.csv"):
                body = body.replace(b"ab12", b"zz99")
            copy.addfile(member, io.BytesIO(body))
    with pytest.raises(BackupError, match=r"files/uploads/imports/a1b2/2025-03-kent-street.csv does not match its "
                                          r"hash in the manifest"):
        restore.restore(altered, using=target.alias)
    assert not target.connection.introspection.table_names()
    assert not Path(settings.MEDIA_ROOT).exists()


def test_a_target_that_holds_data_is_refused_and_left_as_it_was(partnership, file_store, settings, tmp_path,
                                                                 scratch):
    dest = tmp_path / "eunomia.tar.gz"
    backup.take(dest)
    target = scratch()
    target.clone_schema_of_test_database()  # the same partnership's rows: not empty
    with pytest.raises(BackupError, match=r"the target is not empty: .*table partners_partnership holds 1 row.*"
                                          r"file .*2025-03-kent-street.csv exists.*give --replace"):
        restore.restore(dest, using=target.alias)
    assert rows(target.connection, "partners_partnership") == 1

    # Told to, it overwrites them.
    Partnership.objects.update(name="Renamed after the backup")
    restore.restore(dest, using="default", replace=True)
    assert Partnership.objects.get().name == "Testvale Community Safety Partnership"


def test_the_commands_say_what_they_did_and_refuse_plainly(partnership, file_store, tmp_path, capsys):
    dest = tmp_path / "by-command.tar.gz"
    call_command("backup", str(dest))
    said = capsys.readouterr().out
    assert f"Backup written to {dest}" in said and "stored files: 1" in said
    with pytest.raises(CommandError, match="No backup was written: .* already exists: a backup never overwrites"):
        call_command("backup", str(dest))
    with pytest.raises(CommandError, match="Not restored: the target is not empty"):
        call_command("restore", str(dest))
    with pytest.raises(CommandError, match="not an age public key"):
        call_command("backup", str(tmp_path / "other.tar.gz"), "--encrypt-to", "age1nonsense")


def test_an_encrypted_backup_restores_only_with_its_private_key(partnership, file_store, settings, tmp_path,
                                                                 scratch):
    identity = pyrage.x25519.Identity.generate()
    dest = tmp_path / "eunomia.tar.gz.age"
    backup.take(dest, recipients=backup.parse_recipients(str(identity.to_public())))
    encrypted = dest.read_bytes()
    assert encrypted.startswith(backup.AGE_HEADER)
    assert b"Testvale" not in encrypted and b"manifest.json" not in encrypted

    target = scratch()
    move_file_store(settings, tmp_path, "restored")
    with pytest.raises(BackupError, match="is encrypted: give the private key"):
        restore.restore(dest, using=target.alias)
    stranger = pyrage.x25519.Identity.generate()
    with pytest.raises(BackupError, match="could not be decrypted"):
        restore.restore(dest, using=target.alias, identities=[stranger])
    key_file = tmp_path / "operator.key"
    key_file.write_text(f"# the operator's key, kept off the server\n{identity}\n")
    restore.restore(dest, using=target.alias, identities=restore.parse_identities(str(key_file)))
    assert rows(target.connection, "partners_partnership") == 1


def test_the_nightly_backup_keeps_the_newest_and_clears_what_a_killed_one_left(partnership, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.BACKUP_KEEP = 2
    identity = pyrage.x25519.Identity.generate()
    settings.BACKUP_RECIPIENTS = str(identity.to_public())
    settings.BACKUP_DIR.mkdir()
    killed = settings.BACKUP_DIR / "eunomia-20270101T013000Z.tar.gz.age.partial"
    killed.write_bytes(b"age-encryption.org/v1 cut short")
    said = []
    for night in (2, 3, 4):
        with time_machine.travel(datetime.datetime(2027, 1, night, 1, 30, tzinfo=datetime.UTC)):
            said.append(backup.scheduled_backup())
    assert sorted(path.name for path in settings.BACKUP_DIR.iterdir()) == [
        "eunomia-20270103T013000Z.tar.gz.age", "eunomia-20270104T013000Z.tar.gz.age"]
    assert said[0].startswith("Backup eunomia-20270102T013000Z.tar.gz.age written (")
    assert said[2].endswith("; 1 older removed")
    newest = settings.BACKUP_DIR / "eunomia-20270104T013000Z.tar.gz.age"
    opened = restore.open_backup(newest, tmp_path, identities=[identity])
    assert opened.manifest["database"]["tables"]["partners_partnership"] == 1
