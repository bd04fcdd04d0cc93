from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from eunomia.audit import checkpoints as audit_checkpoints
from eunomia.audit.models import AuditEvent
from eunomia.audit.queries import first_broken_link


class Command(BaseCommand):
    help = ("Check that the audit log's hash chain is whole and, against the latest checkpoint "
            "(audit_checkpoint), that no event was removed from its end; name what is wrong.")

    def add_arguments(self, parser):
        parser.add_argument("--checkpoints", default=None,
                            help="the checkpoint file to compare with (default: the setting AUDIT_CHECKPOINT_FILE)")

    def handle(self, *args, checkpoints=None, **options):
        broken = first_broken_link()
        if broken is not None:
            event, why = broken
            raise CommandError(f"Audit chain broken at event {event.pk} ({event}): {why}.")
        path = checkpoints if checkpoints is not None else settings.AUDIT_CHECKPOINT_FILE
        try:
            latest = audit_checkpoints.latest_in(path) if path else None
        except ValueError as error:
            raise CommandError(f"Cannot read the checkpoints: {error}.") from None
        if latest is not None:
            missing = audit_checkpoints.compare(latest)
            if missing:
                raise CommandError(f"Audit log cut short: {missing}.")
        self.stdout.write(f"Audit chain whole: {AuditEvent.objects.count()} events verified.")
        if latest is not None:
            self.stdout.write(f"It holds every event of the latest checkpoint ({latest.at}, {latest.count} events).")

