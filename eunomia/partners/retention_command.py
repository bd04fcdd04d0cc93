"""What every app's retention command shares (casework, case reviews, hate reports): the partnership by
its slug, --erase, and --today to see what a given day would erase. A command names its app's
retention module and says what it found."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from eunomia.partners.models import Partnership


class RetentionCommand(BaseCommand):
    # The app's retention module: due(partnership, today=) and erase(partnership, today=).
    retention = None

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
        due = self.retention.erase(found, today=day) if erase else self.retention.due(found, today=day)
        # Each command's describe(due, heading, erase=) says what was found in its own records' words.
        self.describe(due, f"{'Erased' if erase else 'Due for erasure'} on {day:%-d %B %Y}", erase=erase)
