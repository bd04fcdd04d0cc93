"""A monitoring return in a real browser, with JavaScript on and off: the provider's practitioner
finds the late return on the dashboard, is refused in words, saves a draft and submits it; the CSP
manager sends it back with reasons and then accepts it; the fund, project, portfolio and forms pass
axe (WCAG 2.2 A and AA) on the way."""

import datetime

import pytest
from playwright.sync_api import expect

from eunomia.projects import actions
from tests.browser.conftest import axe_check, sign_in
from tests.projects.objects import fund, pcc, project  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def page(request, new_page):
    return new_page(javascript=request.param)


def test_a_return_from_late_to_accepted(page, new_page, live_server, manager, practitioner, fund, project):
    actions.allocate(by=manager, fund=fund, project=project, amount="8000.00", made_on=datetime.date(2025, 4, 2))
    actions.add_budget_line(by=manager, project=project, start_year=2025, heading="Staff", amount="9000.00")
    sign_in(page, live_server, practitioner)
    page.goto(f"{live_server.url}/p/testvale/projects/")
    expect(page.get_by_role("heading", level=2, name="Your organisation's late returns")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Fill in the return for Youth diversion sessions, Q1 2025/26").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Return for Q1 2025/26")
    page.get_by_label("Spend in the period").fill("ten pounds")
    page.get_by_role("button", name="Submit to the CSP manager").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the spend in pounds and pence")
    axe_check(page)
    page.get_by_label("Spend in the period").fill("1500.00")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("saved as a draft")
    page.get_by_label("Sessions held").fill("9")
    page.get_by_label("Young people not reoffending").fill("3")
    page.get_by_role("button", name="Submit to the CSP manager").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("submitted to the CSP manager")
    axe_check(page)

    csp = new_page(javascript=page.javascript_enabled)
    sign_in(csp, live_server, manager)
    csp.goto(f"{live_server.url}/p/testvale/projects/")
    csp.get_by_role("link", name="return for 1 April 2025 to 30 June 2025").click()
    axe_check(csp)
    csp.get_by_role("button", name="Send the return back").click()
    expect(csp.locator(".govuk-error-summary")).to_contain_text("Say what the provider must put right")
    axe_check(csp)
    csp.get_by_label("What the provider must put right").fill("The diary shows eight sessions.")
    csp.get_by_role("button", name="Send the return back").click()
    expect(csp.get_by_text("The diary shows eight sessions.")).to_be_visible()

    page.reload()
    expect(page.get_by_text("The diary shows eight sessions.")).to_be_visible()
    page.get_by_label("Sessions held").fill("8")
    page.get_by_role("button", name="Submit to the CSP manager").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("submitted to the CSP manager")

    csp.reload()
    csp.get_by_role("button", name="Accept the return").click()
    expect(csp.locator(".govuk-notification-banner--success")).to_contain_text("accepted")
    axe_check(csp)
    for path in (f"{project.pk}/", f"funds/{fund.pk}/", "portfolio/2025/", "new/", f"{project.pk}/edit/",
                 f"funds/{fund.pk}/allocate/", f"{project.pk}/documents/new/"):
        response = csp.goto(f"{live_server.url}/p/testvale/projects/{path}")
        assert response.status == 200, path
        axe_check(csp)
    csp.goto(f"{live_server.url}/p/testvale/projects/funds/new/")
    csp.get_by_role("button", name="Save the fund").click()
    expect(csp.locator(".govuk-error-summary")).to_contain_text("Enter the fund's name")
    axe_check(csp)
