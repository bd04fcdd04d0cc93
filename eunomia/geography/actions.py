"""Every write to the geography: boundary and population imports, and LSOAs met in police.uk
files. Each call is one transaction with one audit event; a refused file saves nothing."""

import csv
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from eunomia.audit import actions as audit
from eunomia.geography import geometry
from eunomia.geography.models import Area, area_code_validator, lsoa_name_parts

# About 7 m east-west and 11 m north-south in Kent: invisible on a map of LSOAs, and the
# generalised ONS boundaries are no more precise than that (ADR 0013).
SIMPLIFY_TOLERANCE = 0.0001
MAX_ERRORS = 20

# Property names of ONS boundary files: LSOA11CD/LSOA11NM, MSOA21CD, WD13CD/WD13NM, LAD22CD...
_PROPERTY = re.compile(r"^(LSOA|MSOA|WD|LAD)(\d{2})(CD|NM)$", re.IGNORECASE)
_TYPE_OF_PREFIX = {"LSOA": Area.Type.LSOA, "MSOA": Area.Type.MSOA, "WD": Area.Type.WARD, "LAD": Area.Type.LAD}
_MSOA_NAME = re.compile(r"^.+ (\d{3})$")
_CODE = re.compile(area_code_validator.regex.pattern)
# How messages speak of each kind of area.
_KIND = {
    Area.Type.LAD: ("a local authority district", "local authority district"),
    Area.Type.WARD: ("a ward", "ward"),
    Area.Type.MSOA: ("an MSOA", "MSOA"),
    Area.Type.LSOA: ("an LSOA", "LSOA"),
}


def _refuse(messages, code=None):
    if isinstance(messages, str):
        messages = [messages]
    raise ValidationError({"path": [ValidationError(message, code=code) for message in messages]})


def _is_code(code, area_type=None):
    if not isinstance(code, str) or not _CODE.match(code):
        return False
    return area_type is None or code.startswith(Area.CODE_PREFIXES[area_type])


def _prefixes(area_type):
    return " or ".join(Area.CODE_PREFIXES[area_type])


# Imports of every LSOA in England write tens of thousands of rows. Through model instances
# (bulk_create, bulk_update) the population file took over 6 seconds on SQLite, and one statement
# per row (executemany) 8 seconds on PostgreSQL; a statement per few hundred rows, or COPY on
# PostgreSQL, takes about a second. Rows whose values would not change are not written at all.
_BATCH = 500


def _batches(rows):
    for start in range(0, len(rows), _BATCH):
        yield rows[start:start + _BATCH]


def _insert_rows(columns, rows):
    quote = connection.ops.quote_name
    table = quote(Area._meta.db_table)
    names = ", ".join(map(quote, columns))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = f"({', '.join(['%s'] * len(columns))})"
        for batch in _batches(rows):
            cursor.execute(f"INSERT INTO {table} ({names}) VALUES {', '.join([placeholders] * len(batch))}",
                           [value for row in batch for value in row])


def _update_rows(columns, rows):
    """Set `columns` on many areas: `rows` are (value, ..., id) tuples, none of the values null.
    UPDATE ... FROM (VALUES ...) reads the same on both databases, whose VALUES lists both name
    their columns column1, column2 and so on (SQLite from 3.33)."""
    quote = connection.ops.quote_name
    table = quote(Area._meta.db_table)
    assignments = ", ".join(f"{quote(column)} = v.column{n}" for n, column in enumerate(columns, start=1))
    placeholders = f"({', '.join(['%s'] * (len(columns) + 1))})"
    with connection.cursor() as cursor:
        for batch in _batches(rows):
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([placeholders] * len(batch))}) AS v "
                f"WHERE {table}.id = v.column{len(columns) + 1}",
                [value for row in batch for value in row],
            )


def _areas_with_codes(codes, chunk=5000):
    """The areas with these codes, asked for a chunk at a time: SQLite allows at most 32,766
    parameters in a statement, and a national LSOA file has more codes than that."""
    for start in range(0, len(codes), chunk):
        yield from Area.objects.filter(code__in=codes[start:start + chunk])


def _ensure_lads(codes):
    """The LAD areas for these codes, created with the code as a stand-in name when missing:
    the population file names them later."""
    lads = {lad.code: lad for lad in Area.objects.filter(type=Area.Type.LAD, code__in=codes)}
    missing = [Area(code=code, name=code, type=Area.Type.LAD) for code in sorted(set(codes) - set(lads))]
    for lad in Area.objects.bulk_create(missing):
        lads[lad.code] = lad
    return lads


def _link_lsoas_to_msoas(lad_ids):
    """Point each LSOA of these districts at its MSOA by the ONS naming convention: LSOA
    "Tonbridge and Malling 005A" lies in MSOA "Tonbridge and Malling 005". The number is matched
    within the district, so a district renamed since (Shepway, now Folkestone and Hythe) still
    links. Where MSOAs of two boundary sets share the number, the one of the LSOA's own set wins.
    Returns how many links changed."""
    msoas = defaultdict(list)
    for msoa_id, name, lad_id, vintage in Area.objects.filter(
        type=Area.Type.MSOA, lad_id__in=lad_ids
    ).values_list("id", "name", "lad_id", "vintage"):
        match = _MSOA_NAME.match(name)
        if match:
            msoas[lad_id, match[1]].append((msoa_id, vintage))
    if not msoas:
        return 0
    changes = []
    for lsoa_id, name, lad_id, vintage, parent_id in Area.objects.filter(
        type=Area.Type.LSOA, lad_id__in=lad_ids
    ).values_list("id", "name", "lad_id", "vintage", "parent_id"):
        parts = lsoa_name_parts(name)
        candidates = msoas.get((lad_id, parts[1]), []) if parts else []
        chosen = [c for c in candidates if c[1] == vintage] or candidates
        if len(chosen) == 1 and chosen[0][0] != parent_id:
            changes.append((chosen[0][0], lsoa_id))
    _update_rows(["parent_id"], changes)
    return len(changes)


def _assign_wards(lad_ids):
    """Give each LSOA of these districts the ward its centroid lies in. LSOAs and wards do not
    nest; this is a best fit. A centroid in no ward (a gap between generalised boundaries) takes
    the nearest ward. Returns (LSOAs whose ward changed, LSOAs placed by nearest ward)."""
    nearest = 0
    changes = []
    for lad_id in lad_ids:
        wards = [
            (ward_id, shape, geometry.bounding_box(shape))
            for ward_id, shape in Area.objects.filter(
                type=Area.Type.WARD, lad_id=lad_id, geometry__isnull=False
            ).values_list("id", "geometry")
        ]
        if not wards:
            continue
        for lsoa_id, x, y, ward_id in Area.objects.filter(
            type=Area.Type.LSOA, lad_id=lad_id, centroid_longitude__isnull=False
        ).values_list("id", "centroid_longitude", "centroid_latitude", "ward_id"):
            inside = [
                w for w, shape, (x0, y0, x1, y1) in wards
                if x0 <= x <= x1 and y0 <= y <= y1 and geometry.point_in_geometry(x, y, shape)
            ]
            if inside:
                chosen = inside[0]
            else:
                chosen = min(wards, key=lambda w: geometry.distance_to_geometry(x, y, w[1]))[0]
                nearest += 1
            if chosen != ward_id:
                changes.append((chosen, lsoa_id))
    _update_rows(["ward_id"], changes)
    return len(changes), nearest


# Boundaries ------------------------------------------------------------------------------------

@dataclass
class BoundaryImport:
    file: str
    type: str
    vintage: int
    lad_codes: list
    created: int = 0
    updated: int = 0
    linked_to_msoa: int = 0
    wards_assigned: int = 0
    wards_by_nearest: int = 0


@dataclass
class _Layout:
    type: str
    vintage: int
    code_key: str
    name_key: str | None
    lad_key: str | None


def _read_feature_collection(path, name):
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        _refuse(f"{name} is not UTF-8 text, so it cannot be GeoJSON")
    except OSError as error:
        _refuse(f"{name} cannot be read: {error.strerror}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        _refuse(f"{name} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}. "
                "Is the file complete?")
    kind = data.get("type") if isinstance(data, dict) else None
    if kind == "Topology":
        _refuse(f"{name} is TopoJSON, not GeoJSON: import the GeoJSON copy of the boundaries", code="topojson")
    if kind != "FeatureCollection":
        _refuse(f"{name} is not a GeoJSON FeatureCollection (its type is {kind or 'missing'})")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        _refuse(f"{name} has no features")
    return features


def _layout(name, features):
    """Which kind of area the file holds, from the property names of its first feature."""
    properties = features[0].get("properties") if isinstance(features[0], dict) else None
    properties = properties if isinstance(properties, dict) else {}
    columns = {}
    for key in properties:
        match = _PROPERTY.match(key)
        if match:
            columns[match[1].upper(), match[3].upper()] = (key, 2000 + int(match[2]))
    for prefix in ("LSOA", "MSOA", "WD", "LAD"):
        if (prefix, "CD") in columns:
            code_key, vintage = columns[prefix, "CD"]
            lad_key = columns.get(("LAD", "CD"), (None,))[0] if prefix != "LAD" else None
            return _Layout(_TYPE_OF_PREFIX[prefix], vintage, code_key, columns.get((prefix, "NM"), (None,))[0], lad_key)
    found = ", ".join(properties) or "none"
    _refuse(f"{name}: cannot tell what areas the file holds. Feature 1 should have an ONS code property "
            f"such as LSOA11CD, LSOA21CD, MSOA11CD, WD13CD or LAD21CD; its properties are: {found}")


def _check_geometry(shape, where):
    """Refuse anything that is not a well-formed Polygon or MultiPolygon in lon/lat."""
    if shape is None:
        return
    kind = shape.get("type") if isinstance(shape, dict) else None
    if kind not in geometry.GEOMETRY_TYPES:
        _refuse(f"{where}: the geometry is {kind or 'not a GeoJSON geometry'}; expected a Polygon or MultiPolygon")
    coordinates = shape.get("coordinates")
    parts = [coordinates] if kind == "Polygon" else coordinates
    if not isinstance(parts, list) or not parts:
        _refuse(f"{where}: the {kind} has no coordinates")
    for polygon in parts:
        if not isinstance(polygon, list) or not polygon:
            _refuse(f"{where}: a polygon of the {kind} has no rings")
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4:
                _refuse(f"{where}: a ring has fewer than 4 positions; a closed ring needs at least a triangle")
            for position in ring:
                if (not isinstance(position, list) or len(position) < 2
                        or not all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in position[:2])):
                    _refuse(f"{where}: {json.dumps(position)[:40]} is not a position [longitude, latitude]")
                if not (-180 <= position[0] <= 180 and -90 <= position[1] <= 90):
                    _refuse(f"{where}: {position[0]}, {position[1]} is not a longitude and latitude "
                            "(British National Grid metres?). Export the boundaries in WGS 84 (EPSG:4326)")
            if ring[0][:2] != ring[-1][:2]:
                _refuse(f"{where}: a ring is not closed (its last position should repeat its first)")


def import_boundaries(*, by, path, area_type=None, lad_code=None):
    """Create or update the areas of one GeoJSON FeatureCollection. The kind of area and the
    boundary set come from the property names (LSOA11CD: LSOAs of 2011); the district from
    `lad_code`, a LADxxCD property, or a file named after it (lsoa_by_lad/E07000115.json)."""
    name = Path(path).name
    features = _read_feature_collection(path, name)
    layout = _layout(name, features)
    if area_type is not None and area_type != layout.type:
        _refuse(f"{name} holds {_KIND[layout.type][1]} boundaries ({layout.code_key}), not {_KIND[area_type][1]} ones")
    if lad_code is not None and not _is_code(lad_code, Area.Type.LAD):
        _refuse(f"{lad_code} is not a local authority district code ({_prefixes(Area.Type.LAD)} then 6 digits)")
    if layout.type == Area.Type.LAD and lad_code is not None:
        _refuse(f"{name} holds local authority districts themselves; do not name a district for it")
    stem = Path(path).stem
    file_lad = stem if _is_code(stem, Area.Type.LAD) else None

    parsed = {}
    for number, feature in enumerate(features, start=1):
        where = f"{name}, feature {number} of {len(features)}"
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            _refuse(f"{where} is not a GeoJSON Feature with properties")
        code = properties.get(layout.code_key)
        if not isinstance(code, str) or not code.strip():
            _refuse(f"{where} has no {layout.code_key} (the area's ONS code)")
        code = code.strip()
        if not _is_code(code):
            _refuse(f"{where}: {code!r} is not an ONS code (a letter E or W then 8 digits)")
        if not _is_code(code, layout.type):
            _refuse(f"{where}: {code} is not the code of {_KIND[layout.type][0]} "
                    f"(those start {_prefixes(layout.type)})")
        if code in parsed:
            _refuse(f"{where}: {code} appears twice in the file")
        lad = None
        if layout.type != Area.Type.LAD:
            lad = lad_code or (properties.get(layout.lad_key) if layout.lad_key else None) or file_lad
            if not lad:
                _refuse(f"{where}: cannot tell which local authority district {code} belongs to. "
                        "Name it (--lad E07000115) or name the file after it (E07000115.json)")
            if not _is_code(lad, Area.Type.LAD):
                _refuse(f"{where}: {lad!r} is not a local authority district code")
        shape = feature.get("geometry")
        _check_geometry(shape, where)
        area_name = properties.get(layout.name_key) if layout.name_key else None
        parsed[code] = (str(area_name).strip() if area_name else code, lad, shape)

    result = BoundaryImport(file=name, type=layout.type, vintage=layout.vintage,
                            lad_codes=sorted({lad for _, lad, _ in parsed.values() if lad}))
    with transaction.atomic():
        lads = _ensure_lads(result.lad_codes)
        existing = {area.code: area for area in _areas_with_codes(list(parsed))}
        new, changed = [], []
        for code, (area_name, lad, shape) in parsed.items():
            # The code's prefix fixes its kind, so an existing area is always of the file's kind.
            area = existing.get(code) or Area(code=code, type=layout.type)
            point = geometry.centroid(shape)
            area.name = area_name
            area.vintage = layout.vintage
            area.lad = lads[lad] if lad else None
            if layout.type in (Area.Type.MSOA, Area.Type.WARD):
                area.parent = area.lad
            area.geometry = geometry.simplify(shape, SIMPLIFY_TOLERANCE)
            area.centroid_longitude, area.centroid_latitude = point if point else (None, None)
            (changed if area.pk else new).append(area)
        Area.objects.bulk_create(new, batch_size=500)
        Area.objects.bulk_update(changed, ["name", "vintage", "lad", "parent", "geometry", "centroid_longitude",
                                           "centroid_latitude"], batch_size=500)
        result.created, result.updated = len(new), len(changed)
        lad_ids = [lads[code].pk for code in result.lad_codes]
        result.linked_to_msoa = _link_lsoas_to_msoas(lad_ids)
        result.wards_assigned, result.wards_by_nearest = _assign_wards(lad_ids)
        district = lads[result.lad_codes[0]] if len(lads) == 1 else None
        audit.record(by=by, action="geography.boundaries_imported", obj=district, data=vars(result))
    return result


# Population ------------------------------------------------------------------------------------

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
        _refuse(f"{name} does not have the columns of a population file. Expected {_EXPECTED_COLUMNS}; "
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
                _refuse(f"{name} is empty")
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
                if not _is_code(lsoa_code, Area.Type.LSOA):
                    problem = f"{lsoa_code!r} is not an LSOA code (E01 or W01 then 6 digits)"
                elif not _is_code(lad_code, Area.Type.LAD):
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
        _refuse(f"{name}, line {_first_undecodable_line(path)}: not UTF-8 text. Save the file as UTF-8 and "
                "import it again")
    except csv.Error as error:
        _refuse(f"{name}, line {line + 1}: {error}")
    except OSError as error:
        _refuse(f"{name} cannot be read: {error.strerror}")
    if errors:
        more = len(errors) - MAX_ERRORS
        _refuse(errors[:MAX_ERRORS] + ([f"... and {more} more lines like these"] if more > 0 else []))
    if not lsoas:
        _refuse(f"{name} has a header but no rows")
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
        _insert_rows(["code", "name", "type"],
                     [(code, lad_names[code] or code, Area.Type.LAD.value) for code in missing])
        lad_ids = dict(Area.objects.filter(type=Area.Type.LAD, code__in=lad_names).values_list("code", "id"))
        renamed = [(lad_names[code], lad_ids[code]) for code, (old, _) in lads.items()
                   if lad_names[code] and lad_names[code] != old]
        _update_rows(["name"], renamed)
        _update_rows(["population", "population_year"], [
            (total, year, lad_ids[code]) for code, total in totals.items()
            if code not in lads or lads[code][1] != (total, year)
        ])
        result.lads_created, result.lads_named = len(missing), len(renamed)
        # All LSOAs rather than `code__in=` the file's: SQLite allows at most 32,766 parameters.
        known = {code: (pk, (population, population_year)) for code, pk, population, population_year in
                 Area.objects.filter(type=Area.Type.LSOA).values_list("code", "id", "population", "population_year")}
        new = [
            (code, lsoa_name, Area.Type.LSOA.value, vintage, lad_ids[lad_code], population, year)
            for code, (lsoa_name, lad_code, population) in lsoas.items() if code not in known
        ]
        _insert_rows(["code", "name", "type", "vintage", "lad_id", "population", "population_year"], new)
        changed = [(population, year, known[code][0]) for code, (_, _, population) in lsoas.items()
                   if code in known and known[code][1] != (population, year)]
        _update_rows(["population", "population_year"], changed)
        result.lsoas_created, result.lsoas_updated = len(new), len(changed)
        result.linked_to_msoa = _link_lsoas_to_msoas({row[4] for row in new})
        result.lad_totals = dict(sorted(totals.items()))
        audit.record(by=by, action="geography.population_imported",
                     data={key: value for key, value in vars(result).items() if key != "lad_totals"}
                     | {"districts": len(totals), "people": sum(totals.values())})
    return result


# LSOAs met in crime files ----------------------------------------------------------------------

def register_lsoas(*, by, names):
    """Create the LSOAs in {code: name} (as police.uk files carry them, "Tonbridge and Malling
    005A") that are not known yet, each in the district whose name its name starts with. Returns
    the codes that could not be placed (sorted); those are not created. Known LSOAs are left as
    they are. The boundary set of a new LSOA is not known (vintage null): a code missing from the
    2011 set is probably a 2021 one, but the 2011 set may simply not have been imported."""
    names = {str(code).strip(): (name or "").strip() for code, name in names.items()}
    bad = [code for code in names if not _is_code(code, Area.Type.LSOA)]
    if bad:
        raise ValidationError({"names": [f"{code!r} is not an LSOA code (E01 or W01 then 6 digits)"
                                         for code in sorted(bad)[:MAX_ERRORS]]})
    with transaction.atomic():
        known = {code: (lad_id, name) for code, lad_id, name in
                 Area.objects.filter(type=Area.Type.LSOA).values_list("code", "lad_id", "name")}
        unknown = {code: name for code, name in names.items() if code not in known}
        if not unknown:
            return []
        # A name's prefix identifies a district when every known use of it points to the same one:
        # the district's own name, the names LSOAs already carry, and the names this batch gives
        # to known LSOAs (which is how a renamed district's new name is learned).
        districts = defaultdict(set)
        for lad_id, lad_name in Area.objects.filter(type=Area.Type.LAD).values_list("id", "name"):
            districts[lad_name].add(lad_id)
        for code, (lad_id, stored_name) in known.items():
            for name in (stored_name, names.get(code)):
                parts = lsoa_name_parts(name)
                if parts:
                    districts[parts[0]].add(lad_id)
        new, unplaced = [], []
        for code, name in sorted(unknown.items()):
            parts = lsoa_name_parts(name)
            lad_ids = districts.get(parts[0], set()) if parts else set()
            if len(lad_ids) == 1:
                new.append(Area(code=code, name=name, type=Area.Type.LSOA, lad_id=next(iter(lad_ids))))
            else:
                unplaced.append(code)
        Area.objects.bulk_create(new, batch_size=1000)
        linked = _link_lsoas_to_msoas({area.lad_id for area in new})
        audit.record(by=by, action="geography.lsoas_registered",
                     data={"created": len(new), "linked_to_msoa": linked, "unplaced": unplaced})
    return unplaced
