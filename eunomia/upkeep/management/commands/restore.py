"""`python manage.py restore SRC`: restore a backup into an empty database and file store, then check it
against its manifest (eunomia/upkeep/restore.py, ADR 74)."""

import os

from django.core.management.base import BaseCommand, CommandError

from eunomia.upkeep import restore
from eunomia.upkeep.backup import BackupError


class Command(BaseCommand):
    help = ("Restore a backup made by `backup` into this installation's (empty) database and file store, then "
            "check row counts, the audit chain and every file's hash against its manifest.")

    def add_arguments(self, parser):
        parser.add_argument("src", help="the backup file")
        parser.add_argument("--identity", default=None, metavar="FILE",
                            help="the private key (age identity or SSH key) file of an encrypted backup "
                                 "(default: the environment variable EUNOMIA_BACKUP_IDENTITY)")
        parser.add_argument("--replace", action="store_true",
                            help="restore even though the database or file store holds data: it is overwritten")

    def handle(self, *args, src, identity, replace, **options):
        try:
            identities = restore.parse_identities(identity or os.environ.get("EUNOMIA_BACKUP_IDENTITY", ""))
            done = restore.restore(src, identities=identities, replace=replace)
        except BackupError as problem:
            raise CommandError(f"Not restored: {problem}.") from None
        manifest = done.manifest
        audit = manifest["database"]["audit"]
        lines = [
            f"Restored {src} ({manifest['version']['release']}, taken {manifest['taken_at']}): {done.how}, "
            f"in {done.seconds:.1f} s.",
            f"  checked: {done.checked_tables} tables' row counts, the audit chain ({audit['events']:,} events, "
            f"ending at its head), {len(manifest['files'])} files' hashes: all as in the backup.",
        ]
        if done.not_carried:
            lines.append(f"  not carried (SQLite's own search index, which PostgreSQL does with its indexes): "
                         f"{', '.join(done.not_carried)}")
        lines.append("  Run `manage.py migrate` next if this code is newer than the backup.")
        self.stdout.write("\n".join(lines))
