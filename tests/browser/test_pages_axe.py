"""axe on the pages the plan journey does not reach: the dashboard, the directory and its forms,
figures, the audit log, the plan preview and forms, signing in, the public pages and the error
pages. Form pages are checked empty and again showing their errors. Each test runs with
JavaScript on and off."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from eunomia.accounts.models import Membership
from eunomia.figures import actions as figure_actions
from eunomia.partners import actions as partner_actions
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def page(request, new_page):
    return new_page(javascript=request.param)


def visit(page, path, *, status=200, heading=None):
    response = page.goto(path)
    assert response.status == status, f"{path} answered {response.status}"
    if heading is not None:
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    axe_check(page)


def submit_with_errors(page, button, *messages):
    page.get_by_role("button", name=button).click()
    summary = page.locator(".govuk-error-summary")
    for message in messages:
        expect(summary.get_by_role("link", name=message)).to_be_visible()
    expect(page).to_have_title(re.compile("^Error: "))
    axe_check(page)


@pytest.fixture
def directory(partnership, council, housing, system_user):
    contact = partner_actions.add_contact(by=system_user, partnership=partnership, organisation=housing,
                                          name="Sam Patel", job_title="Tenancy manager", email="sam@homes.example")
    group = partner_actions.save_working_group(by=system_user, partnership=partnership, name="ASB Task Group",
                                               lead_organisation=housing, member_organisations=[council, housing],
                                               lead_contact=contact, purpose="Keeps the anti-social behaviour plan.")
    elsewhere = partner_actions.create_partnership(by=system_user, name="Elsewhere CSP", slug="elsewhere",
                                                   local_authority_codes=["E07000116"])
    partner_actions.add_organisation(by=system_user, partnership=elsewhere, name="Elsewhere Fire and Rescue",
                                     kind="fire")
    youth = partner_actions.add_organisation(by=system_user, partnership=partnership, name="Testvale Youth Service",
                                             kind="youth", joined_on=datetime.date(2009, 4, 1))
    partner_actions.leave_partnership(by=system_user, partnership=partnership, organisation=youth,
                                      left_on=datetime.date(2016, 3, 31))
    return {"contact": contact, "group": group}


def test_axe_check_fails_on_an_inaccessible_page(page, live_server):
    """The check the other tests rely on can fail: an unlabelled field and an image without
    alternative text are reported, with or without JavaScript."""
    page.route(f"{live_server.url}/not-accessible/", lambda route: route.fulfill(
        content_type="text/html", body='<html lang="en"><head><title>Bad</title></head><body><main>'
                                       '<img src="/static/eunomia/favicon.svg"><input type="text"></main></body></html>'))
    page.goto("/not-accessible/")
    with pytest.raises(pytest.fail.Exception) as failure:
        axe_check(page)
    assert "image-alt (critical)" in str(failure.value)
    assert "label (critical)" in str(failure.value)


def test_sign_in_page_and_its_errors(page, live_server, manager):
    visit(page, "/accounts/sign-in/", heading="Sign in")
    submit_with_errors(page, "Sign in", "Enter your email address", "Enter your password")
    page.get_by_label("Email address").fill(manager.email)
    page.get_by_label("Password").fill("not the password")
    submit_with_errors(page, "Sign in", "The email address or password is not right")
    expect(page.get_by_label("Email address")).to_have_value(manager.email)


def test_public_pages_and_page_not_found(page, live_server, plans):
    visit(page, "/published/", heading="Published plans")
    expect(page.get_by_text("Nothing has been published yet.")).to_be_visible()
    visit(page, "/published/testvale/", heading="Published plans")
    visit(page, "/published/testvale/2025/", status=404, heading="Page not found")
    visit(page, "/no-such-page/", status=404, heading="Page not found")
    visit(page, "/published/nowhere/", status=404, heading="Page not found")


def test_signed_in_error_pages(page, live_server, analyst, plans):
    sign_in(page, live_server, analyst)
    visit(page, "/p/elsewhere/", status=404, heading="Page not found")
    visit(page, "/p/testvale/plans/2030/", status=404, heading="Page not found")
    visit(page, "/p/testvale/plans/new/", status=403, heading="You cannot do this")


def test_home_dashboard_audit_log_and_account(page, live_server, manager, housing, other_partnership, plans):
    # A member of two partnerships lands on the list of both rather than on a dashboard.
    Membership.objects.create(user=manager, partnership=other_partnership, organisation=housing, role="board_member")
    sign_in(page, live_server, manager)
    visit(page, "/", heading="Your partnerships")
    page.get_by_role("link", name="Testvale Community Safety Partnership").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Testvale Community Safety Partnership")
    axe_check(page)
    visit(page, "/p/testvale/audit/")
    visit(page, "/p/testvale/audit/?action=plan.")
    visit(page, "/p/testvale/audit/accounts/", heading="Account events")
    visit(page, "/accounts/password/", heading="Change your password")
    page.get_by_role("button", name=re.compile("Change|Save")).click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe_check(page)


def test_directory_and_its_forms(page, live_server, manager, directory, council):
    sign_in(page, live_server, manager)
    visit(page, "/p/testvale/directory/")
    expect(page.get_by_role("main")).to_contain_text("Sam Patel")
    expect(page.get_by_role("main")).to_contain_text("ASB Task Group")
    expect(page.get_by_role("main")).to_contain_text("31 March 2016")  # the youth service's past membership

    visit(page, "/p/testvale/directory/partnership/", heading="Partnership details")
    visit(page, "/p/testvale/directory/organisations/new/", heading="Add a new organisation")
    page.get_by_label("Email").fill("not an email")
    submit_with_errors(page, "Add the organisation", "Enter the organisation's name",
                       "Choose the type of organisation",
                       "Enter an email address in the right format, like name@example.org")
    visit(page, "/p/testvale/directory/organisations/add/", heading="Add an organisation from the directory")
    submit_with_errors(page, "Add to the partnership", "Choose an organisation")
    visit(page, f"/p/testvale/directory/organisations/{council.pk}/edit/", heading="Edit Testvale Council")
    visit(page, f"/p/testvale/directory/organisations/{council.pk}/leave/")
    page.get_by_label("Date it left the partnership").fill("1899-12-31")
    submit_with_errors(page, "Remove from the partnership", "The date it left must be on or after 1 January 1900")
    seat = council.seats.get(partnership__slug="testvale")
    visit(page, f"/p/testvale/directory/members/{seat.pk}/dates/", heading="When Testvale Council was a member")
    page.get_by_label("Date it left").fill("1999-03-31")
    submit_with_errors(page, "Save the dates", "The date it left must be on or after the date it joined")

    visit(page, "/p/testvale/directory/contacts/new/", heading="Add a contact")
    submit_with_errors(page, "Save", "Enter the contact's full name", "Choose the contact's organisation")
    visit(page, f"/p/testvale/directory/contacts/{directory['contact'].pk}/edit/", heading="Edit contact: Sam Patel")

    visit(page, "/p/testvale/directory/working-groups/new/", heading="Add a working group")
    page.get_by_label("Lead organisation").select_option(label="Testvale Council")
    page.get_by_label("Lead contact").select_option(label="Sam Patel (Testvale Homes)")
    submit_with_errors(page, "Save", "Enter the working group's name",
                       "Sam Patel works for Testvale Homes, not the lead organisation")
    visit(page, f"/p/testvale/directory/working-groups/{directory['group'].pk}/edit/",
          heading="Edit working group: ASB Task Group")


def test_figure_pages_and_forms(page, live_server, manager, plans, partnership, council, system_user):
    figure = figure_actions.create_figure(
        by=system_user, partnership=partnership, name="victims-supported-2024-25", title="Victims supported",
        unit="count", period_start=datetime.date(2024, 4, 1), period_end=datetime.date(2025, 3, 31),
        definition="Victims of crime given support by the victim service.", source="Victim service returns",
        owner_organisation=council)
    figure_actions.record_value(by=system_user, figure=figure, value=410, evidence="Quarterly returns")
    figure_actions.record_value(by=system_user, figure=figure, value=412, evidence="Corrected return for March")
    men = figure_actions.create_figure(
        by=system_user, partnership=partnership, name="men-supported-2024-25", title="Men supported", unit="count",
        counts="people", period_start=datetime.date(2024, 4, 1), period_end=datetime.date(2025, 3, 31),
        definition="Men given support by the victim service.", source="Victim service returns")
    figure_actions.record_value(by=system_user, figure=men, value=3, evidence="Quarterly returns")
    sign_in(page, live_server, manager)

    visit(page, "/p/testvale/figures/")
    visit(page, "/p/testvale/figures/?missing=1")
    visit(page, "/p/testvale/figures/victims-supported-2024-25/", heading="Victims supported")
    expect(page.get_by_role("table", name=re.compile("Every value this figure has had"))).to_contain_text(
        "Corrected return for March")
    visit(page, f"/p/testvale/figures/{plans['improved'].actual.name}/", heading="Cases with behaviour improved")

    visit(page, "/p/testvale/figures/victims-supported-2024-25/record/", heading="Record the value of Victims supported")
    page.get_by_label("Value", exact=True).fill("four hundred")
    submit_with_errors(page, "Save value", "Enter the value as a number, like 38",
                       "Say where the value comes from, for example the report or system it was taken from")
    visit(page, "/p/testvale/figures/victims-supported-2024-25/edit/",
          heading="Change the definition of Victims supported")
    page.get_by_label("Definition").fill("")
    submit_with_errors(page, "Save", "Say exactly what the figure counts")

    visit(page, "/p/testvale/figures/new/", heading="Add a figure entered by hand")
    page.get_by_label("Name", exact=True).fill("Not A Name")
    submit_with_errors(page, "Add figure", "Enter a title for the figure", "Choose the figure's unit")
    visit(page, "/p/testvale/figures/new/derived/", heading="Add a figure worked out from other figures")
    page.get_by_label("From the figures").fill("no-such-figure, another")
    page.get_by_label("Sum: the inputs added up").check()
    page.get_by_label("Title", exact=True).fill("Worked out")
    page.get_by_label("Definition").fill("The two added up")
    submit_with_errors(page, "Add figure", "There is no figure called [[no-such-figure]], [[another]]")
    visit(page, "/p/testvale/figures/new/calculated/", heading="Add a figure calculated from records")
    submit_with_errors(page, "Add figure", "Choose a calculation", "Enter a title for the figure")
    page.get_by_label("Calculation").select_option(index=1)
    page.get_by_label("Title", exact=True).fill("Calculated from records")
    page.get_by_role("button", name="Add figure").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("added and calculated")
    axe_check(page)

    # A small count of people, marked on staff pages; the partnership's rule for publishing (ADR 65).
    visit(page, "/p/testvale/figures/men-supported-2024-25/", heading="Men supported")
    expect(page.locator(".eunomia-not-for-publication")).to_contain_text("fewer than 5")
    visit(page, "/p/testvale/figures/disclosure/", heading="Rule for publishing counts of people")
    page.get_by_label(re.compile("Publish counts of people below")).fill("2")
    submit_with_errors(page, "Save the rule", "Choose a number from 3 to 20")


def test_plan_pages_and_forms(page, live_server, manager, plans):
    previous, action, target = plans["previous"], plans["mediation"], plans["referrals"]
    sign_in(page, live_server, manager)

    visit(page, "/p/testvale/plans/", heading="Plans")
    visit(page, "/p/testvale/plans/new/", heading="Start a new plan year")
    page.get_by_label("Plan year").select_option("2025")
    submit_with_errors(page, "Start the plan", "There is already a plan for 2025/26")
    page.get_by_label("Plan year").select_option("2026")
    page.get_by_label(re.compile("Copy the priorities")).check()
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Partnership Plan 2026 - 2027")
    axe_check(page)

    visit(page, "/p/testvale/plans/2025/preview/")
    expect(page.get_by_role("main")).to_contain_text("Referrals to mediation")
    visit(page, "/p/testvale/plans/2025/approve/", heading="Approve Partnership Plan 2025 - 2026")
    visit(page, "/p/testvale/plans/2025/title/", heading="Change the plan's title or years")
    page.get_by_label("Title", exact=True).fill("")
    submit_with_errors(page, "Save", "Enter the plan's title")

    priority = plans["current"].priorities.get()
    visit(page, f"/p/testvale/plans/2025/priorities/{priority.pk}/", heading="Change the priority")
    visit(page, "/p/testvale/plans/2025/themes/new/", heading="Add a cross-cutting theme")
    submit_with_errors(page, "Save", "Enter the cross-cutting theme")
    visit(page, "/p/testvale/plans/2025/objectives/new/", heading="Add a key objective")
    visit(page, "/p/testvale/plans/2025/carry-over/", heading="Carry over 2024/25's unfinished actions")
    visit(page, "/p/testvale/plans/upload/", heading="Load a plan from a workbook")
    submit_with_errors(page, "Check and load the workbook", "Choose the year the plan covers", "Select the workbook")
    visit(page, "/p/testvale/plans/2025/focus-areas/new/", heading="Add an area of focus")

    # Quarterly milestones: set on their page (a wrong aim refused), shown and recorded on the plan page.
    visit(page, f"/p/testvale/plans/{previous.start_year}/targets/{target.pk}/", heading="Change the target")
    page.get_by_role("link", name="Set quarterly milestones for Referrals to mediation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarterly milestones: Referrals to mediation")
    axe_check(page)
    page.get_by_label("By 30 June 2024 (end of quarter 1)").fill("ten")
    submit_with_errors(page, "Save the milestones", "Enter the aim as a number, like 10")
    page.get_by_label("By 30 June 2024 (end of quarter 1)").fill("10")
    page.get_by_label("By 30 September 2024 (end of quarter 2)").fill("20")
    page.get_by_role("button", name="Save the milestones").click()
    expect(page.locator(f"#target-{target.pk}")).to_contain_text("By 30 Sep: 20")
    axe_check(page)
    page.get_by_role("link", name="Record the actual by 30 June 2024 for Referrals to mediation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Record the milestone's actual: Referrals to mediation")
    axe_check(page)
    page.get_by_label("Actual", exact=True).fill("12")
    page.get_by_label("Evidence").fill("Mediation returns, quarter 1")
    page.get_by_role("button", name="Save the actual").click()
    expect(page.locator(f"#target-{target.pk}")).to_contain_text("By 30 Jun: 10, reached 12")
    axe_check(page)

    visit(page, f"/p/testvale/plans/{previous.start_year}/actions/{action.pk}/", heading="Change the action")
    page.get_by_role("button", name="Delete this action").click()  # asks first, and it holds targets
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("cannot be deleted yet"))
    axe_check(page)
    visit(page, f"/p/testvale/plans/2025/priorities/{priority.pk}/", heading="Change the priority")
    page.get_by_role("button", name="Delete this priority").click()
    expect(page.get_by_role("button", name="Yes, delete the priority")).to_be_visible()
    axe_check(page)
    visit(page, f"/p/testvale/plans/{previous.start_year}/actions/{action.pk}/", heading="Change the action")
    page.get_by_label("Action", exact=True).fill("")
    submit_with_errors(page, "Save", "Describe the action")
    visit(page, f"/p/testvale/plans/{previous.start_year}/targets/{target.pk}/", heading="Change the target")
    page.get_by_label("Target", exact=True).fill("forty")
    submit_with_errors(page, "Save", "Enter the target as a number, like 40 or 80")
    visit(page, f"/p/testvale/plans/{previous.start_year}/actions/{action.pk}/targets/new/", heading="Add a target")
    submit_with_errors(page, "Save", "Say what the target measures", "Choose the kind of target")
