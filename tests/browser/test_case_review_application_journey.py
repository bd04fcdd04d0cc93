"""Applying for an ASB case review in a real browser (ADR 63), JavaScript on and off: from the partnership's
public page to the case review page and the start page, every page of the form (errors first), the
incidents added and one removed, check your answers with a change, the confirmation with its reference,
and the status look-up, wrong and right; then the CSU's list, the application with its provisional
result, the matching page and the decision. axe on every page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from eunomia.casework import actions as casework
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def page(request, new_page):
    return new_page(javascript=request.param)


def continue_(page):
    page.get_by_role("button", name="Continue").click()


def fill_date(page, field, day):
    page.locator(f"#id_{field}_0").fill(str(day.day))
    page.locator(f"#id_{field}_1").fill(str(day.month))
    page.locator(f"#id_{field}_2").fill(str(day.year))


def fill_incident(page, *, happened, reported, what, to="The council"):
    fill_date(page, "occurred_on", happened)
    page.get_by_label("What happened?").fill(what)
    page.get_by_label(to, exact=True).check()
    fill_date(page, "reported_on", reported)
    page.get_by_role("group", name="Do you think it happened because of who you are?").get_by_label(
        "No", exact=True).check()
    page.get_by_role("button", name="Save this incident").click()


def test_apply_follow_the_status_and_the_csu_decides(page, live_server, partnership, council, make_member):
    today = timezone.localdate()

    def ago(days):
        return today - datetime.timedelta(days=days)

    page.goto(f"{live_server.url}/published/testvale/")
    page.get_by_role("link", name=re.compile("ASB case review: the procedure")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ASB case review (the community trigger)")
    expect(page.locator("#thresholds")).to_contain_text("3 times in the 6 months")
    axe_check(page)
    page.get_by_role("button", name="Apply for a case review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Apply for an ASB case review")
    axe_check(page)
    page.get_by_role("button", name="Start now").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Who is applying")
    continue_(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose who you are applying for")
    expect(page).to_have_title(re.compile("^Error: "))
    axe_check(page)
    page.get_by_label("Someone else, with their consent").check()
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("The person you are applying for")
    axe_check(page)
    page.get_by_label("Their full name").fill("Ada Jones")
    page.get_by_label("How do you know them?").fill("Her son")
    page.get_by_label("They have agreed to me applying for them").check()
    continue_(page)
    axe_check(page)
    page.get_by_label("Your full name").fill('Sam <script>alert("x")</script> Lee')
    continue_(page)
    axe_check(page)
    page.get_by_label("Email address").fill("sam.lee@example.org")
    continue_(page)
    axe_check(page)
    page.get_by_label("Where does the anti-social behaviour happen?").fill("4 Mill Lane")
    page.get_by_label("Postcode (optional)").fill("tv1 1aa")
    continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Incident 1")
    page.get_by_role("button", name="Save this incident").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date it happened, with its day, month and year")
    expect(summary).to_contain_text("Say what happened")
    axe_check(page)
    # The error summary's link takes the reader to the day of the date.
    if page.javascript_enabled:
        summary.get_by_role("link", name="Enter the date it happened, with its day, month and year").click()
        expect(page.locator("#id_occurred_on_0")).to_be_focused()
    fill_incident(page, happened=ago(60), reported=ago(59), what="Music until 3am")
    expect(page.get_by_role("heading", level=1)).to_have_text("The incidents you have listed")
    axe_check(page)
    page.get_by_label("Yes").check()
    continue_(page)
    fill_incident(page, happened=ago(30), reported=ago(90), what="Shouting at the door")
    expect(page.locator(".govuk-error-summary")).to_contain_text("cannot be before the date it happened")
    fill_date(page, "reported_on", ago(29))
    page.get_by_role("button", name="Save this incident").click()
    page.get_by_label("Yes").check()
    continue_(page)
    fill_incident(page, happened=ago(20), reported=ago(19), what="A mistake", to="The police")
    page.get_by_role("link", name="Remove incident 3").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove incident 3")
    axe_check(page)
    page.get_by_label("Yes, remove it").check()
    continue_(page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Incident 3 removed")
    expect(page.locator("#listed-incidents")).not_to_contain_text("A mistake")
    page.get_by_label("Yes").check()
    continue_(page)
    fill_incident(page, happened=ago(5), reported=ago(5), what="Bins thrown at the window", to="The police")
    page.get_by_label("No").check()
    continue_(page)

    axe_check(page)
    page.get_by_label("What would you like the case review to look at?").fill("Nothing has changed")
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Equality monitoring (optional)")
    axe_check(page)
    page.get_by_role("group", name="What is your sex?").get_by_label("Female").check()
    continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending your application")
    axe_check(page)
    main = page.locator("main")
    expect(main).to_contain_text('Sam <script>alert("x")</script> Lee')  # shown as typed, never run
    expect(main).to_contain_text("Bins thrown at the window")
    page.get_by_role("link", name="Change your full name").click()
    page.get_by_label("Your full name").fill("Sam Lee")
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending your application")
    expect(main).to_contain_text("Sam Lee")
    page.get_by_role("button", name="Send application").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Application sent")
    axe_check(page)
    reference = page.locator("#reference").inner_text()
    assert re.fullmatch(r"CR-\w{4}-\w{4}", reference)

    page.get_by_role("link", name="Check the status of your application").click()
    axe_check(page)
    page.get_by_role("button", name="Check the status").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your reference")
    axe_check(page)
    page.get_by_label("Your reference").fill(reference)
    page.get_by_label("The email address you gave when you applied").fill("someone.else@example.org")
    page.get_by_role("button", name="Check the status").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("No application was found")
    axe_check(page)
    page.get_by_label("The email address you gave when you applied").fill("sam.lee@example.org")
    page.get_by_role("button", name="Check the status").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your application {reference}")
    expect(page.locator("#status")).to_contain_text("Not decided yet")
    axe_check(page)

    # The CSU: the application with its provisional result, matched to the council's reports, decided.
    officer = make_member("csu_officer", partnership, council)
    for days in (59, 29, 5):
        moment = timezone.make_aware(datetime.datetime.combine(ago(days), datetime.time(9)))
        casework.record_report(by=officer, partnership=partnership, organisation=council, occurred_at=moment,
                               reported_at=moment, category="noise", source="phone", description="Music",
                               postcode="TV1 1AA")
    staff = page.context.browser.new_context(bypass_csp=True, java_script_enabled=page.javascript_enabled,
                                             base_url=live_server.url).new_page()
    staff.javascript_enabled = page.javascript_enabled
    staff.axe_copy = getattr(page, "axe_copy", None)
    sign_in(staff, live_server, officer)
    staff.goto(f"{live_server.url}/p/testvale/case-reviews/")
    expect(staff.locator("main")).to_contain_text("Made online")
    expect(staff.locator("main")).to_contain_text("Decision on the threshold: due on")
    axe_check(staff)
    staff.get_by_role("link", name=re.compile(r"^Application \d+$")).click()
    expect(staff.locator("#provisional-result")).to_contain_text("Provisionally, the threshold is met")
    expect(staff.locator("#made-online")).to_contain_text(reference)
    axe_check(staff)
    staff.get_by_role("link", name="Match to casework reports").click()
    axe_check(staff)
    for checkbox in staff.get_by_role("checkbox").all():
        checkbox.check()
    staff.get_by_role("button", name="Confirm the matching reports").click()
    expect(staff.locator(".govuk-notification-banner--success")).to_contain_text("Matching reports saved")
    expect(staff.locator("#threshold-result")).to_contain_text("The threshold is met")
    staff.get_by_role("link", name="Record the decision").click()
    staff.get_by_label("Date of the decision").fill(today.isoformat())
    staff.get_by_role("button", name="Record the decision").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("threshold met")
    axe_check(staff)
    staff.context.close()

    # The applicant sees the decision.
    page.goto(f"{live_server.url}/published/testvale/case-review/status/")
    page.get_by_label("Your reference").fill(reference.lower())
    page.get_by_label("The email address you gave when you applied").fill("SAM.LEE@example.org")
    page.get_by_role("button", name="Check the status").click()
    expect(page.locator("#status")).to_contain_text(f"Yes, decided on {today:%-d %B %Y}")
    expect(page.locator("#status")).to_contain_text("To be held by")
    axe_check(page)
