"""List, and with --erase depersonalise, the case review applications kept longer than the retention
schedule (eunomia/casereview/retention.py): `python manage.py apply_case_review_retention --partnership SLUG`."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from eunomia.casereview import retention
from eunomia.partners.models import Partnership


class Command(BaseCommand):
    help = "List the case review applications due for erasure under the retention schedule; --erase erases them."

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
        self.stdout.write(f"{verb} on {day:%-d %B %Y}: {len(due.applications)} case review applications (kept "
                          f"{retention.YEARS} years after the last thing done on them)")
        for application in due.applications[:50]:
            self.stdout.write(f"  application {application.pk} (received {application.received_on:%Y-%m-%d})")
        if not erase and due.applications:
            self.stdout.write("Run again with --erase to erase them; dates and decisions are kept for the figures.")
