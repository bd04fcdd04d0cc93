"""Counting police.uk records for an area and a run of months: the one query every part of the
strategic assessment, and every crime figure, is drawn from.

An area is a set of LSOA codes (a partnership's districts, a district, a ward or one LSOA). The
count is taken once, grouped by month, crime type and LSOA, through the (lsoa_code, data_month)
index; everything else (totals, trends, hot spots, rates) is arithmetic on that grid. A month is
*missing* when no force that has ever reported crime in the area has a file for it: its counts
are None, never zero."""

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef

from eunomia.crime.models import CrimeRecord, CrimeType, DataMonth
from eunomia.geography import queries as geography
from eunomia.geography.models import Area

# A letter and digits is meant as an ONS code (right or mistyped); anything else names a district.
_LOOKS_LIKE_A_CODE = re.compile(r"^[A-Za-z]\d+$")


class AreaError(ValueError):
    """An area code the assessment cannot use; the message says why."""


@dataclass(frozen=True)
class Scope:
    """What is being assessed: a name, the LSOA codes that make it up, and its population (the sum
    of the LSOAs' estimates; `lsoas_without_population` counts those with none)."""

    name: str
    code: str
    lsoa_codes: frozenset
    population: int
    lsoas_without_population: int = 0
    population_years: tuple = ()

    @property
    def population_complete(self):
        return self.population > 0 and self.lsoas_without_population == 0


def _scope_of_lsoas(name, code, lsoas):
    rows = list(lsoas.values_list("code", "population", "population_year"))
    return Scope(
        name=name, code=code, lsoa_codes=frozenset(c for c, _, _ in rows),
        population=sum(p or 0 for _, p, _ in rows),
        lsoas_without_population=sum(1 for _, p, _ in rows if p is None),
        population_years=tuple(sorted({y for _, _, y in rows if y})),
    )


def scope_for_partnership(partnership):
    codes = ", ".join(list(partnership.local_authority_codes) + list(partnership.district_names))
    return _scope_of_lsoas(partnership.name, codes, geography.lsoas_of(partnership))


def scope_for_area(code):
    """A district, ward or LSOA by its ONS code, or a district by the name police.uk gives it in its
    LSOA names ("City of London"; ADR 0055). A ward is the LSOAs whose best-fit ward it is."""
    text = " ".join((code or "").split())
    if text and not _LOOKS_LIKE_A_CODE.match(text):
        return _scope_for_district_name(text)
    code = text.upper()
    area = Area.objects.filter(code=code).first()
    if area is None:
        raise AreaError(f"No area has the code {code or '(blank)'}: import its boundaries first, or check the code")
    lsoas = Area.objects.filter(type=Area.Type.LSOA)
    if area.type == Area.Type.LAD:
        lsoas = lsoas.filter(lad=area)
    elif area.type == Area.Type.WARD:
        lsoas = lsoas.filter(ward=area)
    elif area.type == Area.Type.MSOA:
        lsoas = lsoas.filter(parent=area)
    else:
        lsoas = lsoas.filter(pk=area.pk)
    return _scope_of_lsoas(area.name, area.code, lsoas)


def _scope_for_district_name(text):
    name = geography.district_name_of(text)
    if name is None:
        close = difflib.get_close_matches(text, geography.district_names(), n=3, cutoff=0.6)
        raise AreaError(f"No district called {text!r} is known: police.uk names each district at the start of its "
                        f"LSOA names, like \"City of London 001A\", and none of the files imported does so for "
                        f"{text!r}. " + (f"Did you mean {' or '.join(repr(c) for c in close)}? " if close else "")
                        + "Import the force's police.uk files first, or check the spelling.")
    return _scope_of_lsoas(name, name, geography.lsoas_of_district_name(name))


@dataclass
class Grid:
    """Counts by (month, crime type id, LSOA code) for one scope and a set of months, plus which of
    those months are missing and which forces report crime in the area."""

    months: list
    missing: set
    forces: list
    cells: dict = field(default_factory=dict)

    def total(self, *, months=None, types=None, lsoas=None):
        """Sum over the cells that match; None when any month asked for is missing."""
        months = self.months if months is None else months
        if any(month in self.missing for month in months):
            return None
        wanted = set(months)
        return sum(n for (month, type_id, lsoa), n in self.cells.items()
                   if month in wanted and (types is None or type_id in types)
                   and (lsoas is None or lsoa in lsoas))

    def by_month(self, *, types=None):
        """{month: count or None} for every month of the grid."""
        totals = defaultdict(int)
        for (month, type_id, _), n in self.cells.items():
            if types is None or type_id in types:
                totals[month] += n
        return {month: None if month in self.missing else totals.get(month, 0) for month in self.months}

    def by_type_and_month(self):
        """{type id: {month: count or None}} in one pass over the cells."""
        totals = defaultdict(lambda: defaultdict(int))
        for (month, type_id, _), n in self.cells.items():
            totals[type_id][month] += n
        return {type_id: {month: None if month in self.missing else by_month.get(month, 0) for month in self.months}
                for type_id, by_month in totals.items()}

    def by_type(self, *, months):
        totals = defaultdict(int)
        wanted = set(months)
        for (month, type_id, _), n in self.cells.items():
            if month in wanted:
                totals[type_id] += n
        return totals

    def by_lsoa(self, *, months, types=None):
        totals = defaultdict(int)
        wanted = set(months)
        for (month, type_id, lsoa), n in self.cells.items():
            if month in wanted and (types is None or type_id in types):
                totals[lsoa] += n
        return totals


def forces_reporting(scope):
    """Ids of the forces that have reported any record in the scope's LSOAs, in any month: the months
    that hold one, each asked through the records' index (month first, then LSOA) and answered at
    its first record."""
    if not scope.lsoa_codes:
        return []
    holding = CrimeRecord.objects.filter(data_month=OuterRef("pk"), lsoa_code__in=scope.lsoa_codes)
    return sorted(set(DataMonth.objects.filter(Exists(holding)).values_list("force_id", flat=True)))


def count(scope, months, *, forces=None):
    """The grid of counts for `scope` over `months` (first days of months). `forces`: the ids of
    forces_reporting(scope), when the caller has them already."""
    months = sorted(set(months))
    forces = forces_reporting(scope) if forces is None else forces
    held = defaultdict(list)
    for pk, month in DataMonth.objects.filter(force_id__in=forces, month__in=months).values_list("id", "month"):
        held[month].append(pk)
    grid = Grid(months=months, missing={m for m in months if m not in held}, forces=forces)
    month_of = {pk: month for month, pks in held.items() for pk in pks}
    if not month_of:
        return grid
    rows = (CrimeRecord.objects.filter(lsoa_code__in=scope.lsoa_codes, data_month_id__in=list(month_of))
            .values_list("data_month_id", "crime_type_id", "lsoa_code").annotate(n=Count("id")).order_by())
    for data_month_id, type_id, lsoa, n in rows:
        key = (month_of[data_month_id], type_id, lsoa)
        grid.cells[key] = grid.cells.get(key, 0) + n
    return grid


def crime_types():
    """{id: CrimeType}, in police.uk's order."""
    return {t.pk: t for t in CrimeType.objects.all()}


# Arithmetic on counts ---------------------------------------------------------------------------

def change_percent(previous, current):
    if previous is None or current is None or previous == 0:
        return None
    return (current - previous) * 100 / previous


def rate_per_1000(count, population):
    if count is None or not population:
        return None
    return count * 1000 / population
