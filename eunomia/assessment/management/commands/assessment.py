"""Counts by crime type and month for an area, for analysts:

    python manage.py assessment --area E07000115 --period 2025-01..2025-12 [--compare 2024-01..2024-12]
        [--format table|csv|json]
    python manage.py assessment --area "City of London" --period 2025-01..2025-12

The area is an ONS code, or a district by the name police.uk gives it in its LSOA names, which
needs no boundary or population file (ADR 0055).
"""

import csv
import json

from django.core.management.base import BaseCommand, CommandError

from eunomia.assessment.analysis import check_periods
from eunomia.assessment.table import counts_table
from eunomia.core.periods import Period, PeriodError
from eunomia.crime import counts as counting


class Command(BaseCommand):
    help = "Print police.uk counts by crime type and month for an area (a district, ward, MSOA or LSOA code)."

    def add_arguments(self, parser):
        parser.add_argument("--area", required=True, help="ONS code of a district, ward, MSOA or LSOA, or a district's name as police.uk writes it, "
                                 "like \"City of London\"")
        parser.add_argument("--period", required=True, help="Months to count, like 2025-01..2025-12")
        parser.add_argument("--compare", help="An earlier period of the same length to compare with")
        parser.add_argument("--format", choices=["table", "csv", "json"], default="table")

    def handle(self, *args, area, period, compare, format, **options):
        try:
            scope = counting.scope_for_area(area)
            period = Period.parse(period)
            compare = Period.parse(compare) if compare else None
            if compare:
                check_periods(period, compare)
        except (counting.AreaError, PeriodError) as problem:
            raise CommandError(str(problem)) from problem
        if not scope.lsoa_codes:
            raise CommandError(f"{scope.name} ({scope.code}) has no LSOAs: import the force's police.uk "
                               f"files or the LSOA boundaries first")
        header, rows, notes = counts_table(scope, period, compare)
        if format == "csv":
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        elif format == "json":
            self.stdout.write(json.dumps({
                "area": {"code": scope.code, "name": scope.name, "lsoas": len(scope.lsoa_codes)},
                "period": period.code, "compare": compare.code if compare else None,
                "columns": header, "rows": rows, "notes": notes,
            }, indent=2))
        else:
            self._table(header, rows, notes)

    def _table(self, header, rows, notes):
        text = [[f"{c:,}" if isinstance(c, int) else str(c) for c in row] for row in [header] + rows]
        widths = [max(len(row[i]) for row in text) for i in range(len(header))]
        for n, row in enumerate(text):
            cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
            self.stdout.write("  ".join(cells))
            if n == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
        for note in notes:
            self.stdout.write("")
            self.stdout.write(note)
