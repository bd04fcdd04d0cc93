"""axe on every page of the operations log: the log, premises, each record's page and form, a scheme
with its members and exclusions, a campaign with its events, and forms showing their errors.
JavaScript on and off. On a fixed day in the future, as the operations journey explains."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import axe_check, sign_in
from tests.operations.objects import URL_OBJECTS, operations_objects

pytestmark = pytest.mark.browser
NOW = datetime.datetime(2040, 7, 16, 10, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
LISTS = ["log", "premises_list", "premises_new", "test_purchase_new", "visit_new", "training_new", "payback_new",
         "scheme_new", "enforcement_new", "campaign_new", "event_new"]
# Forms sent empty, and the words their error summary must show.
EMPTY = {"training_new": "Enter the topic of the session", "event_new": "Enter the name of the event",
         "exclusion_new": "Enter the scheme's own reference", "payback_new": "Choose the organisation that nominated"}


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def page(request, new_page):
    return new_page(javascript=request.param)


def test_operations_pages(time_machine, page, live_server, make_member, partnership, council):
    time_machine.move_to(NOW)
    made = operations_objects(partnership, council)
    officer = make_member("csu_officer", partnership, council)
    sign_in(page, live_server, officer)
    urls = {name: reverse(f"operations:{name}", args=["testvale"]) for name in LISTS}
    urls.update({name: reverse(f"operations:{name}", args=["testvale", made[key].pk])
                 for key, names in URL_OBJECTS.items() for name in names})
    for name, url in urls.items():
        page.goto(f"{live_server.url}{url}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe_check(page)
        if name in EMPTY:
            page.locator("main form[method=post] [type=submit]").click()
            expect(page.locator(".govuk-error-summary")).to_contain_text(EMPTY[name])
            axe_check(page)
