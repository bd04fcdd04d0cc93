"""People through the real pages, JavaScript on and off, axe on every page: a report naming someone
already recorded offers them before saving; consent is recorded on the person page; a duplicate is
found by name and merged; a person is added to a case through the search picker."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from eunomia.casework import actions as casework
from eunomia.casework.models import Person, Report
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def page(request, new_page):
    return new_page(javascript=request.param)


def test_people_offered_consented_merged_and_picked(page, live_server, make_member, partnership, council):
    officer = make_member("csu_officer", partnership, council)
    dana = casework.add_person(by=officer, partnership=partnership, organisation=council, first_name="Dana",
                               last_name="Ellis", date_of_birth=datetime.date(1950, 3, 1), address="4 Mill Lane",
                               postcode="TV1 2AB")
    twin = casework.add_person(by=officer, partnership=partnership, organisation=council, first_name="Dana",
                               last_name="Elis")
    now = timezone.now()
    casework.record_report(by=officer, partnership=partnership, organisation=council, occurred_at=now,
                           reported_at=now, category="noise", source="phone", description="Music",
                           address="4 Mill Lane", postcode="TV1 2AB", people=[(dana, "victim")])
    case = casework.open_case(by=officer, partnership=partnership, organisation=council, title="Mill Lane")
    sign_in(page, live_server, officer)

    page.goto(f"{live_server.url}/p/testvale/casework/reports/new/")
    page.get_by_label("Date it happened").fill(timezone.localdate().isoformat())
    page.get_by_label("Category").select_option("noise")
    page.get_by_label("How it was reported").select_option("phone")
    page.get_by_label("Postcode").fill("TV1 2AB")
    page.get_by_label("What happened").fill("Music again")
    page.get_by_label("First name").fill("Dana")
    page.get_by_label("Last name").fill("Ellis")
    page.get_by_role("button", name="Record the report").click()
    expect(page.locator("main")).to_contain_text("Nothing has been saved yet")
    axe_check(page)
    page.get_by_label("Use Dana Ellis, born 1 March 1950, 4 Mill Lane TV1 2AB").check()
    page.get_by_role("button", name="Record the report").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("recorded")
    assert Report.objects.latest("id").people_links.get().person == dana

    page.goto(f"{live_server.url}/p/testvale/casework/people/{dana.pk}/")
    axe_check(page)
    page.get_by_role("link", name="Record consent").click()
    axe_check(page)
    page.get_by_role("button", name="Record consent").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose whether consent applies")
    axe_check(page)
    page.get_by_label("Yes: sharing and processing rest on this person's consent").check()
    page.get_by_label("Given", exact=True).check()
    page.get_by_label("If consent applies: date given, refused or withdrawn").fill("2026-01-02")
    page.get_by_label("Verbally").check()
    page.get_by_role("button", name="Record consent").click()
    expect(page.locator("main")).to_contain_text("2 January 2026")
    axe_check(page)

    page.get_by_role("link", name="Merge a duplicate into this person").click()
    axe_check(page)
    page.get_by_label("Search by name").fill("elis")
    page.get_by_role("button", name="Search").click()
    axe_check(page)
    page.get_by_role("link", name=f"Merge record {twin.pk}: Dana Elis").click()
    axe_check(page)
    page.get_by_role("button", name="Merge the records").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("merged into Dana Ellis")
    axe_check(page)
    assert Person.objects.get(pk=twin.pk).merged_into == dana

    page.goto(f"{live_server.url}/p/testvale/casework/cases/{case.pk}/add-person/")
    axe_check(page)
    page.get_by_label("Search by name").fill("ellis")
    page.get_by_role("button", name="Search").click()
    axe_check(page)
    page.get_by_role("button", name="Add to the case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a person")
    axe_check(page)
    page.get_by_label("Dana Ellis, born 1 March 1950, 4 Mill Lane TV1 2AB").check()
    page.get_by_role("button", name="Add to the case").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("added to the case")
