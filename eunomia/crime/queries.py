"""Reading what crime data is held: per force and month, and for a partnership's own LSOAs."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from eunomia.core.dates import months_between
from eunomia.crime.models import CrimeRecord, DataMonth
from eunomia.geography.queries import lsoa_codes_of

# SQLite allows at most 32,766 parameters in one statement; a partnership has a few hundred LSOAs.
CODES_PER_QUERY = 5000


@dataclass
class ForceHeld:
    force: object
    months: list
    missing: list

    @property
    def first(self):
        return self.months[-1].month

    @property
    def last(self):
        return self.months[0].month


def held_by_force():
    """Each force's imported months (newest first), with the months missing between its first and
    last: a missing month is data never imported, not a month without crime."""
    by_force = defaultdict(list)
    for data_month in DataMonth.objects.select_related("force", "imported_by").order_by("force__name", "-month"):
        by_force[data_month.force].append(data_month)
    held = []
    for force, months in by_force.items():
        present = {m.month for m in months}
        missing = [m for m in months_between(months[-1].month, months[0].month) if m not in present]
        held.append(ForceHeld(force=force, months=months, missing=missing))
    return held


@dataclass
class AreaMonth:
    month: datetime.date
    # None when no data is held for the month: unknown, never zero.
    rows: int | None
    forces: list = field(default_factory=list)
    missing_forces: list = field(default_factory=list)

    @property
    def status(self):
        if not self.forces:
            return "missing"
        return "partial" if self.missing_forces else "held"


@dataclass
class AreaCoverage:
    lsoas: int
    months: list

    @property
    def first(self):
        return self.months[-1].month if self.months else None

    @property
    def last(self):
        return self.months[0].month if self.months else None

    @property
    def missing(self):
        return [m.month for m in self.months if m.status == "missing"]

    @property
    def partial(self):
        return [m.month for m in self.months if m.status == "partial"]


def coverage_of(partnership):
    """The months of street-level data held for the partnership's own LSOAs, from its first month
    to its last, newest first. The forces covering the area are those with records in its LSOAs;
    a month is held when every one of them has it, partly held when some do, missing when none."""
    codes = sorted(lsoa_codes_of(partnership))
    rows_by_data_month = defaultdict(int)
    # Every month held, named: the records' index starts with the month (ADR 53 addendum).
    held = list(DataMonth.objects.values_list("id", flat=True))
    for start in range(0, len(codes), CODES_PER_QUERY):
        for entry in (CrimeRecord.objects.filter(data_month_id__in=held,
                                                 lsoa_code__in=codes[start:start + CODES_PER_QUERY])
                      .values("data_month_id").annotate(n=Count("id")).order_by()):
            rows_by_data_month[entry["data_month_id"]] += entry["n"]
    force_ids = set(DataMonth.objects.filter(pk__in=rows_by_data_month).values_list("force_id", flat=True))
    data_months = list(DataMonth.objects.filter(force_id__in=force_ids).select_related("force"))
    if not data_months:
        return AreaCoverage(lsoas=len(codes), months=[])
    forces = sorted({dm.force.name for dm in data_months})
    by_month = defaultdict(list)
    for dm in data_months:
        by_month[dm.month].append(dm)
    months = []
    for month in months_between(min(by_month), max(by_month)):
        held = by_month.get(month, [])
        names = sorted(dm.force.name for dm in held)
        months.append(AreaMonth(month=month, rows=sum(rows_by_data_month.get(dm.pk, 0) for dm in held) if held else None,
                                forces=names, missing_forces=[f for f in forces if f not in names]))
    months.reverse()
    return AreaCoverage(lsoas=len(codes), months=months)
