"""The data.police.uk client and its polygon clipping.

The client is tested against responses recorded by hand in the API's documented format
(tests/crime/responses/README.md). They are served by a transport that fails the test on any
request that is not the next one expected, and urllib itself is made to fail the test if anything
reaches it, so no test can touch the network."""

import csv
import io
import json
import math
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from eunomia.crime.policeuk_api import CRIME_TYPES, CSV_COLUMNS, PoliceAPIError, PoliceUKClient, urllib_transport

RESPONSES = Path(__file__).resolve().parent / "responses"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
API = "https://data.police.uk/api/"
STREET = API + "crimes-street/all-crime"


class RecordedTransport:
    """Answers each request with the next recorded exchange, and fails the test if the request is
    not exactly the one recorded (method, URL and body)."""

    def __init__(self, scenario, exchanges=None):
        self.folder = RESPONSES / scenario
        if exchanges is None:
            exchanges = json.loads((self.folder / "exchanges.json").read_text(encoding="utf-8"))
        self.waiting = list(exchanges)
        self.requests = []

    def __call__(self, method, url, data):
        request = (method, url, None if data is None else data.decode("ascii"))
        self.requests.append(request)
        if not self.waiting:
            pytest.fail(f"Unexpected request, none left in {self.folder.name}: {request}")
        exchange = self.waiting.pop(0)
        expected = (exchange["method"], exchange["url"], exchange["body"])
        if request != expected:
            pytest.fail(f"Unexpected request in {self.folder.name}:\n  made     {request}\n  expected {expected}")
        body = (self.folder / exchange["file"]).read_bytes() if exchange["file"] else b""
        return exchange["status"], body


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(request, *args, **kwargs):
        pytest.fail(f"A test tried to reach the network: {request.get_method()} {request.full_url}")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


@pytest.fixture
def recorded():
    """recorded(scenario) -> a transport; at the end of the test every recorded exchange must have
    been asked for."""
    transports = []

    def make(scenario, exchanges=None):
        transports.append(RecordedTransport(scenario, exchanges))
        return transports[-1]

    yield make
    for transport in transports:
        assert transport.waiting == [], f"{transport.folder.name}: requests never made: {transport.waiting}"


def client_for(transport, **options):
    sleeps = []
    return PoliceUKClient(transport=transport, sleep=sleeps.append, **options), sleeps


def csv_rows(text):
    """Rows as police.uk's street-level CSV would hold them, through the csv module."""
    return list(csv.DictReader(io.StringIO(",".join(CSV_COLUMNS) + "\n" + text)))


# --- Forces and months --------------------------------------------------------------------------

def test_forces(recorded):
    transport = recorded("forces")
    client, _ = client_for(transport)
    forces = client.forces()
    assert transport.requests == [("GET", API + "forces", None)]
    assert len(forces) == 7
    assert forces[3] == {"id": "kent", "name": "Kent Police"}


def test_months_available_oldest_first(recorded):
    transport = recorded("months")
    client, _ = client_for(transport)
    assert client.available_months() == ["2025-09", "2025-10", "2025-11", "2025-12"]
    assert transport.requests == [("GET", API + "crimes-street-dates", None)]


# --- Street-level crime -------------------------------------------------------------------------

WEST_MALLING = [(51.2962, 0.4093), (51.2962, 0.4236), (51.3031, 0.4236), (51.3031, 0.4093)]


def test_street_crime_in_a_small_area_comes_back_as_csv_rows(recorded):
    transport = recorded("small_area")
    client, _ = client_for(transport)
    rows = client.street_crime(WEST_MALLING, "2025-01")
    assert transport.requests == [(
        "GET", STREET + "?date=2025-01&poly=51.2962,0.4093:51.2962,0.4236:51.3031,0.4236:51.3031,0.4093", None)]
    assert rows == csv_rows(
        ",2025-01,,,0.409995,51.297851,On or near Swan Street,,,Anti-social behaviour,,\n"
        "b18dc10e4fca14440a3f414df923a6b7816dc47f945587fba3b42d4e7626c0b5,2025-01,,,0.412834,51.301207,"
        "On or near West Street,,,Burglary,Investigation complete; no suspect identified,\n"
        "4e693c0257af534f4fa16500329f7bc77952c859635e60191b5e3f93502c3c64,2025-01,,,0.409803,51.295731,"
        "On or near Police Station,,,Violence and sexual offences,Unable to prosecute suspect,\n"
        "7ae4c025e452f2fa13e2ecf929765a933a36c9a5a8c414cd084fea432d29ea34,2025-01,,,0.412001,51.298602,"
        "On or near Supermarket,,,Shoplifting,Offender given a caution,\n"
        "54449a409fefef7e294168e24baeaaef6cc5282132781874b0c5aa75f1e2b658,2025-01,,,0.421760,51.302114,"
        "On or near Parking Area,,,Vehicle crime,Under investigation,\n")
    assert all(list(row) == list(CSV_COLUMNS) for row in rows)


def test_retired_categories_map_to_the_names_old_files_use(recorded):
    client, _ = client_for(recorded("legacy_categories"))
    rows = client.street_crime([(51.19, 0.26), (51.19, 0.29), (51.21, 0.29), (51.21, 0.26)], "2013-03")
    assert [(row["Crime ID"][:8], row["Crime type"]) for row in rows] == [
        ("55331e45", "Public disorder and weapons"),
        ("07eca47f", "Violence and sexual offences"),
        ("bce2e332", "Other crime"),
        ("", "Anti-social behaviour"),
    ]


def test_every_crime_type_in_the_real_kent_files_is_one_the_api_categories_map_to():
    if not SHARED.exists():
        pytest.skip("../shared/data is not beside the checkout")
    seen = set()
    for path in [SHARED / "gpscrime/data/2014-01/2014-01-kent-street.csv",
                 SHARED / "ml-foundations-portfolio/data/2025-12/2025-12-kent-street.csv"]:
        with path.open(encoding="utf-8-sig", newline="") as file:
            seen |= {row["Crime type"] for row in csv.DictReader(file)}
    assert len(seen) == 14
    assert seen <= set(CRIME_TYPES.values())
    assert len(set(CRIME_TYPES.values())) == len(CRIME_TYPES) == 15


NOTCHED = [(51.2, 0.2), (51.2, 0.6), (51.4, 0.6), (51.3, 0.4), (51.4, 0.2)]


def test_an_area_with_too_many_crimes_is_split_until_each_piece_answers(recorded):
    transport = recorded("split")
    client, sleeps = client_for(transport)
    rows = client.street_crime(NOTCHED, "2025-03")
    poly = STREET + "?date=2025-03&poly="
    # Quarters in the order south-west, south-east, north-west, north-east; the north-east one is
    # split again, and its north-west quarter, which the triangle only touches, is never asked for.
    assert [url for _, url, _ in transport.requests] == [
        poly + "51.2,0.2:51.2,0.6:51.4,0.6:51.3,0.4:51.4,0.2",
        poly + "51.3,0.2:51.2,0.2:51.2,0.4:51.3,0.4",
        poly + "51.2,0.4:51.2,0.6:51.3,0.6:51.3,0.4",
        poly + "51.3,0.2:51.3,0.4:51.4,0.2",
        poly + "51.3,0.4:51.3,0.6:51.4,0.6",
        poly + "51.35,0.5:51.3,0.4:51.3,0.5",
        poly + "51.35,0.5:51.3,0.5:51.3,0.6:51.35,0.6",
        poly + "51.35,0.5:51.35,0.6:51.4,0.6",
    ]
    # 17 crimes in the six answers; the five on the lines between pieces come once each.
    assert len(rows) == 12
    assert [row["Location"].removeprefix("On or near ") for row in rows] == [
        "Hadlow Road", "Brook Street", "Shopping Area", "Tonbridge Road", "Maidstone Road", "Mill Lane",
        "London Road", "Parking Area", "Station Road", "Church Lane", "Bus Station", "Petrol Station",
    ]
    assert len({row["Crime ID"] for row in rows if row["Crime ID"]}) == 11
    assert sleeps == []


def test_a_tiny_area_still_over_the_limit_is_a_clear_error(recorded):
    transport = recorded("too_dense")
    client, _ = client_for(transport, max_depth=2)
    with pytest.raises(PoliceAPIError) as raised:
        client.street_crime([(51.2, 0.2), (51.2, 0.6), (51.4, 0.6), (51.4, 0.2)], "2025-06")
    assert len(transport.requests) == 3
    assert str(raised.value) == (
        "data.police.uk still answered HTTP 503 for the area between latitudes 51.2 and 51.25 and longitudes "
        "0.2 and 0.3 after the polygon had been split 2 times. Either more than 10,000 crimes fall in that small "
        "area in 2025-06, or the service is unavailable; try again later. Last request: GET "
        + STREET + "?date=2025-06&poly=51.25,0.3:51.25,0.2:51.2,0.2:51.2,0.3")
    assert raised.value.status == 503


def test_a_polygon_too_long_for_a_url_is_posted(recorded):
    # An ellipse of 300 points round Kings Hill, written with six decimals as the client writes them.
    points = [(f"{51.27 + 0.02 * math.sin(2 * math.pi * i / 300):.6f}",
               f"{0.36 + 0.03 * math.cos(2 * math.pi * i / 300):.6f}") for i in range(300)]
    def short(text):
        return text.rstrip("0").rstrip(".")

    body = "date=2025-04&poly=" + ":".join(f"{short(lat)},{short(lng)}" for lat, lng in points)
    assert len(STREET) + 1 + len(body) > 4094
    transport = recorded("long_polygon", [
        {"method": "POST", "url": STREET, "body": body, "status": 200, "file": "crimes.json"}])
    client, _ = client_for(transport)
    rows = client.street_crime([(float(lat), float(lng)) for lat, lng in points], "2025-04")
    assert [row["Crime type"] for row in rows] == ["Other crime", "Anti-social behaviour"]
    assert transport.requests == [("POST", STREET, body)]


# --- Rate limit and errors --------------------------------------------------------------------

def test_too_many_requests_waits_longer_each_time_then_carries_on(recorded):
    transport = recorded("rate_limited")
    client, sleeps = client_for(transport)
    assert [force["id"] for force in client.forces()] == ["avon-and-somerset", "btp", "essex"]
    assert sleeps == [1, 2]
    assert transport.requests == [("GET", API + "forces", None)] * 3


def test_too_many_requests_every_time_gives_up_after_the_retries(recorded):
    transport = recorded("rate_limited_throughout")
    client, sleeps = client_for(transport, max_retries=2)
    with pytest.raises(PoliceAPIError) as raised:
        client.forces()
    assert str(raised.value) == ("data.police.uk still answered HTTP 429 (too many requests) to GET "
                                 "https://data.police.uk/api/forces after 2 retries; try again later.")
    assert sleeps == [1, 2]


def test_a_server_error_names_the_request_and_status(recorded):
    client, sleeps = client_for(recorded("server_error"))
    with pytest.raises(PoliceAPIError) as raised:
        client.forces()
    assert str(raised.value) == "data.police.uk answered HTTP 500 to GET https://data.police.uk/api/forces."
    assert (raised.value.url, raised.value.status) == ("https://data.police.uk/api/forces", 500)
    assert sleeps == []


def test_an_answer_that_is_not_json_is_an_error(recorded):
    client, _ = client_for(recorded("not_json"))
    with pytest.raises(PoliceAPIError) as raised:
        client.available_months()
    assert str(raised.value) == (
        "data.police.uk sent something that is not JSON in answer to GET https://data.police.uk/api/"
        "crimes-street-dates (it starts '<!DOCTYPE html>\\n<html lang=\"en\"><head><title>data.police.uk ').")


def test_an_unknown_crime_category_is_an_error_not_a_guess(recorded):
    client, _ = client_for(recorded("unknown_category"))
    with pytest.raises(PoliceAPIError) as raised:
        client.street_crime(WEST_MALLING[:3], "2025-02")
    assert str(raised.value) == (
        "data.police.uk sent crime 125020002 in a category Eunomia does not know, 'fraud', in answer to GET "
        + STREET + "?date=2025-02&poly=51.2962,0.4093:51.2962,0.4236:51.3031,0.4236.")


@pytest.mark.parametrize("polygon, month, message", [
    (WEST_MALLING, "2025-1", "The month must look like 2025-01, not '2025-1'."),
    (WEST_MALLING, "2025-13", "The month must look like 2025-01, not '2025-13'."),
    (WEST_MALLING[:2], "2025-01", "A polygon needs at least three distinct points; this one has 2."),
])
def test_bad_arguments_are_refused_before_any_request(polygon, month, message):
    def no_request(*args):
        pytest.fail("No request should be made")

    client, _ = client_for(no_request)
    with pytest.raises(ValueError) as raised:
        client.street_crime(polygon, month)
    assert str(raised.value) == message


def test_the_recorded_transport_fails_the_test_on_a_request_it_does_not_expect():
    transport = RecordedTransport("forces")
    with pytest.raises(pytest.fail.Exception, match="Unexpected request in forces"):
        transport("GET", API + "crimes-street-dates", None)


# --- The default transport, with urllib's opener replaced ---------------------------------------

class FakeResponse:
    status = 200

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def read(self):
        return b"[]"


def test_the_default_transport_names_eunomia_and_sets_a_timeout():
    sent = []

    def opener(request, timeout):
        sent.append((request, timeout))
        return FakeResponse()

    assert urllib_transport("POST", STREET, b"date=2025-01&poly=1,2:3,4:5,6", opener=opener) == (200, b"[]")
    request, timeout = sent[0]
    assert timeout == 120
    assert request.get_method() == "POST"
    assert request.full_url == STREET
    assert request.data == b"date=2025-01&poly=1,2:3,4:5,6"
    assert request.get_header("User-agent").startswith("Eunomia")
    assert request.get_header("Content-type") == "application/x-www-form-urlencoded"


def test_the_default_transport_returns_http_errors_and_raises_when_there_is_no_answer():
    def http_error(request, timeout):
        raise urllib.error.HTTPError(request.full_url, 503, "Service Unavailable", {}, io.BytesIO(b""))

    def unreachable(request, timeout):
        raise urllib.error.URLError("Name or service not known")

    assert urllib_transport("GET", API + "forces", None, opener=http_error) == (503, b"")
    with pytest.raises(PoliceAPIError) as raised:
        urllib_transport("GET", API + "forces", None, opener=unreachable)
    assert str(raised.value) == ("Could not reach data.police.uk for GET https://data.police.uk/api/forces: "
                                 "Name or service not known.")
