from django.core.management.base import BaseCommand, CommandError

from eunomia.audit.models import AuditEvent
from eunomia.audit.queries import first_broken_link


class Command(BaseCommand):
    help = "Check that the audit log's hash chain is whole; name the first broken link."

    def handle(self, *args, **options):
        broken = first_broken_link()
        if broken is not None:
            event, why = broken
            raise CommandError(f"Audit chain broken at event {event.pk} ({event}): {why}.")
        self.stdout.write(f"Audit chain whole: {AuditEvent.objects.count()} events verified.")
