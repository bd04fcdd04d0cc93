"""Helpers for the geography tests: where the real Kent files are, and small GeoJSON and CSV
files written for a test."""

import json
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
GEOJSON = SHARED / "uk-geojson-martinjc" / "json"
LSOA_DIR = GEOJSON / "statistical" / "eng" / "lsoa_by_lad"
MSOA_DIR = GEOJSON / "statistical" / "eng" / "msoa_by_lad"
WARD_DIR = GEOJSON / "electoral" / "eng" / "wards_by_lad"
POPULATION = SHARED / "thrive-fidelity" / "data" / "File_6_ID_2015_Population_denominators.csv"
POLICE_2025 = SHARED / "ml-foundations-portfolio" / "data"
TONBRIDGE = "E07000115"
# The 13 districts of the Kent Police area (PROVENANCE.md).
KENT = ["E06000035", "E07000105", "E07000106", "E07000107", "E07000108", "E07000109", "E07000110",
        "E07000111", "E07000112", "E07000113", "E07000114", "E07000115", "E07000116"]


@pytest.fixture
def shared_data():
    if not SHARED.exists():
        pytest.skip("../shared/data is not beside the checkout")
    return SHARED


def square(x, y, size=1.0):
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


def feature(properties, ring=None, geometry=None):
    if geometry is None and ring is not None:
        geometry = {"type": "Polygon", "coordinates": [ring]}
    return {"type": "Feature", "properties": properties, "geometry": geometry}


@pytest.fixture
def write_geojson(tmp_path):
    def write(name, features, **extra):
        path = tmp_path / name
        path.write_text(json.dumps({"type": "FeatureCollection", "features": features, **extra}))
        return path

    return write


POPULATION_HEADER = ("LSOA code (2011),LSOA name (2011),Local Authority District code (2013),"
                     "Local Authority District name (2013),Total population: mid 2012 (excluding prisoners),"
                     "Dependent Children aged 0-15: mid 2012 (excluding prisoners),,,")


@pytest.fixture
def write_population(tmp_path):
    """A population CSV like the real one: byte-order mark, quoted thousands, trailing empty columns."""
    def write(rows, header=POPULATION_HEADER, name="population.csv", bom=True, encoding="utf-8"):
        path = tmp_path / name
        text = "\n".join([header, *rows]) + "\n"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
        return path

    return write
