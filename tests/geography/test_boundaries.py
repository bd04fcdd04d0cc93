"""Importing boundaries from GeoJSON: the real Kent files, and files that must be refused."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from eunomia.audit.models import AuditEvent
from eunomia.geography import actions, geometry
from eunomia.geography.models import Area
from tests.geography.conftest import KENT, LSOA_DIR, MSOA_DIR, TONBRIDGE, WARD_DIR, feature, square

pytestmark = pytest.mark.django_db

LAD = "E07000999"


def lsoa(code, name, x, y, size=0.01):
    return feature({"LSOA11CD": code, "LSOA11NM": name}, square(x, y, size))


def rectangle(x0, y0, x1, y1):
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def small_district(write_geojson):
    """Two wards side by side (west and east of longitude 0.02), two MSOAs and three LSOAs."""
    return {
        "lsoa": write_geojson(f"lsoa_{LAD}.json", [
            lsoa("E01999001", "Testshire 001A", 0.0, 51.0),
            lsoa("E01999002", "Testshire 001B", 0.0, 51.01),
            lsoa("E01999003", "Testshire 002A", 0.03, 51.0),
        ]),
        "msoa": write_geojson(f"msoa_{LAD}.json", [
            feature({"MSOA11CD": "E02999001", "MSOA11NM": "Testshire 001"}, rectangle(0, 51, 0.01, 51.02)),
            feature({"MSOA11CD": "E02999002", "MSOA11NM": "Testshire 002"}, square(0.03, 51.0, 0.01)),
        ]),
        "ward": write_geojson(f"ward_{LAD}.json", [
            feature({"WD13CD": "E05999001", "WD13CDO": "99XXAA", "WD13NM": "West"}, rectangle(0, 51, 0.02, 51.05)),
            feature({"WD13CD": "E05999002", "WD13CDO": "99XXAB", "WD13NM": "East"}, rectangle(0.02, 51, 0.05, 51.05)),
        ]),
    }


def test_small_district_links_lsoas_to_msoas_and_wards_in_any_order(write_geojson, system_user):
    files = small_district(write_geojson)
    for kind in ("ward", "lsoa", "msoa"):
        actions.import_boundaries(by=system_user, path=files[kind], lad_code=LAD)
    lad = Area.objects.get(code=LAD)
    assert (lad.type, lad.name, lad.lad, lad.vintage) == ("lad", LAD, None, None)
    first = Area.objects.get(code="E01999001")
    assert (first.type, first.name, first.vintage, first.lad) == ("lsoa", "Testshire 001A", 2011, lad)
    assert first.parent.code == "E02999001"
    assert Area.objects.get(code="E01999003").parent.code == "E02999002"
    assert {a.code: a.ward.name for a in Area.objects.filter(type="lsoa")} == {
        "E01999001": "West", "E01999002": "West", "E01999003": "East"}
    assert (first.centroid_longitude, first.centroid_latitude) == pytest.approx((0.005, 51.005))
    msoa, ward = Area.objects.get(code="E02999001"), Area.objects.get(code="E05999001")
    assert (msoa.parent, msoa.lad, ward.parent, ward.lad, ward.vintage) == (lad, lad, lad, lad, 2013)


def test_a_centroid_in_no_ward_takes_the_nearest(write_geojson, system_user):
    files = small_district(write_geojson)
    actions.import_boundaries(by=system_user, path=files["lsoa"], lad_code=LAD)
    outside = write_geojson("far.json", [lsoa("E01999009", "Testshire 009A", 0.06, 51.06)])
    actions.import_boundaries(by=system_user, path=outside, lad_code=LAD)
    result = actions.import_boundaries(by=system_user, path=files["ward"], lad_code=LAD)
    assert Area.objects.get(code="E01999009").ward.name == "East"
    assert (result.wards_assigned, result.wards_by_nearest) == (4, 1)


def test_reimport_updates_and_never_duplicates(write_geojson, system_user):
    path = write_geojson(f"{LAD}.json", [lsoa("E01999001", "Testshire 001A", 0.0, 51.0)])
    first = actions.import_boundaries(by=system_user, path=path)
    path = write_geojson(f"{LAD}.json", [lsoa("E01999001", "Testshire 001A renamed", 1.0, 52.0),
                                         lsoa("E01999002", "Testshire 001B", 0.0, 51.0)])
    second = actions.import_boundaries(by=system_user, path=path)
    assert (first.created, first.updated, second.created, second.updated) == (1, 0, 1, 1)
    area = Area.objects.get(code="E01999001")
    assert area.name == "Testshire 001A renamed"
    assert area.centroid_longitude == pytest.approx(1.005)
    assert Area.objects.count() == 3
    events = AuditEvent.objects.filter(action="geography.boundaries_imported").order_by("id")
    assert [e.data["created"] for e in events] == [1, 1]
    assert events[0].data["file"] == f"{LAD}.json" and events[0].data["type"] == "lsoa"


def test_layouts_are_told_apart_by_their_property_names(write_geojson, system_user):
    cases = [
        ("LSOA21CD", "LSOA21NM", "E01999001", "lsoa", 2021),
        ("MSOA21CD", "MSOA21NM", "E02999001", "msoa", 2021),
        ("WD22CD", "WD22NM", "E05999001", "ward", 2022),
        ("lad21cd", "lad21nm", "E07000998", "lad", 2021),
    ]
    for code_key, name_key, code, kind, vintage in cases:
        one = feature({code_key: code, name_key: f"{kind} one"}, square(0, 51, 0.1))
        path = write_geojson(f"{code_key}.json", [one])
        result = actions.import_boundaries(by=system_user, path=path, lad_code=None if kind == "lad" else LAD)
        area = Area.objects.get(code=code)
        assert (result.type, result.vintage) == (kind, vintage)
        assert (area.type, area.vintage, area.name) == (kind, vintage, f"{kind} one")


def test_a_lad_code_property_places_each_feature(write_geojson, system_user):
    path = write_geojson("lookup.json", [
        feature({"LSOA21CD": "E01999001", "LSOA21NM": "A 001A", "LAD21CD": "E07000997"}, square(0, 51, 0.1)),
        feature({"LSOA21CD": "E01999002", "LSOA21NM": "B 001A", "LAD21CD": "E07000998"}, square(1, 51, 0.1)),
    ])
    result = actions.import_boundaries(by=system_user, path=path)
    assert result.lad_codes == ["E07000997", "E07000998"]
    assert Area.objects.get(code="E01999002").lad.code == "E07000998"


def test_lad_placeholder_name_is_kept_until_a_real_name_arrives(write_geojson, system_user):
    actions.import_boundaries(by=system_user, path=write_geojson(f"{LAD}.json", [lsoa("E01999001", "T 001A", 0, 51)]))
    assert Area.objects.get(code=LAD).name == LAD
    districts = write_geojson("lads.json", [feature({"LAD13CD": LAD, "LAD13NM": "Testshire"}, square(0, 51, 1))])
    actions.import_boundaries(by=system_user, path=districts)
    assert Area.objects.get(code=LAD).name == "Testshire"


# Refusals ------------------------------------------------------------------------------------

def refusal(path, **options):
    """The messages of a refused import, after checking nothing was saved."""
    before = (Area.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as raised:
        actions.import_boundaries(by=None, path=path, **options)
    assert (Area.objects.count(), AuditEvent.objects.count()) == before
    return " ".join(raised.value.messages)


def test_refuses_a_file_that_is_not_json(tmp_path):
    path = tmp_path / "E07000115.json"
    path.write_text("LSOA11CD,LSOA11NM\nE01024717,Tonbridge and Malling 005A\n")
    assert "E07000115.json is not valid JSON" in refusal(path)


def test_refuses_a_truncated_file(tmp_path, write_geojson):
    whole = write_geojson(f"{LAD}.json", [lsoa("E01999001", "T 001A", 0, 51), lsoa("E01999002", "T 001B", 1, 51)])
    path = tmp_path / "truncated.json"
    path.write_text(whole.read_text()[:-40])
    message = refusal(path)
    assert "truncated.json is not valid JSON" in message and "Is the file complete?" in message


def test_refuses_non_utf8(tmp_path):
    path = tmp_path / "latin.json"
    path.write_bytes('{"type": "FeatureCollection", "name": "Ashford caf\xe9"}'.encode("latin-1"))
    assert "latin.json is not UTF-8 text" in refusal(path)


@pytest.mark.parametrize("content, expected", [
    ({"type": "Feature", "properties": {}}, "not a GeoJSON FeatureCollection (its type is Feature)"),
    ([1, 2, 3], "not a GeoJSON FeatureCollection (its type is missing)"),
    ({"type": "FeatureCollection", "features": []}, "has no features"),
    ({"type": "Topology", "objects": {}}, "is TopoJSON, not GeoJSON"),
])
def test_refuses_json_that_is_not_a_feature_collection(tmp_path, content, expected):
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(content))
    assert expected in refusal(path)


def test_refuses_a_feature_without_a_code_naming_it(write_geojson):
    path = write_geojson(f"{LAD}.json", [lsoa("E01999001", "T 001A", 0, 51),
                                          feature({"LSOA11NM": "T 001B"}, square(1, 51, 0.1)),
                                          lsoa("E01999003", "T 001C", 2, 51)])
    assert f"{LAD}.json, feature 2 of 3 has no LSOA11CD" in refusal(path)


def test_refuses_an_unknown_property_layout(write_geojson):
    path = write_geojson(f"{LAD}.json", [feature({"id": 7, "label": "Somewhere"}, square(0, 51, 0.1))])
    message = refusal(path)
    assert "cannot tell what areas the file holds" in message and "id, label" in message


@pytest.mark.parametrize("code, expected", [
    ("E0199900", "'E0199900' is not an ONS code"),
    ("S01000001", "'S01000001' is not an ONS code"),
    ("E05999001", "E05999001 is not the code of an LSOA (those start E01 or W01)"),
])
def test_refuses_an_invalid_code(write_geojson, code, expected):
    path = write_geojson(f"{LAD}.json", [lsoa("E01999001", "T 001A", 0, 51), lsoa(code, "T 001B", 1, 51)])
    message = refusal(path)
    assert f"{LAD}.json, feature 2 of 2: " in message and expected in message


def test_refuses_a_repeated_code(write_geojson):
    path = write_geojson(f"{LAD}.json", [lsoa("E01999001", "T 001A", 0, 51), lsoa("E01999001", "T 001A", 1, 51)])
    assert "feature 2 of 2: E01999001 appears twice" in refusal(path)


def test_refuses_areas_whose_district_cannot_be_told(write_geojson):
    path = write_geojson("lsoas.json", [lsoa("E01999001", "T 001A", 0, 51)])
    assert "cannot tell which local authority district E01999001 belongs to" in refusal(path)
    assert "not a local authority district code" in refusal(path, lad_code="E01999001")


def test_refuses_british_national_grid_coordinates(write_geojson):
    path = write_geojson(f"{LAD}.json", [lsoa("E01999001", "T 001A", 561000, 156000, 100)])
    assert "561000, 156000 is not a longitude and latitude" in refusal(path)


@pytest.mark.parametrize("shape, expected", [
    ({"type": "Point", "coordinates": [0, 51]}, "the geometry is Point; expected a Polygon or MultiPolygon"),
    ({"type": "Polygon", "coordinates": [[[0, 51], [1, 51], [1, 52], [0, 52]]]}, "a ring is not closed"),
    ({"type": "Polygon", "coordinates": [[[0, 51], [1, 51], [0, 51]]]}, "fewer than 4 positions"),
    ({"type": "Polygon", "coordinates": [[[0, 51], ["x", 51], [1, 52], [0, 51]]]}, "is not a position"),
    ({"type": "MultiPolygon", "coordinates": []}, "the MultiPolygon has no coordinates"),
])
def test_refuses_malformed_geometry(write_geojson, shape, expected):
    path = write_geojson(f"{LAD}.json", [feature({"LSOA11CD": "E01999001", "LSOA11NM": "T 001A"}, geometry=shape)])
    assert expected in refusal(path)


def test_a_feature_without_geometry_is_kept_without_a_centroid(write_geojson, system_user):
    path = write_geojson(f"{LAD}.json", [feature({"LSOA11CD": "E01999001", "LSOA11NM": "T 001A"})])
    actions.import_boundaries(by=system_user, path=path)
    area = Area.objects.get(code="E01999001")
    assert (area.geometry, area.centroid_longitude) == (None, None)


def test_refuses_a_file_of_another_kind_than_asked(write_geojson):
    path = write_geojson(f"{LAD}.json", [lsoa("E01999001", "T 001A", 0, 51)])
    assert "holds LSOA boundaries (LSOA11CD), not ward ones" in refusal(
        path, area_type="ward")


# The real Kent files -------------------------------------------------------------------------

def features_of(path):
    return json.loads(path.read_text())["features"]


@pytest.fixture
def tonbridge(shared_data, system_user):
    results = [actions.import_boundaries(by=system_user, path=folder / f"{TONBRIDGE}.json")
               for folder in (LSOA_DIR, MSOA_DIR, WARD_DIR)]
    return results


def test_real_tonbridge_and_malling_boundaries(tonbridge):
    lsoas, msoas, wards = (Area.objects.filter(type=kind, lad__code=TONBRIDGE) for kind in ("lsoa", "msoa", "ward"))
    # PROVENANCE.md: 72 LSOAs, 13 MSOAs and 26 wards.
    assert (lsoas.count(), msoas.count(), wards.count()) == (72, 13, 26)
    assert [(r.type, r.vintage, r.created) for r in tonbridge] == [("lsoa", 2011, 72), ("msoa", 2011, 13),
                                                                   ("ward", 2013, 26)]
    assert set(lsoas.values_list("vintage", flat=True)) == {2011}
    assert Area.objects.filter(type="lad").count() == 1


def test_real_lsoas_lie_in_the_msoa_their_name_says(tonbridge):
    msoa_names = {f["properties"]["MSOA11CD"]: f["properties"]["MSOA11NM"]
                  for f in features_of(MSOA_DIR / f"{TONBRIDGE}.json")}
    expected = {}
    for f in features_of(LSOA_DIR / f"{TONBRIDGE}.json"):
        name = f["properties"]["LSOA11NM"]
        expected[f["properties"]["LSOA11CD"]] = next(code for code, msoa in msoa_names.items() if msoa == name[:-1])
    assert dict(Area.objects.filter(type="lsoa").values_list("code", "parent__code")) == expected
    assert tonbridge[1].linked_to_msoa == 72


def test_every_real_lsoa_gets_the_ward_its_centroid_lies_in(tonbridge):
    wards = {f["properties"]["WD13CD"]: f["geometry"] for f in features_of(WARD_DIR / f"{TONBRIDGE}.json")}
    lsoas = Area.objects.filter(type="lsoa")
    assert lsoas.filter(ward=None).count() == 0
    assert tonbridge[2].wards_assigned == 72 and tonbridge[2].wards_by_nearest == 0
    for area in lsoas.select_related("ward"):
        # Checked against the original, unsimplified ward boundaries.
        assert geometry.point_in_geometry(area.centroid_longitude, area.centroid_latitude, wards[area.ward.code]), area
        assert geometry.point_in_geometry(area.centroid_longitude, area.centroid_latitude, area.geometry), area
    assert len({area.ward_id for area in lsoas}) >= 20


def test_real_geometries_are_simplified_but_still_valid(tonbridge):
    originals = {f["properties"]["LSOA11CD"]: f["geometry"] for f in features_of(LSOA_DIR / f"{TONBRIDGE}.json")}

    def points(shape):
        return sum(len(ring) for part in geometry.polygons(shape) for ring in part)

    stored = dict(Area.objects.filter(type="lsoa").values_list("code", "geometry"))
    assert sum(map(points, stored.values())) < sum(map(points, originals.values()))
    for code, shape in stored.items():
        assert shape["type"] == originals[code]["type"]
        assert len(geometry.polygons(shape)) == len(geometry.polygons(originals[code]))
        for part in geometry.polygons(shape):
            for ring in part:
                assert ring[0] == ring[-1] and len(ring) >= 4
        original_area = sum(map(geometry.polygon_area, geometry.polygons(originals[code])))
        assert sum(map(geometry.polygon_area, geometry.polygons(shape))) == pytest.approx(original_area, rel=0.02)


def test_reimporting_the_real_files_changes_nothing(tonbridge, system_user):
    def state():
        return list(Area.objects.order_by("code").values_list("code", "parent_id", "ward_id", "centroid_longitude"))

    before = state()
    again = actions.import_boundaries(by=system_user, path=LSOA_DIR / f"{TONBRIDGE}.json")
    assert (again.created, again.updated, again.linked_to_msoa, again.wards_assigned) == (0, 72, 0, 0)
    assert state() == before


def test_the_real_topojson_copy_is_refused(shared_data):
    assert "is TopoJSON, not GeoJSON" in refusal(LSOA_DIR / f"topo_{TONBRIDGE}.json")


# The command ---------------------------------------------------------------------------------

def test_command_imports_a_folder_and_skips_topojson(shared_data, capsys):
    call_command("import_boundaries", str(MSOA_DIR), str(WARD_DIR / f"{TONBRIDGE}.json"))
    out = capsys.readouterr().out
    assert "E07000115.json: 13 msoa areas created, 0 updated (2011 boundaries, district E07000115)" in out
    assert "E07000115.json: 26 ward areas created" in out
    # PROVENANCE.md: the 13 Kent districts' MSOA files hold 220 MSOAs between them.
    assert Area.objects.filter(type="msoa").count() == 220 == sum(
        len(features_of(MSOA_DIR / f"{code}.json")) for code in KENT)
    call_command("import_boundaries", str(LSOA_DIR))
    out = capsys.readouterr().out
    assert "topo_E07000115.json: skipped, TopoJSON" in out
    assert "E07000115.json: 72 lsoa areas created, 0 updated (2011 boundaries, district E07000115); " \
           "72 LSOAs linked to their MSOA, 72 given a ward" in out
    assert Area.objects.filter(type="lsoa").count() == 1065


def test_command_reports_refused_files_and_carries_on(write_geojson, tmp_path, capsys):
    good = write_geojson(f"{LAD}.json", [lsoa("E01999001", "T 001A", 0, 51)])
    bad = tmp_path / "E07000998.json"
    bad.write_text("{")
    with pytest.raises(CommandError, match="1 of 2 files refused"):
        call_command("import_boundaries", str(bad), str(good))
    assert "E07000998.json is not valid JSON" in capsys.readouterr().err
    assert Area.objects.filter(type="lsoa").count() == 1
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_boundaries", str(tmp_path / "missing.json"))
