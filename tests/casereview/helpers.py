"""Applying for an ASB case review through the public pages, as a person would: page by page."""

import datetime

from django.utils import timezone

from eunomia.casereview import actions

BASE = "/published/testvale/case-review/"
APPLY = f"{BASE}apply/"


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def date_fields(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def incident_post(*, happened_days_ago=20, reported_days_ago=19, what="Music until 3am, every night",
                  reported_to=("council",), other="", reference="", hate="no"):
    posted = {**date_fields("occurred_on", days_ago(happened_days_ago)), "what_happened": what,
              "reported_to": list(reported_to), "reported_to_other": other, "reference_given": reference,
              "hate_motivated": hate}
    if reported_days_ago is not None:
        posted.update(date_fields("reported_on", days_ago(reported_days_ago)))
    return posted


ANSWERS = {
    "who": {"applying_for": "self"},
    "name": {"sender_name": "Sam Lee"},
    "contact": {"email": "sam.lee@example.org", "phone": "01632 960 001"},
    "address": {"address": "4 Mill Lane", "postcode": "tv1 1aa"},
    "description": {"description": "I have complained three times and nothing has changed"},
    "equality": {"sex": "female", "age_band": "35_44"},
}

THREE_INCIDENTS = [incident_post(happened_days_ago=70, reported_days_ago=69, reference="CAD 1234"),
                   incident_post(happened_days_ago=40, reported_days_ago=38, reported_to=("police", "housing")),
                   incident_post(happened_days_ago=10, reported_days_ago=10, reported_to=("other",),
                                 other="My MP")]


def answer(client, slug, data, *, expect=302):
    response = client.post(f"{APPLY}{slug}/", data)
    assert response.status_code == expect, (slug, response.status_code, response.content.decode()[:3000])
    return response


def fill_in(client, *, answers=None, incidents=None):
    """Answer every page, in order, and list the incidents; returns the check-your-answers response."""
    answers = {**ANSWERS, **(answers or {})}
    answer(client, "who", answers["who"])
    if answers["who"]["applying_for"] == "someone_else":
        answer(client, "victim", answers["victim"])
    for slug in ("name", "contact", "address"):
        answer(client, slug, answers[slug])
    for number, posted in enumerate(incidents or THREE_INCIDENTS, 1):
        response = client.post(f"{APPLY}incidents/{number}/", posted)
        assert response.status_code == 302, response.content.decode()[:3000]
    assert client.post(f"{APPLY}incidents/", {"another": "no"}).status_code == 302
    for slug in ("description", "equality"):
        answer(client, slug, answers[slug])
    return client.get(f"{APPLY}check/")


def send(client):
    return client.post(f"{APPLY}check/", {})


def apply_online(partnership, *, incidents=None, email="sam.lee@example.org", **changes):
    """An application as the public form makes it, through the action the form calls."""
    listed = incidents or [
        {"occurred_on": days_ago(n + 1), "what_happened": "Shouting in the street", "reported_to": ["council"],
         "reported_to_other": "", "reported_on": days_ago(n), "reference_given": "", "hate_motivated": False}
        for n in (70, 40, 10)]
    values = dict(partnership=partnership, applying_for="self", sender_name="Sam Lee", email=email,
                  description="Nothing has changed", incidents=listed, address="4 Mill Lane", postcode="TV1 1AA")
    return actions.receive_public_application(**{**values, **changes})


# Bad input to the public pages, for tests/test_forms.py: (page, what is sent, the field's id, the message).
# Each page is reached as a person would reach it: "who" answered first (for someone else, so the page
# about them applies).
BAD_FORMS = [
    ("apply/who/", {}, "id_applying_for_1", "Choose who you are applying for"),
    ("apply/victim/", {"victim_name": "Ada Jones", "relationship": "Her son"}, "id_consent_confirmed",
     "You can apply for someone else only if they have agreed to it"),
    ("apply/name/", {"sender_name": "  "}, "id_sender_name", "Enter your full name"),
    ("apply/contact/", {"email": "sam at example"}, "id_email",
     "Enter an email address in the right format, like name@example.com"),
    ("apply/address/", {"address": "4 Mill Lane", "postcode": "ZZ"}, "id_postcode",
     "Enter a real postcode, like HW1 2AB, or leave it empty"),
    ("apply/incidents/1/", {**incident_post(), **date_fields("occurred_on", days_ago(-1))}, "id_occurred_on_0",
     "Enter the date it happened as today or a day in the past"),
    ("apply/description/", {"description": ""}, "id_description",
     "Say what you would like the case review to look at"),
    ("status/", {"reference": "", "email": "sam.lee@example.org"}, "id_reference", "Enter your reference"),
]
