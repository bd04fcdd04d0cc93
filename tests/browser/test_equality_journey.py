"""Equality (ADR 66) in the browser, with axe on every page, JavaScript on and off: a CSP manager records
a person's equality monitoring answers (any may be left out, "Prefer not to say" is always there), turns
on the setting that publication needs an impact assessment per priority, sees the plan's publication
stopped by the missing assessment, writes one (errors first) and signs it off, and publishes."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from eunomia.casework import actions as casework
from eunomia.core.dates import add_years
from eunomia.plans import actions as plan_actions
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def page(request, new_page):
    return new_page(javascript=request.param)


def test_record_monitoring_then_write_and_sign_off_an_assessment_and_publish(page, live_server, manager, plans,
                                                                             partnership, council):
    person = casework.add_person(by=manager, partnership=partnership, organisation=council, first_name="Dana",
                                 last_name="Ellis")
    # The plan's only other gap (last year's missing actual) put right, and the plan approved.
    plan_actions.record_actual(by=manager, target=plans["referrals"], value=41, evidence="Mediation return")
    plan_actions.approve_plan(by=manager, plan=plans["current"])
    sign_in(page, live_server, manager)

    page.goto(f"{live_server.url}/p/testvale/casework/people/{person.pk}/")
    axe_check(page)
    page.get_by_role("link", name="See or record equality monitoring answers for Dana Ellis").click()
    expect(page.get_by_text("No equality monitoring answers are recorded for Dana Ellis")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Record equality monitoring answers for Dana Ellis").click()
    axe_check(page)
    page.get_by_role("group", name="White").get_by_label("Irish", exact=True).check()
    page.get_by_role("group", name="What is your sex?").get_by_label("Female").check()
    page.get_by_role("group", name="What is your religion?").get_by_label("Prefer not to say").check()
    page.get_by_role("group", name=re.compile("lasting or expected to last")).get_by_label("No", exact=True).check()
    page.get_by_role("group", name=re.compile("reduce your ability")).get_by_label("Yes, a lot").check()
    page.get_by_role("button", name="Save equality answers").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("no condition or illness lasting 12 months")
    expect(page).to_have_title(re.compile("^Error: "))
    axe_check(page)
    page.get_by_role("group", name=re.compile("reduce your ability")).get_by_label("Not at all").check()
    page.get_by_role("button", name="Save equality answers").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Equality monitoring answers saved")
    answers = page.locator(".govuk-summary-list")
    expect(answers).to_contain_text("Irish")
    expect(answers).to_contain_text("Prefer not to say")
    expect(answers).to_contain_text("Not recorded")
    axe_check(page)

    page.goto(f"{live_server.url}/p/testvale/plans/")
    page.get_by_role("link", name="Equality impact assessments and equality figures").click()
    axe_check(page)
    page.get_by_role("link", name="Change this setting").click()
    axe_check(page)
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save the setting").click()
    expect(page.get_by_text("Every priority must have an equality impact assessment")).to_be_visible()

    page.goto(f"{live_server.url}/p/testvale/plans/2025/publish/")
    gaps = page.get_by_role("table", name=re.compile("What stops the plan being published"))
    expect(gaps).to_contain_text("Priority \u201cAnti-social behaviour\u201d has no equality impact assessment")
    axe_check(page)

    page.goto(f"{live_server.url}/p/testvale/equality/")
    this_year = page.get_by_role("table", name="Equality impact assessments of the plan 2025/26 and its priorities")
    this_year.get_by_role("link", name="Write one for Anti-social behaviour").click()
    axe_check(page)
    page.get_by_role("button", name="Save the assessment").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Say who is affected")
    expect(summary).to_contain_text("Choose the impact on people sharing age")
    axe_check(page)
    page.get_by_label("Who is affected").fill("Residents reporting anti-social behaviour, and young people named")
    page.get_by_label("Evidence").fill("Casework equality figures and the residents' survey")
    for group in page.get_by_role("group", name=re.compile("^Impact on people sharing")).all():
        group.get_by_label("Neutral").check()
    page.get_by_role("group", name=re.compile("Race")).get_by_label("Negative").check()
    page.get_by_label("Why (Race)").fill("Lower reporting from some estates")
    page.get_by_label("Mitigations").fill("Third-party reporting centres in community venues")
    page.get_by_label("Adjust to remove barriers or better advance equality").check()
    page.get_by_label("Review date").fill(add_years(timezone.localdate(), 1).isoformat())
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("It needs the CSP manager's sign-off")
    expect(page.get_by_text("Not signed off")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Sign off").click()
    axe_check(page)
    page.get_by_role("button", name="Sign off the assessment").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("signed off")
    expect(page.locator(".govuk-tag--green").first).to_have_text("Signed off")

    page.goto(f"{live_server.url}/p/testvale/plans/2025/publish/")
    expect(page.get_by_text("has no equality impact assessment")).to_have_count(0)
    axe_check(page)
    page.get_by_role("button", name="Publish the plan").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("published as version 1")
    axe_check(page)
