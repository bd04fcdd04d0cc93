"""A CSU officer assesses a person's risk (errors first) and refers them to a service (errors
first), then accepts the referral: axe on every page, with JavaScript on and off."""

import re

import pytest
from playwright.sync_api import expect

from eunomia.casework import actions as casework
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def page(request, new_page):
    return new_page(javascript=request.param)


def test_assess_and_refer_a_person(page, live_server, make_member, partnership, council):
    officer = make_member("csu_officer", partnership, council)
    person = casework.add_person(by=officer, partnership=partnership, organisation=council, first_name="Dana",
                                 last_name="Ellis")
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/p/testvale/casework/people/{person.pk}/")
    page.get_by_role("link", name="Risk assessments").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dana Ellis")
    axe_check(page)

    page.get_by_role("link", name="Assess as a victim").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Victim risk assessment: Dana Ellis")
    axe_check(page)
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Answer question 1, yes or no")
    expect(page).to_have_title(re.compile("^Error: "))
    axe_check(page)
    for group in page.locator("fieldset").all():
        group.get_by_label("No", exact=True).check()
    page.locator("fieldset").first.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Standard risk (score 2)")
    axe_check(page)

    page.goto(f"{live_server.url}/p/testvale/risk/overdue/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Risk reviews overdue")
    axe_check(page)

    page.goto(f"{live_server.url}/p/testvale/casework/people/{person.pk}/")
    page.get_by_role("link", name="Refer to a service").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer Dana Ellis to a service")
    axe_check(page)
    page.get_by_role("button", name="Make the referral").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the service the person is referred to")
    axe_check(page)
    page.get_by_label("Service", exact=True).select_option("mediation")
    page.get_by_label("Date of the referral").fill("2026-11-01")
    page.get_by_role("button", name="Make the referral").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("referred to mediation")
    axe_check(page)

    page.get_by_label("Accepted").check()
    page.get_by_label("Date", exact=True).fill("2026-10-01")
    page.get_by_role("button", name="Update the referral").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("before the referral was made")
    axe_check(page)
    page.get_by_label("Accepted").check()
    page.get_by_label("Date", exact=True).fill("2026-11-02")
    page.get_by_role("button", name="Update the referral").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Referral accepted")

    page.goto(f"{live_server.url}/p/testvale/referrals/")
    expect(page.get_by_role("cell", name="Accepted")).to_be_visible()
    axe_check(page)
