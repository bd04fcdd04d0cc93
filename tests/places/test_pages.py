"""A place's page shows what happened there to those who may see it (a stranger is told nothing, a
404), audited as a read of personal data; the staff map of hot spots counts the reports each reader
may see by the LSOA of their place, with the same numbers in its table."""

import datetime
import re

import pytest
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.casework import actions as casework
from eunomia.casework import queries
from eunomia.casework.views import common
from eunomia.places.actions import find_or_create_place
from tests.places.helpers import IN_EAST, IN_WEST, make_testvale_lsoas, world  # noqa: F401  (the fixture)

DAY = datetime.timedelta(days=1)


def place_url(place):
    return f"/p/testvale/places/{place.pk}/"


@pytest.fixture
def mill(world):  # noqa: F811
    """4 Mill Lane: two council reports (one in a council case), one housing report in a housing case."""
    w = world
    today = timezone.localdate()
    council_reports = [w["report"](today - 2 * DAY), w["report"](today - DAY)]
    housing_report = w["report"](today, by=w["practitioner"], organisation=w["housing"])
    council_case = casework.open_case(by=w["csu"], partnership=w["partnership"], organisation=w["council"],
                                      title="Mill Lane music", reports=council_reports[:1])
    housing_case = casework.open_case(by=w["practitioner"], partnership=w["partnership"], organisation=w["housing"],
                                      title="Mill Lane stairwell", reports=[housing_report])
    return {**w, "place": housing_report.place, "council_reports": council_reports, "housing_report": housing_report,
            "council_case": council_case, "housing_case": housing_case}


def test_a_place_page_lists_only_what_the_reader_may_see_newest_first_and_is_audited(mill, fast_client_for):
    w = mill
    response = fast_client_for(w["csu"]).get(place_url(w["place"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "4 Mill Lane" in html and "TV1 2AB" in html
    older, newer = w["council_reports"]
    assert html.index(newer.reference) < html.index(older.reference)  # newest first
    assert w["council_case"].reference in html
    assert w["housing_report"].reference not in html and w["housing_case"].reference not in html
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.object_type, event.object_id, event.actor) == (
        "casework.place_viewed", "places.place", str(w["place"].pk), w["csu"].email)
    assert sorted(event.data["reports"]) == sorted(r.pk for r in w["council_reports"])
    assert event.data["cases"] == [w["council_case"].pk]

    html = fast_client_for(w["practitioner"]).get(place_url(w["place"])).content.decode()
    assert w["housing_report"].reference in html and w["housing_case"].reference in html
    assert not any(r.reference in html for r in w["council_reports"])


def test_sharing_a_case_shows_its_reports_at_the_place(mill, fast_client_for):
    w = mill
    agreement = casework.add_agreement(by=w["csu"], partnership=w["partnership"], title="ISA", purpose="ASB",
                                       lawful_basis="public_task", parties=[w["council"], w["housing"]],
                                       starts_on=timezone.localdate(), review_on=timezone.localdate() + 365 * DAY)
    casework.share_case(by=w["csu"], case=w["council_case"], organisation=w["housing"], agreement=agreement)
    html = fast_client_for(w["practitioner"]).get(place_url(w["place"])).content.decode()
    shared = w["council_reports"][0]
    assert shared.reference in html and w["council_case"].reference in html
    assert w["council_reports"][1].reference not in html


@pytest.mark.parametrize("who", ["analyst", "outsider"])
def test_a_stranger_is_told_nothing(mill, fast_client_for, who):
    before = AuditEvent.objects.count()
    assert fast_client_for(mill[who]).get(place_url(mill["place"])).status_code == 404
    assert AuditEvent.objects.count() == before


def test_a_caseworker_seeing_nothing_there_sees_the_place_only(mill, fast_client_for, make_member):
    """The gazetteer is offered to every caseworker of the partnership, so its entry is no secret;
    what happened there is."""
    w = mill
    officer = make_member("csu_officer", w["partnership"], w["housing"], email="other.housing@eunomia.test")
    quiet = find_or_create_place(by=w["csu"], partnership=w["partnership"], address="1 Quiet Close")
    html = fast_client_for(officer).get(place_url(quiet)).content.decode()
    assert "1 Quiet Close" in html and "No report or case here that you may see." in html
    other = find_or_create_place(by=w["csu"], partnership=w["outsider"].memberships.get().partnership,
                                 address="4 Mill Lane")
    assert fast_client_for(w["csu"]).get(place_url(other)).status_code == 404  # another partnership's place


def test_the_history_is_paged(mill, fast_client_for, monkeypatch):
    w = mill
    monkeypatch.setattr(common, "PAGE_SIZE", 2)
    monkeypatch.setattr("eunomia.casework.views.places.PAGE_SIZE", 2)
    client = fast_client_for(w["csu"])
    first = client.get(place_url(w["place"])).content.decode()
    second = client.get(place_url(w["place"]) + "?page=2").content.decode()
    references = [r.reference for r in w["council_reports"]] + [w["council_case"].reference]
    assert sum(ref in first for ref in references) == 2 and sum(ref in second for ref in references) == 1
    assert 'rel="next"' in first and 'rel="prev"' in second


# The map of hot spots ----------------------------------------------------------------------------------

@pytest.fixture
def located(world):  # noqa: F811
    """Reports at two located places, one in each of Testvale's two LSOAs, and one at a place with no
    coordinates: the council's in the west and unlocated, housing's in the east."""
    w = world
    make_testvale_lsoas()
    today = timezone.localdate()
    find_or_create_place(by=w["csu"], partnership=w["partnership"], address="1 West Street", longitude=IN_WEST[0],
                         latitude=IN_WEST[1])
    find_or_create_place(by=w["csu"], partnership=w["partnership"], address="1 East Street", longitude=IN_EAST[0],
                         latitude=IN_EAST[1])
    for n in range(3):
        w["report"](today - n * DAY, address="1 West Street", postcode="")
    w["report"](today, address="9 Nowhere Road", postcode="")
    w["report"](today - 100 * DAY, address="1 West Street", postcode="")  # before the days shown
    for n in range(2):
        w["report"](today - n * DAY, address="1 East Street", postcode="", by=w["practitioner"],
                    organisation=w["housing"])
    return w


def table_rows(html):
    table = html[html.index("<table"):html.index("</table>")]
    return {name: int(n) for name, n in re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th>\s*'
                                                    r'<td class="govuk-table__cell[^"]*">([\d,]+)</td>', table)}


def test_the_map_counts_the_reports_each_reader_may_see_by_lsoa(located, fast_client_for):
    w = located
    expected = {"csu": {"Testvale 001A": 3, "Testvale 001B": 0}, "practitioner": {"Testvale 001A": 0,
                                                                                  "Testvale 001B": 2}}
    for who, counts in expected.items():
        response = fast_client_for(w[who]).get("/p/testvale/places/hot-spots/")
        assert response.status_code == 200
        html = response.content.decode()
        main = html[html.index("<main"):html.index("</main>")]
        assert 'class="app-map"' in main and "<script" not in main and "<image" not in main  # no tiles
        assert not re.search(r'(?:src|href)="https?:', main)  # nothing from elsewhere
        assert table_rows(html) == counts
        event = AuditEvent.objects.latest("id")
        assert event.action == "casework.hot_spots_viewed" and event.actor == w[who].email
        # The same numbers as the reader's own reports counted by hand.
        visible = queries.reports_visible_to(w[who], w["partnership"]).filter(
            occurred_at__gte=timezone.now() - 95 * DAY)
        by_hand = {}
        for report in visible:
            code = report.place.lsoa_code if report.place else ""
            by_hand[code or "unknown"] = by_hand.get(code or "unknown", 0) + 1
        assert event.data["by_lsoa"] == by_hand
    assert "1 of them is at no place, or at a place with no LSOA known" in fast_client_for(w["csu"]).get(
        "/p/testvale/places/hot-spots/").content.decode()


def test_the_map_counts_the_days_asked_for_and_refuses_others_in_words(located, fast_client_for):
    w = located
    client = fast_client_for(w["csu"])
    today = timezone.localdate()
    html = client.get(f"/p/testvale/places/hot-spots/?first={today - 1 * DAY}&last={today}").content.decode()
    assert table_rows(html) == {"Testvale 001A": 2, "Testvale 001B": 0}
    html = client.get(f"/p/testvale/places/hot-spots/?first={today - 120 * DAY}&last={today}").content.decode()
    assert table_rows(html)["Testvale 001A"] == 4
    for query, message in ((f"first={today}&last={today - DAY}", "The last day must be on or after the first day"),
                           (f"first={today - 400 * DAY}&last={today}", "Choose at most 366 days: a year and a day"),
                           (f"last={today + DAY}", "The last day must be today or in the past"),
                           ("first=2026-02-30", "Enter the first day as a real date")):
        response = client.get(f"/p/testvale/places/hot-spots/?{query}")
        assert response.status_code == 400 and message in response.content.decode(), query


def test_without_boundaries_the_map_is_a_table(world, fast_client_for):  # noqa: F811
    w = world
    w["report"](timezone.localdate())
    html = fast_client_for(w["csu"]).get("/p/testvale/places/hot-spots/").content.decode()
    assert "No LSOA boundaries are held" in html and 'class="app-map"' not in html


@pytest.mark.parametrize("who, status", [("analyst", 403), ("outsider", 404)])
def test_the_map_is_for_caseworkers(world, fast_client_for, who, status):  # noqa: F811
    assert fast_client_for(world[who]).get("/p/testvale/places/hot-spots/").status_code == status
