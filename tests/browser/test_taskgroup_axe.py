"""axe on the ASB Task Group pages: the list with open actions, a meeting with its agenda, actions
and minutes, and the forms with their errors. JavaScript on and off."""

import datetime

import pytest
from playwright.sync_api import expect

from eunomia.taskgroup import actions
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def page(request, new_page):
    return new_page(javascript=request.param)


def test_task_group_pages(page, live_server, make_member, partnership, council):
    officer = make_member("csu_officer", partnership, council)
    meeting = actions.create_meeting(by=officer, partnership=partnership, organisation=council,
                                     held_on=datetime.date(2026, 11, 10), title="ASB Task Group", attendees=[],
                                     cases=[])
    actions.add_action(by=officer, meeting=meeting, organisation=council, description="Visit the park",
                       due_on=datetime.date(2026, 11, 17))
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/p/testvale/task-group/")
    expect(page.get_by_role("heading", level=1)).to_have_text("ASB Task Group")
    axe_check(page)
    page.get_by_role("link", name="ASB Task Group, 10 November 2026").first.click()
    expect(page.get_by_text("Overdue")).to_be_visible()
    axe_check(page)
    page.get_by_label("Minutes").fill("Agreed to visit the park.")
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("minutes were saved")
    axe_check(page)
    page.get_by_role("link", name="Add an action").click()
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what is to be done")
    axe_check(page)
    page.goto(f"{live_server.url}/p/testvale/task-group/new/")
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date the meeting was held")
    axe_check(page)
