"""List, and with --erase depersonalise, the casework records kept longer than the retention
schedule (eunomia/casework/retention.py): `python manage.py apply_retention --partnership SLUG`."""

from django.utils import timezone

from eunomia.casework import retention
from eunomia.partners.retention_command import RetentionCommand


class Command(RetentionCommand):
    help = "List the casework records due for erasure under the retention schedule; --erase erases them."
    retention = retention

    def describe(self, due, heading, *, erase):
        self.stdout.write(f"{heading} (kept {retention.YEARS} years): {len(due.cases)} cases, "
                          f"{len(due.reports)} reports, {len(due.people)} people")
        for report in due.reports[:50]:
            self.stdout.write(f"  report {report.reference} ({timezone.localdate(report.occurred_at):%Y-%m-%d})")
        if not erase and (due.cases or due.reports or due.people):
            self.stdout.write("Run again with --erase to erase them; month, category and area are kept for statistics.")
