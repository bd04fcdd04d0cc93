"""What the places tests share: two LSOAs of Testvale side by side (squares of 0.01 degrees), and a
world of a council and a housing provider recording reports at places."""

import datetime

import pytest
from django.utils import timezone

from eunomia.casework import actions as casework
from eunomia.geography.models import Area
from tests.clock import at

WEST = [[[-1.02, 52.50], [-1.01, 52.50], [-1.01, 52.51], [-1.02, 52.51], [-1.02, 52.50]]]
EAST = [[[-1.01, 52.50], [-1.00, 52.50], [-1.00, 52.51], [-1.01, 52.51], [-1.01, 52.50]]]
IN_WEST, IN_EAST = (-1.015, 52.505), (-1.005, 52.505)


def make_testvale_lsoas():
    """Testvale (E07000115, the partnership fixture's district) and its two LSOAs, with boundaries."""
    lad = Area.objects.create(code="E07000115", name="Testvale", type=Area.Type.LAD)
    west = Area.objects.create(code="E01000001", name="Testvale 001A", type=Area.Type.LSOA, lad=lad,
                               geometry={"type": "Polygon", "coordinates": WEST},
                               centroid_longitude=IN_WEST[0], centroid_latitude=IN_WEST[1])
    east = Area.objects.create(code="E01000002", name="Testvale 001B", type=Area.Type.LSOA, lad=lad,
                               geometry={"type": "Polygon", "coordinates": EAST},
                               centroid_longitude=IN_EAST[0], centroid_latitude=IN_EAST[1])
    return west, east


@pytest.fixture
def world(partnership, council, housing, make_member, outsider):
    csu = make_member("csu_officer", partnership, council)
    practitioner = make_member("partner_practitioner", partnership, housing)
    analyst = make_member("analyst", partnership, council)

    def report(day, *, by=csu, organisation=council, address="4 Mill Lane", postcode="TV1 2AB", hour=12, **extra):
        return casework.record_report(by=by, partnership=partnership, organisation=organisation,
                                      occurred_at=at(day, hour), reported_at=at(day, hour), category="noise",
                                      source="phone", description="Music", address=address, postcode=postcode,
                                      **extra)

    return {"partnership": partnership, "council": council, "housing": housing, "csu": csu,
            "practitioner": practitioner, "analyst": analyst, "outsider": outsider, "report": report}


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)
