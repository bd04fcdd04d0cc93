import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from eunomia.geography import actions


class Command(BaseCommand):
    help = ("Import LSOA population estimates from a CSV in the layout of the English Indices of "
            "Deprivation's population denominators (File 6). Running it again gives the same result.")

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH")

    def handle(self, *args, path, **options):
        started = time.monotonic()
        try:
            result = actions.import_population(by=None, path=path)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from None
        self.stdout.write(
            f"{result.file}: mid-{result.year} populations for {result.rows:,} LSOAs "
            f"({result.lsoas_created:,} created, {result.lsoas_updated:,} updated) in {len(result.lad_totals)} "
            f"districts ({result.lads_created} created, {result.lads_named} renamed), "
            f"{sum(result.lad_totals.values()):,} people, in {time.monotonic() - started:.1f} seconds"
        )
