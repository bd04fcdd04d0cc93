"""A CSU officer opens a case from a report, shares it under an agreement (a refused share first),
and closes it (a closing date in the future first): axe on every page, JavaScript on and off."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from eunomia.casework import actions
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def page(request, new_page):
    return new_page(javascript=request.param)


def test_report_to_case_to_sharing_to_closure(page, live_server, make_member, partnership, council, housing,
                                              system_user):
    from eunomia.partners import actions as partner_actions

    officer = make_member("csu_officer", partnership, council)
    police = partner_actions.add_organisation(by=system_user, partnership=partnership, name="Testvale Police",
                                              kind="police", joined_on=datetime.date(2010, 1, 1))
    actions.add_agreement(by=system_user, partnership=partnership, title="ASB Task Group ISA",
                          purpose="Managing ASB cases together", lawful_basis="public_task",
                          parties=[council, housing], starts_on=datetime.date(2024, 1, 1),
                          review_on=datetime.date(2099, 1, 1))
    victim = actions.add_person(by=officer, partnership=partnership, organisation=council, first_name="Dana",
                                last_name="Ellis")
    now = timezone.now()
    report = actions.record_report(by=officer, partnership=partnership, organisation=council,
                                   occurred_at=now - datetime.timedelta(hours=2), reported_at=now, category="noise",
                                   source="phone", description="Music until 3am", address="4 Mill Lane",
                                   people=[(victim, "victim")])
    sign_in(page, live_server, officer)

    page.goto(f"{live_server.url}/p/testvale/casework/reports/{report.pk}/")
    axe_check(page)
    page.get_by_role("link", name="Open a case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a case")
    axe_check(page)
    page.get_by_label("Case title").fill("Mill Lane noise")
    page.get_by_role("button", name="Open the case").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("opened")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mill Lane noise")
    expect(page.locator("main")).to_contain_text("Dana Ellis: victim")
    axe_check(page)

    page.get_by_role("link", name="Share the case").click()
    axe_check(page)
    page.get_by_label("Share with").select_option(label="Testvale Police")
    page.get_by_label("Under the information sharing agreement").select_option(label="ASB Task Group ISA")
    page.get_by_role("button", name="Share the case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must both be parties to ASB Task Group ISA")
    expect(page).to_have_title(re.compile("^Error: "))
    axe_check(page)
    page.get_by_label("Share with").select_option(label="Testvale Homes")
    page.get_by_label("Under the information sharing agreement").select_option(label="ASB Task Group ISA")
    page.get_by_role("button", name="Share the case").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("shared with Testvale Homes")
    expect(page.get_by_role("table")).to_contain_text("ASB Task Group ISA")
    axe_check(page)

    page.get_by_role("link", name="Close the case").click()
    axe_check(page)
    page.get_by_label("Behaviour improved").check()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.get_by_label("Date closed").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The closing date must be today or in the past")
    axe_check(page)
    page.get_by_label("Date closed").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("closed")
    expect(page.locator("main")).to_contain_text("Behaviour improved")
    axe_check(page)

    page.get_by_role("link", name="All cases").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ASB cases")
    expect(page.get_by_role("table")).to_contain_text("Mill Lane noise")
    axe_check(page)
    page.get_by_role("link", name="Information sharing agreements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Information sharing agreements")
    axe_check(page)
    case = report.cases.get()
    assert (case.status, case.outcome) == ("closed", "improved")
    assert list(case.shares.values_list("organisation", flat=True)) == [housing.pk]  # never the police
    assert police.pk not in case.shares.values_list("organisation", flat=True)
