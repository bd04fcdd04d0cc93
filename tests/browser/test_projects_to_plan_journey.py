"""From money to the published plan in a real browser: the CSP manager adds a fund and a project,
counts its sessions and gives it the money; the provider's practitioner submits the year's return;
the manager accepts it, the plan's check shows no gap, and the published plan's "Review of projects
and initiatives" carries the project's numbers, each a figure with its definition. axe checks every
page on the way."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from eunomia.core.periods import year_containing, year_label
from eunomia.partners import actions as partner_actions
from eunomia.plans import actions as plan_actions
from eunomia.projects.models import Project
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


def _success(page, text):
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(text)


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def page(request, new_page):
    return new_page(javascript=request.param)


def test_fund_to_project_to_return_to_published_review(page, new_page, live_server, manager, practitioner,
                                                       partnership, council, system_user):
    this_year = year_containing(timezone.localdate(), 4)
    last_year = this_year - 1
    partner_actions.add_organisation(by=system_user, partnership=partnership, name="Office of the PCC",
                                     kind="other", member=False)
    plan = plan_actions.create_plan(by=manager, partnership=partnership, start_year=this_year)
    plan_actions.add_item(by=manager, plan=plan, kind="priority", title="Anti-social behaviour")
    plan_actions.save_section(by=manager, section=plan.sections.get(kind="introduction"),
                              body="The partnership's plan for the year.")

    sign_in(page, live_server, manager)
    page.get_by_role("link", name="Projects", exact=True).click()
    axe_check(page)
    page.get_by_role("link", name="Add a fund").click()
    page.get_by_label("Name of the fund").fill("Crime Reduction Grant")
    page.get_by_label("Funder", exact=True).select_option(label="Office of the PCC")
    page.get_by_label("Financial year").select_option(value=str(last_year))
    page.get_by_label("Amount", exact=True).fill("£12,000.00")
    page.get_by_label("Once a year").check()
    axe_check(page)
    page.get_by_role("button", name="Save the fund").click()
    _success(page, "")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Crime Reduction Grant")
    fund_page = page.url

    page.get_by_role("link", name="Projects", exact=True).click()
    page.get_by_role("link", name="Add a project").click()
    page.get_by_label("Name of the project").fill("Street mediation")
    page.get_by_label("Provider").select_option(label="Testvale Homes")
    page.get_by_label("Lead organisation").select_option(label="Testvale Council")
    page.get_by_label("Start date").fill(f"{last_year}-04-01")
    page.get_by_label("End date").fill(f"{this_year}-03-31")
    page.get_by_label("Running").check()
    page.get_by_label("Once a year").check()
    axe_check(page)
    page.get_by_role("button", name="Save the project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Street mediation")

    page.get_by_role("link", name="Add an output or outcome").click()
    page.get_by_label("Output", exact=True).check()
    page.get_by_label("What is counted").fill("Sessions held")
    page.get_by_label("Target for a full year").fill("40")
    page.get_by_role("button", name="Add the measure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Street mediation")

    page.goto(fund_page)
    page.get_by_role("link", name="Allocate money to a project").click()
    page.get_by_label("Project", exact=True).select_option(label="Street mediation")
    page.get_by_label("Amount", exact=True).fill("15000.00")
    page.get_by_label("Date allocated").fill(f"{last_year}-04-01")
    page.get_by_role("button", name="Allocate the money").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("has £12,000.00 left to allocate")
    axe_check(page)
    page.get_by_label("Amount", exact=True).fill("12000.00")
    page.get_by_role("button", name="Allocate the money").click()
    _success(page, "")

    provider = new_page(javascript=page.javascript_enabled)
    sign_in(provider, live_server, practitioner)
    provider.goto(f"{live_server.url}/p/testvale/projects/")
    provider.get_by_role("link", name=re.compile(r"Fill in the return for Street mediation")).click()
    provider.get_by_label("Spend in the period").fill("11500.00")
    provider.get_by_label("Sessions held").fill("38")
    provider.get_by_role("button", name="Submit to the CSP manager").click()
    _success(provider, "submitted to the CSP manager")
    axe_check(provider)

    project = Project.objects.get(title="Street mediation")
    page.goto(f"{live_server.url}/p/testvale/projects/{project.pk}/")
    page.get_by_role("link", name=year_label(last_year), exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Return for {year_label(last_year)}")
    axe_check(page)
    page.get_by_role("button", name="Accept the return").click()
    _success(page, "accepted")

    # The plan: its check shows the review with the project's numbers and no gap for its return.
    page.goto(f"{live_server.url}/p/testvale/plans/{this_year}/")
    page.get_by_role("link", name="Check and publish").click()
    expect(page.get_by_text("Project Street mediation")).to_have_count(0)
    expect(page.get_by_text("The plan has not been approved")).to_be_visible()
    axe_check(page)
    page.goto(f"{live_server.url}/p/testvale/plans/{this_year}/")
    page.get_by_role("link", name="Approve").click()
    page.get_by_role("button", name="Approve the plan").click()
    page.get_by_role("link", name="Check and publish").click()
    page.get_by_role("button", name="Publish the plan").click()
    _success(page, "published as version 1")
    axe_check(page)

    public = new_page(javascript=page.javascript_enabled)
    public.goto(f"{live_server.url}/published/testvale/{this_year}/")
    review = public.locator("section, div").filter(
        has=public.get_by_role("heading", name=f"Review of projects and initiatives {year_label(last_year)}")).last
    expect(review).to_contain_text("Street mediation")
    expect(review).to_contain_text("Funded by Office of the PCC: £12,000.00")
    expect(review).to_contain_text("Spent £11,500.00")
    expect(review).to_contain_text("£302.63")  # £11,500.00 over 38 sessions
    expect(public.get_by_text(f"Street mediation: spend {year_label(last_year)}")).to_be_visible()
    axe_check(public)
