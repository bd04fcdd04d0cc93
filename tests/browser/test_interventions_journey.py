"""A CSU officer records interventions on a case through the forms (a skipped letter stage refused
first), records a breach, edits a letter template and opens the letter: axe on every page, with
JavaScript on and off."""

import datetime

import pytest
from playwright.sync_api import expect

from eunomia.casework import actions as casework
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def page(request, new_page):
    return new_page(javascript=request.param)


def test_record_interventions_and_a_breach(page, live_server, make_member, partnership, council):
    officer = make_member("csu_officer", partnership, council)
    case = casework.open_case(by=officer, partnership=partnership, organisation=council, title="Mill Lane",
                              opened_on=datetime.date(2026, 1, 5))
    person = casework.add_person(by=officer, partnership=partnership, organisation=council, first_name="Jordan",
                                 last_name="Vale", date_of_birth=datetime.date(2000, 1, 1))
    casework.add_party(by=officer, case=case, person=person, role="perpetrator")
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/p/testvale/interventions/cases/{case.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Interventions")
    axe_check(page)

    page.get_by_role("link", name="Record an intervention").click()
    axe_check(page)
    page.get_by_label("Given to").select_option(label="Jordan Vale")
    page.get_by_label("Intervention", exact=True).select_option("warning_letter_2")
    page.get_by_label("Date given").fill("2026-11-01")
    page.get_by_role("button", name="Record the intervention").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("a letter stage cannot be skipped")
    axe_check(page)

    page.get_by_label("Intervention", exact=True).select_option("warning_letter_1")
    page.get_by_role("button", name="Record the intervention").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Warning letter 1 recorded")
    axe_check(page)

    page.get_by_role("link", name="Record a breach").click()
    axe_check(page)
    page.get_by_label("Date of the breach").fill("2026-11-02")
    page.get_by_role("button", name="Record the breach").click()
    expect(page.get_by_role("cell", name="Breached")).to_be_visible()

    page.get_by_role("link", name="Letter templates").click()
    axe_check(page)
    page.get_by_role("link", name="Change the letter for the warning letter 1").click()
    axe_check(page)
    page.get_by_label("Title").fill("First warning {nonsense}")
    page.get_by_role("button", name="Save the template").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("{nonsense} is not a placeholder")
    axe_check(page)
