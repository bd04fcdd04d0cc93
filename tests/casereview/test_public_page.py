"""The partnership's public case review page (ADR 63): the procedure and the thresholds and deadlines in
force, the contact, and the yearly figures per plan year counted from the records (checked against a
count by hand at the edges of the plan years); linked from the partnership's public page. And the
procedure's settings: who receives the applications made online, set by the CSP manager."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.test import Client

from eunomia.audit.models import AuditEvent
from eunomia.casereview import actions
from eunomia.casereview.models import ProcedureSettings, ThresholdSettings
from eunomia.figures.registry import COUNTS_EVENTS, get_measure
from eunomia.partners import actions as partner_actions
from tests.casereview.helpers import BASE, apply_online

D = datetime.date
TODAY = D(2027, 6, 15)


@pytest.fixture
def on_the_day():
    with time_machine.travel(datetime.datetime(2027, 6, 15, 12, tzinfo=zoneinfo.ZoneInfo("Europe/London")),
                             tick=False):
        yield


@pytest.fixture
def records(on_the_day, partnership, council, make_member, system_user, other_partnership):
    """Counted by hand, by plan year (April to March):
        A received 31 Mar 2026 (2025/26), met 2 Apr 2026, met at a meeting with recommendations 20 Apr 2026;
        B received 1 Apr 2026 (2026/27), not met 10 Apr 2026;
        C received 31 Mar 2027 (2026/27), met 1 Apr 2027, meeting without recommendations 1 May 2027;
        D made online today, 15 June 2027 (2027/28);
        and one of another partnership, which never counts."""
    csu = make_member("csu_officer", partnership, council)

    def application(received_on, name):
        return actions.receive_application(by=csu, partnership=partnership, organisation=council,
                                           received_on=received_on, description="Review", applicant_name=name)

    a, b, c = application(D(2026, 3, 31), "A"), application(D(2026, 4, 1), "B"), application(D(2027, 3, 31), "C")
    actions.record_decision(by=csu, application=a, threshold_met=True, decided_on=D(2026, 4, 2))
    actions.record_meeting(by=csu, application=a, meeting_on=D(2026, 4, 20), recommendations="Mediation")
    actions.record_decision(by=csu, application=b, threshold_met=False, decided_on=D(2026, 4, 10))
    actions.record_decision(by=csu, application=c, threshold_met=True, decided_on=D(2027, 4, 1))
    actions.record_meeting(by=csu, application=c, meeting_on=D(2027, 5, 1), recommendations="")
    apply_online(partnership)
    elsewhere = partner_actions.add_organisation(by=system_user, partnership=other_partnership,
                                                 name="Elsewhere Council", kind="council", joined_on=D(2010, 1, 1))
    actions.receive_application(by=system_user, partnership=other_partnership, organisation=elsewhere,
                                received_on=D(2026, 6, 1), description="Review", applicant_name="E")


HAND_COUNT = {
    "2027/28": {"received": 1, "threshold_met": 1, "reviews_held": 1, "recommendations": 0},
    "2026/27": {"received": 2, "threshold_met": 1, "reviews_held": 1, "recommendations": 1},
    "2025/26": {"received": 1, "threshold_met": 0, "reviews_held": 0, "recommendations": 0},
}
PERIODS = {"2027/28": (D(2027, 4, 1), D(2028, 3, 31)), "2026/27": (D(2026, 4, 1), D(2027, 3, 31)),
           "2025/26": (D(2025, 4, 1), D(2026, 3, 31))}


def test_the_figure_counts_events_by_hand(records, partnership):
    figure = get_measure("casereview.applications")
    assert figure.counts == COUNTS_EVENTS
    for year, expected in HAND_COUNT.items():
        start, end = PERIODS[year]
        for which, value in expected.items():
            assert figure.evaluate(partnership=partnership, period_start=start, period_end=end,
                                   params={"which": which}) == value, (year, which)


def test_the_public_page_shows_the_yearly_figures_per_plan_year(records, partnership):
    page = Client().get(BASE)
    assert page.status_code == 200
    table = page.content.decode().split('id="yearly-figures"')[1].split("</table>")[0]
    rows = re.findall(r'<th scope="row" class="govuk-table__header">(\d{4}/\d\d)[^<]*</th>\s*'
                      r'<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)</td>', table)
    assert [(year, *map(int, counts)) for year, *counts in rows] == [
        (year, *HAND_COUNT[year].values()) for year in ("2027/28", "2026/27", "2025/26")]
    assert "2027/28 (so far)" in table
    assert "Elsewhere" not in page.content.decode()


def test_the_public_page_states_the_threshold_deadlines_and_contact_in_force(partnership, council, manager):
    page = Client().get(BASE).content.decode()
    assert "you complained about the behaviour 3 times in the 6 months before you apply, each within 31 days" in page
    assert "within 10 working days whether your application meets the threshold" in page
    assert "within 20 working days of that decision" in page and "within 10 working days of the meeting" in page
    assert "01234 567890" in page and "csp@testvale.example" in page and "Town Hall" in page
    actions.save_settings(by=manager, partnership=partnership, complaints=2, window_months=4,
                          complaint_within_days=14, individuals=5, hate_incident=True)
    actions.save_procedure(by=manager, partnership=partnership, organisation=None, decision_days=5,
                           review_days=15, outcome_days=7)
    page = Client().get(BASE).content.decode()
    assert "2 times in the 4 months before you apply, each within 14 days" in page
    assert "5 or more different people complained" in page and "a hate incident" in page
    assert "within 5 working days" in page and "within 15 working days" in page and "within 7 working days" in page
    # With no year's records yet, this year shows, with nothing counted.
    assert re.search(r"\d{4}/\d\d \(so far\)</th>\s*(<td[^>]*>0</td>\s*){4}", page)


def test_the_partnerships_public_page_links_to_it(partnership, council):
    page = Client().get("/published/testvale/").content.decode()
    assert "ASB case review (the community trigger)" in page
    assert f'href="{BASE}"' in page and f'href="{BASE}status/"' in page


def test_an_unknown_partnership_has_no_case_review_pages(db):
    for url in ("", "apply/", "apply/who/", "apply/check/", "apply/sent/", "status/", "apply/incidents/1/"):
        assert Client().get(f"/published/nowhere/case-review/{url}").status_code == 404, url


def test_the_public_pages_only_read_where_they_only_show(partnership, council):
    client = Client()
    for url in (BASE, f"{BASE}apply/", f"{BASE}apply/sent/"):
        assert client.post(url, {}).status_code == 405, url
    assert client.get(f"{BASE}apply/sent/")["Location"] == f"{BASE}apply/"


def test_only_the_csp_manager_sets_the_procedure_others_read_it(partnership, council, housing, manager,
                                                                 make_member, client_for, outsider, system_user):
    csu = make_member("csu_officer", partnership, council)
    url = "/p/testvale/case-reviews/procedure/"
    page = client_for(csu).get(url).content.decode()
    assert "Testvale Council" in page and "Within 10 working days of receiving the application" in page
    assert "<form" not in page.split("<main")[1]
    posted = {"organisation": housing.pk, "decision_days": "5", "review_days": "15", "outcome_days": "7"}
    assert client_for(csu).post(url, posted).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    assert not ProcedureSettings.objects.exists()

    client = client_for(manager)
    refused = client.post(url, {**posted, "decision_days": "0", "review_days": "200", "outcome_days": "x"})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "The days to decide on the threshold must be from 1 to 60 working days" in text
    assert "The days to hold the review meeting must be from 1 to 120 working days" in text
    assert "Enter the working days as a whole number" in text
    stranger = partner_actions.add_organisation(by=system_user, partnership=outsider.memberships.get().partnership,
                                                name="Far Away Homes")
    refused = client.post(url, {**posted, "organisation": stranger.pk})
    assert refused.status_code == 400 and "Choose an organisation from the list" in refused.content.decode()
    assert not ProcedureSettings.objects.exists()
    assert client.post(url, posted).status_code == 302
    row = ProcedureSettings.objects.get()
    assert (row.organisation, row.decision_days, row.review_days, row.outcome_days) == (housing, 5, 15, 7)
    assert AuditEvent.objects.filter(action="casereview.procedure_changed").count() == 1
    assert "Testvale Homes" in client_for(csu).get(url).content.decode()


def test_the_threshold_settings_are_unchanged_by_the_procedure(partnership, council, manager):
    actions.save_procedure(by=manager, partnership=partnership, organisation=council, decision_days=12,
                           review_days=20, outcome_days=10)
    assert not ThresholdSettings.objects.exists()
