"""Importing boundaries: one GeoJSON FeatureCollection of LSOAs, MSOAs, wards or districts, as the
ONS files (and their republished copies) lay them out. One transaction and one audit event a file;
a refused file saves nothing."""

import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from eunomia.audit import actions as audit
from eunomia.geography import geometry
from eunomia.geography.areas import KIND, areas_with_codes, ensure_lads, is_code, prefixes, refuse
from eunomia.geography.models import Area
from eunomia.geography.wards import assign_wards, link_lsoas_to_msoas

# About 7 m east-west and 11 m north-south in Kent: invisible on a map of LSOAs, and the
# generalised ONS boundaries are no more precise than that (ADR 0013).
SIMPLIFY_TOLERANCE = 0.0001

# Property names of ONS boundary files: LSOA11CD/LSOA11NM, MSOA21CD, WD13CD/WD13NM, LAD22CD...
_PROPERTY = re.compile(r"^(LSOA|MSOA|WD|LAD)(\d{2})(CD|NM)$", re.IGNORECASE)
_TYPE_OF_PREFIX = {"LSOA": Area.Type.LSOA, "MSOA": Area.Type.MSOA, "WD": Area.Type.WARD, "LAD": Area.Type.LAD}


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
        refuse(f"{name} is not UTF-8 text, so it cannot be GeoJSON")
    except OSError as error:
        refuse(f"{name} cannot be read: {error.strerror}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        refuse(f"{name} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}. "
                "Is the file complete?")
    kind = data.get("type") if isinstance(data, dict) else None
    if kind == "Topology":
        refuse(f"{name} is TopoJSON, not GeoJSON: import the GeoJSON copy of the boundaries", code="topojson")
    if kind != "FeatureCollection":
        refuse(f"{name} is not a GeoJSON FeatureCollection (its type is {kind or 'missing'})")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        refuse(f"{name} has no features")
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
    refuse(f"{name}: cannot tell what areas the file holds. Feature 1 should have an ONS code property "
            f"such as LSOA11CD, LSOA21CD, MSOA11CD, WD13CD or LAD21CD; its properties are: {found}")


def _check_geometry(shape, where):
    """Refuse anything that is not a well-formed Polygon or MultiPolygon in lon/lat."""
    if shape is None:
        return
    kind = shape.get("type") if isinstance(shape, dict) else None
    if kind not in geometry.GEOMETRY_TYPES:
        refuse(f"{where}: the geometry is {kind or 'not a GeoJSON geometry'}; expected a Polygon or MultiPolygon")
    coordinates = shape.get("coordinates")
    parts = [coordinates] if kind == "Polygon" else coordinates
    if not isinstance(parts, list) or not parts:
        refuse(f"{where}: the {kind} has no coordinates")
    for polygon in parts:
        if not isinstance(polygon, list) or not polygon:
            refuse(f"{where}: a polygon of the {kind} has no rings")
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4:
                refuse(f"{where}: a ring has fewer than 4 positions; a closed ring needs at least a triangle")
            for position in ring:
                if (not isinstance(position, list) or len(position) < 2
                        or not all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in position[:2])):
                    refuse(f"{where}: {json.dumps(position)[:40]} is not a position [longitude, latitude]")
                if not (-180 <= position[0] <= 180 and -90 <= position[1] <= 90):
                    refuse(f"{where}: {position[0]}, {position[1]} is not a longitude and latitude "
                            "(British National Grid metres?). Export the boundaries in WGS 84 (EPSG:4326)")
            if ring[0][:2] != ring[-1][:2]:
                refuse(f"{where}: a ring is not closed (its last position should repeat its first)")


def import_boundaries(*, by, path, area_type=None, lad_code=None):
    """Create or update the areas of one GeoJSON FeatureCollection. The kind of area and the
    boundary set come from the property names (LSOA11CD: LSOAs of 2011); the district from
    `lad_code`, a LADxxCD property, or a file named after it (lsoa_by_lad/E07000115.json)."""
    name = Path(path).name
    features = _read_feature_collection(path, name)
    layout = _layout(name, features)
    if area_type is not None and area_type != layout.type:
        refuse(f"{name} holds {KIND[layout.type][1]} boundaries ({layout.code_key}), not {KIND[area_type][1]} ones")
    if lad_code is not None and not is_code(lad_code, Area.Type.LAD):
        refuse(f"{lad_code} is not a local authority district code ({prefixes(Area.Type.LAD)} then 6 digits)")
    if layout.type == Area.Type.LAD and lad_code is not None:
        refuse(f"{name} holds local authority districts themselves; do not name a district for it")
    stem = Path(path).stem
    file_lad = stem if is_code(stem, Area.Type.LAD) else None

    parsed = {}
    for number, feature in enumerate(features, start=1):
        where = f"{name}, feature {number} of {len(features)}"
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            refuse(f"{where} is not a GeoJSON Feature with properties")
        code = properties.get(layout.code_key)
        if not isinstance(code, str) or not code.strip():
            refuse(f"{where} has no {layout.code_key} (the area's ONS code)")
        code = code.strip()
        if not is_code(code):
            refuse(f"{where}: {code!r} is not an ONS code (a letter E or W then 8 digits)")
        if not is_code(code, layout.type):
            refuse(f"{where}: {code} is not the code of {KIND[layout.type][0]} "
                    f"(those start {prefixes(layout.type)})")
        if code in parsed:
            refuse(f"{where}: {code} appears twice in the file")
        lad = None
        if layout.type != Area.Type.LAD:
            lad = lad_code or (properties.get(layout.lad_key) if layout.lad_key else None) or file_lad
            if not lad:
                refuse(f"{where}: cannot tell which local authority district {code} belongs to. "
                        "Name it (--lad E07000115) or name the file after it (E07000115.json)")
            if not is_code(lad, Area.Type.LAD):
                refuse(f"{where}: {lad!r} is not a local authority district code")
        shape = feature.get("geometry")
        _check_geometry(shape, where)
        area_name = properties.get(layout.name_key) if layout.name_key else None
        parsed[code] = (str(area_name).strip() if area_name else code, lad, shape)

    result = BoundaryImport(file=name, type=layout.type, vintage=layout.vintage,
                            lad_codes=sorted({lad for _, lad, _ in parsed.values() if lad}))
    with transaction.atomic():
        lads = ensure_lads(result.lad_codes)
        existing = {area.code: area for area in areas_with_codes(list(parsed))}
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
        result.linked_to_msoa = link_lsoas_to_msoas(lad_ids)
        result.wards_assigned, result.wards_by_nearest = assign_wards(lad_ids)
        district = lads[result.lad_codes[0]] if len(lads) == 1 else None
        audit.record(by=by, action="geography.boundaries_imported", obj=district, data=vars(result))
    return result


