"""A tasking journey in a real browser: record a tasking meeting, task a partner, the task is
overdue, the reminder goes by email, and the dashboard shows it overdue. axe checks every page."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from eunomia.partners import actions as partner_actions
from eunomia.tasking import actions
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


def test_tasking_meeting_to_overdue_reminder(page, live_server, make_member, partnership, council, housing,
                                             practitioner):
    today = timezone.localdate()
    held = today - datetime.timedelta(days=30)
    officer = make_member("csu_officer", partnership, council)
    group = partner_actions.save_working_group(by=officer, partnership=partnership, name="ASB Group",
                                               lead_organisation=council)
    actions.add_group_item(by=officer, group=group, title="Train housing officers in mediation",
                           owner_organisation=housing, due_on=today - datetime.timedelta(days=2))
    sign_in(page, live_server, officer)
    page.get_by_role("link", name="Tasking", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tasking and co-ordination")
    axe_check(page)

    page.get_by_role("link", name="Record a tasking meeting").click()
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date the meeting was held")
    axe_check(page)
    page.get_by_label("Date held").fill(held.isoformat())
    page.get_by_label("Chaired by").select_option(label="Testvale Council")
    page.get_by_label("Testvale Homes").check()
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Tasking meeting, {held:%-d %B %Y}")
    axe_check(page)

    page.get_by_role("link", name="Task a partner organisation").click()
    page.get_by_label("Organisation tasked").select_option(label="Testvale Homes")
    page.get_by_label("Task", exact=True).fill("Repair the lighting in the Willow Court car park")
    page.get_by_label("Due by").fill((today - datetime.timedelta(days=1)).isoformat())
    axe_check(page)
    page.get_by_role("button", name="Set the task").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The task was set")
    expect(page.get_by_text("Overdue")).to_be_visible()
    axe_check(page)

    call_command("send_task_reminders")
    [email] = mail.outbox
    assert email.to == [practitioner.email]
    assert "Repair the lighting" not in email.body and "/p/testvale/tasking/tasks/" in email.body  # a link only

    page.get_by_role("link", name="Tasking", exact=True).click()
    row = page.get_by_role("row", name="Repair the lighting")
    expect(row).to_contain_text("Testvale Homes")
    expect(row.get_by_text("Overdue")).to_be_visible()
    expect(page.get_by_text("1, 1 overdue")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Repair the lighting in the Willow Court car park").click()
    expect(page.get_by_text("Overdue")).to_be_visible()
    axe_check(page)
    page.goto(f"{live_server.url}/p/testvale/tasking/groups/")
    page.get_by_role("link", name="ASB Group").click()
    expect(page.get_by_role("row", name="Train housing officers")).to_contain_text("Overdue")
    axe_check(page)
