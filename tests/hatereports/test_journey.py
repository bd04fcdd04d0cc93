"""The public form through the test client (ADR 62): one thing a page, answers kept as typed, check your
answers with change links, a confirmation with the reference, and an acknowledgement that never says
what was reported."""

import datetime
import re

import pytest
from django.core import mail

from eunomia.audit.models import AuditEvent
from eunomia.core.public_forms import HONEYPOT
from eunomia.hatereports import actions
from eunomia.hatereports.models import HateReport, Motivation
from tests.hatereports.helpers import (ANONYMOUS_PAGES, HAPPENED, PAGES, START, centre_with_staff, fill_in, send,
                                      step_url)


@pytest.fixture
def public(fast_client_for, council):
    """An anonymous visitor; Testvale Council (its only council) triages its hate reports."""
    return fast_client_for(None)


def test_the_start_page_leads_to_the_first_page(public):
    response = public.get(START)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Report a hate incident" in content and "call 999" in content
    assert f'href="{step_url("who")}"' in content


def test_a_whole_report_is_checked_then_sent_with_a_reference_and_an_acknowledgement(
        public, council, django_capture_on_commit_callbacks):
    fill_in(public)
    check = public.get(f"{START}check/")
    assert check.status_code == 200
    content = check.content.decode()
    for shown in ("Two men shouted abuse about my religion at the bus stop", f"{HAPPENED:%-d %B %Y}", "18:45</dd>",
                  "Bus stop, Station Road", "TV1 1AA", "Race or ethnicity, Religion or belief", "Sam", "Reyes",
                  "sam@example.com", "It happened to me"):
        assert shown in content, shown
    assert content.count("?change=1") == 15
    assert not HateReport.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = send(public)

    assert response.status_code == 302 and response["Location"] == f"{START}sent/"
    report = HateReport.objects.get()
    assert re.fullmatch(r"HR-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", report.reference)
    assert (report.status, report.owner_organisation, report.reporter, report.centre) == (
        "in_triage", council, "victim", None)
    assert (report.occurred_on, report.occurred_time) == (HAPPENED, datetime.time(18, 45))
    assert (report.postcode, report.first_name, report.email, report.contact_by) == (
        "TV1 1AA", "Sam", "sam@example.com", "email")
    assert sorted(Motivation.objects.values_list("strand", flat=True)) == ["race", "religion"]
    sent = public.get(response["Location"])
    assert report.reference in sent.content.decode()
    # The answers are gone from the session: the form starts again empty.
    assert public.get(f"{START}check/")["Location"] == step_url("who")
    [message] = mail.outbox
    assert message.to == ["sam@example.com"] and report.reference in message.subject + message.body
    for said in ("shouted", "religion", "Station Road", "Sam", "Reyes", "bus stop"):
        assert said.lower() not in (message.subject + message.body).lower()
    event = AuditEvent.objects.get(action="hatereports.received")
    assert event.actor_id is None and "shouted" not in str(event.data) and "Sam" not in str(event.data)


def test_an_anonymous_report_skips_the_name_and_contact_and_sends_no_email(public, django_capture_on_commit_callbacks):
    fill_in(public, ANONYMOUS_PAGES)
    content = public.get(f"{START}check/").content.decode()
    assert "No, stay anonymous" in content and "Email" not in content
    assert public.get(step_url("name"))["Location"] == f"{START}check/"

    with django_capture_on_commit_callbacks(execute=True):
        send(public)

    report = HateReport.objects.get()
    assert report.anonymous and (report.first_name, report.email, report.contact_by) == ("", "", "")
    assert mail.outbox == []


def test_a_change_from_the_check_page_comes_back_to_it(public):
    fill_in(public)
    page = public.get(step_url("what") + "?change=1")
    assert 'value="Two men' not in page.content.decode()  # a textarea holds its text, not a value
    assert "Two men shouted abuse" in page.content.decode()
    assert f'href="{START}check/"' in page.content.decode()  # back goes to the check page

    response = public.post(step_url("what") + "?change=1", {"description": "Changed words", HONEYPOT: ""})

    assert response["Location"] == f"{START}check/"
    assert "Changed words" in public.get(f"{START}check/").content.decode()


def test_a_change_that_brings_in_a_page_asks_it_before_checking_again(public):
    fill_in(public, ANONYMOUS_PAGES)

    response = public.post(step_url("anonymous") + "?change=1", {"give_name": "yes", HONEYPOT: ""})

    assert response["Location"] == step_url("name") + "?change=1"
    response = public.post(response["Location"], {"first_name": "Sam", "last_name": "Reyes", HONEYPOT: ""})
    assert response["Location"] == step_url("contact") + "?change=1"
    response = public.post(response["Location"], {"contact_by": "none", HONEYPOT: ""})
    assert response["Location"] == f"{START}check/"


def test_pages_are_asked_in_order(public):
    assert public.get(step_url("when"))["Location"] == step_url("who")
    assert public.get(f"{START}check/")["Location"] == step_url("who")
    assert public.get(f"{START}sent/")["Location"] == START
    assert public.get(step_url("no-such-page")).status_code == 404
    fill_in(public, PAGES[:2])
    assert public.get(step_url("what")).status_code == 200  # back to a page answered
    assert public.get(step_url("when")).status_code == 200  # the next to answer
    assert public.get(step_url("why"))["Location"] == step_url("when")


def test_the_equality_questions_are_optional_one_a_page_and_kept(public):
    pages = PAGES[:-1] + [("about-you", {"answer": "yes"}), ("about-you-ethnicity", {"ethnicity": "indian"}),
                          ("about-you-sex", {}),
                          ("about-you-gender-identity", {"gender_identity": "prefer_not_to_say"}),
                          ("about-you-sexual-orientation", {}), ("about-you-religion", {"religion": "sikh"}),
                          ("about-you-long-term-condition", {}), ("about-you-reduced-ability", {}),
                          ("about-you-age-band", {"age_band": "35_44"})]
    fill_in(public, pages)
    content = public.get(f"{START}check/").content.decode()
    assert "Indian" in content and "Sikh" in content and "35 to 44" in content

    send(public)

    report = HateReport.objects.get()
    assert (report.ethnicity, report.sex, report.gender_identity, report.religion, report.age_band) == (
        "indian", "", "prefer_not_to_say", "sikh", "35_44")


def test_a_partnership_with_no_triage_organisation_takes_no_reports(fast_client_for, partnership, housing):
    client = fast_client_for(None)
    for url in (START, step_url("who"), f"{START}check/"):
        response = client.get(url)
        assert response.status_code == 404 and "does not take reports of hate incidents online" in \
            response.content.decode()
    assert client.get("/report-hate/nowhere/").status_code == 404


def test_the_partnerships_public_page_says_how_to_report(fast_client_for, council, partnership, system_user,
                                                          make_member):
    centre, _ = centre_with_staff(partnership, system_user, make_member)
    content = fast_client_for(None).get("/published/testvale/").content.decode()
    assert 'href="/report-hate/testvale/"' in content and "Testvale Interfaith Forum" in content


# A reporting centre's staff --------------------------------------------------------------------------------

def test_a_centres_staff_signed_in_report_as_their_centre(fast_client_for, council, partnership, system_user,
                                                          make_member, django_capture_on_commit_callbacks):
    centre, staff = centre_with_staff(partnership, system_user, make_member)
    client = fast_client_for(staff)
    assert "reporting centre" in client.get(step_url("who")).content.decode()
    pages = [("who", {"reporter": "centre"})] + [p for p in PAGES[1:] if p[0] != "about-you"]

    fill_in(client, pages)
    # Equality questions are about the person answering: the centre's staff are not asked them.
    assert "Questions about you" not in client.get(f"{START}check/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        send(client)

    report = HateReport.objects.get()
    assert (report.reporter, report.centre, report.sent_by, report.source) == (
        "centre", centre, staff, "third_party_centre")
    assert AuditEvent.objects.get(action="hatereports.received").actor_id == staff.pk


def test_no_one_else_can_report_as_a_centre(fast_client_for, council, partnership, system_user, make_member, manager):
    centre, staff = centre_with_staff(partnership, system_user, make_member)
    for client in (fast_client_for(None), fast_client_for(manager)):
        response = client.post(step_url("who"), {"reporter": "centre", HONEYPOT: ""})
        assert response.status_code == 400 and "Choose who is reporting from the list" in response.content.decode()
    # Signed in with the password alone, still owing the second factor: the public form, not the centre's.
    owing = fast_client_for(None)
    owing.force_login(staff)
    assert "reporting centre" not in owing.get(step_url("who")).content.decode()


def test_a_withdrawn_centre_can_no_longer_send_what_it_began(fast_client_for, council, partnership, system_user,
                                                             make_member):
    centre, staff = centre_with_staff(partnership, system_user, make_member)
    client = fast_client_for(staff)
    fill_in(client, [("who", {"reporter": "centre"})] + [p for p in PAGES[1:] if p[0] != "about-you"])
    actions.withdraw_centre(by=system_user, centre=centre)

    response = send(client)

    # Checked again at sending: the answer is no longer one the form accepts, so it is asked again.
    assert response["Location"] == step_url("who")
    assert not HateReport.objects.exists()
