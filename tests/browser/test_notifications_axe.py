"""axe on the notification pages: the list with read and unread notices, and the email preference
form (empty, and showing its error). With JavaScript on and off."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from eunomia.notifications.models import Notification
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def page(request, new_page):
    return new_page(javascript=request.param)


def test_the_notification_pages_pass_axe(page, live_server, practitioner, partnership):
    for n, title in enumerate(["A tasking action for your organisation is overdue",
                               "A case has been shared with your organisation"]):
        Notification.objects.create(user=practitioner, partnership=partnership, kind="task_overdue", title=title,
                                    path="/", key=f"axe:{n}", created_at=timezone.now(),
                                    read_at=timezone.now() if n else None)
    sign_in(page, live_server, practitioner)
    expect(page.get_by_role("link", name=re.compile("^Notifications 1 unread"))).to_be_visible()
    page.goto(f"{live_server.url}/notifications/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    axe_check(page)

    page.get_by_role("link", name="Change how we email you").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How we email you")
    axe_check(page)
    page.get_by_label("Straight away").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your email preference is saved")).to_be_visible()

    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_text("Marked 1 notification as read")).to_be_visible()
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    axe_check(page)
