"""Bad and hostile input to the public form (ADR 62): HTML and script in every field kept as text and
escaped wherever shown, 100,000 characters refused by size before anything is read, limits and null
characters refused in words, dates out of range, floods from one address, the honeypot. A clear
refusal, never a 500, and nothing half-saved: a page refused keeps nothing, a send refused writes
nothing."""

import datetime
import html

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from eunomia.core.public_forms import HONEYPOT
from eunomia.hatereports.models import HateReport
from tests.hatereports.helpers import PAGES, START, fill_in, report_for, send, step_url

SCRIPT = '<script>alert("x")</script><b onmouseover="steal()">bold</b>'
# The free-text fields and the page they are on.
TEXT_FIELDS = [("what", "description"), ("where", "address"), ("why", "other_motivation"),
               ("name", "first_name"), ("name", "last_name")]


@pytest.fixture
def public(fast_client_for, council):
    return fast_client_for(None)


def page_data(slug):
    return dict(dict(PAGES)[slug])


def answered_up_to(client, slug):
    """Answer every page before `slug`."""
    before = [page for page in PAGES[:[s for s, _ in PAGES].index(slug)]]
    if before:
        fill_in(client, before)


def kept(client, slug):
    return client.session.get("journey:hate-report:testvale", {}).get(slug)


@pytest.mark.parametrize("slug, field", TEXT_FIELDS)
def test_html_and_script_are_kept_as_text_and_escaped_on_every_page_that_shows_them(
        public, slug, field, fast_client_for, make_member, partnership, council):
    pages = [(s, {**data, field: SCRIPT} if s == slug else data) for s, data in PAGES]
    if field == "other_motivation":
        pages = [(s, {**data, "motivations": ["other"]} if s == "why" else data) for s, data in pages]
    fill_in(public, pages)

    check = public.get(f"{START}check/").content.decode()
    assert SCRIPT not in check and html.escape(SCRIPT) in check
    send(public)

    report = HateReport.objects.get()
    assert getattr(report, field) == SCRIPT
    officer = fast_client_for(make_member("csu_officer", partnership, council))
    detail = officer.get(f"/p/testvale/hate-reports/{report.pk}/").content.decode()
    assert SCRIPT not in detail and html.escape(SCRIPT) in detail
    # The confirmation shows the reference only.
    assert "script" not in public.get(f"{START}sent/").content.decode().split("<main")[1].split("</main>")[0]


@pytest.mark.parametrize("slug, field, value, message", [
    ("contact", "email", SCRIPT, "Enter an email address, like name@example.com"),
    ("contact", "email", "sam@example.com\x00", "The email address contains a character that cannot be kept"),
    ("who", "reporter", SCRIPT, "Choose who is reporting from the list"),
    ("why", "motivations", SCRIPT, "Choose reasons from the list"),
    ("when", "occurred_on", SCRIPT, "Enter the date it happened as a real date, like 2026-11-24"),
    ("when", "occurred_time", SCRIPT, "Enter the time like 21:30"),
    ("where", "postcode", SCRIPT, "The postcode must be 20 characters or fewer"),
    ("where", "postcode", "NOT A CODE", "Enter a UK postcode, like HW1 2AB"),
    ("what", "description", "", "Describe what happened"),
    ("what", "description", "x" * 5001, "What happened must be 5,000 characters or fewer"),
    ("what", "description", "Shouted at\x00me", "What happened contains a character that cannot be kept"),
    ("where", "address", "x" * 301, "The address or place must be 300 characters or fewer"),
    ("where", "address", "Station\x00Road", "The address or place contains a character that cannot be kept"),
    ("why", "other_motivation", "x" * 201, "The other reason must be 200 characters or fewer"),
    ("name", "first_name", "x" * 101, "The first name must be 100 characters or fewer"),
    ("name", "last_name", "Re\x00yes", "The last name contains a character that cannot be kept"),
    ("contact", "phone", "x" * 41, "The phone number must be 40 characters or fewer"),
    ("when", "occurred_on", "1899-12-31", "The date it happened must be on or after 1 January 1900"),
    ("when", "occurred_on", "2101-01-01", "The date it happened must be today or in the past"),
    ("when", "occurred_on", "2026-02-30", "Enter the date it happened as a real date, like 2026-11-24"),
])
def test_bad_input_on_a_page_is_refused_in_words_and_nothing_is_kept(public, slug, field, value, message):
    answered_up_to(public, slug)
    data = {**page_data(slug), field: value, HONEYPOT: ""}
    if field == "phone":
        data["contact_by"] = "phone"

    response = public.post(step_url(slug), data)

    assert response.status_code == 400
    content = html.unescape(response.content.decode())
    assert "There is a problem" in content and message in content
    assert "<title>Error: " in response.content.decode()
    assert SCRIPT not in response.content.decode().split("</h2>", 1)[1].split("<form")[0]
    assert kept(public, slug) is None


def test_tomorrow_and_later_today_are_in_the_future(public):
    answered_up_to(public, "when")
    with time_machine.travel(datetime.datetime(2026, 12, 3, 10, 0, tzinfo=timezone.get_current_timezone()),
                             tick=False):
        tomorrow = public.post(step_url("when"), {"occurred_on": "2026-12-04", HONEYPOT: ""})
        later = public.post(step_url("when"), {"occurred_on": "2026-12-03", "occurred_time": "10:01", HONEYPOT: ""})
        now = public.post(step_url("when"), {"occurred_on": "2026-12-03", "occurred_time": "10:00", HONEYPOT: ""})
    assert "The date it happened must be today or in the past" in tomorrow.content.decode()
    assert "The time it happened must be now or in the past" in later.content.decode()
    assert now.status_code == 302


def test_the_earliest_day_accepted_is_1_january_1900(public):
    answered_up_to(public, "when")
    assert public.post(step_url("when"), {"occurred_on": "1900-01-01", HONEYPOT: ""}).status_code == 302


def test_a_page_needs_somewhere_and_a_reason_and_a_way_to_contact(public):
    answered_up_to(public, "where")
    response = public.post(step_url("where"), {"address": " ", "postcode": "", HONEYPOT: ""})
    assert "Enter where it happened: an address or place, or a postcode" in response.content.decode()
    fill_in(public, PAGES[3:4])
    response = public.post(step_url("why"), {"motivations": ["other"], HONEYPOT: ""})
    assert "Say what the other reason is" in response.content.decode()
    fill_in(public, PAGES[4:7])
    response = public.post(step_url("contact"), {"contact_by": "phone", "phone": "", HONEYPOT: ""})
    assert "Enter a phone number, or choose another way to be contacted" in response.content.decode()
    response = public.post(step_url("contact"), {"contact_by": "phone", "phone": "call me", HONEYPOT: ""})
    assert "Enter a phone number, like 01632 960 001" in response.content.decode()


@pytest.mark.parametrize("slug", [slug for slug, _ in PAGES])
def test_100000_characters_are_refused_by_size_before_they_are_read(public, slug):
    answered_up_to(public, slug)
    data = {name: "x" * 100_000 for name in page_data(slug)}

    response = public.post(step_url(slug), {**data, HONEYPOT: ""})

    assert response.status_code == 413
    assert "What you sent is too long" in response.content.decode()
    assert kept(public, slug) is None


def test_the_honeypot_refuses_a_page_and_the_sending_with_a_message_a_person_can_act_on(public):
    response = public.post(step_url("who"), {"reporter": "victim", HONEYPOT: "http://spam.example"})
    assert response.status_code == 400
    assert "the field labelled “Leave this empty” was filled in" in response.content.decode()
    assert kept(public, "who") is None

    fill_in(public)
    response = public.post(f"{START}check/", {HONEYPOT: "http://spam.example"})

    assert response.status_code == 400 and "Leave this empty" in response.content.decode()
    assert not HateReport.objects.exists()
    # A person who filled it by mistake clears it and sends.
    assert send(public).status_code == 302 and HateReport.objects.count() == 1


def test_a_flood_from_one_address_is_refused_when_sending_and_nothing_is_written(public, settings):
    settings.PUBLIC_FORM_ADDRESS_LIMIT = 2
    for _ in range(2):
        fill_in(public)
        assert send(public).status_code == 302

    fill_in(public)
    response = send(public)

    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    content = response.content.decode()
    assert "Your form has not been sent" in content and "2 forms have already been sent" in content
    assert HateReport.objects.count() == 2
    # What they typed is still there, to send later.
    assert public.get(f"{START}check/").status_code == 200


def test_the_form_stops_at_its_limit_from_everyone(fast_client_for, council, settings):
    settings.PUBLIC_FORM_LIMIT = 1
    first, second = fast_client_for(None, REMOTE_ADDR="203.0.113.1"), fast_client_for(None, REMOTE_ADDR="203.0.113.2")
    fill_in(first)
    fill_in(second)
    assert send(first).status_code == 302
    response = send(second)
    assert response.status_code == 429 and "more forms than usual" in response.content.decode()
    assert HateReport.objects.count() == 1


def test_a_flood_of_pages_is_refused_too(public, settings):
    settings.PUBLIC_FORM_STEP_LIMIT = 3
    fill_in(public, PAGES[:3])

    response = public.post(step_url("where"), {**page_data("where"), HONEYPOT: ""})

    assert response.status_code == 429 and "Too many pages sent" in response.content.decode()
    assert kept(public, "where") is None


# The action, for anything that does not come through the pages --------------------------------------------

@pytest.mark.parametrize("changes, field", [
    ({"description": "x" * 100_000}, "description"),
    ({"description": "a\x00b"}, "description"),
    ({"description": "  "}, "description"),
    ({"occurred_on": datetime.date(1899, 12, 31)}, "occurred_on"),
    ({"occurred_on": datetime.date(2101, 1, 1)}, "occurred_on"),
    ({"postcode": "NOWHERE"}, "postcode"),
    ({"address": "", "postcode": ""}, "address"),
    ({"motivations": ["<script>"]}, "motivations"),
    ({"motivations": []}, "motivations"),
    ({"reporter": "centre"}, "reporter"),
    ({"first_name": "x" * 101}, "first_name"),
    ({"email": "not-an-email"}, "email"),
    ({"contact_by": "phone", "phone": "<b>"}, "phone"),
    ({"equality_answers": {"religion": "<script>"}}, "religion"),
])
def test_the_action_refuses_what_the_pages_would(partnership, council, changes, field):
    with pytest.raises(ValidationError) as refused:
        report_for(partnership, **changes)
    assert field in refused.value.error_dict
    assert not HateReport.objects.exists()


def test_an_acknowledgement_that_cannot_be_sent_loses_nothing(public, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.hatereports.test_hostile.BrokenMailServer"
    fill_in(public)
    with django_capture_on_commit_callbacks(execute=True):
        response = send(public)
    assert response.status_code == 302 and HateReport.objects.count() == 1
    assert mail.outbox == []


class BrokenMailServer:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("The mail server is down")
