import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from eunomia.crime.fetch import fetch_and_import, polygons_of_lad, read_area_file
from eunomia.crime.policeuk_api import PoliceAPIError, PoliceUKClient


class Command(BaseCommand):
    help = ("Fetch street-level crime for an area from the data.police.uk API and import it: "
            "fetch_police_data --force kent --month 2025-01 [--month ...] (--area-file area.geojson | --lad CODE)")
    # Tests hand in a transport serving recorded responses (call_command(..., transport=...)).
    stealth_options = ("transport",)

    def add_arguments(self, parser):
        parser.add_argument("--force", required=True, help="The force's data.police.uk id, such as kent")
        parser.add_argument("--month", action="append", required=True, help="YYYY-MM; give it once per month")
        area = parser.add_mutually_exclusive_group(required=True)
        area.add_argument("--area-file", help="A GeoJSON file with the area's polygon(s), in longitude/latitude")
        area.add_argument("--lad", help="A local authority district code whose stored boundary is the area")
        parser.add_argument("--replace", action="store_true",
                            help="Replace a force's month already held (with only this area's crimes)")

    def handle(self, *args, force, month, area_file=None, lad=None, replace=False, transport=None, **options):
        try:
            polygons = read_area_file(area_file) if area_file else polygons_of_lad(lad)
            label = lad or re.sub(r"[^A-Za-z0-9-]+", "-", Path(area_file).stem).strip("-") or "area"
            client = PoliceUKClient(transport=transport)
            result = fetch_and_import(by=None, client=client, force_id=force, months=month, polygons=polygons,
                                      label=label, replace=replace, log=lambda m: self.stderr.write(m))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except (PoliceAPIError, ValueError) as error:
            raise CommandError(str(error)) from None
        for fetched_month, rows in result.fetched.items():
            self.stdout.write(f"{fetched_month}: {rows:,} crimes from data.police.uk")
        for empty in result.empty_months:
            self.stdout.write(f"{empty}: data.police.uk has no crimes in the area; nothing imported for it")
        if result.without_lsoa:
            self.stdout.write(f"{result.without_lsoa:,} crimes fall in no stored LSOA boundary and are kept "
                              f"without an LSOA (import the LSOA boundaries to place them)")
        report = result.import_report
        if report is None:
            return
        for imported in report.imported:
            self.stdout.write(f"Imported {imported.force} {imported.month}: {imported.rows:,} rows"
                              f"{' (replaced the earlier import)' if imported.replaced else ''}")
        if report.refused:
            for problem in report.refused:
                self.stderr.write(problem)
            raise CommandError(f"{len(report.refused)} month(s) could not be imported; nothing of them was kept.")
