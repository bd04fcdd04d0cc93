"""Count again, from the reports, what casework keeps derived for the briefing (how many reports of
each day name each person as victim or complainant): after records were written in bulk rather than
through the actions, such as the benchmark's store. Idempotent: it replaces what was there.
`python manage.py recompute_casework_flags [--partnership SLUG]` (every partnership without it)."""

from django.core.management.base import BaseCommand, CommandError

from eunomia.casework import derived
from eunomia.partners.models import Partnership


class Command(BaseCommand):
    help = "Count again the victim reports per person and day that the CSU briefing reads."

    def add_arguments(self, parser):
        parser.add_argument("--partnership", metavar="SLUG", help="Only this partnership")

    def handle(self, *args, partnership=None, **options):
        partnerships = Partnership.objects.order_by("slug")
        if partnership:
            partnerships = partnerships.filter(slug=partnership)
            if not partnerships.exists():
                raise CommandError(f"No partnership has the slug {partnership!r}")
        for found in partnerships:
            rows = derived.rebuild(found)
            self.stdout.write(f"{found.slug}: {rows} people and days counted")
