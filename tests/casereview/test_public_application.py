"""Applying for an ASB case review through the public pages (ADR 63): the whole journey with its
change links, the incidents added and removed, what is sent and to whom, the email that repeats
nothing reported, and nothing written before sending or half-written by it."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from eunomia.audit.models import AuditEvent
from eunomia.casereview import actions
from eunomia.casereview.models import CaseReviewApplication, ListedIncident, PublicApplication
from eunomia.core.models import FormAttempt
from eunomia.partners import actions as partner_actions
from tests.casereview.helpers import (ANSWERS, APPLY, BASE, THREE_INCIDENTS, answer, apply_online, date_fields,
                                      days_ago, fill_in, incident_post, send)


def counts():
    return (CaseReviewApplication.objects.count(), PublicApplication.objects.count(),
            ListedIncident.objects.count())


@pytest.fixture
def client(partnership, council, housing):
    return Client()


def test_the_whole_journey_sends_one_application_to_the_council(client, council, django_capture_on_commit_callbacks):
    start = client.get(APPLY)
    assert start.status_code == 200 and "Start now" in start.content.decode()
    # The first page of the incidents is asked straight after the place; "who" leads to "name" for the victim.
    assert answer(client, "who", {"applying_for": "self"})["Location"] == f"{APPLY}name/"
    assert answer(client, "name", ANSWERS["name"])["Location"] == f"{APPLY}contact/"
    answer(client, "contact", ANSWERS["contact"])
    assert answer(client, "address", ANSWERS["address"])["Location"] == f"{APPLY}incidents/1/"
    check = fill_in(client)
    assert check.status_code == 200
    page = check.content.decode()
    for shown in ("Sam Lee", "sam.lee@example.org", "4 Mill Lane", "TV1 1AA", "Music until 3am", "CAD 1234",
                  "The police, A housing provider or landlord", "My MP", "Female", "35 to 44"):
        assert shown in page, shown
    assert counts() == (0, 0, 0)  # nothing is written before sending

    with django_capture_on_commit_callbacks(execute=True):
        response = send(client)
    assert response.status_code == 302 and response["Location"] == f"{APPLY}sent/"
    application = CaseReviewApplication.objects.get()
    public = application.public
    assert (application.owner_organisation, application.applicant_name, application.status,
            application.description, application.created_by) == (
        council, "Sam Lee", "received", ANSWERS["description"]["description"], None)
    assert (public.applying_for, public.sender_name, public.email, public.phone, public.address, public.postcode,
            public.sex, public.age_band, public.ethnicity) == (
        "self", "Sam Lee", "sam.lee@example.org", "01632 960 001", "4 Mill Lane", "TV1 1AA", "female", "35_44", "")
    assert re.fullmatch(r"CR-[2-9B-DF-HJ-NP-TV-XZ]{4}-[2-9B-DF-HJ-NP-TV-XZ]{4}", public.reference)
    incidents = list(public.incidents.all())
    assert [(i.position, i.occurred_on, i.reported_on, i.reported_to, i.reported_to_other, i.reference_given)
            for i in incidents] == [
        (1, days_ago(70), days_ago(69), ["council"], "", "CAD 1234"),
        (2, days_ago(40), days_ago(38), ["police", "housing"], "", ""),
        (3, days_ago(10), days_ago(10), ["other"], "My MP", "")]
    event = AuditEvent.objects.get(action="casereview.public_application_received")
    assert event.object_id == str(application.pk) and event.actor == "system"
    assert "Sam Lee" not in str(event.data) and "Music" not in str(event.data)

    confirmation = client.get(response["Location"]).content.decode()
    assert public.reference in confirmation
    assert "Sam Lee" not in confirmation and "Music" not in confirmation
    # Sent once: the answers are gone, so sending again asks the questions from the start.
    assert send(client)["Location"] == f"{APPLY}who/"
    assert counts() == (1, 1, 3)

    [email] = mail.outbox
    assert email.to == ["sam.lee@example.org"] and public.reference in email.subject
    assert public.reference in email.body and f"{BASE}status/" in email.body
    for never in ("Sam Lee", "Music", "4 Mill Lane", "CAD 1234", "My MP", "nothing has changed"):
        assert never not in email.body and never not in email.subject, never


def test_applying_for_someone_else_needs_their_name_and_agreement(client, django_capture_on_commit_callbacks):
    assert answer(client, "who", {"applying_for": "someone_else"})["Location"] == f"{APPLY}victim/"
    refused = answer(client, "victim", {"victim_name": "Ada Jones", "relationship": "Her son"}, expect=400)
    assert "You can apply for someone else only if they have agreed to it" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        fill_in(client, answers={"who": {"applying_for": "someone_else"},
                                 "victim": {"victim_name": "Ada Jones", "relationship": "Her son",
                                            "consent_confirmed": "on"}})
        send(client)
    application = CaseReviewApplication.objects.get()
    assert application.applicant_name == "Ada Jones"
    assert (application.public.sender_name, application.public.relationship, application.public.consent_confirmed) == (
        "Sam Lee", "Her son", True)


def test_the_victim_page_is_not_asked_of_the_victim(client):
    answer(client, "who", {"applying_for": "self"})
    assert client.get(f"{APPLY}victim/")["Location"] == f"{APPLY}who/"
    assert client.get(f"{APPLY}nonsense/").status_code == 404


def test_change_links_return_to_check_your_answers(client):
    fill_in(client)
    assert answer(client, "name", {"sender_name": "Sam Lee-Hart"}, expect=302).url == f"{APPLY}contact/"
    response = client.post(f"{APPLY}name/?change=1", {"sender_name": "Samantha Lee"})
    assert response["Location"] == f"{APPLY}check/"
    page = client.get(f"{APPLY}check/").content.decode()
    assert "Samantha Lee" in page
    assert f'href="{APPLY}name/?change=1"' in page and f'href="{APPLY}incidents/2/?change=1"' in page
    # Changing an incident from check your answers comes back there too.
    response = client.post(f"{APPLY}incidents/2/?change=1", incident_post(what="Shouting at the door"))
    assert response["Location"] == f"{APPLY}check/"
    page = client.get(f"{APPLY}check/").content.decode()
    assert "Shouting at the door" in page and page.count("Music until 3am") == 2
    # Changing "who" to someone else brings in the page about them before sending.
    client.post(f"{APPLY}who/?change=1", {"applying_for": "someone_else"})
    assert client.get(f"{APPLY}check/")["Location"] == f"{APPLY}victim/"
    assert send(client)["Location"] == f"{APPLY}victim/"
    assert counts() == (0, 0, 0)


def test_incidents_are_added_changed_and_removed_one_page_each(client):
    for slug in ("who", "name", "contact", "address"):
        answer(client, slug, ANSWERS[slug])
    assert client.get(f"{APPLY}incidents/")["Location"] == f"{APPLY}incidents/1/"
    assert client.get(f"{APPLY}incidents/2/").status_code == 404  # the first comes first
    for number, posted in enumerate(THREE_INCIDENTS, 1):
        assert client.post(f"{APPLY}incidents/{number}/", posted)["Location"] == f"{APPLY}incidents/"
    listing = client.get(f"{APPLY}incidents/").content.decode()
    assert "You have listed 3 incidents" in listing
    assert client.post(f"{APPLY}incidents/", {"another": "yes"})["Location"] == f"{APPLY}incidents/4/"
    assert client.get(f"{APPLY}incidents/5/").status_code == 404

    # Removing asks first; "no" keeps it.
    assert client.get(f"{APPLY}incidents/1/remove/").status_code == 200
    assert client.post(f"{APPLY}incidents/1/remove/", {"remove": "no"})["Location"] == f"{APPLY}incidents/"
    assert "You have listed 3 incidents" in client.get(f"{APPLY}incidents/").content.decode()
    client.post(f"{APPLY}incidents/1/remove/", {"remove": "yes"})
    listing = client.get(f"{APPLY}incidents/").content.decode()
    assert "You have listed 2 incidents" in listing and "Incident 1 removed" in listing
    assert client.get(f"{APPLY}incidents/3/remove/").status_code == 404
    # The list is numbered again: the old second is now the first.
    kept = client.get(f"{APPLY}incidents/1/").content.decode()
    assert 'value="police"' in kept and re.search(r'value="police"\s*checked', kept)
    # Removing every one goes back to the first page of an incident.
    client.post(f"{APPLY}incidents/1/remove/", {"remove": "yes"})
    assert client.post(f"{APPLY}incidents/1/remove/", {"remove": "yes"})["Location"] == f"{APPLY}incidents/1/"
    assert client.post(f"{APPLY}incidents/", {"another": "no"}).status_code == 302  # none listed: starts again


def test_at_most_twenty_incidents(client, partnership):
    for slug in ("who", "name", "contact", "address"):
        answer(client, slug, ANSWERS[slug])
    for number in range(1, 21):
        assert client.post(f"{APPLY}incidents/{number}/", incident_post()).status_code == 302
    refused = client.post(f"{APPLY}incidents/", {"another": "yes"})
    assert refused.status_code == 400 and "You can list up to 20 incidents" in refused.content.decode()
    assert client.get(f"{APPLY}incidents/21/").status_code == 404
    assert client.post(f"{APPLY}incidents/21/", incident_post()).status_code == 404
    with pytest.raises(ValidationError) as refused:
        apply_online(partnership, incidents=[{
            "occurred_on": days_ago(3), "what_happened": "x", "reported_to": [], "reported_on": None}] * 21)
    assert "List from 1 to 20 incidents" in str(refused.value)


def test_check_your_answers_asks_again_for_what_is_missing(client):
    assert client.get(f"{APPLY}check/")["Location"] == f"{APPLY}who/"
    for slug in ("who", "name", "contact", "address"):
        answer(client, slug, ANSWERS[slug])
    assert client.get(f"{APPLY}check/")["Location"] == f"{APPLY}incidents/1/"
    client.post(f"{APPLY}incidents/1/", incident_post())
    assert client.get(f"{APPLY}check/")["Location"] == f"{APPLY}description/"
    # A kept answer that is no longer accepted (an incident dated later than today, once the session
    # is edited) is asked again at sending, and nothing is saved.
    fill_in(client)
    session = client.session
    kept = session["case-review-incidents:testvale"]
    kept[1]["occurred_on_2"] = ["2999"]
    session["case-review-incidents:testvale"] = kept
    session.save()
    response = send(client)
    assert response["Location"] == f"{APPLY}incidents/2/?change=1"
    assert counts() == (0, 0, 0)


def test_the_honeypot_refuses_with_words_a_person_can_act_on(client):
    refused = client.post(f"{APPLY}who/", {"applying_for": "self", "leave_this_empty": "http://spam.example"})
    assert refused.status_code == 400
    assert "the field labelled “Leave this empty” was filled in" in refused.content.decode()
    fill_in(client)
    refused = client.post(f"{APPLY}check/", {"leave_this_empty": "x"})
    assert refused.status_code == 400 and counts() == (0, 0, 0)
    status = client.post(f"{BASE}status/", {"reference": "CR-2222-3333", "email": "a@example.org",
                                            "leave_this_empty": "x"})
    assert status.status_code == 400 and "Leave this empty" in status.content.decode()


def test_sending_is_rate_limited_per_address_with_a_clear_refusal(client, settings):
    settings.PUBLIC_FORM_ADDRESS_LIMIT = 1
    fill_in(client)
    assert send(client).status_code == 302
    fill_in(client)
    refused = send(client)
    assert refused.status_code == 429 and "Retry-After" in refused
    page = refused.content.decode()
    assert "Your form has not been sent" in page and "Try again after" in page and "999" in page
    assert counts() == (1, 1, 3)
    # What they typed is still there for when they may send it.
    assert client.get(f"{APPLY}check/").status_code == 200
    # Another address is not held back.
    other = Client(REMOTE_ADDR="198.51.100.20")
    fill_in(other)
    assert send(other).status_code == 302


def test_pages_are_rate_limited_too(client, settings):
    settings.PUBLIC_FORM_STEP_LIMIT = 3
    for _n in range(3):
        answer(client, "who", {"applying_for": "self"})
    refused = client.post(f"{APPLY}name/", ANSWERS["name"])
    assert refused.status_code == 429 and "Too many pages sent" in refused.content.decode()
    assert FormAttempt.objects.filter(form="case-review", kind="step").count() == 4


def test_a_partnership_without_a_council_takes_no_applications_online(system_user):
    partnership = partner_actions.create_partnership(by=system_user, name="Nocouncil CSP", slug="nocouncil",
                                                     local_authority_codes=["E07000117"], phone="01632 960999")
    partner_actions.add_organisation(by=system_user, partnership=partnership, name="Nocouncil Police",
                                     kind="police", joined_on=days_ago(1000))
    client = Client()
    for url in ("apply/", "apply/who/", "apply/incidents/1/", "apply/check/"):
        response = client.get(f"/published/nocouncil/case-review/{url}")
        assert response.status_code == 404 and "You cannot apply online" in response.content.decode(), url
    page = client.get("/published/nocouncil/case-review/").content.decode()
    assert "You cannot apply online yet" in page and "01632 960999" in page
    with pytest.raises(ValidationError):
        apply_online(partnership)


def test_the_organisation_chosen_receives_applications(partnership, council, housing, manager):
    actions.save_procedure(by=manager, partnership=partnership, organisation=housing, decision_days=10,
                           review_days=20, outcome_days=10)
    assert apply_online(partnership).owner_organisation == housing
    # An organisation that has left no longer receives them: the council does.
    partner_actions.leave_partnership(by=manager, partnership=partnership, organisation=housing,
                                      left_on=days_ago(1))
    assert apply_online(partnership).owner_organisation == council


def test_a_failure_while_writing_leaves_nothing_half_saved(partnership, council, monkeypatch):
    def broken(self, *args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(ListedIncident, "save", broken)
    with pytest.raises(RuntimeError):
        apply_online(partnership)
    assert counts() == (0, 0, 0)
    assert not AuditEvent.objects.filter(action="casereview.public_application_received").exists()
    assert not mail.outbox


def test_the_answers_of_another_partnerships_form_are_kept_apart(client, system_user, other_partnership):
    partner_actions.add_organisation(by=system_user, partnership=other_partnership, name="Elsewhere District Council",
                                     kind="council", joined_on=days_ago(1000))
    answer(client, "who", {"applying_for": "self"})
    assert client.get("/published/elsewhere/case-review/apply/check/")["Location"] == (
        "/published/elsewhere/case-review/apply/who/")
    assert client.get(f"{APPLY}check/")["Location"] == f"{APPLY}name/"


def test_reference_dates_and_lengths_are_checked_where_typed(client):
    for slug in ("who", "name", "contact", "address"):
        answer(client, slug, ANSWERS[slug])
    cases = [
        ({**incident_post(), **date_fields("occurred_on", days_ago(-1))},
         "Enter the date it happened as today or a day"),
        ({**incident_post(), "occurred_on_0": "30", "occurred_on_1": "2"}, "Enter the date it happened as a real date"),
        ({**incident_post(), "occurred_on_2": "1899"}, "Enter the date it happened after 1900"),
        ({**incident_post(), "occurred_on_2": "26"}, "Enter the year of the date it happened as 4 numbers"),
        ({**incident_post(), "occurred_on_2": "0001"}, "Enter the date it happened after 1900"),
        ({**incident_post(), "occurred_on_0": "first"}, "Enter the date it happened in numbers"),
        ({**incident_post(), "occurred_on_1": ""}, "Enter the date it happened, with its day, month and year"),
        (incident_post(happened_days_ago=5, reported_days_ago=6), "cannot be before the date it happened"),
        (incident_post(reported_days_ago=None), "Enter the date you reported it"),
        (incident_post(reported_to=("other",)), "Say who else you reported it to"),
        (incident_post(reported_to=("police", "not_reported")), "not both"),
        (incident_post(reported_to=("mayor",)), "Choose from the list who you reported it to"),
        (incident_post(what="x" * 5001), "What happened? must be 5,000 characters or fewer"),
        (incident_post(hate="maybe"), "Say whether you think it happened because of who you are"),
    ]
    for posted, message in cases:
        response = client.post(f"{APPLY}incidents/1/", posted)
        assert response.status_code == 400, message
        assert message in response.content.decode(), message
        assert "govuk-error-summary" in response.content.decode()
    assert client.get(f"{APPLY}incidents/")["Location"] == f"{APPLY}incidents/1/"  # none was kept
    # An incident not reported needs no date of reporting.
    assert client.post(f"{APPLY}incidents/1/", incident_post(reported_to=("not_reported",),
                                                             reported_days_ago=None)).status_code == 302
    refused = client.post(f"{APPLY}contact/", {"email": "not an email", "phone": "call me"})
    assert "Enter an email address in the right format" in refused.content.decode()
    assert "Enter a phone number" in refused.content.decode()
    assert "Enter a real postcode" in client.post(f"{APPLY}address/", {"address": "x", "postcode": "NOT A PC"}
                                                  ).content.decode()
