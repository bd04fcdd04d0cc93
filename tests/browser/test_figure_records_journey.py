"""A published figure checked end to end in a real browser, without JavaScript (ADR 69): a resident
reads the published plan and follows its figure note to how the figure was counted; a council officer
opens the records behind it (seeing the council's reports, and the housing association's counted, not
shown), downloads them as CSV and, after a report comes in, recounts the published figure. Every page
passes axe (WCAG 2.2 A and AA) on the way."""

import csv
import datetime
import io
import re

import pytest
from playwright.sync_api import expect

from eunomia.casework import actions as casework
from eunomia.figures import actions as figure_actions
from eunomia.figures.models import Figure, PublishedFigure
from eunomia.plans import actions as plan_actions
from tests.browser.conftest import axe_check, sign_in
from tests.clock import at

pytestmark = pytest.mark.browser


@pytest.fixture
def world(plans, partnership, council, housing, make_member, system_user):
    officer = make_member("csu_officer", partnership, council)
    tenancy = make_member("partner_practitioner", partnership, housing)

    def report(day, by, organisation):
        return casework.record_report(by=by, partnership=partnership, organisation=organisation,
                                      occurred_at=at(day), reported_at=at(day, 13), category="noise", source="phone",
                                      description="Loud music at night", people=[])

    reports = [report(datetime.date(2025, 6, d), officer, council) for d in (2, 9)]
    reports.append(report(datetime.date(2025, 6, 16), tenancy, housing))
    figure_actions.create_figure(
        by=system_user, partnership=partnership, name="asb-reports-2025-26", title="Reports of anti-social behaviour",
        unit="count", period_start=datetime.date(2025, 4, 1), period_end=datetime.date(2026, 3, 31),
        kind=Figure.Kind.COMPUTED, measure="casework.reports", measure_params={"category": "all"})
    current = plans["current"]
    plan_actions.save_section(by=system_user, section=current.sections.get(kind="introduction"),
                              body="Partners recorded [[asb-reports-2025-26]] reports of anti-social behaviour.")
    plan_actions.record_actual(by=system_user, target=plans["referrals"], value=41, evidence="Mediation return")
    plan_actions.approve_plan(by=system_user, plan=current)
    plan_actions.publish_plan(by=system_user, plan=current)
    return {"officer": officer, "tenancy": tenancy, "reports": reports, "report": report}


def test_a_published_figure_from_its_note_to_its_records_and_a_recount(new_page, live_server, world, council):
    kept = PublishedFigure.objects.get(name="asb-reports-2025-26")
    assert kept.shown == "3" and kept.record_count == 3

    # A resident: the published plan, its figure note, how the figure was counted.
    page = new_page(javascript=False)
    page.goto(f"{live_server.url}/published/testvale/2025/")
    page.get_by_role("link", name=re.compile("How this was counted.*Reports of anti-social behaviour")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports of anti-social behaviour")
    expect(page.locator("main")).to_contain_text("hold personal information, so they are not published")
    expect(page.locator("main")).to_contain_text(kept.digest)
    axe_check(page)

    # The council's officer: the records behind the figure.
    staff = new_page(javascript=False)
    sign_in(staff, live_server, world["officer"])
    staff.goto(f"{live_server.url}/p/testvale/figures/asb-reports-2025-26/")
    staff.get_by_role("link", name="See the records behind this figure").click()
    main = staff.locator("main")
    expect(main).to_contain_text("You may see 2 of the 3 reports counted")
    expect(main).to_contain_text("1 further report held by Testvale Homes")
    for report in world["reports"][:2]:
        expect(main).to_contain_text(report.reference)
    expect(main).not_to_contain_text(world["reports"][2].reference)
    axe_check(staff)

    with staff.expect_download() as download:
        staff.get_by_role("link", name="Download the 2 reports you may see (CSV)").click()
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    assert sorted(row[2] for row in rows[1:3]) == sorted(r.reference for r in world["reports"][:2])

    # A report comes in after publication: the recount says what changed; the published value stays.
    added = world["report"](datetime.date(2025, 7, 1), world["officer"], council)
    staff.goto(f"{live_server.url}/p/testvale/figures/asb-reports-2025-26/")
    staff.get_by_role("link", name="Recount the figure published on").click()
    expect(staff.locator(".eunomia-recount-result")).to_contain_text("Now 4: 1 record added, 0 removed.")
    expect(staff.locator("main")).to_contain_text(f"{added.reference}")
    expect(staff.locator("main")).to_contain_text("added on")
    axe_check(staff)
    assert PublishedFigure.objects.get(pk=kept.pk).shown == "3"
