"""Street-level crime for an area fetched from the data.police.uk API and imported.

The API's crimes lack the force and the LSOA (ADR 15), so they are supplied here: the force is the
one asked about, and each point's LSOA is the stored LSOA boundary that contains it (or, because
stored boundaries are generalised, the nearest one within LSOA_TOLERANCE). A point no stored
boundary places stays without an LSOA, counted in the report. The rows are then written as a
police.uk street-level CSV and go through the importer like any file, so every check applies.
"""

import csv
import datetime
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError

from eunomia.crime.importer import import_police_files
from eunomia.crime.models import DataMonth
from eunomia.crime.policeuk_api import CSV_COLUMNS, MONTH
from eunomia.geography import geometry as shapes
from eunomia.geography.models import Area

# About 100 m north-south, 70 m east-west: more than the generalisation of stored boundaries moves
# an edge, less than the width of the smallest LSOA.
LSOA_TOLERANCE = 0.001
# LSOAs whose centroid is this far (in degrees) outside the area's box can still reach into it.
SEARCH_MARGIN = 0.2


@dataclass
class FetchReport:
    import_report: object
    fetched: dict
    without_lsoa: int
    empty_months: list


def polygons_of_geojson(data, name):
    """The outer rings of a GeoJSON geometry, feature or feature collection, as lists of (latitude,
    longitude) points, the order the API wants. Holes are left out: the API takes none."""
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        geometries = [feature.get("geometry") for feature in data.get("features") or []]
    elif isinstance(data, dict) and data.get("type") == "Feature":
        geometries = [data.get("geometry")]
    else:
        geometries = [data]
    rings = []
    for geometry in geometries:
        if not isinstance(geometry, dict) or geometry.get("type") not in shapes.GEOMETRY_TYPES:
            raise ValidationError(f"{name}: every feature must have a Polygon or MultiPolygon geometry")
        try:
            rings.extend([[(float(lat), float(lon)) for lon, lat, *_ in polygon[0]]
                          for polygon in shapes.polygons(geometry)])
        except (TypeError, ValueError, IndexError):
            raise ValidationError(f"{name}: a polygon's coordinates are not pairs of numbers") from None
    if not rings:
        raise ValidationError(f"{name}: holds no polygon")
    return rings


def polygons_of_lad(code):
    lad = Area.objects.filter(type=Area.Type.LAD, code=code).first()
    if lad is None:
        raise ValidationError(f"There is no local authority {code} in Eunomia; import the boundaries first")
    if not lad.geometry:
        raise ValidationError(f"The boundary of {lad.name} ({code}) is not held; import the boundaries first")
    return polygons_of_geojson(lad.geometry, f"The boundary of {lad.name} ({code})")


class LsoaLocator:
    """Finds the stored LSOA a point falls in, among the LSOAs near the area asked about."""

    def __init__(self, polygons):
        south = min(lat for ring in polygons for lat, _ in ring) - SEARCH_MARGIN
        north = max(lat for ring in polygons for lat, _ in ring) + SEARCH_MARGIN
        west = min(lon for ring in polygons for _, lon in ring) - SEARCH_MARGIN
        east = max(lon for ring in polygons for _, lon in ring) + SEARCH_MARGIN
        near = Area.objects.filter(type=Area.Type.LSOA, geometry__isnull=False,
                                   centroid_latitude__range=(south, north), centroid_longitude__range=(west, east))
        self.lsoas = [(lsoa.code, lsoa.name, lsoa.geometry, shapes.bounding_box(lsoa.geometry))
                      for lsoa in near.only("code", "name", "geometry")]

    def locate(self, lon, lat):
        """(code, name) of the LSOA holding the point, or ("", "")."""
        nearest, best = ("", ""), LSOA_TOLERANCE
        for code, name, geometry, (x0, y0, x1, y1) in self.lsoas:
            if not (x0 - best <= lon <= x1 + best and y0 - best <= lat <= y1 + best):
                continue
            if x0 <= lon <= x1 and y0 <= lat <= y1 and shapes.point_in_geometry(lon, lat, geometry):
                return code, name
            distance = shapes.distance_to_geometry(lon, lat, geometry)
            if distance <= best:
                nearest, best = (code, name), distance
        return nearest


def _force_name(client, force_id):
    forces = {force["id"]: force["name"] for force in client.forces()}
    if force_id not in forces:
        raise ValidationError(f"data.police.uk has no force {force_id!r}; the forces are: "
                              f"{', '.join(sorted(forces))}")
    return forces[force_id]


def fetch_and_import(*, by, client, force_id, months, polygons, label, replace=False, log=None):
    """Fetch each month's street crime in the polygons for the force, and import it. A month held
    already for the force is refused unless `replace`: the import would replace the force's whole
    month (from a police.uk file, say) with only this area's crimes."""
    log = log or (lambda message: None)
    for month in months:
        if not isinstance(month, str) or not MONTH.fullmatch(month):
            raise ValidationError(f"The month must look like 2025-01, not {month!r}")
    force_name = _force_name(client, force_id)
    if not replace:
        held = {dm.month.strftime("%Y-%m"): dm for dm in DataMonth.objects.filter(
            force__name=force_name, month__in=[datetime.date(int(m[:4]), int(m[5:]), 1) for m in months])}
        if held:
            raise ValidationError(
                f"{force_name} is already held for {', '.join(f'{m} (from {dm.source}, {dm.rows:,} rows)' for m, dm in sorted(held.items()))}. "
                f"Importing this area would replace the whole force's month with only the area's crimes; "
                f"add --replace if that is what you want")
    locator = LsoaLocator(polygons)
    fetched, without_lsoa, empty = {}, 0, []
    with tempfile.TemporaryDirectory(prefix="eunomia-police-api-") as folder:
        paths = []
        for month in months:
            rows = []
            for number, polygon in enumerate(polygons, start=1):
                log(f"Asking data.police.uk for {force_name} {month}, polygon {number} of {len(polygons)}")
                rows.extend(client.street_crime(polygon, month))
            fetched[month] = len(rows)
            if not rows:
                empty.append(month)
                continue
            for row in rows:
                row["Reported by"] = row["Falls within"] = force_name
                row["LSOA code"], row["LSOA name"] = locator.locate(float(row["Longitude"]), float(row["Latitude"]))
                without_lsoa += not row["LSOA code"]
            path = Path(folder) / f"data.police.uk-api_{force_id}_{month}_{label}.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS, lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
            paths.append(path)
        report = import_police_files(by=by, paths=paths) if paths else None
    return FetchReport(import_report=report, fetched=fetched, without_lsoa=without_lsoa, empty_months=empty)


def read_area_file(path):
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValidationError(f"{path.name}: cannot be read ({error.strerror or error})") from None
    except (ValueError, UnicodeDecodeError):
        raise ValidationError(f"{path.name}: is not GeoJSON (it cannot be read as JSON)") from None
    return polygons_of_geojson(data, path.name)
