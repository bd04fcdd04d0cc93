"""A meeting in public in a real browser, with JavaScript on and off (ADR 64): the CSP manager adds it
(refused in words first), gives it an agenda; it appears on the partnership's public page, whose
visitor downloads it as an iCalendar file; its draft minutes stay unpublished until the manager
approves them, and then they are public. Every page on the way passes axe (WCAG 2.2 A and AA)."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def page(request, new_page):
    return new_page(javascript=request.param)


def test_a_public_meeting_from_added_to_its_minutes_published(page, new_page, live_server, manager, partnership,
                                                              council, housing):
    sign_in(page, live_server, manager)
    page.goto(f"{live_server.url}/p/testvale/governance/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings and governance")
    axe_check(page)

    page.get_by_role("link", name="Add a public meeting").click()
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date of the meeting")
    axe_check(page)
    held = timezone.localdate() - datetime.timedelta(days=2)
    page.get_by_label("Public meeting").check()
    page.get_by_label("Title (optional)").fill("Spring meeting in public")
    page.get_by_label("Date", exact=True).fill(held.isoformat())
    page.get_by_label("Starts at").fill("18:30")
    page.get_by_label("Finishes at").fill("20:00")
    page.get_by_label("Place").fill("Town Hall, Council Chamber\nTestvale TV1 1AA")
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("was added")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Spring meeting in public")
    axe_check(page)
    meeting_url = page.url

    page.get_by_role("link", name="Add an agenda item").click()
    axe_check(page)
    page.get_by_label("Title").fill("Parking near the schools; your questions")
    page.get_by_role("button", name="Save the agenda item").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("was added to the agenda")
    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title").fill("Welcome")
    page.get_by_role("button", name="Save the agenda item").click()
    page.get_by_role("button", name="Move up Welcome").click()
    expect(page.locator("ol.govuk-list--number > li").first).to_contain_text("Welcome")
    axe_check(page)

    resident = new_page(javascript=page.javascript_enabled)
    resident.goto(f"{live_server.url}/published/testvale/")
    axe_check(resident)
    resident.get_by_role("link", name=f"Spring meeting in public, {held:%A} {held.day} {held:%B %Y}").click()
    expect(resident.get_by_role("heading", level=1)).to_contain_text("Spring meeting in public")
    expect(resident.get_by_text("Parking near the schools; your questions")).to_be_visible()
    axe_check(resident)
    with resident.expect_download() as info:
        resident.get_by_role("link", name="Add this meeting to your calendar").click()
    download = info.value
    assert download.failure() is None and download.suggested_filename == f"testvale-meeting-{held.isoformat()}.ics"
    calendar = Path(download.path()).read_bytes().decode("utf-8")
    assert calendar.startswith("BEGIN:VCALENDAR\r\n") and "SUMMARY:Spring meeting in public: Testvale" in calendar
    assert "DESCRIPTION:1. Welcome\\n2. Parking near the schools\\; your questions\\n" in calendar.replace("\r\n ", "")

    page.goto(meeting_url)
    page.get_by_role("link", name="Record who came").click()
    axe_check(page)
    page.get_by_label("Testvale Council").first.check()
    page.get_by_role("button", name="Save who came").click()
    page.get_by_role("link", name="Write the minutes").click()
    axe_check(page)
    page.get_by_label("Minutes").fill("Residents asked about parking near the schools.")
    page.get_by_role("button", name="Save the draft minutes").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("draft minutes were saved")

    resident.reload()
    expect(resident.get_by_text("The minutes are published here once they are approved.")).to_be_visible()
    expect(resident.get_by_text("Residents asked about parking")).to_have_count(0)

    page.get_by_role("link", name="Approve the minutes").click()
    page.get_by_label("The CSP manager, on the date below").check()
    page.get_by_role("button", name="Approve the minutes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date the CSP manager approved the minutes")
    axe_check(page)
    page.get_by_label("Date the CSP manager approved them").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Approve the minutes").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("approved and published")
    axe_check(page)

    resident.reload()
    expect(resident.get_by_text("Residents asked about parking near the schools.")).to_be_visible()
    expect(resident.get_by_text("Testvale Council")).to_be_visible()
    axe_check(resident)
    resident.goto(f"{live_server.url}/published/testvale/meetings/")
    axe_check(resident)

    for path in ("meetings/new/", "pcc/new/"):
        response = page.goto(f"{live_server.url}/p/testvale/governance/{path}")
        assert response.status == 200, path
        axe_check(page)
