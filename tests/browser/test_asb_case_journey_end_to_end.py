"""An ASB case from first report to the plan's figures, through the real pages: a CSU officer records
a report naming the alleged perpetrator, adds the victim (already recorded) to it through the report's
person picker, opens a case from it and links the victim's earlier report,
gives a verbal warning and then warning letter 1 (downloaded as a PDF that names the person), shares
the case with the housing provider under the agreement, takes it to an ASB Task Group meeting
(attendance and an action) and closes it with the behaviour improved; the analyst then sees the
share improved and the interventions by type change. axe on every page, JavaScript on and off.

The report form names one person; the victim is named in the same report afterwards, from the
report page ("Add a person to this report")."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from eunomia.casework import actions as casework
from eunomia.casework.models import Case
from eunomia.core.periods import plan_period, year_containing
from eunomia.figures import actions as figures
from eunomia.figures.models import Figure
from eunomia.interventions.models import Intervention
from eunomia.taskgroup.models import Meeting
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def javascript(request):
    return request.param


def _success(page, text):
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(text)
    axe_check(page)


def _computed_figure(by, partnership, title, measure, params):
    start, end = plan_period(year_containing(timezone.localdate(), partnership.year_start_month),
                             partnership.year_start_month)
    return figures.create_figure(by=by, partnership=partnership, title=title, unit="", period_start=start,
                                 period_end=end, kind=Figure.Kind.COMPUTED, measure=measure, measure_params=params)


def test_asb_case_from_report_to_the_plans_figures(javascript, new_page, live_server, make_member, partnership,
                                                  council, housing):
    officer = make_member("csu_officer", partnership, council)
    analyst = make_member("analyst", partnership, council)
    today = timezone.localdate()
    casework.add_agreement(by=officer, partnership=partnership, title="ASB Task Group ISA",
                           purpose="Managing ASB cases together", lawful_basis="public_task",
                           parties=[council, housing], starts_on=datetime.date(2024, 1, 1),
                           review_on=datetime.date(2099, 1, 1))
    # A colleague took the victim's call three days ago.
    victim = casework.add_person(by=officer, partnership=partnership, organisation=council, first_name="Dana",
                                 last_name="Ellis", address="4 Mill Lane", postcode="TV1 2AB")
    three_days_ago = timezone.now() - datetime.timedelta(days=3)
    earlier = casework.record_report(by=officer, partnership=partnership, organisation=council,
                                     occurred_at=three_days_ago, reported_at=three_days_ago, category="personal",
                                     source="phone", description="Shouted at on the doorstep", address="4 Mill Lane",
                                     people=[(victim, "victim")])
    # Another case closed this year with no further action: the share improved starts at 0%.
    other = casework.open_case(by=officer, partnership=partnership, organisation=council, title="Bins",
                               opened_on=today)
    casework.close_case(by=officer, case=other, outcome="nfa", closed_on=today)
    share = _computed_figure(analyst, partnership, "ASB cases closed improved", "casework.cases_improved_share", {})
    warnings = _computed_figure(analyst, partnership, "Warnings given", "interventions.by_type", {"kind": "warnings"})
    assert (share.value, warnings.value) == (0, 0)

    page = new_page(javascript=javascript)
    sign_in(page, live_server, officer)

    # The report, naming the alleged perpetrator.
    page.get_by_role("link", name="Casework", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports of anti-social behaviour")
    axe_check(page)
    page.get_by_role("link", name="Record a report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a report of anti-social behaviour")
    axe_check(page)
    page.get_by_label("Date it happened").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Category").select_option("personal")
    page.get_by_label("How it was reported").select_option("phone")
    page.get_by_label("Address or place").fill("6 Mill Lane")
    page.get_by_label("Postcode").fill("TV1 2AB")
    page.get_by_label("What happened").fill("Shouting and banging on the door of number 4 late at night")
    page.get_by_label("First name").fill("Jordan")
    page.get_by_label("Last name").fill("Vale")
    page.get_by_label("Date of birth (optional)").fill("2000-05-17")
    page.get_by_label("This person is the").select_option("perpetrator")
    page.get_by_role("button", name="Record the report").click()
    _success(page, "recorded")
    expect(page.locator("main")).to_contain_text("Jordan Vale")
    report_url = page.url

    # The victim, recorded by a colleague, named in the officer's report too.
    page.get_by_role("link", name="Add a person to this report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a person to this report")
    axe_check(page)
    page.get_by_label("Search by name").fill("Ellis")
    page.get_by_role("button", name="Search").click()
    axe_check(page)
    page.get_by_label("Dana Ellis, 4 Mill Lane TV1 2AB").check()
    page.get_by_label("Role in the report").select_option("victim")
    page.get_by_role("button", name="Add to the report").click()
    _success(page, "Dana Ellis added to the report")
    assert page.url == report_url
    expect(page.locator("main")).to_contain_text("Dana Ellis: victim")

    # A case from it, with the victim's earlier report linked.
    page.get_by_role("link", name="Open a case").click()
    axe_check(page)
    page.get_by_label("Case title").fill("Mill Lane shouting")
    page.get_by_role("button", name="Open the case").click()
    _success(page, "opened")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mill Lane shouting")
    expect(page.locator("main")).to_contain_text("Jordan Vale: alleged perpetrator")
    expect(page.locator("main")).to_contain_text("Dana Ellis: victim")
    page.get_by_role("link", name="Link another report").click()
    axe_check(page)
    page.get_by_label("Report reference").fill(earlier.reference)
    page.get_by_role("button", name="Link the report").click()
    _success(page, f"{earlier.reference} linked")
    expect(page.get_by_role("link", name=earlier.reference)).to_be_visible()
    case_url = page.url

    # A verbal warning, then warning letter 1 as a PDF naming the person.
    page.get_by_role("link", name="Warnings, agreements, notices and orders on this case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Interventions")
    axe_check(page)
    for kind, label in (("verbal_warning", "Verbal warning"), ("warning_letter_1", "Warning letter 1")):
        page.get_by_role("link", name="Record an intervention").click()
        axe_check(page)
        page.get_by_label("Given to").select_option(label="Jordan Vale")
        page.get_by_label("Intervention", exact=True).select_option(kind)
        page.get_by_label("Date given").fill(today.isoformat())
        page.get_by_role("button", name="Record the intervention").click()
        _success(page, f"{label} recorded for Jordan Vale")
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(r"^PDF\W+letter for the warning letter 1")).click()
    download = info.value
    assert download.failure() is None and download.suggested_filename.endswith(".pdf")
    letter = Path(download.path()).read_bytes()
    assert letter.startswith(b"%PDF")
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(letter)).pages).split())
    assert "Jordan Vale" in text

    # Shared with the housing provider under the agreement.
    page.goto(case_url)
    page.get_by_role("link", name="Share the case").click()
    axe_check(page)
    page.get_by_label("Share with").select_option(label="Testvale Homes")
    page.get_by_label("Under the information sharing agreement").select_option(label="ASB Task Group ISA")
    page.get_by_role("button", name="Share the case").click()
    _success(page, "shared with Testvale Homes")
    case = Case.objects.get(title="Mill Lane shouting")

    # On the ASB Task Group's agenda: attendance and an action for the housing provider.
    page.get_by_role("link", name="Casework", exact=True).click()
    page.get_by_role("link", name="ASB Task Group", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ASB Task Group")
    axe_check(page)
    page.get_by_role("link", name="Record a meeting").click()
    axe_check(page)
    page.get_by_label("Date held").fill(today.isoformat())
    page.get_by_label("Testvale Homes").check()
    page.get_by_label(str(case)).check()
    page.get_by_role("button", name="Record the meeting").click()
    _success(page, "The meeting was recorded")
    attendance = page.locator("h2:has-text('Attendance') + ul")
    expect(attendance).to_contain_text("Testvale Council")
    expect(attendance).to_contain_text("Testvale Homes")
    expect(page.locator("main")).to_contain_text(f"{case.reference}: Mill Lane shouting")
    page.get_by_role("link", name="Add an action").click()
    axe_check(page)
    page.get_by_label("Organisation").select_option(label="Testvale Homes")
    page.get_by_label("Action", exact=True).fill("Visit Jordan Vale with the tenancy officer")
    page.get_by_label("Due by").fill((today + datetime.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Add the action").click()
    _success(page, "The action was added")
    expect(page.get_by_role("row", name=re.compile("Visit Jordan Vale with the tenancy officer"))).to_contain_text(
        "Testvale Homes")

    # Closed: the behaviour improved.
    page.goto(case_url)
    page.get_by_role("link", name="Close the case").click()
    axe_check(page)
    page.get_by_label("Behaviour improved").check()
    page.get_by_label("Date closed").fill(today.isoformat())
    page.get_by_role("button", name="Close the case").click()
    _success(page, "closed")
    expect(page.locator("main")).to_contain_text("Behaviour improved")

    # The plan's figures, recalculated by the analyst, count it.
    figures_page = new_page(javascript=javascript)
    sign_in(figures_page, live_server, analyst)
    figures_page.get_by_role("link", name="Figures", exact=True).click()
    axe_check(figures_page)
    for title, value in (("ASB cases closed improved", "50%"), ("Warnings given", "2")):
        figures_page.get_by_role("link", name=title).click()
        axe_check(figures_page)
        figures_page.get_by_role("button", name="Recalculate now").click()
        _success(figures_page, "the value changed")
        expect(figures_page.locator("main .govuk-body-l")).to_have_text(value)
        figures_page.get_by_role("link", name="All figures").click()
    figures_page.get_by_role("link", name="Add a calculated figure").click()
    axe_check(figures_page)
    figures_page.get_by_label("Calculation").select_option(
        label="Interventions on the escalation ladder: Verbal warning")
    figures_page.get_by_label("Period").select_option(str(year_containing(today, partnership.year_start_month)))
    figures_page.get_by_label("Title", exact=True).fill("Verbal warnings given")
    figures_page.get_by_role("button", name="Add figure").click()
    _success(figures_page, "added and calculated")
    expect(figures_page.locator("main .govuk-body-l")).to_have_text("1")

    case.refresh_from_db()
    assert (case.status, case.outcome, case.closed_on) == ("closed", "improved", today)
    own_report = case.reports.exclude(pk=earlier.pk).get()
    assert set(own_report.people_links.values_list("person__last_name", "role")) == {
        ("Vale", "perpetrator"), ("Ellis", "victim")}
    assert case.reports.count() == 2 and case.reports.filter(pk=earlier.pk).exists()
    assert list(case.shares.values_list("organisation", flat=True)) == [housing.pk]
    assert list(Intervention.objects.filter(case=case).values_list("kind", flat=True)) == [
        "verbal_warning", "warning_letter_1"]
    meeting = Meeting.objects.get()
    assert list(meeting.cases.all()) == [case] and set(meeting.attendees.all()) == {council, housing}
    assert meeting.actions.get().organisation == housing
