import sys
import time

from django.core.management.base import BaseCommand, CommandError

from eunomia.crime.importer import import_police_files


class ProgressBar:
    """One line on the terminal, redrawn in place: how far through the files, and the current one."""

    def __init__(self, stream, width=30):
        self.stream, self.width, self.last = stream, width, 0.0

    def __call__(self, done, total, message):
        now = time.monotonic()
        if now - self.last < 0.2 and done < total:
            return
        self.last = now
        filled = int(self.width * done / max(total, 1))
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done:.1f}/{total} files  {message[-60:]:<60}")
        self.stream.flush()

    def finish(self):
        self.stream.write("\n")


class Command(BaseCommand):
    help = ("Import police.uk street-level crime files: CSV files, folders of them, or the zips police.uk serves. "
            "Re-importing a force's month replaces it.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--quiet", action="store_true", help="No progress bar")

    def handle(self, *args, paths, quiet=False, **options):
        bar = None if quiet or not sys.stderr.isatty() else ProgressBar(sys.stderr)
        started = time.monotonic()
        report = import_police_files(by=None, paths=paths, progress=bar)
        if bar:
            bar.finish()
        seconds = time.monotonic() - started
        for result in report.imported:
            replaced = " (replaced the earlier import)" if result.replaced else ""
            self.stdout.write(f"{result.source}: {result.force} {result.month}, {result.rows:,} rows{replaced}")
        for note in report.skipped:
            self.stdout.write(f"Skipped {note}")
        if report.unplaced_lsoas:
            self.stdout.write(f"{len(report.unplaced_lsoas)} LSOAs could not be placed in a known local authority: "
                              f"{', '.join(report.unplaced_lsoas[:10])}{' ...' if len(report.unplaced_lsoas) > 10 else ''}")
        rate = report.rows / seconds if seconds else 0
        self.stdout.write(f"Imported {report.rows:,} rows from {len(report.imported)} files in {seconds:.1f} s "
                          f"({rate:,.0f} rows a second).")
        if report.refused:
            for problem in report.refused:
                self.stderr.write(problem)
            raise CommandError(f"{len(report.refused)} file(s) or path(s) could not be imported; nothing of them was kept.")
