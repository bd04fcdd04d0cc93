"""Guards on the forms anyone may send (ADR 67): limits per sender and per form in a window, counted so
that of many sent at once no more than the limit get through; a size limit read before the body; a
honeypot a person can recover from; and refusals that say what happened and when to try again."""

import datetime
import threading

import pytest
import time_machine
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory, override_settings
from django.utils import timezone

from eunomia.core import public_forms
from eunomia.core.models import FormAttempt

factory = RequestFactory()


def request_from(address, user=None):
    request = factory.post("/", {"a": "b"}, REMOTE_ADDR=address)
    request.user = user or AnonymousUser()
    return request


@pytest.mark.django_db
@override_settings(PUBLIC_FORM_ADDRESS_LIMIT=3, PUBLIC_FORM_LIMIT=5, PUBLIC_FORM_WINDOW_SECONDS=3600)
def test_a_sender_may_send_up_to_the_limit_then_is_told_when_to_try_again():
    for _ in range(3):
        public_forms.count_sending(request_from("203.0.113.7"), "test-form")
    with pytest.raises(public_forms.Refused) as refused:
        public_forms.count_sending(request_from("203.0.113.7"), "test-form")
    assert refused.value.status == 429
    assert "3 forms have already been sent from your connection" in refused.value.message
    assert "Try again after" in refused.value.message and "999" in refused.value.message
    # Another address is not held back by the first one's limit.
    public_forms.count_sending(request_from("203.0.113.8"), "test-form")


@pytest.mark.django_db
@override_settings(PUBLIC_FORM_ADDRESS_LIMIT=3, PUBLIC_FORM_LIMIT=5, PUBLIC_FORM_WINDOW_SECONDS=3600)
def test_the_form_as_a_whole_stops_at_its_limit_from_everyone():
    for n in range(5):
        public_forms.count_sending(request_from(f"198.51.100.{n}"), "test-form")
    with pytest.raises(public_forms.Refused) as refused:
        public_forms.count_sending(request_from("198.51.100.99"), "test-form")
    assert "more forms than usual" in refused.value.message
    # Another form is counted on its own.
    public_forms.count_sending(request_from("198.51.100.99"), "other-form")


@pytest.mark.django_db
@override_settings(PUBLIC_FORM_ADDRESS_LIMIT=2, PUBLIC_FORM_LIMIT=100, PUBLIC_FORM_WINDOW_SECONDS=3600)
def test_the_window_slides_an_hour_after_the_oldest_attempt_counted():
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        public_forms.count_sending(request_from("203.0.113.7"), "test-form")
    with time_machine.travel(start + datetime.timedelta(minutes=30), tick=False):
        public_forms.count_sending(request_from("203.0.113.7"), "test-form")
        with pytest.raises(public_forms.Refused) as refused:
            public_forms.count_sending(request_from("203.0.113.7"), "test-form")
    assert refused.value.retry_at == start + datetime.timedelta(hours=1)
    # One second before the first attempt leaves the window: still refused (the refused one counts too).
    with time_machine.travel(start + datetime.timedelta(minutes=59, seconds=59), tick=False):
        with pytest.raises(public_forms.Refused):
            public_forms.count_sending(request_from("203.0.113.7"), "test-form")
    # Older rows are cleared as the window moves on, so the table holds only the window.
    with time_machine.travel(start + datetime.timedelta(hours=2, minutes=1), tick=False):
        public_forms.count_sending(request_from("203.0.113.7"), "test-form")
        assert FormAttempt.objects.filter(form="test-form").count() == 1


@pytest.mark.django_db
@override_settings(PUBLIC_FORM_ADDRESS_LIMIT=1, PUBLIC_FORM_LIMIT=100)
def test_a_signed_in_sender_is_counted_as_themselves_not_their_office_address(manager, practitioner):
    public_forms.count_sending(request_from("192.0.2.1", manager), "test-form")
    public_forms.count_sending(request_from("192.0.2.1", practitioner), "test-form")
    with pytest.raises(public_forms.Refused):
        public_forms.count_sending(request_from("192.0.2.1", manager), "test-form")
    # Only a keyed hash of who sent is kept, never the address.
    assert not FormAttempt.objects.filter(sender__contains="192.0.2.1").exists()


@pytest.mark.django_db(transaction=True)
@override_settings(PUBLIC_FORM_ADDRESS_LIMIT=100, PUBLIC_FORM_LIMIT=10)
def test_of_many_sent_at_once_no_more_than_the_limit_get_through():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race this guards against is PostgreSQL's")
    accepted, refused = [], []

    def send(n):
        try:
            public_forms.count_sending(request_from(f"198.51.100.{n}"), "race-form")
            accepted.append(n)
        except public_forms.Refused:
            refused.append(n)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(accepted) <= 10 and len(accepted) + len(refused) == 30


@override_settings(PUBLIC_FORM_MAX_BYTES=1024)
def test_a_body_over_the_size_limit_is_refused_before_it_is_read():
    request = factory.post("/", {"description": "x" * 2000})
    with pytest.raises(public_forms.Refused) as refused:
        public_forms.check_size(request)
    assert refused.value.status == 413
    assert "this form accepts up to 1 KB" in refused.value.message
    public_forms.check_size(factory.post("/", {"description": "x" * 100}))


@pytest.mark.django_db
@override_settings(PUBLIC_FORM_STEP_LIMIT=2, PUBLIC_FORM_MAX_BYTES=1024)
def test_the_guard_on_a_view_refuses_floods_of_pages_and_large_bodies_with_a_page():
    calls = []

    @public_forms.public_form("test-form")
    def view(request):
        calls.append(request.method)
        return "shown"

    assert view(request_from("203.0.113.9")) == "shown"
    assert view(request_from("203.0.113.9")) == "shown"
    flooded = view(request_from("203.0.113.9"))
    assert flooded.status_code == 429 and int(flooded["Retry-After"]) > 0
    assert "Too many pages sent" in flooded.content.decode()
    large = factory.post("/", {"description": "x" * 5000}, REMOTE_ADDR="203.0.113.10")
    large.user = AnonymousUser()
    assert view(large).status_code == 413
    get = factory.get("/")
    get.user = AnonymousUser()
    assert view(get) == "shown" and calls == ["POST", "POST", "GET"]


class Question(public_forms.HoneypotMixin, forms.Form):
    answer = forms.CharField(max_length=10)


def test_the_honeypot_filled_in_refuses_the_form_with_words_a_person_can_act_on():
    assert Question({"answer": "yes"}).is_valid()
    trapped = Question({"answer": "yes", public_forms.HONEYPOT: "http://spam.example"})
    assert not trapped.is_valid()
    assert "“Leave this empty”" in trapped.non_field_errors()[0]
    # It is drawn in a group the style sheet hides, out of the tab order and never autofilled.
    html = str(trapped[public_forms.HONEYPOT].css_classes())
    assert "eunomia-honeypot" in html
    widget = trapped.fields[public_forms.HONEYPOT].widget.attrs
    assert widget == {"autocomplete": "off", "tabindex": "-1", "maxlength": "200"}
