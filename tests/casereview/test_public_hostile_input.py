"""Hostile input in every field of the public case review form (ADR 63): markup and script kept as
typed and shown escaped everywhere it is shown (check your answers, the staff's pages, the status page,
the email), 100,000 characters refused before they are read, NUL bytes refused in words, never a 500,
and nothing half-saved."""

import html

import pytest
from django.core import mail
from django.test import Client

from eunomia.casereview.models import CaseReviewApplication
from tests.casereview.helpers import ANSWERS, APPLY, BASE, answer, fill_in, incident_post, send

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
# A form field's text: markup, a quote to break out of an attribute, and a template tag.
HOSTILE = f'{SCRIPT}"\' {{{{ 7|add:7 }}}} {{% csrf_token %}}'
ESCAPED = html.escape(SCRIPT)


@pytest.fixture
def csu(make_member, partnership, council):
    return make_member("csu_officer", partnership, council)


def hostile_answers():
    return {
        "who": {"applying_for": "someone_else"},
        "victim": {"victim_name": HOSTILE[:200], "relationship": HOSTILE[:200], "consent_confirmed": "on"},
        "name": {"sender_name": HOSTILE[:200]},
        "contact": {"email": "sam.lee@example.org", "phone": "01632 960 001"},
        "address": {"address": HOSTILE[:300], "postcode": ""},
        "description": {"description": HOSTILE},
        "equality": {},
    }


def test_markup_in_every_field_is_kept_as_typed_and_shown_escaped(partnership, council, csu, client_for,
                                                                   django_capture_on_commit_callbacks):
    client = Client()
    incident = incident_post(what=HOSTILE, reported_to=("other",), other=HOSTILE[:200], reference=HOSTILE[:100])
    check = fill_in(client, answers=hostile_answers(), incidents=[incident])
    page = check.content.decode()
    assert SCRIPT not in page and "<script>alert" not in page
    assert ESCAPED in page
    assert "{{ 7|add:7 }}" in page and "{% csrf_token %}" in page  # shown as typed, never run as a template
    with django_capture_on_commit_callbacks(execute=True):
        assert send(client).status_code == 302
    application = CaseReviewApplication.objects.get()
    public = application.public
    listed = public.incidents.get()
    assert (public.sender_name, application.applicant_name, public.relationship, application.description,
            listed.what_happened, listed.reported_to_other, listed.reference_given) == (
        HOSTILE[:200], HOSTILE[:200], HOSTILE[:200], HOSTILE, HOSTILE, HOSTILE[:200], HOSTILE[:100])

    staff = client_for(csu)
    for url in (f"/p/testvale/case-reviews/{application.pk}/", "/p/testvale/case-reviews/",
                f"/p/testvale/case-reviews/{application.pk}/match/",
                f"/p/testvale/case-reviews/{application.pk}/decision/"):
        shown = staff.get(url)
        assert shown.status_code == 200, url
        assert "<script>alert" not in shown.content.decode() and "onerror=alert(1)>" not in shown.content.decode(), url
    assert ESCAPED in staff.get(f"/p/testvale/case-reviews/{application.pk}/").content.decode()

    confirmation = client.get(f"{APPLY}sent/").content.decode()
    assert "alert" not in confirmation
    status = client.post(f"{BASE}status/", {"reference": public.reference, "email": "sam.lee@example.org"})
    assert status.status_code == 200 and "alert" not in status.content.decode()
    [email] = mail.outbox
    assert "alert" not in email.body and "script" not in email.body


@pytest.mark.parametrize("slug, field", [
    ("name", "sender_name"), ("address", "address"), ("description", "description"), ("contact", "phone"),
])
def test_a_field_of_100000_characters_is_refused_before_it_is_read(partnership, council, slug, field):
    client = Client()
    answer(client, "who", {"applying_for": "self"})
    response = client.post(f"{APPLY}{slug}/", {**ANSWERS.get(slug, {}), field: "x" * 100_000})
    page = response.content.decode()
    assert response.status_code == 413
    assert "What you sent is too long" in page and "Shorten your answers" in page
    assert slug not in client.session.get("journey:case-review:testvale", {})


def test_an_incident_of_100000_characters_and_a_status_look_up_too(partnership, council):
    client = Client()
    response = client.post(f"{APPLY}incidents/1/", incident_post(what="x" * 100_000))
    assert response.status_code == 413
    assert not client.session.get("case-review-incidents:testvale")
    response = client.post(f"{BASE}status/", {"reference": "x" * 100_000, "email": "a@example.org"})
    assert response.status_code == 413


@pytest.mark.parametrize("slug, posted, message", [
    ("name", {"sender_name": "Sam\x00Lee"}, "Remove the hidden characters from what you typed"),
    ("address", {"address": "4 Mill\x00Lane"}, "Remove the hidden characters from what you typed"),
    ("description", {"description": "Help\x00"}, "Remove the hidden characters from what you typed"),
    ("victim", {"victim_name": "Ada\x00", "relationship": "Son", "consent_confirmed": "on"},
     "Remove the hidden characters from what you typed"),
    ("contact", {"email": "sam\x00@example.org"}, "Enter an email address in the right format"),
    ("who", {"applying_for": "self\x00"}, "Choose who you are applying for"),
    ("equality", {"sex": "female\x00"}, "Choose one of the answers listed"),
])
def test_nul_bytes_are_refused_in_words(partnership, council, slug, posted, message):
    client = Client()
    answer(client, "who", {"applying_for": "someone_else"})
    response = client.post(f"{APPLY}{slug}/", posted)
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())


def test_nul_bytes_in_an_incident_and_the_status_look_up(partnership, council):
    client = Client()
    response = client.post(f"{APPLY}incidents/1/", incident_post(what="Loud\x00music", reference="A\x00"))
    assert response.status_code == 400
    assert "Remove the hidden characters" in response.content.decode()
    response = client.post(f"{APPLY}incidents/1/", {**incident_post(), "occurred_on_0": "1\x00"})
    assert response.status_code == 400
    response = client.post(f"{BASE}status/", {"reference": "CR-\x00", "email": "a@example.org"})
    assert response.status_code == 400 and "Remove the hidden characters" in response.content.decode()


def test_a_flood_of_sendings_from_one_address_stops_at_the_limit(partnership, council, settings):
    settings.PUBLIC_FORM_ADDRESS_LIMIT = 3
    client = Client(REMOTE_ADDR="203.0.113.50")
    statuses = []
    for _n in range(5):
        fill_in(client)
        statuses.append(send(client).status_code)
    assert statuses == [302, 302, 302, 429, 429]
    assert CaseReviewApplication.objects.count() == 3
