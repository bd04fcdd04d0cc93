import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from eunomia.demo import area


def _date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--today {text!r} is not a date in the form YYYY-MM-DD") from None


class Command(BaseCommand):
    help = ("Write the demo district Harrowdale's source files (GeoJSON boundaries, a population CSV and "
            "police.uk street-level CSVs, all invented, in the real formats) to OUTDIR, to try the importers "
            "or benchmark them. The same --today gives the same files.")

    def add_arguments(self, parser):
        parser.add_argument("outdir", metavar="OUTDIR", help="Folder to write to (created if need be)")
        parser.add_argument("--today", metavar="YYYY-MM-DD",
                            help="Write the 36 full months before this date (default: today)")

    def handle(self, *args, outdir, today=None, **options):
        today = _date(today) if today else timezone.localdate()
        try:
            files = area.write_demo_files(outdir, today=today)
        except OSError as error:
            raise CommandError(f"Cannot write to {outdir}: {error.strerror or error}") from None
        self.stdout.write(f"Wrote Harrowdale's files to {files.directory}:")
        for path in files.boundaries:
            self.stdout.write(f"  {path}")
        self.stdout.write(f"  {files.population}")
        self.stdout.write(
            f"  {files.police}: {len(files.months)} months of police.uk files, {files.months[0]:%B %Y} to "
            f"{files.months[-1]:%B %Y}, {sum(files.rows.values()):,} rows; {files.missing_month:%B %Y} left out "
            "on purpose")
        self.stdout.write("\nImport them with:\n"
                          f"  python manage.py import_boundaries {' '.join(str(p) for p in files.boundaries)}\n"
                          f"  python manage.py import_population {files.population}\n"
                          f"  python manage.py import_police_data {files.police}")
