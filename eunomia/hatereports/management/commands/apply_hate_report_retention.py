"""List, and with --erase depersonalise, the hate reports kept longer than the retention schedule
(eunomia/hatereports/retention.py): `python manage.py apply_hate_report_retention --partnership SLUG`."""

from django.utils import timezone

from eunomia.hatereports import retention
from eunomia.partners.retention_command import RetentionCommand


class Command(RetentionCommand):
    help = "List the hate reports due for erasure under the retention schedule; --erase erases them."
    retention = retention

    def describe(self, due, heading, *, erase):
        self.stdout.write(f"{heading}: {len(due.reports)} hate reports (kept "
                          f"{retention.CASEWORK_YEARS} years when turned into casework, {retention.CLOSED_YEARS} "
                          "when closed)")
        for report in due.reports[:50]:
            self.stdout.write(f"  {report.reference} ({report.get_status_display().lower()}, received "
                              f"{timezone.localdate(report.received_at):%Y-%m-%d})")
        if not erase and due.reports:
            self.stdout.write("Run again with --erase to erase them; when, how, motivation and status are kept.")
