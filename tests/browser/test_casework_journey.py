"""A CSU officer records a report through the form (errors first), opens it and the person in it,
then the briefing: axe on every page, with JavaScript on and off."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def page(request, new_page):
    return new_page(javascript=request.param)


def test_record_a_report_and_brief_on_it(page, live_server, make_member, partnership, council):
    officer = make_member("csu_officer", partnership, council)
    sign_in(page, live_server, officer)
    page.get_by_role("link", name="Casework", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports of anti-social behaviour")
    axe_check(page)

    page.get_by_role("link", name="Record a report").click()
    axe_check(page)
    page.get_by_role("button", name="Record the report").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date it happened")
    expect(summary).to_contain_text("Describe what happened")
    expect(page).to_have_title(re.compile("^Error: "))
    axe_check(page)

    page.get_by_label("Date it happened").fill("2026-11-01")
    page.get_by_label("Category").select_option("noise")
    page.get_by_label("How it was reported").select_option("phone")
    page.get_by_label("Address or place").fill("4 Mill Lane")
    page.get_by_label("What happened").fill("Music until 3am")
    page.get_by_label("First name").fill("Dana")
    page.get_by_label("Last name").fill("Ellis")
    page.get_by_role("button", name="Record the report").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("recorded")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Noise")
    axe_check(page)

    page.get_by_role("link", name="Dana Ellis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dana Ellis")
    axe_check(page)

    page.goto(f"{live_server.url}/p/testvale/casework/briefing/?day=2026-11-02&period=day")
    expect(page.get_by_role("heading", level=1)).to_have_text("CSU briefing, 2 November 2026")
    axe_check(page)
