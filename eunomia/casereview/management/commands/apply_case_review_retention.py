"""List, and with --erase depersonalise, the case review applications kept longer than the retention
schedule (eunomia/casereview/retention.py): `python manage.py apply_case_review_retention --partnership SLUG`."""

from eunomia.casereview import retention
from eunomia.partners.retention_command import RetentionCommand


class Command(RetentionCommand):
    help = "List the case review applications due for erasure under the retention schedule; --erase erases them."
    retention = retention

    def describe(self, due, heading, *, erase):
        self.stdout.write(f"{heading}: {len(due.applications)} case review applications (kept "
                          f"{retention.YEARS} years after the last thing done on them)")
        for application in due.applications[:50]:
            self.stdout.write(f"  application {application.pk} (received {application.received_on:%Y-%m-%d})")
        if not erase and due.applications:
            self.stdout.write("Run again with --erase to erase them; dates and decisions are kept for the figures.")
