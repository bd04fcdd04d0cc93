"""The triage queue (ADR 62): only the triage organisation's casework members see its reports; reading a report
is audited; a report becomes a casework report (hate-motivated, online or third-party centre) after
casework's duplicate offer, or is closed with a reason; a second triage is refused. A reporting
centre's staff see their own reports' status, never the report's page nor the casework."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.casework import actions as casework
from eunomia.casework.models import Person, Report
from eunomia.hatereports import actions, queries
from eunomia.hatereports.models import HateReport
from tests.hatereports.helpers import centre_with_staff, report_for

QUEUE = "/p/testvale/hate-reports/"


@pytest.fixture
def officer(make_member, partnership, council):
    """A CSU officer at the council, the partnership's triage organisation by default."""
    return make_member("csu_officer", partnership, council)


@pytest.fixture
def report(partnership, council):
    return report_for(partnership)


def detail(report):
    return f"{QUEUE}{report.pk}/"


def test_the_triage_organisation_defaults_to_the_council_and_can_be_chosen(partnership, council, housing, manager):
    assert queries.triage_organisation(partnership) == council
    actions.set_triage_organisation(by=manager, partnership=partnership, organisation=housing)
    assert queries.triage_organisation(partnership) == housing
    with pytest.raises(ValidationError):
        actions.set_triage_organisation(by=manager, partnership=partnership, organisation=None)


def test_the_queue_lists_reports_in_triage_for_the_triage_organisation_only(
        fast_client_for, officer, practitioner, analyst, outsider, report, partnership):
    closed = report_for(partnership, description="Another")
    actions.close(by=officer, hate_report=closed, reason="police")

    response = fast_client_for(officer).get(QUEUE)

    assert response.status_code == 200
    content = response.content.decode()
    assert report.reference in content and closed.reference not in content
    assert "Shouted at in the street" not in content  # what was said is on the report's page only
    assert closed.reference in fast_client_for(officer).get(QUEUE + "?status=all").content.decode()
    assert fast_client_for(officer).get(QUEUE + f"?reference={closed.reference.lower()}").content.decode().count(
        closed.reference) == 1
    event = AuditEvent.objects.filter(action="hatereports.listed").first()
    assert event.data["ids"] == [report.pk] and event.actor_id == officer.pk
    # Casework, but at housing: none of the reports, and who triages them.
    housing_view = fast_client_for(practitioner).get(QUEUE).content.decode()
    assert report.reference not in housing_view and "Only its members who work casework triage them" in housing_view
    assert fast_client_for(analyst).get(QUEUE).status_code == 403  # the council, but no casework
    assert fast_client_for(outsider).get(QUEUE).status_code == 404


def test_reading_a_report_is_audited_and_others_are_not_found(fast_client_for, officer, practitioner, outsider,
                                                               report):
    response = fast_client_for(officer).get(detail(report))

    assert response.status_code == 200 and "Shouted at in the street" in response.content.decode()
    event = AuditEvent.objects.get(action="hatereports.viewed")
    assert (event.actor_id, event.object_id) == (officer.pk, str(report.pk))
    report.refresh_from_db()
    assert report.opened_at is not None
    for other in (practitioner, outsider):
        for url in (detail(report), detail(report) + "casework/", detail(report) + "close/"):
            assert fast_client_for(other).get(url).status_code in (403, 404), url
    assert fast_client_for(practitioner).get(detail(report)).status_code == 404
    assert AuditEvent.objects.filter(action="hatereports.viewed").count() == 1


def test_turning_a_report_into_casework_offers_the_people_already_recorded(
        fast_client_for, officer, report, partnership, council):
    known = casework.add_person(by=officer, partnership=partnership, organisation=council, first_name="Sam",
                                last_name="Reyes", address="4 Mill Lane", postcode="TV1 2BB")
    nearby = casework.record_report(by=officer, partnership=partnership, organisation=council,
                                    occurred_at=timezone.now() - datetime.timedelta(days=3),
                                    reported_at=timezone.now(), category="noise", source="phone",
                                    description="Music", postcode="TV1 1AA")
    client = fast_client_for(officer)

    page = client.get(detail(report) + "casework/").content.decode()

    assert "Use Sam Reyes, 4 Mill Lane TV1 2BB" in page and "This is someone new" in page
    assert nearby.reference in page
    offered = AuditEvent.objects.get(action="hatereports.possible_duplicates_offered")
    assert offered.data == {"people": [known.pk], "reports": [nearby.pk]}
    refused = client.post(detail(report) + "casework/", {})
    assert refused.status_code == 400 and "Choose one of the people already recorded" in refused.content.decode()
    assert HateReport.objects.get().status == "in_triage"

    response = client.post(detail(report) + "casework/", {"match": str(known.pk)})

    recorded = Report.objects.get(category="hate")
    assert response["Location"] == f"/p/testvale/casework/reports/{recorded.pk}/"
    assert (recorded.source, recorded.owner_organisation, recorded.anonymous) == ("online", council, False)
    assert list(recorded.people_links.values_list("person", "role")) == [(known.pk, "victim")]
    assert "Shouted at in the street" in recorded.description and "Race or ethnicity" in recorded.description
    assert recorded.postcode == "TV1 1AA" and recorded.reported_at == report.received_at
    report.refresh_from_db()
    assert (report.status, report.casework_report, report.triaged_by) == ("casework", recorded, officer)
    assert AuditEvent.objects.filter(action="hatereports.turned_into_casework", object_id=str(report.pk)).exists()
    # A second triage is refused, on the page and in the action.
    again = client.post(detail(report) + "casework/", {"match": str(known.pk)})
    assert again.status_code == 302 and again["Location"] == detail(report)
    with pytest.raises(ValidationError, match="already been turned into casework report"):
        actions.close(by=officer, hate_report=report, reason="police")
    assert Report.objects.filter(category="hate").count() == 1


def test_someone_new_is_recorded_with_the_contact_they_gave(fast_client_for, officer, report, partnership, council):
    casework.add_person(by=officer, partnership=partnership, organisation=council, first_name="Sam",
                        last_name="Reyes")

    fast_client_for(officer).post(detail(report) + "casework/", {"match": "new"})

    person = Person.objects.get(email="sam@example.com")
    assert (person.first_name, person.last_name, person.owner_organisation) == ("Sam", "Reyes", council)
    assert Report.objects.get(category="hate").people_links.get().person == person


def test_an_anonymous_report_becomes_an_anonymous_casework_report_naming_no_one(fast_client_for, officer,
                                                                                 partnership):
    anonymous = report_for(partnership, anonymous=True, occurred_time=None)

    response = fast_client_for(officer).post(detail(anonymous) + "casework/", {})

    assert response.status_code == 302
    recorded = Report.objects.get(category="hate")
    assert recorded.anonymous and not recorded.people_links.exists()
    # No time given: midday on the day it happened.
    assert timezone.localtime(recorded.occurred_at).time() == datetime.time(12)


def test_a_centres_report_becomes_a_third_party_centre_report_naming_the_victim(
        fast_client_for, officer, partnership, system_user, make_member):
    centre, staff = centre_with_staff(partnership, system_user, make_member)
    sent = report_for(partnership, reporter="centre", centre=centre, by=staff)

    actions.turn_into_casework(by=officer, hate_report=sent)

    recorded = Report.objects.get(category="hate")
    assert recorded.source == "third_party_centre"
    assert recorded.people_links.get().role == "victim"
    assert "Testvale Interfaith Forum" in recorded.description


def test_closing_needs_a_reason_and_a_note_for_another_reason(fast_client_for, officer, report):
    client = fast_client_for(officer)
    assert "Choose why the report is being closed" in client.post(detail(report) + "close/", {}).content.decode()
    response = client.post(detail(report) + "close/", {"reason": "other", "note": ""})
    assert response.status_code == 400 and "Enter the note" in response.content.decode()
    assert HateReport.objects.get().status == "in_triage"

    response = client.post(detail(report) + "close/", {"reason": "duplicate", "note": "Same as ASB-2026-00004"})

    assert response["Location"] == detail(report)
    report.refresh_from_db()
    assert (report.status, report.close_reason, report.close_note) == ("closed", "duplicate", "Same as ASB-2026-00004")
    assert AuditEvent.objects.get(action="hatereports.closed").data == {"reason": "duplicate"}
    with pytest.raises(ValidationError, match="already been closed"):
        actions.turn_into_casework(by=officer, hate_report=report)
    assert client.get(detail(report) + "close/")["Location"] == detail(report)


def test_only_the_triage_organisations_casework_members_may_decide(officer, report, partnership, council, make_member,
                                                                   practitioner):
    reader = make_member("analyst", partnership, council)
    for who in (reader, practitioner):
        with pytest.raises(ValidationError):
            actions.close(by=who, hate_report=report, reason="police")
    assert HateReport.objects.get().status == "in_triage"


def test_a_new_triage_organisation_takes_the_reports_still_in_triage(
        fast_client_for, officer, manager, report, partnership, housing, make_member):
    decided = report_for(partnership)
    actions.close(by=officer, hate_report=decided, reason="police")

    response = fast_client_for(manager).post("/p/testvale/hate-reports/triage-organisation/",
                                             {"organisation": housing.pk})

    assert response.status_code == 302
    report.refresh_from_db()
    decided.refresh_from_db()
    assert (report.owner_organisation, decided.owner_organisation.name) == (housing, "Testvale Council")
    housing_officer = make_member("csu_officer", partnership, housing)
    assert fast_client_for(housing_officer).get(detail(report)).status_code == 200
    assert fast_client_for(officer).get(detail(report)).status_code == 404
    assert report.reference not in fast_client_for(officer).get(QUEUE).content.decode()
    assert report_for(partnership).owner_organisation == housing


# Reporting centres --------------------------------------------------------------------------------------

def test_a_centres_staff_see_their_own_reports_status_and_nothing_more(
        fast_client_for, officer, partnership, system_user, make_member):
    centre, staff = centre_with_staff(partnership, system_user, make_member)
    _, other_staff = centre_with_staff(partnership, system_user, make_member, name="Testvale Library")
    sent = report_for(partnership, reporter="centre", centre=centre, by=staff)
    public = report_for(partnership)
    client = fast_client_for(staff)

    page = client.get("/p/testvale/hate-reports/my-centre/").content.decode()
    assert sent.reference in page and public.reference not in page and "Received" in page
    assert "Shouted" not in page and "Sam" not in page
    fast_client_for(officer).get(detail(sent))
    assert "In triage" in client.get("/p/testvale/hate-reports/my-centre/").content.decode()
    recorded = actions.turn_into_casework(by=officer, hate_report=sent)
    page = client.get("/p/testvale/hate-reports/my-centre/").content.decode()
    assert "Turned into a casework report" in page and recorded.reference not in page
    # Never the report's own page, the queue, nor the casework it became.
    assert client.get(detail(sent)).status_code == 404
    assert sent.reference not in client.get(QUEUE).content.decode()
    assert client.get(f"/p/testvale/casework/reports/{recorded.pk}/").status_code == 404
    other_centre = fast_client_for(other_staff).get("/p/testvale/hate-reports/my-centre/")
    assert sent.reference not in other_centre.content.decode()
    listed = AuditEvent.objects.filter(action="hatereports.centre_reports_listed", actor=staff.email).first()
    assert listed.data["ids"] == [sent.pk]
    assert fast_client_for(officer).get("/p/testvale/hate-reports/my-centre/").status_code == 403


def test_the_csp_manager_designates_and_withdraws_centres(fast_client_for, manager, officer, partnership, housing):
    client = fast_client_for(manager)
    assert client.get("/p/testvale/hate-reports/centres/").status_code == 200
    assert fast_client_for(officer).get("/p/testvale/hate-reports/centres/").status_code == 403

    assert client.post("/p/testvale/hate-reports/centres/", {"organisation": housing.pk}).status_code == 302
    centre = queries.active_centres(partnership).get()
    assert centre.organisation == housing
    again = client.post("/p/testvale/hate-reports/centres/", {"organisation": housing.pk})
    assert again.status_code == 400

    assert client.post(f"/p/testvale/hate-reports/centres/{centre.pk}/withdraw/").status_code == 302
    assert not queries.active_centres(partnership).exists()
    assert {e.action for e in AuditEvent.objects.filter(action__startswith="hatereports.centre_")} == {
        "hatereports.centre_designated", "hatereports.centre_withdrawn"}
    assert client.post("/p/testvale/hate-reports/centres/", {"organisation": housing.pk}).status_code == 302
    assert queries.active_centres(partnership).get().pk == centre.pk
