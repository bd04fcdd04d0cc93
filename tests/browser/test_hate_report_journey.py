"""Reporting a hate incident in a real browser (ADR 62), JavaScript on and off: from the partnership's
public page through every page of the form (an error first), the equality questions, check your
answers with a change, the confirmation with its reference, and the refusal when one address sends
too many; then the CSU's triage pages, the manager's reporting centres and a centre's own reports.
axe on every page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from eunomia.hatereports.models import HateReport
from tests.browser.conftest import axe_check, sign_in
from tests.hatereports.helpers import centre_with_staff, report_for

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def page(request, new_page):
    return new_page(javascript=request.param)


def continue_(page):
    page.get_by_role("button", name="Continue").click()


def test_report_a_hate_incident_from_start_to_reference(page, live_server, council, partnership, settings):
    settings.PUBLIC_FORM_ADDRESS_LIMIT = 1
    page.goto(f"{live_server.url}/published/testvale/")
    page.get_by_role("link", name="Report a hate incident online").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a hate incident")
    axe_check(page)
    page.get_by_role("button", name="Start now").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Who is reporting?")
    axe_check(page)
    continue_(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose who is reporting")
    expect(page).to_have_title(re.compile("^Error: "))
    axe_check(page)
    page.get_by_label("It happened to me").check()
    continue_(page)

    axe_check(page)
    page.get_by_label("What happened?").fill('They shouted <script>alert("x")</script> at me')
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("When did it happen?")
    axe_check(page)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.get_by_label("Date it happened").fill(yesterday.isoformat())
    page.get_by_label("Time it happened (optional)").fill("21:30")
    continue_(page)
    axe_check(page)
    page.get_by_label("Address or place").fill("Market Street")
    page.get_by_label("Postcode (optional)").fill("tv1 1aa")
    continue_(page)
    axe_check(page)
    page.get_by_label("Race or ethnicity").check()
    page.get_by_label("Religion or belief").check()
    continue_(page)
    axe_check(page)
    page.get_by_label("Yes", exact=True).check()
    continue_(page)
    axe_check(page)
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Reyes")
    continue_(page)
    axe_check(page)
    page.get_by_label("By email", exact=True).check()
    page.get_by_label("Email address (if by email)").fill("sam@example.com")
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Would you like to answer some questions about yourself?")
    axe_check(page)
    page.get_by_label("Yes", exact=True).check()
    continue_(page)
    # Every equality question, one a page; all optional.
    expect(page.get_by_role("heading", level=1)).to_have_text("About you: ethnic group")
    axe_check(page)
    page.get_by_label("Indian").check()
    continue_(page)
    for heading in ("sex", "gender identity", "sexual orientation", "religion", "health conditions",
                    "day-to-day activities", "age"):
        expect(page.get_by_role("heading", level=1)).to_have_text(f"About you: {heading}")
        axe_check(page)
        continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending your report")
    expect(page.get_by_text('They shouted <script>alert("x")</script> at me')).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Change what happened?").click()
    page.get_by_label("What happened?").fill("They shouted abuse at me")
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending your report")
    expect(page.get_by_text("They shouted abuse at me")).to_be_visible()
    page.get_by_role("button", name="Send the report").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Report sent")
    reference = HateReport.objects.get().reference
    expect(page.locator("#reference")).to_have_text(reference)
    axe_check(page)

    # A second report from the same address, over the limit of one: refused, clearly, and nothing kept.
    page.get_by_role("link", name="Report another incident").click()
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("I saw it happen to someone else").check()
    continue_(page)
    page.get_by_label("What happened?").fill("Abuse shouted at a neighbour")
    continue_(page)
    page.get_by_label("Date it happened").fill(yesterday.isoformat())
    continue_(page)
    page.get_by_label("Postcode (optional)").fill("TV1 1AA")
    continue_(page)
    page.get_by_label("Disability", exact=True).check()
    continue_(page)
    page.get_by_label("No, stay anonymous").check()
    continue_(page)
    page.get_by_label("No, skip them").check()
    continue_(page)
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your form has not been sent")
    expect(page.get_by_text(re.compile("Try again after"))).to_be_visible()
    axe_check(page)
    assert HateReport.objects.count() == 1


def test_triage_centres_and_a_centres_own_reports(page, live_server, make_member, partnership, council, manager,
                                                  system_user):
    centre, staff = centre_with_staff(partnership, system_user, make_member)
    officer = make_member("csu_officer", partnership, council)
    to_close = report_for(partnership, description="Shouted at <b>outside</b> the shop")
    to_convert = report_for(partnership, reporter="centre", centre=centre, by=staff)

    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/p/testvale/casework/")
    page.get_by_role("link", name="Hate reports to triage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hate reports to triage")
    axe_check(page)
    page.get_by_role("link", name=to_close.reference).click()
    expect(page.get_by_text("Shouted at <b>outside</b> the shop")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Close the report").click()
    axe_check(page)
    page.get_by_role("button", name="Close the report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose why the report is being closed")
    axe_check(page)
    page.get_by_label("Passed to the police as a crime").check()
    page.get_by_role("button", name="Close the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{to_close.reference}: closed")
    axe_check(page)

    page.goto(f"{live_server.url}/p/testvale/hate-reports/{to_convert.pk}/")
    page.get_by_role("link", name="Turn into a casework report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Turn into a casework report")
    axe_check(page)
    page.get_by_role("button", name="Turn into a casework report").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"{to_convert.reference} recorded in casework")
    axe_check(page)

    page.context.clear_cookies()
    sign_in(page, live_server, manager)
    page.goto(f"{live_server.url}/p/testvale/hate-reports/centres/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hate reporting centres and triage")
    axe_check(page)
    page.get_by_role("link", name="Change who triages hate reports").click()
    axe_check(page)

    page.context.clear_cookies()
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/p/testvale/hate-reports/my-centre/")
    expect(page.get_by_role("row", name=re.compile(to_convert.reference))).to_contain_text(
        "Turned into a casework report")
    axe_check(page)
    page.get_by_role("link", name="Report a hate incident on someone's behalf").click()
    expect(page.get_by_text(re.compile("You are signed in as staff of Testvale Interfaith Forum"))).to_be_visible()
    axe_check(page)
