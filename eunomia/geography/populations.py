"""Importing populations: a CSV of LSOA population estimates in the layout of the English Indices
of Deprivation's File 6. One transaction and one audit event a file; a refused file saves nothing,
and every bad line is named (up to MAX_ERRORS)."""

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from eunomia.audit import actions as audit
from eunomia.geography.areas import MAX_ERRORS, insert_rows, is_code, refuse, update_rows
from eunomia.geography.models import Area
from eunomia.geography.wards import link_lsoas_to_msoas

_POPULATION_COLUMNS = {
    "lsoa_code": re.compile(r"^LSOA code \((\d{4})\)$", re.IGNORECASE),
    "lsoa_name": re.compile(r"^LSOA name \((\d{4})\)$", re.IGNORECASE),
    "lad_code": re.compile(r"^Local Authority District code \((\d{4})\)$", re.IGNORECASE),
    "lad_name": re.compile(r"^Local Authority District name \((\d{4})\)$", re.IGNORECASE),
    "population": re.compile(r"^Total population: mid (\d{4})\b", re.IGNORECASE),
}
_EXPECTED_COLUMNS = ('"LSOA code (2011)", "LSOA name (2011)", "Local Authority District code (2013)", '
                     '"Local Authority District name (2013)" and "Total population: mid 2012 (excluding prisoners)"')
# Whole numbers, with or without thousands separators: 987, 1745, "1,745".
_WHOLE_NUMBER = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)$")


@dataclass
class PopulationImport:
    file: str
    year: int
    rows: int = 0
    lsoas_created: int = 0
    lsoas_updated: int = 0
    lads_created: int = 0
    lads_named: int = 0
    linked_to_msoa: int = 0
    lad_totals: dict = field(default_factory=dict)


def _population_columns(header, name):
    """Column positions and years, or a refusal naming the columns expected."""
    found = {}
    for index, title in enumerate(header):
        for key, pattern in _POPULATION_COLUMNS.items():
            match = pattern.match(title.strip())
            if match and key not in found:
                found[key] = (index, int(match[1]))
    missing = [key for key in _POPULATION_COLUMNS if key not in found]
    if missing:
        refuse(f"{name} does not have the columns of a population file. Expected {_EXPECTED_COLUMNS}; "
                f"found: {', '.join(t for t in header if t.strip())[:300] or 'no header'}")
    return found


def _first_undecodable_line(path):
    # The decoder reads ahead in blocks, so the reader's line count does not say where it failed.
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return None


def _read_population(path, name):
    """Stream the CSV into {lsoa code: (name, lad code, population)} and {lad code: lad name},
    collecting every bad line rather than stopping at the first."""
    lsoas, lad_names, errors = {}, {}, []
    line = 1
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                refuse(f"{name} is empty")
            columns = _population_columns(header, name)
            width = max(index for index, _ in columns.values()) + 1
            index_of = {key: index for key, (index, _) in columns.items()}
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) < width:
                    errors.append(f"{name}, line {line}: has {len(row)} columns, expected at least {width}")
                    continue
                lsoa_code, lsoa_name, lad_code, lad_name, population = (
                    row[index_of[key]].strip() for key in _POPULATION_COLUMNS
                )
                problem = None
                if not is_code(lsoa_code, Area.Type.LSOA):
                    problem = f"{lsoa_code!r} is not an LSOA code (E01 or W01 then 6 digits)"
                elif not is_code(lad_code, Area.Type.LAD):
                    problem = f"{lad_code!r} is not a local authority district code"
                elif not population:
                    problem = f"the total population of {lsoa_code} is blank"
                elif not _WHOLE_NUMBER.match(population):
                    problem = f"the total population of {lsoa_code}, {population!r}, is not a whole number"
                elif lsoa_code in lsoas:
                    problem = f"{lsoa_code} appears a second time"
                elif lad_names.setdefault(lad_code, lad_name) != lad_name:
                    problem = f"{lad_code} is named {lad_name!r} here and {lad_names[lad_code]!r} above"
                if problem:
                    errors.append(f"{name}, line {line}: {problem}")
                else:
                    lsoas[lsoa_code] = (lsoa_name or lsoa_code, lad_code, int(population.replace(",", "")))
    except UnicodeDecodeError:
        refuse(f"{name}, line {_first_undecodable_line(path)}: not UTF-8 text. Save the file as UTF-8 and "
                "import it again")
    except csv.Error as error:
        refuse(f"{name}, line {line + 1}: {error}")
    except OSError as error:
        refuse(f"{name} cannot be read: {error.strerror}")
    if errors:
        more = len(errors) - MAX_ERRORS
        refuse(errors[:MAX_ERRORS] + ([f"... and {more} more lines like these"] if more > 0 else []))
    if not lsoas:
        refuse(f"{name} has a header but no rows")
    return lsoas, lad_names, columns


def import_population(*, by, path):
    """Set LSOA populations from a CSV of LSOA population estimates (the English Indices of
    Deprivation's File 6 layout), name the districts, and give each district the sum of its LSOAs.
    LSOAs without boundaries yet are created, in the district the file puts them in."""
    name = Path(path).name
    lsoas, lad_names, columns = _read_population(path, name)
    year, vintage = columns["population"][1], columns["lsoa_code"][1]
    result = PopulationImport(file=name, year=year, rows=len(lsoas))
    totals = defaultdict(int)
    for _, lad_code, population in lsoas.values():
        totals[lad_code] += population
    with transaction.atomic():
        lads = {code: (lad_name, (population, population_year)) for code, lad_name, population, population_year in
                Area.objects.filter(type=Area.Type.LAD, code__in=lad_names).values_list(
                    "code", "name", "population", "population_year")}
        missing = sorted(set(lad_names) - set(lads))
        insert_rows(["code", "name", "type"],
                     [(code, lad_names[code] or code, Area.Type.LAD.value) for code in missing])
        lad_ids = dict(Area.objects.filter(type=Area.Type.LAD, code__in=lad_names).values_list("code", "id"))
        renamed = [(lad_names[code], lad_ids[code]) for code, (old, _) in lads.items()
                   if lad_names[code] and lad_names[code] != old]
        update_rows(["name"], renamed)
        update_rows(["population", "population_year"], [
            (total, year, lad_ids[code]) for code, total in totals.items()
            if code not in lads or lads[code][1] != (total, year)
        ])
        result.lads_created, result.lads_named = len(missing), len(renamed)
        # All LSOAs rather than `code__in=` the file's: SQLite allows at most 32,766 parameters.
        known = {code: (pk, (population, population_year)) for code, pk, population, population_year in
                 Area.objects.filter(type=Area.Type.LSOA).values_list("code", "id", "population", "population_year")}
        # LSOAs met only in police.uk files, known by their district's name alone, now learn its code.
        without_lad = set(Area.objects.filter(type=Area.Type.LSOA, lad=None).values_list("code", flat=True))
        placed = [(lad_ids[lad_code], known[code][0]) for code, (_, lad_code, _) in lsoas.items() if code in without_lad]
        update_rows(["lad_id"], placed)
        new = [
            (code, lsoa_name, Area.Type.LSOA.value, vintage, lad_ids[lad_code], population, year)
            for code, (lsoa_name, lad_code, population) in lsoas.items() if code not in known
        ]
        insert_rows(["code", "name", "type", "vintage", "lad_id", "population", "population_year"], new)
        changed = [(population, year, known[code][0]) for code, (_, _, population) in lsoas.items()
                   if code in known and known[code][1] != (population, year)]
        update_rows(["population", "population_year"], changed)
        result.lsoas_created, result.lsoas_updated = len(new), len(changed)
        result.linked_to_msoa = link_lsoas_to_msoas({row[4] for row in new} | {lad_id for lad_id, _ in placed})
        result.lad_totals = dict(sorted(totals.items()))
        audit.record(by=by, action="geography.population_imported",
                     data={key: value for key, value in vars(result).items() if key != "lad_totals"}
                     | {"districts": len(totals), "people": sum(totals.values())})
    return result


