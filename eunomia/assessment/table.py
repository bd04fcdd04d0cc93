"""Counts by crime type and month as one table: what the `assessment` command prints and the
assessment page offers as CSV and XLSX."""

from eunomia.core.periods import month_label
from eunomia.crime import counts as counting
from eunomia.crime.counts import change_percent

MISSING = "missing"


def _cell(value):
    return MISSING if value is None else value


def counts_table(scope, period, compare=None):
    """(header, rows, notes). One row per crime type with any record in the months asked for, then
    'All crime (excluding anti-social behaviour)'; ASB last, apart. A missing month's cells read
    'missing' and make the row's total 'missing': never a zero."""
    months = period.months + (compare.months if compare else [])
    grid = counting.count(scope, months)
    types = counting.crime_types()
    header = ["Crime type"] + [month_label(m) for m in period.months] + [f"Total {period.label}"]
    if compare:
        header += [f"Total {compare.label}", "Change", "Change %"]

    def row(name, ids):
        by_month = grid.by_month(types=ids)
        total = grid.total(months=period.months, types=ids)
        cells = [name] + [_cell(by_month[m]) for m in period.months] + [_cell(total)]
        if compare:
            before = grid.total(months=compare.months, types=ids)
            pct = change_percent(before, total)
            cells += [_cell(before), "" if before is None or total is None else total - before,
                      "" if pct is None else round(pct, 1)]
        return cells

    seen = set(grid.by_type(months=months))
    rows = [row(t.name, {pk}) for pk, t in types.items() if pk in seen and not t.is_asb]
    crime_ids = {pk for pk, t in types.items() if not t.is_asb}
    asb_ids = set(types) - crime_ids
    rows.append(row("All crime (excluding anti-social behaviour)", crime_ids))
    rows.append(row("Anti-social behaviour", asb_ids))
    notes = [f"{scope.name} ({scope.code}): {len(scope.lsoa_codes)} LSOAs. Source: police.uk street-level "
             f"crime and ASB, Open Government Licence v3.0."]
    if grid.missing:
        notes.append("No police.uk file is held for " + ", ".join(month_label(m) for m in sorted(grid.missing))
                     + ": those months are shown as missing, not as zero.")
    return header, rows, notes
