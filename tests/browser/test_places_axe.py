"""axe on the places pages (ADR 70), JavaScript on and off: recording a report at an address the
partnership knows (the known places offered, one chosen), the place's page with what happened there,
the CSU briefing's repeat locations leading to it, and the map of casework hot spots by LSOA with its
table, its days changed and refused."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from eunomia.places.actions import find_or_create_place
from tests.browser.conftest import axe_check, sign_in
from tests.places.helpers import IN_EAST, IN_WEST, make_testvale_lsoas, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def page(request, new_page):
    return new_page(javascript=request.param)


def test_places_pages(page, live_server, world):  # noqa: F811
    w = world
    make_testvale_lsoas()
    today = timezone.localdate()
    mill = find_or_create_place(by=w["csu"], partnership=w["partnership"], address="4 Mill Lane", postcode="TV1 2AB",
                                longitude=IN_WEST[0], latitude=IN_WEST[1])
    find_or_create_place(by=w["csu"], partnership=w["partnership"], address="9 Oak Road", postcode="TV2 1AA",
                         longitude=IN_EAST[0], latitude=IN_EAST[1])
    for days in (40, 50):
        w["report"](today - datetime.timedelta(days=days))
    w["report"](today, address="9 Oak Road", postcode="TV2 1AA")
    sign_in(page, live_server, w["csu"])

    # A report at "4 Mill Ln": the known places at its postcode are offered, and the recorder takes one.
    page.goto(f"{live_server.url}/p/testvale/casework/reports/new/")
    page.get_by_label("Date it happened").fill(today.isoformat())
    page.get_by_label("Category").select_option("noise")
    page.get_by_label("How it was reported").select_option("phone")
    page.get_by_label("Address or place").fill("4 Mill Ln")
    page.get_by_label("Postcode").fill("tv1 2ab")
    page.get_by_label("What happened").fill("Music until 3am")
    page.get_by_role("button", name="Record the report").click()
    expect(page.get_by_text("Nothing has been saved yet")).to_be_visible()
    axe_check(page)
    page.get_by_label("Use 4 Mill Lane, TV1 2AB").check()
    page.get_by_role("button", name="Record the report").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("recorded")
    axe_check(page)

    # The report leads to its place, which lists the three reports there, newest first.
    page.get_by_role("link", name="the place and what happened there").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("4 Mill Lane")
    expect(page.locator("main tbody tr")).to_have_count(3)
    axe_check(page)

    # Three reports in 91 days: a repeat location on today's briefing, linked to its page.
    page.goto(f"{live_server.url}/p/testvale/casework/briefing/?day={today}&period=day")
    page.get_by_role("link", name="4 Mill Lane TV1 2AB").click()
    assert page.url.endswith(f"/p/testvale/places/{mill.pk}/")

    # The map of hot spots, its table beside it, and its days.
    page.goto(f"{live_server.url}/p/testvale/casework/")
    page.get_by_role("link", name="Hot spots map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Casework hot spots by LSOA")
    expect(page.locator("svg.app-map")).to_have_count(1)
    expect(page.get_by_role("row", name="Testvale 001A 3")).to_be_visible()
    axe_check(page)
    page.get_by_label("From").fill((today - datetime.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("row", name="Testvale 001A 1")).to_be_visible()
    axe_check(page)
    page.get_by_label("From").fill("2020-01-01")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose at most 366 days")
    axe_check(page)
