"""fetch_police_data: street crime for an area from data.police.uk (recorded responses, no
network), with the force supplied and each point's LSOA found in the stored boundaries."""

import json
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from eunomia.crime.importer import import_police_files
from eunomia.crime.models import CrimeRecord, DataMonth
from eunomia.geography.models import Area
from tests.crime.test_importer import row, write_csv

RESPONSES = Path(__file__).resolve().parent / "responses"
# The polygon the small_area responses were recorded for, as GeoJSON (longitude, latitude).
SMALL_AREA = [[0.4093, 51.2962], [0.4236, 51.2962], [0.4236, 51.3031], [0.4093, 51.3031], [0.4093, 51.2962]]


class Recorded:
    """Serves the recorded exchanges of the scenarios given, in order; any other request fails."""

    def __init__(self, *scenarios):
        self.waiting = [(RESPONSES / scenario, exchange) for scenario in scenarios
                        for exchange in json.loads((RESPONSES / scenario / "exchanges.json").read_text())]

    def __call__(self, method, url, data):
        assert self.waiting, f"unexpected request {method} {url}"
        folder, exchange = self.waiting.pop(0)
        assert (method, url, data) == (exchange["method"], exchange["url"], exchange["body"])
        return exchange["status"], (folder / exchange["file"]).read_bytes() if exchange["file"] else b""


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(request, *args, **kwargs):
        pytest.fail(f"A test tried to reach the network: {request.full_url}")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def box(west, south, east, north):
    return {"type": "Polygon", "coordinates": [[[west, south], [east, south], [east, north], [west, north],
                                                [west, south]]]}


@pytest.fixture
def lsoas(db):
    """Two LSOAs side by side over the small area. The violence at 51.295731, 0.409803 is 130 m south
    of the western one (too far to place); the shoplifting at 51.298602, 0.412001 is 40 m south of
    the eastern one (within the tolerance for generalised boundaries)."""
    lad = Area.objects.create(code="E07000115", name="Tonbridge and Malling", type=Area.Type.LAD,
                              geometry=box(0.40, 51.29, 0.43, 51.31))
    west = Area.objects.create(code="E01024701", name="Tonbridge and Malling 001A", type=Area.Type.LSOA, lad=lad,
                               geometry=box(0.4090, 51.2970, 0.4110, 51.3040), centroid_longitude=0.41,
                               centroid_latitude=51.3005)
    east = Area.objects.create(code="E01024702", name="Tonbridge and Malling 001B", type=Area.Type.LSOA, lad=lad,
                               geometry=box(0.4110, 51.2990, 0.4240, 51.3040), centroid_longitude=0.4175,
                               centroid_latitude=51.3015)
    return west, east


def fetch(transport, *args):
    out, err = StringIO(), StringIO()
    call_command("fetch_police_data", *args, transport=transport, stdout=out, stderr=err)
    return out.getvalue()


def test_a_month_for_an_area_file_is_fetched_placed_and_imported(lsoas, tmp_path):
    area = tmp_path / "west-malling.geojson"
    area.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [SMALL_AREA]}}]}))
    transport = Recorded("forces", "small_area")

    output = fetch(transport, "--force", "kent", "--month", "2025-01", "--area-file", str(area))

    assert transport.waiting == []
    assert "2025-01: 5 crimes from data.police.uk" in output
    assert "1 crimes fall in no stored LSOA boundary" in output
    assert "Imported Kent Police 2025-01: 5 rows" in output
    month = DataMonth.objects.get()
    assert (month.force.name, month.rows, month.rows_without_location) == ("Kent Police", 5, 0)
    assert month.source == "data.police.uk-api_kent_2025-01_west-malling.csv"
    placed = dict(CrimeRecord.objects.values_list("crime_type__name", "lsoa_code"))
    assert placed == {
        "Anti-social behaviour": "E01024701",
        "Burglary": "E01024702",
        "Shoplifting": "E01024702",
        "Vehicle crime": "E01024702",
        "Violence and sexual offences": "",
    }


def test_a_district_s_stored_boundary_is_the_area(lsoas, monkeypatch):
    # The district's box is not the recorded polygon, so the request is checked here by shape only.
    requests = []
    recorded = Recorded("forces", "small_area")

    def transport(method, url, data):
        requests.append(url)
        if "crimes-street" in url:
            assert "poly=51.29,0.4:51.29,0.43:51.31,0.43:51.31,0.4" in url
            url = recorded.waiting[0][1]["url"]
        return recorded(method, url, data)

    output = fetch(transport, "--force", "kent", "--month", "2025-01", "--lad", "E07000115")
    assert "Imported Kent Police 2025-01: 5 rows" in output and len(requests) == 2


def test_a_month_held_from_a_file_is_not_replaced_without_replace(lsoas, tmp_path, system_user):
    write_csv(tmp_path / "kent.csv", [row(month="2025-01", force="Kent Police")])
    import_police_files(by=system_user, paths=[tmp_path / "kent.csv"])
    area = tmp_path / "area.geojson"
    area.write_text(json.dumps({"type": "Polygon", "coordinates": [SMALL_AREA]}))

    with pytest.raises(CommandError, match=r"Kent Police is already held for 2025-01 \(from kent.csv, 1 rows\).*"
                                           r"add --replace"):
        fetch(Recorded("forces"), "--force", "kent", "--month", "2025-01", "--area-file", str(area))
    assert DataMonth.objects.get().source == "kent.csv"

    output = fetch(Recorded("forces", "small_area"), "--force", "kent", "--month", "2025-01", "--area-file",
                   str(area), "--replace")
    assert "5 rows (replaced the earlier import)" in output
    assert DataMonth.objects.get().rows == 5


@pytest.mark.parametrize("args, message", [
    (["--force", "kent", "--month", "2025-1", "--lad", "E07000115"], "The month must look like 2025-01"),
    (["--force", "kent", "--month", "2025-01", "--lad", "E07000116"], "There is no local authority E07000116"),
    (["--force", "nowhere", "--month", "2025-01", "--lad", "E07000115"], "data.police.uk has no force 'nowhere'"),
])
def test_bad_arguments_are_refused_in_plain_words(lsoas, args, message):
    transport = Recorded("forces")
    with pytest.raises(CommandError, match=message):
        fetch(transport, *args)
    assert not DataMonth.objects.exists()


def test_an_area_file_that_is_not_geojson_is_refused(db, tmp_path):
    area = tmp_path / "area.geojson"
    area.write_text("not json")
    with pytest.raises(CommandError, match="area.geojson: is not GeoJSON"):
        fetch(Recorded(), "--force", "kent", "--month", "2025-01", "--area-file", str(area))
    area.write_text(json.dumps({"type": "Point", "coordinates": [0.4, 51.3]}))
    with pytest.raises(CommandError, match="must have a Polygon or MultiPolygon"):
        fetch(Recorded(), "--force", "kent", "--month", "2025-01", "--area-file", str(area))


def test_an_api_failure_is_reported_and_nothing_is_imported(lsoas):
    with pytest.raises(CommandError, match="HTTP 500"):
        fetch(Recorded("server_error"), "--force", "kent", "--month", "2025-01", "--lad", "E07000115")
    assert not DataMonth.objects.exists()
