"""List, and with --erase depersonalise, the casework records kept longer than the retention
schedule (eunomia/casework/retention.py): `python manage.py apply_retention --partnership SLUG`."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from eunomia.casework import retention
from eunomia.partners.models import Partnership


class Command(BaseCommand):
    help = "List the casework records due for erasure under the retention schedule; --erase erases them."

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
        self.stdout.write(f"{verb} on {day:%-d %B %Y} (kept {retention.YEARS} years): {len(due.cases)} cases, "
                          f"{len(due.reports)} reports, {len(due.people)} people")
        for report in due.reports[:50]:
            self.stdout.write(f"  report {report.reference} ({timezone.localdate(report.occurred_at):%Y-%m-%d})")
        if not erase and (due.cases or due.reports or due.people):
            self.stdout.write("Run again with --erase to erase them; month, category and area are kept for statistics.")
