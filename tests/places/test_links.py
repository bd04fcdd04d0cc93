"""Reports, cases and premises point at their places: however a report is recorded (the action, the
page, the API) it gets its place, found or recorded; entering an address on the page offers the
known places, as people are offered, and the recorder chooses one or keeps the address as typed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.casework import actions as casework
from eunomia.casework.models import Report
from eunomia.operations import actions as operations
from eunomia.places.actions import find_or_create_place
from eunomia.places.models import Place
from tests.operations.objects import recorder
from tests.places.helpers import IN_WEST, make_testvale_lsoas, world  # noqa: F401  (the fixture)

NEW_REPORT = "/p/testvale/casework/reports/new/"


def typed(**changes):
    return {"occurred_on": timezone.localdate().isoformat(), "category": "noise", "source": "phone",
            "description": "Drums", "role": "victim", **changes}


def test_a_report_gets_the_place_at_its_address_found_or_recorded(world):  # noqa: F811
    w = world
    first = w["report"](timezone.localdate(), address="4 Mill Lane", postcode="tv1 2ab")
    again = w["report"](timezone.localdate(), address="4 MILL  lane", postcode="TV12AB")
    assert first.place is not None and again.place_id == first.place_id
    assert (first.place.address, first.place.postcode) == ("4 Mill Lane", "TV1 2AB")
    assert (again.address, again.postcode) == ("4 MILL  lane", "TV12AB")  # the report keeps what was written
    nowhere = w["report"](timezone.localdate(), address="", postcode="")
    assert nowhere.place is None and Place.objects.count() == 1


def test_a_report_at_a_located_place_takes_its_coordinates_and_lsoa(world):  # noqa: F811
    w = world
    make_testvale_lsoas()
    find_or_create_place(by=w["csu"], partnership=w["partnership"], address="4 Mill Lane", postcode="TV1 2AB",
                         longitude=IN_WEST[0], latitude=IN_WEST[1])
    report = w["report"](timezone.localdate())
    assert (report.longitude, report.latitude, report.lsoa_code) == (*IN_WEST, "E01000001")


def test_a_chosen_place_is_the_reports_and_must_be_the_partnerships(world, other_partnership,  # noqa: F811
                                                                    system_user):
    w = world
    known = find_or_create_place(by=w["csu"], partnership=w["partnership"], address="Flat 2, Tower Road",
                                 postcode="TV1 3AA")
    report = w["report"](timezone.localdate(), address="flat 2 tower rd", postcode="", place=known)
    assert (report.place, report.address, report.postcode) == (known, "Flat 2, Tower Road", "TV1 3AA")
    theirs = find_or_create_place(by=system_user, partnership=other_partnership, address="Flat 2, Tower Road")
    before = Report.objects.count()
    with pytest.raises(ValidationError) as refused:
        w["report"](timezone.localdate(), place=theirs)
    assert refused.value.message_dict == {"place": ["Choose a place of this partnership"]}
    assert Report.objects.count() == before


def test_a_case_is_about_the_place_of_its_reports(world):  # noqa: F811
    w = world
    today = timezone.localdate()
    mill, mill_again = w["report"](today), w["report"](today)
    oak = w["report"](today, address="9 Oak Road", postcode="TV2 1AA")
    by = dict(by=w["csu"], partnership=w["partnership"], organisation=w["council"])
    assert casework.open_case(**by, title="Mill Lane", reports=[mill, mill_again]).place == mill.place
    assert casework.open_case(**by, title="Both", reports=[mill, oak]).place is None
    assert casework.open_case_from_report(**by, report=oak, title="Oak Road").place == oak.place
    empty = casework.open_case(**by, title="Not yet known")
    casework.link_report(by=w["csu"], case=empty, report=oak)
    casework.link_report(by=w["csu"], case=empty, report=mill)  # the first report's place stays
    empty.refresh_from_db()
    assert empty.place == oak.place
    assert AuditEvent.objects.filter(action="casework.case_report_linked").first().data["place"] == oak.place_id


def test_a_report_recorded_through_the_api_gets_its_place(world, fast_client_for):  # noqa: F811
    w = world
    known = w["report"](timezone.localdate()).place
    response = fast_client_for(w["practitioner"]).post(
        "/api/v1/partnerships/testvale/reports/", typed(address="4 mill lane", postcode="TV1 2AB"),
        content_type="application/json")
    assert response.status_code == 201, response.content
    assert Report.objects.get(pk=response.json()["id"]).place == known


def test_premises_get_their_place(partnership, council):
    by = recorder(partnership, council)
    shop = operations.add_premises(by=by, partnership=partnership, owner_organisation=council, name="Corner Shop",
                                   kind="shop", address="12 High Street\nTestvale", postcode="tv1 1aa")
    assert (shop.place.address, shop.place.postcode) == ("12 High Street, Testvale", "TV1 1AA")
    assert AuditEvent.objects.get(action="operations.premises_added").data["place"] == shop.place_id
    moved = operations.change_premises(by=by, premises=shop, name="Corner Shop", kind="shop",
                                       address="14 High Street", postcode="TV1 1AA")
    assert moved.place.address == "14 High Street" and Place.objects.count() == 2
    changes = AuditEvent.objects.get(action="operations.premises_changed").data["changes"]
    assert changes["place"] == [Place.objects.get(address__startswith="12").pk, moved.place_id]


def test_known_places_are_offered_on_the_report_page_and_one_can_be_chosen(world, fast_client_for):  # noqa: F811
    w = world
    client = fast_client_for(w["csu"])
    long_ago = timezone.localdate() - datetime.timedelta(days=60)  # too long ago to offer the report itself
    mill = w["report"](long_ago, address="4 Mill Lane", postcode="TV1 2AB").place
    flat = find_or_create_place(by=w["practitioner"], partnership=w["partnership"], address="Flat 1, 4 Mill Lane",
                                postcode="TV1 2AB")
    reports = Report.objects.count()

    response = client.post(NEW_REPORT, typed(address="4 Mill Ln", postcode="tv1 2ab"))

    assert response.status_code == 200 and Report.objects.count() == reports  # nothing saved yet
    html = response.content.decode()
    assert "Nothing has been saved yet" in html and "2 places the partnership already knows" in html
    assert "Use 4 Mill Lane, TV1 2AB" in html and "Use Flat 1, 4 Mill Lane, TV1 2AB" in html
    assert "No: use the address as typed" in html and 'value="4 Mill Ln"' in html  # what was typed is kept
    assert "Reports at the same place" not in html

    response = client.post(NEW_REPORT, typed(address="4 Mill Ln", postcode="tv1 2ab", offered="True",
                                             place="999999"))
    assert response.status_code == 400
    assert "Choose one of the places offered, or use the address as typed" in response.content.decode()

    response = client.post(NEW_REPORT, typed(address="4 Mill Ln", postcode="tv1 2ab", offered="True",
                                             place=str(flat.pk)))
    assert response.status_code == 302
    saved = Report.objects.latest("id")
    assert (saved.place, saved.address) == (flat, "Flat 1, 4 Mill Lane")

    response = client.post(NEW_REPORT, typed(address="4 Mill Ln", postcode="tv1 2ab", offered="True",
                                             place="typed"))
    assert response.status_code == 302
    saved = Report.objects.latest("id")
    assert saved.place not in (mill, flat) and saved.place.address == "4 Mill Ln"


def test_the_exact_place_typed_is_not_asked_about(world, fast_client_for):  # noqa: F811
    """An address typed exactly as a known place (here a premises', with no report there) is that
    place: nothing to ask, the report is saved."""
    w = world
    mill = find_or_create_place(by=w["csu"], partnership=w["partnership"], address="4 Mill Lane", postcode="TV1 2AB")
    response = fast_client_for(w["csu"]).post(NEW_REPORT, typed(address="4 MILL LANE", postcode="TV1 2AB"))
    assert response.status_code == 302 and Report.objects.latest("id").place == mill


def test_a_report_page_links_to_its_place_and_a_case_page_to_its(world, fast_client_for):  # noqa: F811
    w = world
    report = w["report"](timezone.localdate())
    case = casework.open_case_from_report(by=w["csu"], partnership=w["partnership"], organisation=w["council"],
                                          report=report, title="Mill Lane")
    place_url = f"/p/testvale/places/{report.place_id}/"
    client = fast_client_for(w["csu"])
    assert place_url in client.get(f"/p/testvale/casework/reports/{report.pk}/").content.decode()
    assert place_url in client.get(f"/p/testvale/casework/cases/{case.pk}/").content.decode()
