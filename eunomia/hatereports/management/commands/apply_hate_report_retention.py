"""List, and with --erase depersonalise, the hate reports kept longer than the retention schedule
(eunomia/hatereports/retention.py): `python manage.py apply_hate_report_retention --partnership SLUG`."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from eunomia.hatereports import retention
from eunomia.partners.models import Partnership


class Command(BaseCommand):
    help = "List the hate reports due for erasure under the retention schedule; --erase erases them."

    def add_arguments(self, parser):
        parser.add_argument("--partnership", required=True, metavar="SLUG")
        parser.add_argument("--erase", action="store_true", help="Erase what is due (otherwise only list it)")
        parser.add_argument("--today", help="Take this date (YYYY-MM-DD) as today")

    def handle(self, *args, partnership, erase, today, **options):
        found = Partnership.objects.filter(slug=partnership).first()
        if found is None:
            raise CommandError(f"No partnership has the slug {partnership!r}")
        try:
            day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"Write --today as YYYY-MM-DD, not {today!r}") from None
        due = retention.erase(found, today=day) if erase else retention.due(found, today=day)
        verb = "Erased" if erase else "Due for erasure"
        self.stdout.write(f"{verb} on {day:%-d %B %Y}: {len(due.reports)} hate reports (kept "
                          f"{retention.CASEWORK_YEARS} years when turned into casework, {retention.CLOSED_YEARS} "
                          "when closed)")
        for report in due.reports[:50]:
            self.stdout.write(f"  {report.reference} ({report.get_status_display().lower()}, received "
                              f"{timezone.localdate(report.received_at):%Y-%m-%d})")
        if not erase and due.reports:
            self.stdout.write("Run again with --erase to erase them; when, how, motivation and status are kept.")
