"""Family Focus in a real browser, without JavaScript (the stricter case; the pages' scripts only
enhance): a partner practitioner identifies a family of casework people, records a fact and the
evidence of two problems and attaches it; the plan is agreed; the outcome is met on the family's
page; the CSP manager claims it and approves the claim; the programme auditor draws a spot check and
passes the line; the published page shows the programme's figures. Every page passes axe (WCAG 2.2
A and AA) on the way."""

import re

import pytest
from playwright.sync_api import expect

from eunomia.casework import actions as casework
from eunomia.casework.models import Report, Role
from eunomia.families.models import ClaimLine, Fact, Family
from tests.browser.conftest import axe_check, sign_in
from tests.clock import at
from tests.families import helpers as h

pytestmark = pytest.mark.browser
BASE = "/p/testvale"


@pytest.fixture
def world(manager, practitioner, make_member, partnership, housing, council):
    rule_set = h.rule_set(manager, partnership)
    born = h.TODAY.replace(year=h.TODAY.year - 39, day=1)
    mother = h.person(practitioner, partnership, housing, "Dana", "Fletcher", born)
    son = h.person(practitioner, partnership, housing, "Kyle", "Fletcher", h.TODAY.replace(year=h.TODAY.year - 15,
                                                                                            day=1))
    return {"rule_set": rule_set, "mother": mother, "son": son,
            "auditor": make_member("programme_auditor", partnership, council)}


def _asb(by, partnership, organisation, person, day):
    return casework.record_report(by=by, partnership=partnership, organisation=organisation, occurred_at=at(day),
                                  reported_at=at(day, 13), category=Report.Category.NUISANCE,
                                  source=Report.Source.POLICE, description="Shouting in the street",
                                  people=[(person, Role.PERPETRATOR)])


def _submit(page, name):
    page.get_by_role("button", name=name).click()


def test_a_family_from_identification_to_published_figures(new_page, live_server, world, manager, practitioner,
                                                          partnership, housing):
    # Five reports naming the son in the six months before attachment (400 days ago), one since.
    for days in (430, 420, 410, 405, 401):
        first = _asb(practitioner, partnership, housing, world["son"], h.days_ago(days))
    _asb(practitioner, partnership, housing, world["son"], h.days_ago(20))
    page = new_page(javascript=False)
    sign_in(page, live_server, practitioner)

    page.goto(f"{live_server.url}{BASE}/families/")
    axe_check(page)
    page.get_by_role("link", name="Identify a family").click()
    page.get_by_label("Rule set").select_option(label=str(world["rule_set"]))
    page.get_by_label("Date identified").fill(h.days_ago(540).isoformat())
    _submit(page, "Identify the family")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("identified")
    axe_check(page)
    family = Family.objects.get()

    for person, relationship in ((world["mother"], "Parent or carer"), (world["son"], "Child")):
        page.get_by_role("link", name="Add a member").click()
        page.get_by_label("Search by name").fill(person.first_name)
        page.get_by_role("button", name="Search").click()
        axe_check(page)
        page.get_by_label(re.compile(person.first_name)).check()
        page.get_by_label("Place in the family").select_option(label=relationship)
        page.get_by_role("button", name=re.compile("Add")).last.click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"{person} added")

    # Attaching before the evidence is there is refused, naming what is missing.
    page.get_by_label("Date of attachment").fill(h.days_ago(400).isoformat())
    _submit(page, "Attach the family")
    expect(page.locator(".govuk-error-summary")).to_contain_text("does not meet")
    axe_check(page)

    page.goto(f"{live_server.url}{BASE}/families/{family.pk}/facts/add/")
    page.get_by_label("Member").select_option(index=1)
    page.get_by_label("What the fact is").select_option("out_of_work_benefits")
    page.get_by_label("First day it covers").fill(h.days_ago(600).isoformat())
    page.get_by_label("Last day it covers").fill(h.days_ago(450).isoformat())
    page.get_by_label("Source").fill("DWP data share, March")
    _submit(page, "Record the fact")
    axe_check(page)
    fact = Fact.objects.get()
    for problem, source, choice in (
            ("Crime or anti-social behaviour", "ASB report (optional)",
             f"{first.reference}, {first.get_category_display().lower()}"),
            ("Worklessness or financial exclusion", "Fact (optional)", f"{fact.member.person}: {fact}")):
        page.get_by_role("link", name="Add evidence of a problem").click()
        axe_check(page)
        page.get_by_label("Problem").select_option(label=problem)
        page.get_by_label(source).select_option(label=choice)
        _submit(page, "Add the evidence")
        expect(page.locator(".govuk-notification-banner--success")).to_be_visible()

    page.get_by_label("Date of attachment").fill(h.days_ago(400).isoformat())
    _submit(page, "Attach the family")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("attached")
    page.get_by_role("link", name="Record the plan as agreed").click()
    page.get_by_label("Date the plan was agreed").fill(h.days_ago(390).isoformat())
    _submit(page, "Record the plan as agreed")
    expect(page.get_by_text(f"Agreed on {h.days_ago(390):%-d %B %Y}").first).to_be_visible()
    expect(page.get_by_text("Significant and sustained progress").first).to_be_visible()
    expect(page.get_by_text(re.compile("a fall of 80.0%"))).to_be_visible()
    axe_check(page)

    csp = new_page(javascript=False)
    sign_in(csp, live_server, manager)
    csp.goto(f"{live_server.url}{BASE}/family-claims/")
    axe_check(csp)
    csp.get_by_role("link", name="Start a claim").click()
    csp.get_by_label(str(world["rule_set"])).check()
    csp.get_by_label("Name of the claim").fill("Claim for the year")
    csp.get_by_label("First day of the period claimed for").fill(h.days_ago(364).isoformat())
    csp.get_by_label("Last day of the period claimed for").fill(h.TODAY.isoformat())
    _submit(csp, "Start the claim")
    csp.get_by_role("link", name="Add families").click()
    csp.get_by_label("Significant and sustained progress").check()
    _submit(csp, "Find the families")
    axe_check(csp)
    csp.get_by_label(re.compile(family.reference)).check()
    _submit(csp, "Add to the claim")
    axe_check(csp)
    csp.get_by_role("link", name="Approve the claim").click()
    _submit(csp, re.compile("Approve"))
    expect(csp.locator(".govuk-notification-banner--success")).to_contain_text("approved")
    line = ClaimLine.objects.get()
    assert line.evidence["met"] and "Fletcher" not in str(line.evidence)

    audit = new_page(javascript=False)
    sign_in(audit, live_server, world["auditor"])
    audit.goto(f"{live_server.url}{BASE}/family-claims/claims/{line.claim_id}/")
    audit.get_by_role("link", name="Draw the spot check").click()
    audit.get_by_label("Number of families to draw").fill("1")
    audit.get_by_label("Seed (optional)").fill("2026")
    _submit(audit, "Draw the spot check")
    audit.goto(f"{live_server.url}{BASE}/family-claims/claims/{line.claim_id}/spot-check/")
    expect(audit.get_by_text("Evidence matches its digest")).to_be_visible()
    axe_check(audit)
    audit.get_by_label(re.compile("Yes: it passes")).check()
    _submit(audit, "Record the check")
    line.refresh_from_db()
    assert line.status == ClaimLine.Status.VERIFIED

    public = new_page(javascript=False)
    public.goto(f"{live_server.url}/published/testvale/family-focus/")
    expect(public.get_by_role("heading", level=1)).to_contain_text("Family Focus")
    expect(public.get_by_text("not a controlled evaluation")).to_be_visible()
    expect(public.get_by_text(re.compile("fewer than 5")).first).to_be_visible()
    axe_check(public)
