"""An operations journey in a real browser: a test purchase that failed is recorded through the form,
then a calculated figure of failed test purchases is made on the figures page, and its value is the
count made by hand. axe checks every page.

The journey runs on a fixed day, in the future: the browser keeps the session cookie by its own,
real clock, so a day in the past would give it a cookie that had already expired."""

import datetime
import zoneinfo

import pytest
from playwright.sync_api import expect

from eunomia.operations import actions
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser
LONDON = zoneinfo.ZoneInfo("Europe/London")
NOW = datetime.datetime(2040, 7, 16, 10, tzinfo=LONDON)
TODAY = NOW.date()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_failed_test_purchase_becomes_a_figure(time_machine, new_page, live_server, manager, partnership, council,
                                                 javascript):
    time_machine.move_to(NOW)
    shop = actions.add_premises(by=manager, partnership=partnership, owner_organisation=council, name="Corner Shop",
                                kind="shop", address="1 High Street\nTestvale", postcode="TV1 2AB")
    for made_on, result in [(datetime.date(2040, 5, 2), "fail"), (datetime.date(2040, 5, 2), "pass"),
                            (datetime.date(2040, 3, 31), "fail")]:  # the last in the year before: not counted
        actions.record_test_purchase(by=manager, partnership=partnership, owner_organisation=council, premises=shop,
                                     made_on=made_on, product="alcohol", result=result)
    page = new_page(javascript=javascript)
    sign_in(page, live_server, manager)

    page.get_by_role("link", name="Operations", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Operations, events and campaigns")
    axe_check(page)

    page.get_by_role("link", name="Record a test purchase").click()
    page.get_by_role("button", name="Save the test purchase").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date of the test purchase")
    axe_check(page)
    page.get_by_label("Recorded by").select_option(label="Testvale Council")
    page.get_by_label("Premises").select_option(label="Corner Shop, TV1 2AB")
    page.get_by_label("Date of the test purchase").fill(TODAY.isoformat())
    page.get_by_label("Product the volunteer tried to buy").select_option(label="Vapes")
    page.get_by_label("Fail: the product was sold").check()
    page.get_by_label("Follow-up (optional)").fill("Warning letter to the premises")
    page.get_by_role("button", name="Save the test purchase").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The test purchase was recorded")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vapes test purchase at Corner Shop")
    axe_check(page)

    page.get_by_role("link", name="Operations", exact=True).click()
    page.get_by_label("Type of record").select_option(label="Test purchases")
    page.get_by_role("button", name="Show records").click()
    expect(page.get_by_role("row", name="Vapes test purchase at Corner Shop")).to_contain_text("Failed")
    axe_check(page)

    page.get_by_role("link", name="Figures", exact=True).click()
    page.get_by_role("link", name="Add a calculated figure").click()
    page.get_by_label("Calculation").select_option(label="Test purchases: that failed (the product was sold)")
    page.get_by_label("Period").select_option(label="2040/41 (1 April 2040 to 31 March 2041)")
    page.get_by_label("Title").fill("Test purchases failed")
    axe_check(page)
    page.get_by_role("button", name="Add figure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Test purchases failed")
    # By hand: the failure on 2 May and the one just recorded; the pass and last year's failure do not count.
    expect(page.locator("main .govuk-body-l")).to_have_text("2")
    expect(page.get_by_text("that failed (the product was sold)")).to_be_visible()
    axe_check(page)
