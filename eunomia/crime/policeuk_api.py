"""A client for the data.police.uk API: the forces, the months published, and street-level crime
inside a polygon. Crimes come back as rows shaped like the police.uk street-level CSV files, so
the importer that reads those files can take them too. ADR 15 records what the client relies on.

The network is reached only through a transport, a callable `(method, url, data) -> (status,
body)`. The default uses urllib; the tests give it recorded responses instead.
"""

import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request

from eunomia.core.dates import MONTH
from eunomia.geography import geometry

BASE_URL = "https://data.police.uk/api/"
USER_AGENT = "Eunomia (open-source platform for Community Safety Partnerships)"
# The API can take over a minute to answer for a large area.
TIMEOUT_SECONDS = 120
# The API answers 400 to a GET request longer than 4094 characters; anything near that is POSTed.
MAX_GET_URL_LENGTH = 4000
# The API refuses, with a 503, a custom area holding more than this many crimes.
AREA_CRIME_LIMIT = 10_000

# The street-level CSV columns, in the files' order. The API does not say which force reported a
# crime or which LSOA its point falls in, so those columns stay empty.
CSV_COLUMNS = (
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
)

# The API's category slugs and the names the CSV files give the same categories. The API files
# every month's violence under "violent-crime", whatever the CSV of the time called it.
CRIME_TYPES = {
    "anti-social-behaviour": "Anti-social behaviour",
    "bicycle-theft": "Bicycle theft",
    "burglary": "Burglary",
    "criminal-damage-arson": "Criminal damage and arson",
    "drugs": "Drugs",
    "other-theft": "Other theft",
    "possession-of-weapons": "Possession of weapons",
    "public-order": "Public order",
    "robbery": "Robbery",
    "shoplifting": "Shoplifting",
    "theft-from-the-person": "Theft from the person",
    "vehicle-crime": "Vehicle crime",
    "violent-crime": "Violence and sexual offences",
    "other-crime": "Other crime",
    "public-disorder-weapons": "Public disorder and weapons",
}



class PoliceAPIError(Exception):
    """data.police.uk could not be reached, refused the request, or sent something unusable. The
    message says which request, in plain words."""

    def __init__(self, message, *, url=None, status=None):
        super().__init__(message)
        self.url = url
        self.status = status


def urllib_transport(method, url, data, *, opener=None, timeout=TIMEOUT_SECONDS):
    """Send one request with the standard library. Any HTTP status is returned, not raised; only a
    failure to get an answer at all is a PoliceAPIError."""
    opener = opener or urllib.request.urlopen
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if data is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with opener(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
        reason = getattr(error, "reason", None) or error
        raise PoliceAPIError(f"Could not reach data.police.uk for {method} {url}: {reason}.", url=url) from error


class PoliceUKClient:
    """Asks data.police.uk, waiting and retrying when it says too many requests (429), and
    splitting an area it says holds too many crimes (503) into quarters until each answers."""

    def __init__(self, transport=None, base_url=BASE_URL, max_retries=5, sleep=time.sleep, max_depth=10,
                 first_wait_seconds=1):
        self.transport = transport or urllib_transport
        self.base_url = base_url.rstrip("/") + "/"
        self.max_retries = max_retries
        self.sleep = sleep
        # Each split quarters the bounding box: ten splits bring all of England and Wales down to
        # under a kilometre. Pieces are asked for depth first, so when the service is down and
        # answers 503 to everything, the client gives up after max_depth + 1 requests.
        self.max_depth = max_depth
        self.first_wait_seconds = first_wait_seconds

    def forces(self):
        """[{"id": "kent", "name": "Kent Police"}, ...] as the API lists them."""
        url = self.base_url + "forces"
        data = self._json("GET", url)
        if not isinstance(data, list) or not all(
                isinstance(force, dict) and force.get("id") and force.get("name") for force in data):
            raise PoliceAPIError(f"data.police.uk sent a list of forces that is not in the documented shape "
                                 f"in answer to GET {url}.", url=url)
        return [{"id": force["id"], "name": force["name"]} for force in data]

    def available_months(self):
        """The months with street-level crime, as "YYYY-MM" strings, oldest first."""
        url = self.base_url + "crimes-street-dates"
        data = self._json("GET", url)
        if not isinstance(data, list) or not all(
                isinstance(entry, dict) and MONTH.fullmatch(str(entry.get("date"))) for entry in data):
            raise PoliceAPIError(f"data.police.uk sent a list of months that is not in the documented shape "
                                 f"in answer to GET {url}.", url=url)
        return sorted({entry["date"] for entry in data})

    def street_crime(self, polygon, month):
        """Every street-level crime and ASB incident inside the polygon, a list of points written as
        data.police.uk writes them, (latitude, longitude), in the month "YYYY-MM". Each is a dict of
        the CSV_COLUMNS. A crime on the line between two pieces of a split area is returned by both
        and kept once. The polygon is cut in (longitude, latitude), Eunomia's order
        (eunomia.geography.geometry), and turned back into the API's only on the wire."""
        if not isinstance(month, str) or not MONTH.fullmatch(month):
            raise ValueError(f"The month must look like 2025-01, not {month!r}.")
        found = {}
        self._collect(geometry.open_ring([(lng, lat) for lat, lng in polygon]), month, 0, found)
        return list(found.values())

    def _collect(self, ring, month, depth, found):
        method, url, data = self._street_crime_request(ring, month)
        status, body = self._send(method, url, data)
        if status == 503:
            if depth >= self.max_depth:
                west, south, east, north = (_coordinate(value) for value in geometry.ring_bounds(ring))
                raise PoliceAPIError(
                    f"data.police.uk still answered HTTP 503 for the area between latitudes {south} and {north} "
                    f"and longitudes {west} and {east} after the polygon had been split {depth} times. Either "
                    f"more than {AREA_CRIME_LIMIT:,} crimes fall in that small area in {month}, or the service "
                    f"is unavailable; try again later. Last request: {method} {url}", url=url, status=status)
            for piece in geometry.quarters(ring):
                self._collect(piece, month, depth + 1, found)
            return
        crimes = self._decode(method, url, status, body)
        if not isinstance(crimes, list):
            raise PoliceAPIError(f"data.police.uk sent something other than a list of crimes in answer to "
                                 f"{method} {url}.", url=url, status=status)
        for crime in crimes:
            crime_id, row = _csv_row(crime, f"{method} {url}")
            found.setdefault(crime_id, row)

    def _street_crime_request(self, ring, month):
        url = self.base_url + "crimes-street/all-crime"
        poly = ":".join(f"{_coordinate(lat)},{_coordinate(lng)}" for lng, lat in ring)
        query = urllib.parse.urlencode({"date": month, "poly": poly}, safe=",:")
        if len(url) + 1 + len(query) <= MAX_GET_URL_LENGTH:
            return "GET", f"{url}?{query}", None
        return "POST", url, query.encode("ascii")

    def _json(self, method, url):
        status, body = self._send(method, url, None)
        return self._decode(method, url, status, body)

    def _send(self, method, url, data):
        """The answer to one request, after waiting out any 429s."""
        for attempt in range(self.max_retries + 1):
            status, body = self.transport(method, url, data)
            if status != 429:
                break
            if attempt == self.max_retries:
                raise PoliceAPIError(
                    f"data.police.uk still answered HTTP 429 (too many requests) to {method} {url} after "
                    f"{self.max_retries} retries; try again later.", url=url, status=status)
            self.sleep(self.first_wait_seconds * 2 ** attempt)
        return status, body

    def _decode(self, method, url, status, body):
        if status != 200:
            raise PoliceAPIError(f"data.police.uk answered HTTP {status} to {method} {url}.", url=url, status=status)
        try:
            return json.loads(body)
        except (ValueError, UnicodeDecodeError):
            start = body[:60].decode("utf-8", "replace")
            raise PoliceAPIError(f"data.police.uk sent something that is not JSON in answer to {method} {url} "
                                 f"(it starts {start!r}).", url=url, status=status) from None


def _coordinate(value):
    # Six decimal places is about 10 cm, finer than the API's own anonymised points.
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _csv_row(crime, request):
    """(the API's id for the crime, the crime as a CSV row)."""
    crime_id = crime.get("id") if isinstance(crime, dict) else None
    if not isinstance(crime_id, int):
        raise PoliceAPIError(f"data.police.uk sent a crime without an id in answer to {request}.")
    category = crime.get("category")
    if category not in CRIME_TYPES:
        raise PoliceAPIError(f"data.police.uk sent crime {crime_id} in a category Eunomia does not know, "
                             f"{category!r}, in answer to {request}.")
    location = crime.get("location")
    try:
        latitude, longitude = location["latitude"], location["longitude"]
        street = location["street"]["name"]
    except (TypeError, KeyError):
        raise PoliceAPIError(f"data.police.uk sent crime {crime_id} without a full location in answer to "
                             f"{request}.") from None
    month = crime.get("month")
    if not isinstance(month, str) or not MONTH.fullmatch(month):
        raise PoliceAPIError(f"data.police.uk sent crime {crime_id} with the month {month!r} in answer to {request}.")
    outcome = crime.get("outcome_status") or {}
    return crime_id, {
        "Crime ID": crime.get("persistent_id") or "",
        "Month": month,
        "Reported by": "",
        "Falls within": "",
        "Longitude": str(longitude),
        "Latitude": str(latitude),
        "Location": street or "",
        "LSOA code": "",
        "LSOA name": "",
        "Crime type": CRIME_TYPES[category],
        "Last outcome category": outcome.get("category") or "",
        "Context": crime.get("context") or "",
    }
