"""`python manage.py backup DEST`: a consistent backup of the whole installation, taken while it is in use
(eunomia/upkeep/backup.py, ADR 74)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from eunomia.upkeep import backup


class Command(BaseCommand):
    help = ("Back up the database and every stored file into one file, with a manifest of row counts, the audit "
            "chain's head and every file's hash; optionally encrypted to public keys.")

    def add_arguments(self, parser):
        parser.add_argument("dest", help="the file to write (it must not exist), e.g. /srv/backups/eunomia.tar.gz")
        parser.add_argument("--encrypt-to", dest="recipients", default=None, metavar="KEYS",
                            help="age (age1...) or SSH public keys to encrypt to, separated by commas, or a file of "
                                 "them (default: the setting BACKUP_RECIPIENTS)")
        parser.add_argument("--no-encryption", action="store_true",
                            help="write the backup unencrypted even when BACKUP_RECIPIENTS is set")

    def handle(self, *args, dest, recipients, no_encryption, **options):
        started = time.monotonic()
        try:
            keys = [] if no_encryption else backup.parse_recipients(
                settings.BACKUP_RECIPIENTS if recipients is None else recipients)
            manifest = backup.take(dest, recipients=keys)
        except backup.BackupError as problem:
            raise CommandError(f"No backup was written: {problem}.") from None
        database = manifest["database"]
        self.stdout.write(
            f"Backup written to {dest}: {manifest['archive_bytes']:,} bytes"
            f"{', encrypted to ' + str(len(keys)) + ' key' + ('s' if len(keys) != 1 else '') if keys else ''}, "
            f"in {time.monotonic() - started:.1f} s.\n"
            f"  {database['vendor']} database: {len(database['tables'])} tables, "
            f"{sum(database['tables'].values()):,} rows, {database['bytes']:,} bytes\n"
            f"  audit chain: {database['audit']['events']:,} events, head {database['audit']['last_hash'] or '-'}\n"
            f"  stored files: {len(manifest['files'])}, {sum(f['bytes'] for f in manifest['files']):,} bytes")
