"""After an application is sent (ADR 63): the applicant follows it with their reference and email,
and a wrong pair is "not found" whether or not the reference exists; the CSU sees the threshold applied
to what was listed as a provisional result with reasons, matches the application to casework reports it
may see, and records the decision through the usual actions."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.casereview import actions
from eunomia.casereview.models import ThresholdSettings
from eunomia.casework import actions as casework
from eunomia.core.working_days import add_working_days
from tests.casereview.helpers import BASE, apply_online, days_ago
from tests.clock import at

TODAY = timezone.localdate()
STATUS = f"{BASE}status/"


@pytest.fixture
def csu(make_member, partnership, council):
    return make_member("csu_officer", partnership, council)


def look_up(client, reference, email):
    return client.post(STATUS, {"reference": reference, "email": email})


def without_token(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_the_right_reference_and_email_show_the_status(partnership, council, csu):
    application = apply_online(partnership)
    reference = application.public.reference
    client = Client()
    assert client.get(STATUS).status_code == 200
    page = look_up(client, reference, "sam.lee@example.org")
    assert page.status_code == 200
    text = page.content.decode()
    due = add_working_days(TODAY, 10)
    assert f"Your application {reference}" in text and f"We will tell you by {due:%-d %B %Y}" in text
    # Dates and decisions only: no names, no place, nothing that was reported.
    for never in ("Sam Lee", "4 Mill Lane", "Shouting", "Nothing has changed", "sam.lee@example.org"):
        assert never not in text, never
    event = AuditEvent.objects.filter(action="casereview.status_looked_up").get()
    assert event.object_id == str(application.pk)
    # Typed as people type it: lower case, without the hyphens, the email in capitals.
    loose = look_up(client, reference.lower().replace("-", " "), " SAM.LEE@EXAMPLE.ORG ")
    assert loose.status_code == 200 and f"Your application {reference}" in loose.content.decode()


def test_the_status_follows_the_decision_the_meeting_and_the_outcome(partnership, council, csu):
    application = apply_online(partnership)
    client = Client()
    actions.record_decision(by=csu, application=application, threshold_met=True, decided_on=TODAY)
    text = look_up(client, application.public.reference, "sam.lee@example.org").content.decode()
    assert f"Yes, decided on {TODAY:%-d %B %Y}" in text
    assert f"To be held by {add_working_days(TODAY, 20):%-d %B %Y}" in text
    actions.record_meeting(by=csu, application=application, meeting_on=TODAY, recommendations="A mediation offer")
    text = look_up(client, application.public.reference, "sam.lee@example.org").content.decode()
    assert f"Held on {TODAY:%-d %B %Y}" in text
    assert f"To be sent to you by {add_working_days(TODAY, 10):%-d %B %Y}" in text
    actions.record_meeting(by=csu, application=application, meeting_on=TODAY, recommendations="A mediation offer",
                           outcome_sent_on=TODAY)
    text = look_up(client, application.public.reference, "sam.lee@example.org").content.decode()
    assert f"The review made recommendations. We sent them to you on {TODAY:%-d %B %Y}" in text
    assert "mediation offer" not in text  # the letter says what they are; the page only that they were sent


def test_a_wrong_pair_is_not_found_the_same_whether_the_reference_exists_or_not(partnership, council,
                                                                               other_partnership):
    application = apply_online(partnership)
    reference = application.public.reference
    client = Client()
    wrong_email = look_up(client, reference, "someone.else@example.org")
    no_such = look_up(client, "CR-2222-3333", "someone.else@example.org")
    not_a_reference = look_up(client, "ASB-2026-00001", "sam.lee@example.org")
    for response in (wrong_email, no_such, not_a_reference):
        assert response.status_code == 400
        assert "No application was found with that reference and email address" in response.content.decode()
    # The same page, but for the reference typed back into the form.
    assert without_token(wrong_email).replace(reference, "CR-2222-3333") == without_token(no_such)
    # Another partnership's page does not find it either.
    assert look_up(Client(), reference, "sam.lee@example.org").status_code == 200
    other = Client().post("/published/elsewhere/case-review/status/",
                          {"reference": reference, "email": "sam.lee@example.org"})
    assert other.status_code == 400
    assert AuditEvent.objects.filter(action="casereview.status_looked_up").count() == 1


def test_guessing_stops_at_the_sending_limit(partnership, council, settings):
    settings.PUBLIC_FORM_ADDRESS_LIMIT = 3
    application = apply_online(partnership)
    client = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [look_up(client, f"CR-2222-{n}{n}{n}{n}", "a@example.org").status_code for n in range(2, 7)]
    assert statuses == [400, 400, 400, 429, 429]  # the fourth miss is one too many
    refused = look_up(client, "CR-2222-7777", "a@example.org")
    assert refused.status_code == 429 and "Try again after" in refused.content.decode()
    # Only look-ups that find nothing count: the right pair, which gives nothing away, is still answered.
    assert look_up(client, application.public.reference, "sam.lee@example.org").status_code == 200


def listed(occurred_days_ago, reported_days_ago, *, reported_to=("council",), hate=False):
    return {"occurred_on": days_ago(occurred_days_ago), "what_happened": "Shouting", "reported_to": list(reported_to),
            "reported_to_other": "", "reported_on": days_ago(reported_days_ago) if reported_to else None,
            "reference_given": "", "hate_motivated": hate}


def test_the_threshold_applied_to_what_was_listed_is_a_provisional_result_with_reasons(partnership, council, csu,
                                                                                    client_for):
    application = apply_online(partnership, incidents=[
        listed(100, 99), listed(60, 20), listed(30, 29), listed(10, 9, reported_to=()), listed(50, 5)])
    page = client_for(csu).get(f"/p/testvale/case-reviews/{application.pk}/").content.decode()
    assert "Provisionally, the threshold is not met" in page
    assert "2 qualifying complaints" in page
    assert "Incident 2 does not count: it was reported 40 days after the behaviour, more than 31 days." in page
    assert "Incident 4 does not count: the applicant did not report it." in page
    assert "before the window starting" not in page  # 99 days ago is within six months
    # The confirmed check, on linked reports, is separate: none are linked yet.
    assert "The threshold is not met</strong> on the linked reports (the complaints confirmed from casework)" in page
    ThresholdSettings.objects.create(partnership=partnership, complaints=2)
    page = client_for(csu).get(f"/p/testvale/case-reviews/{application.pk}/").content.decode()
    assert "Provisionally, the threshold is met" in page


def test_a_listed_incident_is_hate_motivated_only_when_the_applicant_says_so(partnership, council, csu,
                                                                            client_for):
    ThresholdSettings.objects.create(partnership=partnership, complaints=3, hate_incident=True)
    said = apply_online(partnership, incidents=[listed(10, 9, hate=True)])
    unsaid = apply_online(partnership, incidents=[listed(10, 9)])
    client = client_for(csu)
    page = client.get(f"/p/testvale/case-reviews/{said.pk}/").content.decode()
    assert "Provisionally, the threshold is met" in page and "Incident 1 is a hate-motivated incident" in page
    assert "Provisionally, the threshold is not met" in client.get(
        f"/p/testvale/case-reviews/{unsaid.pk}/").content.decode()


@pytest.fixture
def reports(partnership, council, housing, csu, practitioner):
    """Three council reports at the applicant's postcode in the window, one far away, and one of
    Testvale Homes' the CSU may not see."""
    def report(days, postcode="TV1 1AA", by=csu, organisation=council, description="Shouting in Mill Lane"):
        moment = at(days_ago(days))
        return casework.record_report(by=by, partnership=partnership, organisation=organisation,
                                      occurred_at=moment - datetime.timedelta(hours=2), reported_at=moment,
                                      category="noise", source="phone", description=description, postcode=postcode)
    return {"near": [report(69), report(38), report(10)], "far": report(12, postcode="TV9 9ZZ",
                                                                         description="Bins on fire"),
            "housing": report(11, by=practitioner, organisation=housing)}


def test_the_csu_matches_the_application_to_reports_it_may_see_and_decides(partnership, council, csu, reports,
                                                                         client_for, practitioner):
    application = apply_online(partnership)
    client = client_for(csu)
    url = f"/p/testvale/case-reviews/{application.pk}/match/"
    page = client.get(url).content.decode()
    # Without a search: the reports at the applicant's postcode in the threshold's window.
    for report in reports["near"]:
        assert report.reference in page
    assert reports["far"].reference not in page and reports["housing"].reference not in page
    searched = client.get(url + "?q=Bins").content.decode()
    assert reports["far"].reference in searched and reports["near"][0].reference not in searched
    event = AuditEvent.objects.filter(action="casereview.reports_searched").latest("id")
    assert event.data["search"] == "Bins" and event.data["ids"] == [reports["far"].pk]

    # A report the page did not offer (another organisation's) is refused, and nothing changes.
    refused = client.post(url, {"reports": [reports["near"][0].pk, reports["housing"].pk]})
    assert refused.status_code == 400 and "Choose reports from the list" in refused.content.decode()
    assert not application.reports.exists()

    response = client.post(url, {"reports": [r.pk for r in reports["near"]]})
    assert response.status_code == 302
    assert set(application.reports.all()) == set(reports["near"])
    event = AuditEvent.objects.filter(action="casereview.reports_matched").get()
    assert sorted(event.data["linked"]) == sorted(r.pk for r in reports["near"])
    page = client.get(f"/p/testvale/case-reviews/{application.pk}/").content.decode()
    assert "The threshold is met</strong> on the linked reports" in page
    # The decision form is filled in from the confirmed complaints; the officer records it as always.
    decision = client.get(f"/p/testvale/case-reviews/{application.pk}/decision/").content.decode()
    assert re.search(r'value="yes"[^>]*checked', decision)
    assert client.post(f"/p/testvale/case-reviews/{application.pk}/decision/",
                       {"threshold_met": "yes", "decided_on": TODAY.isoformat()}).status_code == 302
    application.refresh_from_db()
    assert (application.status, application.threshold_met, application.decided_on) == ("threshold_met", True, TODAY)

    # Linked reports are always on the page, ticked: a search adds to them, and unticking one unlinks it.
    searched = client.get(url + "?q=Bins").content.decode()
    assert all(r.reference in searched for r in (*reports["near"], reports["far"]))
    client.post(url + "?q=Bins", {"reports": [*(r.pk for r in reports["near"]), reports["far"].pk]})
    assert set(application.reports.all()) == {*reports["near"], reports["far"]}
    client.post(url, {"reports": [r.pk for r in reports["near"][:2]]})
    assert set(application.reports.all()) == {*reports["near"][:2]}
    # Another organisation's caseworker cannot reach it.
    assert client_for(practitioner).get(url).status_code == 404
    assert client_for(practitioner).post(url, {"reports": [reports["housing"].pk]}).status_code == 404


def test_a_closed_application_keeps_its_reports(partnership, council, csu, reports, client_for):
    application = apply_online(partnership)
    actions.record_decision(by=csu, application=application, threshold_met=False, decided_on=TODAY)
    actions.close_application(by=csu, application=application)
    client = client_for(csu)
    refused = client.post(f"/p/testvale/case-reviews/{application.pk}/match/", {"reports": [reports["near"][0].pk]})
    assert refused.status_code == 400 and "The application is closed" in refused.content.decode()
    assert not application.reports.exists()
