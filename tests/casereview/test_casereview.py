"""ASB case review pages: who sees an application, the threshold shown with its reasons, the
decision, meeting and closing, bad input refused with nothing saved, every read and change
audited, the yearly statistics and the figure."""

import datetime
import re

import pytest
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.casereview import actions
from eunomia.casereview.models import CaseReviewApplication, ThresholdSettings
from eunomia.casework import actions as casework
from eunomia.core.dates import add_years
from eunomia.figures.registry import get_measure
from tests.clock import at

TODAY = timezone.localdate()
BASE = "/p/testvale/case-reviews/"




def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


@pytest.fixture
def world(partnership, council, housing, make_member, outsider):
    csu = make_member("csu_officer", partnership, council)
    practitioner = make_member("partner_practitioner", partnership, housing)
    analyst = make_member("analyst", partnership, council)
    victim = casework.add_person(by=csu, partnership=partnership, organisation=council, first_name="Dana",
                                 last_name="Ellis")

    def council_report(reported_days_ago, late_days=1, category="noise"):
        reported = days_ago(reported_days_ago)
        return casework.record_report(
            by=csu, partnership=partnership, organisation=council,
            occurred_at=at(reported - datetime.timedelta(days=late_days)), reported_at=at(reported),
            category=category, source="phone", description="Music all night", people=[(victim, "complainant")])

    reports = [council_report(10), council_report(40), council_report(70, late_days=40)]
    housing_report = casework.record_report(
        by=practitioner, partnership=partnership, organisation=housing, occurred_at=at(days_ago(5)),
        reported_at=at(days_ago(5)), category="nuisance", source="housing", description="Stairwell")
    application = actions.receive_application(by=csu, partnership=partnership, organisation=council,
                                              received_on=TODAY, description="Nothing has been done",
                                              applicant=victim, reports=reports)
    return locals()


def test_only_the_owning_organisation_sees_an_application(world, client_for):
    w = world
    url = f"{BASE}{w['application'].pk}/"
    expected = {"csu": 200, "practitioner": 404, "analyst": 403, "outsider": 404}
    for who, status in expected.items():
        assert client_for(w[who]).get(url).status_code == status, who
        assert client_for(w[who]).get(f"{url}decision/").status_code == status, who
    listing = client_for(w["practitioner"]).get(BASE).content.decode()
    assert "Dana Ellis" not in listing and f"Application {w['application'].pk}" not in listing
    assert "Dana Ellis" in client_for(w["csu"]).get(BASE).content.decode()
    # Changing another organisation's application is as not found as reading it.
    response = client_for(w["practitioner"]).post(f"{url}decision/", {"threshold_met": "yes", "decided_on": TODAY})
    assert response.status_code == 404
    w["application"].refresh_from_db()
    assert w["application"].status == "received"


def test_the_page_shows_the_threshold_check_with_its_reasons(world, client_for):
    w = world
    html = client_for(w["csu"]).get(f"{BASE}{w['application'].pk}/").content.decode()
    assert "The threshold is not met" in html
    assert "2 qualifying complaints" in html
    late = w["reports"][2].reference
    assert f"{late} does not count: it was reported 40 days after the behaviour, more than 31 days." in html
    ThresholdSettings.objects.create(partnership=w["partnership"], complaints=2)
    html = client_for(w["csu"]).get(f"{BASE}{w['application'].pk}/").content.decode()
    assert "The threshold is met" in html


def test_a_new_application_links_only_reports_the_reader_may_see(world, client_for):
    w = world
    client = client_for(w["csu"])
    form = client.get(f"{BASE}new/").content.decode()
    assert w["reports"][0].reference in form and w["housing_report"].reference not in form
    before = (CaseReviewApplication.objects.count(), AuditEvent.objects.filter(
        action="casereview.application_received").count())
    response = client.post(f"{BASE}new/", {"applicant_name": "Sam Lee", "received_on": TODAY.isoformat(),
                                            "description": "Review please",
                                            "reports": [w["reports"][0].pk, w["housing_report"].pk]})
    assert response.status_code == 400
    assert "Choose reports from the list" in response.content.decode()
    assert (CaseReviewApplication.objects.count(), AuditEvent.objects.filter(
        action="casereview.application_received").count()) == before

    response = client.post(f"{BASE}new/", {"applicant_name": "Sam Lee", "received_on": TODAY.isoformat(),
                                            "description": "Review please", "reports": [w["reports"][0].pk]})
    assert response.status_code == 302
    application = CaseReviewApplication.objects.latest("id")
    assert response["Location"] == f"{BASE}{application.pk}/"
    assert (application.applicant_name, list(application.reports.all()), application.owner_organisation) == (
        "Sam Lee", [w["reports"][0]], w["council"])
    event = AuditEvent.objects.filter(action="casereview.application_received").latest("id")
    assert event.object_id == str(application.pk) and event.data["reports"] == [w["reports"][0].pk]


@pytest.mark.parametrize("data, field, message", [
    ({}, "applicant_name", "Choose the applicant or enter their name"),
    ({"applicant_name": "Sam Lee", "received_on": "tomorrow"}, "received_on",
     "Enter the date the application was received like 2026-11-24"),
    ({"applicant_name": "Sam Lee", "received_on": "2999-01-01"}, "received_on",
     "The date received must be today or in the past"),
    ({"applicant_name": "Sam Lee", "description": "   "}, "description", "Describe what the applicant asks to be reviewed"),
    ({"applicant_name": "Sam Lee", "applicant": "999999"}, "applicant", "Choose the applicant from the list"),
    ({"applicant_name": "Sam Lee", "reports": "abc"}, "reports", "Choose reports from the list"),
])
def test_bad_applications_are_refused_in_plain_words(world, client_for, data, field, message):
    posted = {"received_on": TODAY.isoformat(), "description": "Review please", **data}
    before = CaseReviewApplication.objects.count()
    response = client_for(world["csu"]).post(f"{BASE}new/", posted)
    assert response.status_code == 400
    content = response.content.decode()
    assert "govuk-error-summary" in content and f'href="#id_{field}' in content and message in content
    assert CaseReviewApplication.objects.count() == before


def test_decision_meeting_and_closing(world, client_for):
    w = world
    client, url = client_for(w["csu"]), f"{BASE}{w['application'].pk}/"
    # Not met on the reports, and the form says so: the officer decides.
    decision_form = client.get(f"{url}decision/").content.decode()
    assert re.search(r'value="no"[^>]*checked', decision_form) and not re.search(r'value="yes"[^>]*checked',
                                                                              decision_form)
    assert client.post(f"{url}meeting/", {"meeting_on": TODAY}).status_code == 400  # threshold not yet met
    response = client.post(f"{url}decision/", {"threshold_met": "yes", "decided_on": days_ago(-1)})
    assert response.status_code == 400 and "must be today or in the past" in response.content.decode()
    response = client.post(f"{url}decision/", {"threshold_met": "yes", "decided_on": TODAY})
    assert response.status_code == 302
    response = client.post(f"{url}meeting/", {"meeting_on": TODAY, "recommendations": "Mediation; a CPW"})
    assert response.status_code == 302
    assert client.post(f"{url}close/").status_code == 302
    application = CaseReviewApplication.objects.get(pk=w["application"].pk)
    assert (application.status, application.threshold_met, application.decided_on, application.meeting_on,
            application.recommendations, application.closed_on) == (
        "closed", True, TODAY, TODAY, "Mediation; a CPW", TODAY)
    changes = list(AuditEvent.objects.filter(object_id=str(application.pk), object_type="casereview.casereviewapplication",
                                             action__in=["casereview.decision_recorded", "casereview.meeting_recorded",
                                                         "casereview.application_closed"])
                   .order_by("id").values_list("action", flat=True))
    assert changes == ["casereview.decision_recorded", "casereview.meeting_recorded", "casereview.application_closed"]
    # Closed: nothing more changes.
    assert client.post(f"{url}close/").status_code == 400
    assert client.post(f"{url}decision/", {"threshold_met": "no", "decided_on": TODAY}).status_code == 400


def test_every_read_of_an_application_is_audited(world, client_for):
    w = world
    client, pk = client_for(w["csu"]), w["application"].pk
    pages = {BASE: "casereview.applications_listed", f"{BASE}new/": "casereview.choices_shown",
             f"{BASE}{pk}/": "casereview.application_viewed", f"{BASE}{pk}/decision/": "casereview.application_viewed"}
    for url, action in pages.items():
        before = AuditEvent.objects.count()
        assert client.get(url).status_code == 200, url
        assert AuditEvent.objects.count() == before + 1, url
        event = AuditEvent.objects.latest("id")
        assert (event.action, event.actor) == (action, w["csu"].email), url
    event = AuditEvent.objects.filter(action="casereview.application_viewed").earliest("id")
    assert event.object_id == str(pk) and sorted(event.data["reports"]) == sorted(r.pk for r in w["reports"])


def test_yearly_statistics_and_the_figure_count_every_organisation(world, client_for, partnership, housing):
    w = world
    year = TODAY.year
    other = actions.receive_application(by=w["practitioner"], partnership=partnership, organisation=housing,
                                        received_on=TODAY, description="Stairwell", applicant_name="Robin Hale")
    actions.record_decision(by=w["practitioner"], application=other, threshold_met=True, decided_on=TODAY)
    actions.record_meeting(by=w["practitioner"], application=other, meeting_on=TODAY, recommendations="")
    actions.record_decision(by=w["csu"], application=w["application"], threshold_met=False, decided_on=TODAY)
    old = actions.receive_application(by=w["csu"], partnership=partnership, organisation=w["council"],
                                      received_on=add_years(TODAY, -1), description="Old",
                                      applicant_name="Alex Old")
    html = client_for(w["csu"]).get(f"{BASE}statistics/").content.decode()
    rows = [line for line in html.splitlines() if 'govuk-table__cell--numeric">' in line]
    assert [r.split(">")[1].split("<")[0] for r in rows] == ["2", "1", "1", "0", "1", "0", "0", "0"]
    assert "Robin Hale" not in html and "Dana Ellis" not in html
    assert old.pk  # the year before: one received, nothing else

    figure = get_measure("casereview.applications")
    period = dict(partnership=partnership, period_start=TODAY.replace(month=1, day=1),
                  period_end=TODAY.replace(month=12, day=31))
    assert figure.evaluate(**period, params={"which": "received"}) == 2
    assert figure.evaluate(**period, params={"which": "threshold_met"}) == 1
    last_year = dict(period, period_start=period["period_start"].replace(year=year - 1),
                     period_end=period["period_end"].replace(year=year - 1))
    assert figure.evaluate(**last_year, params={"which": "received"}) == 1
    assert figure.evaluate(**last_year, params={"which": "threshold_met"}) == 0


def test_the_threshold_settings_page(world, client_for, partnership, manager):
    client = client_for(manager)
    response = client.post(f"{BASE}threshold/", {"complaints": "0", "window_months": "6",
                                                  "complaint_within_days": "31", "individuals": "0"})
    assert response.status_code == 400 and "The number of complaints must be 1 or more" in response.content.decode()
    assert not ThresholdSettings.objects.exists()
    response = client.post(f"{BASE}threshold/", {"complaints": "2", "window_months": "6",
                                                  "complaint_within_days": "31", "individuals": "5",
                                                  "hate_incident": "on"})
    assert response.status_code == 302
    row = ThresholdSettings.objects.get(partnership=partnership)
    assert (row.complaints, row.individuals, row.hate_incident) == (2, 5, True)
    assert AuditEvent.objects.filter(action="casereview.threshold_changed").count() == 1


THRESHOLD_POST = {"complaints": "2", "window_months": "6", "complaint_within_days": "31", "individuals": "5",
                  "hate_incident": "on"}


def test_only_the_csp_manager_changes_the_threshold_others_read_it(world, client_for, partnership, manager):
    w = world
    actions.save_settings(by=manager, partnership=partnership, complaints=4, window_months=6,
                          complaint_within_days=31, individuals=5, hate_incident=False)
    before = (ThresholdSettings.objects.values().get(), AuditEvent.objects.count())
    for who in ("csu", "practitioner"):
        client = client_for(w[who])
        page = client.get(f"{BASE}threshold/")
        html = page.content.decode()
        assert page.status_code == 200, who
        assert "4 in the 6 months before the application" in html and "Complaints from 5 different people" in html
        assert "Only the CSP manager can change the threshold" in html and "<form" not in html.split("<main")[1]
        assert client.post(f"{BASE}threshold/", THRESHOLD_POST).status_code == 403, who
    assert client_for(w["analyst"]).get(f"{BASE}threshold/").status_code == 403  # no casework at all
    assert client_for(w["analyst"]).post(f"{BASE}threshold/", THRESHOLD_POST).status_code == 403
    assert client_for(w["outsider"]).get(f"{BASE}threshold/").status_code == 404  # another partnership
    assert (ThresholdSettings.objects.values().get(), AuditEvent.objects.count()) == before

    page = client_for(manager).get(f"{BASE}threshold/").content.decode()
    assert 'name="complaints"' in page and 'value="4"' in page
    assert client_for(manager).post(f"{BASE}threshold/", THRESHOLD_POST).status_code == 302
    assert ThresholdSettings.objects.get().complaints == 2
