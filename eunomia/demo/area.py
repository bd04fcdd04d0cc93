"""Invented source files for the demo district of Harrowdale, in the formats of the real ones.

The demo must show a strategic assessment on a machine with no downloaded data, and it should get
there the way a partnership does: by importing files. So this module writes what a partnership
would download, in the real layouts, and the demo imports them through the real importers:

- boundaries/{wards,msoa,lsoa}_by_lad/E07999901.json: GeoJSON like the ONS files as republished
  by martinjc/UK-GeoJSON (WD13CD/WD13NM, MSOA11CD/MSOA11NM, LSOA11CD/LSOA11NM, the district named
  by the file), for 12 wards, 16 MSOAs and 64 LSOAs;
- population/File_6_ID_2015_Population_denominators_Harrowdale.csv: the English Indices of
  Deprivation File 6 layout, byte-order mark, thousands separators and trailing empty columns;
- police/YYYY-MM/YYYY-MM-northshire-street.csv: police.uk street-level files, one per month for
  the 36 full months before `today`, except one older month left out on purpose, so the
  assessment has a gap to report.

The boundaries are a jittered 8 x 8 grid (neighbours share their edges exactly) near longitude
-1.1, latitude 52.55. All codes are in ranges ONS does not use (E07999901, E05999901..,
E02999901.., E01999901..). The crime carries patterns an analyst should find:

- violence and sexual offences rising (about a fifth a year) in the town-centre ward, Castle and
  Market, and flat elsewhere;
- burglary falling across the district (about a fifth a year), peaking in the dark months;
- anti-social behaviour falling overall but rising in one ward, Copley Ford;
- three quarters of shoplifting at four repeat locations (Market Street and the Shopping Area in
  the town centre, a Supermarket in Kingsmead, a Petrol Station in Eastgate);
- vehicle crime steady;
- a summer peak in ASB, violence, criminal damage and bicycle theft.

Everything comes from one random.Random(seed), so the same seed and `today` give the same bytes.
"""

import csv
import datetime
import json
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

from eunomia.core.dates import months_before

SEED = 20261126
LAD_CODE = "E07999901"
DISTRICT = "Harrowdale"
FORCE = "Northshire Police"  # the demo's police organisation; "Falls within" and "Reported by"
FORCE_SLUG = "northshire"
MONTHS = 36
# Months back from today (1 = last month) with no file: old enough that the default assessment
# (the last 12 full months against the 12 before) is complete, so the gap shows in the trend.
MISSING_MONTH_BACK = 30

# The grid: 8 columns by 8 rows of LSOAs, 0.025 degrees of longitude by 0.0125 of latitude (about
# 1.7 by 1.4 km at this latitude).
COLUMNS = ROWS = 8
WEST, SOUTH = -1.2, 52.5
CELL_LON, CELL_LAT = 0.025, 0.0125
CENTRE = (4.0, 4.0)  # the town centre, in grid units

# Wards as blocks of grid cells (column from, row from, column to, row to; ends exclusive).
WARDS = {
    "Westcote": (0, 5, 2, 8),
    "Abbey Fields": (2, 5, 4, 8),
    "Greyfriars": (4, 5, 6, 8),
    "Harrow Hill": (6, 5, 8, 8),
    "Brookside": (0, 3, 3, 5),
    "Castle and Market": (3, 3, 5, 5),
    "Eastgate": (5, 3, 8, 5),
    "Dunstan": (0, 0, 2, 3),
    "Millbrook": (2, 0, 4, 3),
    "Copley Ford": (4, 0, 6, 3),
    "Southmoor": (6, 0, 8, 2),
    "Kingsmead": (6, 2, 8, 3),
}
TOWN_CENTRE_WARD = "Castle and Market"
ASB_RISING_WARD = "Copley Ford"

STREETS = [
    "Church Road", "Station Road", "Mill Lane", "Park Road", "Victoria Street", "School Lane", "The Green",
    "Orchard Close", "Queens Road", "Chapel Street", "Willow Parade", "Quarry Road", "Canal Street",
    "Furnace Lane", "Bridge Street", "Meadow Way", "Kestrel Close", "Alder Grove", "Fenwick Road", "Holly Drive",
    "Abbey Road", "Priory Walk", "Hawthorn Avenue", "Rectory Lane", "Castle Way", "Tanners Lane", "Sheep Street",
    "Cooper Road", "Linden Avenue", "Foundry Lane", "Mill Race", "Ashby Close",
]
PLACES = ["Parking Area", "Supermarket", "Sports/Recreation Area", "Park/Open Space", "Petrol Station"]
TOWN_CENTRE_PLACES = ["High Street", "Market Street", "Nightclub", "Bus/Coach Station", "Shopping Area",
                      "Parking Area"]
# Shoplifting's repeat locations: (ward, place, share of all shoplifting).
SHOPLIFTING_HOTSPOTS = [
    (TOWN_CENTRE_WARD, "Market Street", 0.30),
    (TOWN_CENTRE_WARD, "Shopping Area", 0.20),
    ("Kingsmead", "Supermarket", 0.15),
    ("Eastgate", "Petrol Station", 0.10),
]

# Crime types: (monthly rows at the latest month outside any season, seasonal swing (positive
# peaks in July, negative in January), yearly trend, how the rows spread over the district).
ASB = "Anti-social behaviour"
TYPES = {
    ASB: (200, 0.25, 0.88, "asb"),
    "Violence and sexual offences": (230, 0.12, 1.0, "night"),
    "Criminal damage and arson": (70, 0.10, 1.0, "urban"),
    "Shoplifting": (60, 0.04, 1.0, "shops"),
    "Public order": (50, 0.10, 1.0, "night"),
    "Other theft": (45, 0.05, 1.0, "urban"),
    "Vehicle crime": (40, 0.0, 1.0, "suburban"),
    "Burglary": (35, -0.12, 0.82, "suburban"),
    "Drugs": (20, 0.0, 1.0, "night"),
    "Other crime": (20, 0.0, 1.0, "urban"),
    "Bicycle theft": (8, 0.30, 1.0, "urban"),
    "Possession of weapons": (7, 0.0, 1.0, "night"),
    "Robbery": (6, 0.0, 1.0, "night"),
    "Theft from the person": (5, 0.05, 1.0, "night"),
}
VIOLENCE = "Violence and sexual offences"
TOWN_CENTRE_VIOLENCE_TREND = 1.22
ASB_RISING_TREND = 1.35
NO_LOCATION_SHARE = 0.012  # of crimes (never ASB), as police.uk files have

NO_SUSPECT = "Investigation complete; no suspect identified"
UNABLE = "Unable to prosecute suspect"
UNDER_INVESTIGATION = "Under investigation"
OUTCOMES = {
    "default": {NO_SUSPECT: 40, UNABLE: 30, "Court result unavailable": 6, "Local resolution": 5,
                "Status update unavailable": 5, "Action to be taken by another organisation": 4,
                "Offender given a caution": 3, "Awaiting court outcome": 3,
                "Further investigation is not in the public interest": 2,
                "Formal action is not in the public interest": 1, "Further action is not in the public interest": 1},
    "Violence and sexual offences": {UNABLE: 55, NO_SUSPECT: 14, "Court result unavailable": 8,
                                     "Awaiting court outcome": 5, "Local resolution": 4,
                                     "Action to be taken by another organisation": 4, "Offender given a caution": 4,
                                     "Status update unavailable": 4, "Further action is not in the public interest": 2},
    "acquisitive": {NO_SUSPECT: 72, UNABLE: 14, "Court result unavailable": 4, "Status update unavailable": 4,
                    "Local resolution": 2, "Awaiting court outcome": 2, "Offender given a caution": 1,
                    "Further investigation is not in the public interest": 1},
    "Shoplifting": {NO_SUSPECT: 35, UNABLE: 18, "Court result unavailable": 20, "Local resolution": 10,
                    "Offender given a caution": 6, "Awaiting court outcome": 6, "Status update unavailable": 5},
    "possession": {"Court result unavailable": 30, "Local resolution": 22, "Offender given a caution": 15,
                   "Awaiting court outcome": 10, UNABLE: 12, "Status update unavailable": 6,
                   "Formal action is not in the public interest": 5},
}
OUTCOME_GROUP = {"Burglary": "acquisitive", "Vehicle crime": "acquisitive", "Bicycle theft": "acquisitive",
                 "Other theft": "acquisitive", "Theft from the person": "acquisitive", "Robbery": "acquisitive",
                 "Drugs": "possession", "Possession of weapons": "possession"}

HEADER = ["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location", "LSOA code",
          "LSOA name", "Crime type", "Last outcome category", "Context"]
POPULATION_HEADER = [
    "LSOA code (2011)", "LSOA name (2011)", "Local Authority District code (2013)",
    "Local Authority District name (2013)", "Total population: mid 2012 (excluding prisoners)",
    "Dependent Children aged 0-15: mid 2012 (excluding prisoners)",
    "Population aged 16-59: mid 2012 (excluding prisoners)",
    "Older population aged 60 and over: mid 2012 (excluding prisoners)",
    "Working age population 18-59/64: for use with Employment Deprivation Domain (excluding prisoners) ",
    "", "", "", "", "", "", "",
]
POPULATION_FILE = "File_6_ID_2015_Population_denominators_Harrowdale.csv"


@dataclass
class Lsoa:
    code: str
    name: str
    column: int
    row: int
    ward: str
    points: list = field(default_factory=list)  # (place name, longitude, latitude)


@dataclass
class DemoFiles:
    """What write_demo_files wrote."""

    directory: Path
    boundaries: list  # wards, MSOAs, LSOAs: the order to import them in (any order works)
    population: Path
    police: Path
    months: list  # the months with a file, oldest first
    missing_month: datetime.date
    rows: dict  # month -> rows written


# Geography ----------------------------------------------------------------------------------------

class _Grid:
    """Jittered grid vertices, and a jittered midpoint on every edge, so that shapes built from
    cells share their borders exactly."""

    def __init__(self, rng):
        self.vertex = {(i, j): (i + rng.uniform(-0.28, 0.28), j + rng.uniform(-0.28, 0.28))
                       for i in range(COLUMNS + 1) for j in range(ROWS + 1)}
        # The midpoint of the edge from (i, j) east (h) or north (v), pushed sideways.
        self.east = {(i, j): rng.uniform(-0.15, 0.15) for i in range(COLUMNS) for j in range(ROWS + 1)}
        self.north = {(i, j): rng.uniform(-0.15, 0.15) for i in range(COLUMNS + 1) for j in range(ROWS)}

    def _mid(self, a, b, push, sideways):
        (x1, y1), (x2, y2) = self.vertex[a], self.vertex[b]
        x, y = (x1 + x2) / 2, (y1 + y2) / 2
        return (x, y + push) if sideways == "y" else (x + push, y)

    def ring(self, i0, j0, i1, j1):
        """The boundary of a block of cells, anticlockwise, as [lon, lat] positions."""
        points = []
        for i in range(i0, i1):  # south side, west to east
            points += [self.vertex[i, j0], self._mid((i, j0), (i + 1, j0), self.east[i, j0], "y")]
        for j in range(j0, j1):  # east side, northwards
            points += [self.vertex[i1, j], self._mid((i1, j), (i1, j + 1), self.north[i1, j], "x")]
        for i in range(i1, i0, -1):  # north side, westwards
            points += [self.vertex[i, j1], self._mid((i - 1, j1), (i, j1), self.east[i - 1, j1], "y")]
        for j in range(j1, j0, -1):  # west side, southwards
            points += [self.vertex[i0, j], self._mid((i0, j - 1), (i0, j), self.north[i0, j - 1], "x")]
        points.append(points[0])
        return [to_lonlat(x, y) for x, y in points]

    def inside(self, i, j, u, v):
        """A point of cell (i, j) by bilinear position u, v in 0..1 (well inside for 0.2..0.8)."""
        (ax, ay), (bx, by) = self.vertex[i, j], self.vertex[i + 1, j]
        (cx, cy), (dx, dy) = self.vertex[i, j + 1], self.vertex[i + 1, j + 1]
        x = (1 - v) * ((1 - u) * ax + u * bx) + v * ((1 - u) * cx + u * dx)
        y = (1 - v) * ((1 - u) * ay + u * by) + v * ((1 - u) * cy + u * dy)
        return to_lonlat(x, y)


def to_lonlat(x, y):
    return [round(WEST + x * CELL_LON, 6), round(SOUTH + y * CELL_LAT, 6)]


def _ward_of(i, j):
    return next(name for name, (i0, j0, i1, j1) in WARDS.items() if i0 <= i < i1 and j0 <= j < j1)


def _msoa_number(i, j):
    """ONS numbers MSOAs from the north of a district: 2 x 2 blocks of cells, rows of blocks from
    the top, west to east."""
    return (ROWS // 2 - 1 - j // 2) * (COLUMNS // 2) + i // 2 + 1


def _lsoas(rng, grid):
    cells = sorted(((i, j) for i in range(COLUMNS) for j in range(ROWS)),
                   key=lambda c: (_msoa_number(*c), -c[1], c[0]))
    lsoas, letters = [], {}
    for number, (i, j) in enumerate(cells, start=1):
        msoa = _msoa_number(i, j)
        letter = "ABCD"[letters.setdefault(msoa, 0)]
        letters[msoa] += 1
        lsoa = Lsoa(code=f"E01{999900 + number}", name=f"{DISTRICT} {msoa:03d}{letter}", column=i, row=j,
                    ward=_ward_of(i, j))
        places = TOWN_CENTRE_PLACES if lsoa.ward == TOWN_CENTRE_WARD else rng.sample(PLACES, rng.randint(1, 2))
        names = list(places) + rng.sample(STREETS, rng.randint(5, 8))
        lsoa.points = [(name, *grid.inside(i, j, rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.8))) for name in names]
        lsoas.append(lsoa)
    # Make sure each hotspot's place exists in one LSOA of its ward.
    for ward, place, _ in SHOPLIFTING_HOTSPOTS:
        in_ward = [lsoa for lsoa in lsoas if lsoa.ward == ward]
        if not any(name == place for lsoa in in_ward for name, _, _ in lsoa.points):
            host = in_ward[0]
            host.points.append((place, *grid.inside(host.column, host.row, 0.5, 0.5)))
    return lsoas


def _feature_collection(path, features):
    """GeoJSON laid out like the published files: one feature a line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(feature, separators=(", ", ": ")) for feature in features]
    path.write_text('{\n"type": "FeatureCollection",\n'
                    '"crs": { "type": "name", "properties": { "name": "urn:ogc:def:crs:OGC:1.3:CRS84" } },\n'
                    '"features": [\n' + ",\n".join(lines) + "\n]\n}\n", encoding="utf-8")
    return path


def _polygon(ring):
    return {"type": "Polygon", "coordinates": [ring]}


def _write_boundaries(directory, grid, lsoas):
    wards = [{"type": "Feature", "properties": {"WD13CD": f"E05{999900 + n}", "WD13CDO": f"99ZZ{chr(64 + n)}A",
                                                 "WD13NM": name, "WD13NMW": None},
              "geometry": _polygon(grid.ring(*WARDS[name]))}
             for n, name in enumerate(sorted(WARDS), start=1)]
    msoas = []
    for number in range(1, (COLUMNS // 2) * (ROWS // 2) + 1):
        bi, bj = (number - 1) % (COLUMNS // 2), ROWS // 2 - 1 - (number - 1) // (COLUMNS // 2)
        msoas.append({"type": "Feature",
                      "properties": {"MSOA11CD": f"E02{999900 + number}", "MSOA11NM": f"{DISTRICT} {number:03d}"},
                      "geometry": _polygon(grid.ring(2 * bi, 2 * bj, 2 * bi + 2, 2 * bj + 2))})
    features = [{"type": "Feature", "properties": {"LSOA11CD": lsoa.code, "LSOA11NM": lsoa.name},
                 "geometry": _polygon(grid.ring(lsoa.column, lsoa.row, lsoa.column + 1, lsoa.row + 1))}
                for lsoa in lsoas]
    root = directory / "boundaries"
    return [
        _feature_collection(root / "wards_by_lad" / f"{LAD_CODE}.json", wards),
        _feature_collection(root / "msoa_by_lad" / f"{LAD_CODE}.json", msoas),
        _feature_collection(root / "lsoa_by_lad" / f"{LAD_CODE}.json", features),
    ]


def _write_population(directory, rng, lsoas):
    path = directory / "population" / POPULATION_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(POPULATION_HEADER)
        for lsoa in lsoas:
            total = rng.randint(1150, 1550) if lsoa.ward == TOWN_CENTRE_WARD else rng.randint(1250, 1900)
            children = round(total * rng.uniform(0.14, 0.23))
            older = round(total * rng.uniform(0.15, 0.32))
            working = round((total - children - older * 0.9 - total * 0.025) * 4) / 4
            # csv quotes the numbers that have a thousands separator, as the real file does.
            writer.writerow([lsoa.code, lsoa.name, LAD_CODE, DISTRICT, f"{total:,}", f"{children:,}",
                             f"{total - children - older:,}", f"{older:,}", f"{working:g}"] + [""] * 7)
    return path


# Crime --------------------------------------------------------------------------------------------

def _poisson(rng, mean):
    if mean <= 0:
        return 0
    if mean > 40:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def _spread(lsoas, rng):
    """For each way of spreading rows over the district, each LSOA's share."""
    weights = {key: [] for key in ("urban", "night", "suburban", "asb")}
    for lsoa in lsoas:
        distance = math.hypot(lsoa.column + 0.5 - CENTRE[0], lsoa.row + 0.5 - CENTRE[1])
        urban = (0.6 + 2.0 * math.exp(-(distance / 2.2) ** 2)) * rng.uniform(0.75, 1.3)
        weights["urban"].append(urban)
        weights["night"].append(urban * (2.5 if lsoa.ward == TOWN_CENTRE_WARD else 1.0))
        weights["suburban"].append((0.8 + 0.6 * math.exp(-(distance / 3) ** 2)) * rng.uniform(0.7, 1.4))
        weights["asb"].append(urban * (1.6 if lsoa.ward == ASB_RISING_WARD else 1.0))
    return {key: [w / sum(values) for w in values] for key, values in weights.items()}


def _trend(crime_type, lsoa, years):
    """The yearly trend of a type in an LSOA, `years` from the latest month (negative: earlier)."""
    base, _, trend, _ = TYPES[crime_type]
    if crime_type == VIOLENCE and lsoa.ward == TOWN_CENTRE_WARD:
        trend = TOWN_CENTRE_VIOLENCE_TREND
    elif crime_type == ASB and lsoa.ward == ASB_RISING_WARD:
        trend = ASB_RISING_TREND
    return trend ** years


def _season(crime_type, month):
    return 1 + TYPES[crime_type][1] * math.cos(2 * math.pi * (month.month - 7) / 12)


def _outcome(rng, crime_type, months_back):
    if crime_type == ASB:
        return ""
    # Recent crimes are still being investigated; police.uk updates the outcome as cases close.
    if rng.random() < 0.5 * math.exp(-(months_back - 1) / 2.5) + 0.01:
        return UNDER_INVESTIGATION
    table = OUTCOMES.get(crime_type) or OUTCOMES[OUTCOME_GROUP.get(crime_type, "default")]
    return rng.choices(list(table), weights=list(table.values()))[0]


def _month_rows(rng, month, months_back, lsoas, spread, hotspots):
    """The rows of one month's file, in police.uk's order: by LSOA, rows without a location last."""
    label = f"{month:%Y-%m}"
    years = -(months_back - 1) / 12
    placed, unplaced = {lsoa.code: [] for lsoa in lsoas}, []

    def add(crime_type, lsoa, point=None):
        crime_id = "" if crime_type == ASB else f"{rng.getrandbits(256):064x}"
        outcome = _outcome(rng, crime_type, months_back)
        if lsoa is None:
            unplaced.append([crime_id, label, FORCE, FORCE, "", "", "No Location", "", "", crime_type, outcome, ""])
            return
        name, lon, lat = point or rng.choice(lsoa.points)
        placed[lsoa.code].append([crime_id, label, FORCE, FORCE, f"{lon:.6f}", f"{lat:.6f}", f"On or near {name}",
                                  lsoa.code, lsoa.name, crime_type, outcome, ""])

    for crime_type, (base, _, _, how) in TYPES.items():
        season = _season(crime_type, month)
        if how == "shops":
            for _ in range(_poisson(rng, base * season)):
                if rng.random() < sum(share for _, _, share in SHOPLIFTING_HOTSPOTS):
                    lsoa, point = rng.choices(hotspots, weights=[s for _, _, s in SHOPLIFTING_HOTSPOTS])[0]
                    add(crime_type, lsoa, point)
                else:
                    add(crime_type, rng.choices(lsoas, weights=spread["urban"])[0])
            continue
        for lsoa, share in zip(lsoas, spread[how]):
            for _ in range(_poisson(rng, base * share * season * _trend(crime_type, lsoa, years))):
                located = crime_type == ASB or rng.random() >= NO_LOCATION_SHARE
                add(crime_type, lsoa if located else None)
    rows = []
    for lsoa in sorted(lsoas, key=lambda lsoa: lsoa.name):
        block = placed[lsoa.code]
        rng.shuffle(block)
        rows += block
    return rows + unplaced


def _hotspots(lsoas):
    found = []
    for ward, place, _ in SHOPLIFTING_HOTSPOTS:
        found.append(next((lsoa, point) for lsoa in lsoas if lsoa.ward == ward
                          for point in lsoa.points if point[0] == place))
    return found


def _write_police(directory, rng, lsoas, today):
    root = directory / "police"
    spread = _spread(lsoas, rng)
    hotspots = _hotspots(lsoas)
    months = months_before(today, MONTHS)
    missing = months[MISSING_MONTH_BACK - 1]
    written = {}
    for months_back, month in sorted(enumerate(months, start=1), key=lambda pair: pair[1]):
        # Draw the month even when it is left out, so leaving it out changes no other month.
        rows = _month_rows(rng, month, months_back, lsoas, spread, hotspots)
        if month == missing:
            continue
        path = root / f"{month:%Y-%m}" / f"{month:%Y-%m}-{FORCE_SLUG}-street.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(HEADER)
            writer.writerows(rows)
        written[month] = len(rows)
    return root, written, missing


def write_demo_files(directory, *, today, seed=SEED):
    """Write Harrowdale's boundary, population and police.uk files under `directory` (created if
    need be). Returns a DemoFiles saying what is where."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    grid = _Grid(rng)
    lsoas = _lsoas(rng, grid)
    boundaries = _write_boundaries(directory, grid, lsoas)
    population = _write_population(directory, rng, lsoas)
    police, rows, missing = _write_police(directory, rng, lsoas, today)
    return DemoFiles(directory=directory, boundaries=boundaries, population=population, police=police,
                     months=sorted(rows), missing_month=missing, rows=rows)
