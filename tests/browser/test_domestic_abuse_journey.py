"""A DA specialist completes a DASH checklist (errors first), makes the MARAC referral from it and
sends it, lists the case at a MARAC meeting with an action (errors first), then starts IDVA support
and finds it, with no safety plan yet, on the dashboard: axe on every page, with JavaScript on."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from eunomia.domesticabuse import actions
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


def test_checklist_referral_marac_and_idva_support(page, live_server, make_member, partnership, council):
    idva = make_member("da_specialist", partnership, council)
    actions.save_person(by=idva, partnership=partnership, first_name="Nia", last_name="Marsh", sex="female",
                        date_of_birth=datetime.date(1990, 6, 15), address="4 Canal Walk")
    actions.save_person(by=idva, partnership=partnership, first_name="Lyle", last_name="Brant")
    sign_in(page, live_server, idva)
    page.goto(f"{live_server.url}/p/testvale/plans/")
    page.get_by_role("link", name="Domestic abuse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Domestic abuse")
    axe_check(page)
    page.get_by_label("Find a person by name or postcode").fill("Marsh")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Nia Marsh").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nia Marsh")
    axe_check(page)

    page.get_by_role("link", name="Complete a DASH risk checklist").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("DASH risk checklist: Nia Marsh")
    axe_check(page)
    page.get_by_role("button", name="Save the checklist").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Answer question 1: yes, no or not known")
    expect(page).to_have_title(re.compile("^Error: "))
    axe_check(page)
    questions = page.locator("fieldset").all()[:24]
    for number, group in enumerate(questions, start=1):
        group.get_by_label("Yes" if number <= 14 else "Not known", exact=True).check()
    page.get_by_label("Perpetrator (if known)").select_option(label="Lyle Brant")
    page.get_by_role("button", name="Save the checklist").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("score 14, high risk")
    expect(page.get_by_role("heading", name="MARAC referral required")).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="Make the MARAC referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nia Marsh")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Lyle Brant")
    axe_check(page)
    page.get_by_role("button", name="Send the referral to MARAC").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Referral sent to MARAC")
    axe_check(page)

    page.goto(f"{live_server.url}/p/testvale/domestic-abuse/")
    page.get_by_role("link", name="MARAC meetings").click()
    page.locator("fieldset", has_text="Agencies present").get_by_label("Testvale Council").check()
    axe_check(page)
    page.get_by_role("button", name="Create the meeting").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Meeting created")
    axe_check(page)
    page.get_by_role("link", name="Add a case").click()
    page.get_by_label("Case (a sent referral)").select_option(index=1)
    page.get_by_label("Information shared").fill("Police: two call-outs this month")
    axe_check(page)
    page.get_by_role("button", name="Add the case").click()
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("Action", exact=True).fill("Fit a panic alarm")
    page.get_by_label("Due by").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the organisation that owns the action")
    axe_check(page)
    page.get_by_label("Owner").select_option(label="Testvale Council")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("cell", name="Fit a panic alarm")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Nia Marsh").click()
    page.get_by_role("link", name="Nia Marsh").click()  # from the referral to the person
    page.get_by_role("link", name="Start IDVA or volunteer support").click()
    page.get_by_label("IDVA support").check()
    page.get_by_label("High").check()
    axe_check(page)
    page.get_by_role("button", name="Start support").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Support started")
    expect(page.get_by_text("IDVA support from")).to_be_visible()
    axe_check(page)

    page.goto(f"{live_server.url}/p/testvale/domestic-abuse/")  # the dashboard shows the open support
    expect(page.locator("table", has_text="IDVA and volunteer support")).to_contain_text("No safety plan")
    axe_check(page)
