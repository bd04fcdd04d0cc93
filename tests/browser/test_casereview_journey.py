"""A CSU officer records an ASB case review application through the form (errors first), sees the
threshold check with its reasons and records the decision: axe on every page, JavaScript on and off."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from eunomia.casework import actions as casework
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def page(request, new_page):
    return new_page(javascript=request.param)


def test_apply_see_the_threshold_and_decide(page, live_server, make_member, partnership, council):
    officer = make_member("csu_officer", partnership, council)
    today = timezone.localdate()
    references = []
    for days_ago in (5, 30, 60):
        moment = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=days_ago),
                                                               datetime.time(12)))
        references.append(casework.record_report(
            by=officer, partnership=partnership, organisation=council, occurred_at=moment, reported_at=moment,
            category="noise", source="phone", description="Music until 3am").reference)
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/p/testvale/case-reviews/")
    expect(page.get_by_role("heading", level=1)).to_have_text("ASB case reviews (community trigger)")
    axe_check(page)

    page.get_by_role("link", name="Record an application").click()
    axe_check(page)
    page.get_by_role("button", name="Record the application").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date the application was received")
    expect(summary).to_contain_text("Describe what the applicant asks to be reviewed")
    expect(page).to_have_title(re.compile("^Error: "))
    axe_check(page)

    page.get_by_label("Applicant's name (if they are not in the system)").fill("Sam Lee")
    page.get_by_label("Date the application was received").fill(today.isoformat())
    page.get_by_label("What the applicant asks to be reviewed").fill("Three complaints and nothing done")
    for reference in references:
        page.get_by_label(re.compile(f"{reference}:")).check()
    page.get_by_role("button", name="Record the application").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Application recorded")
    expect(page.locator("#threshold-result")).to_contain_text("The threshold is met")
    expect(page.get_by_text(re.compile("^3 qualifying complaints"))).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Record the decision").click()
    expect(page.get_by_label("Yes, the threshold is met")).to_be_checked()
    axe_check(page)
    page.get_by_label("Date of the decision").fill(today.isoformat())
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Decision recorded")
    expect(page.get_by_role("heading", level=1)).to_contain_text("threshold met")
    axe_check(page)

    page.goto(f"{live_server.url}/p/testvale/case-reviews/statistics/")
    expect(page.get_by_role("row", name=re.compile(f"^{today.year} "))).to_contain_text("1")
    axe_check(page)
