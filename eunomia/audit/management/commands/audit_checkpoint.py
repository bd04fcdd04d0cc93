from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from eunomia.audit import checkpoints


class Command(BaseCommand):
    help = ("Record the audit chain's head (last event's id and hash) and length outside the database: a line "
            "appended to a file, and an email when an address is set. Run it on a schedule (ADR 42).")

    def add_arguments(self, parser):
        parser.add_argument("--file", default=None,
                            help="the file to append to (default: the setting AUDIT_CHECKPOINT_FILE)")
        parser.add_argument("--email", default=None,
                            help="also email the checkpoint here (default: the setting AUDIT_CHECKPOINT_EMAIL)")

    def handle(self, *args, file=None, email=None, **options):
        path = file if file is not None else settings.AUDIT_CHECKPOINT_FILE
        address = email if email is not None else settings.AUDIT_CHECKPOINT_EMAIL
        if not path and not address:
            raise CommandError("Nowhere to keep the checkpoint: give --file or --email, or set "
                               "EUNOMIA_AUDIT_CHECKPOINT_FILE or EUNOMIA_AUDIT_CHECKPOINT_EMAIL.")
        self.stdout.write(checkpoints.keep(path=path, address=address))
