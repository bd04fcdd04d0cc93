"""A public form asked one thing per page (ADR 67): answers are kept as typed, steps that do not apply
are skipped, and sending validates every step again from what was kept."""

import datetime

import pytest
from django import forms
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from eunomia.core.journeys import Incomplete, Journey, Step
from eunomia.core.public_forms import HONEYPOT, HoneypotMixin


class Who(HoneypotMixin, forms.Form):
    who = forms.ChoiceField(label="Who is reporting", choices=[("victim", "The victim"), ("witness", "A witness")])


class Name(HoneypotMixin, forms.Form):
    name = forms.CharField(label="Your name", max_length=20, required=False)


class When(HoneypotMixin, forms.Form):
    day = forms.DateField(label="When it happened")
    kinds = forms.MultipleChoiceField(label="What kind", choices=[("race", "Race"), ("religion", "Religion")])


journey = Journey("test", [Step("who", "Who", Who),
                           Step("name", "Name", Name, when=lambda answers: answers["who"]["who"] == "victim"),
                           Step("when", "When", When)])


@pytest.fixture
def request_with_session(db):
    request = RequestFactory().get("/")
    request.session = SessionStore()
    return request


def answer(request, slug, data):
    step = journey.step(slug)
    form = journey.form(request, step, data)
    assert form.is_valid(), form.errors
    journey.keep(request, step, form)
    return step


def test_each_step_is_kept_as_typed_and_the_next_step_skips_what_does_not_apply(request_with_session):
    request = request_with_session
    who = answer(request, "who", {"who": "witness", HONEYPOT: ""})
    assert journey.next_step(request, who).slug == "when"
    when = answer(request, "when", {"day": "2026-11-30", "kinds": ["race", "religion"]})
    assert journey.next_step(request, when) is None
    assert journey.cleaned(request) == {"who": {"who": "witness", HONEYPOT: ""},
                                        "when": {"day": datetime.date(2026, 11, 30), "kinds": ["race", "religion"],
                                                 HONEYPOT: ""}}
    # Asked again, a page shows exactly what was typed; the honeypot is never kept.
    again = journey.form(request, when)
    assert again.data.getlist("kinds") == ["race", "religion"] and again.data.get("day") == "2026-11-30"
    assert HONEYPOT not in request.session["journey:test"]["who"]
    assert journey.summary(request) == [
        (journey.step("who"), [("Who is reporting", "A witness")]),
        (journey.step("when"), [("When it happened", "30 November 2026"), ("What kind", "Race, Religion")])]


def test_changing_an_answer_brings_in_a_step_that_now_applies_and_sending_asks_it(request_with_session):
    request = request_with_session
    answer(request, "who", {"who": "witness"})
    answer(request, "when", {"day": "2026-11-30", "kinds": ["race"]})
    who = answer(request, "who", {"who": "victim"})
    assert journey.next_step(request, who).slug == "name"
    with pytest.raises(Incomplete) as incomplete:
        journey.cleaned(request)
    assert incomplete.value.step.slug == "name"
    answer(request, "name", {"name": ""})
    assert journey.cleaned(request)["name"] == {"name": "", HONEYPOT: ""}
    assert (journey.step("name"), [("Your name", "Not given")]) in journey.summary(request)


def test_what_was_kept_is_validated_again_at_sending(request_with_session):
    request = request_with_session
    answer(request, "who", {"who": "witness"})
    # A session holding a value the form no longer accepts (a choice withdrawn, a value edited) asks again.
    request.session["journey:test"] = {**request.session["journey:test"],
                                       "when": {"day": ["2026-02-30"], "kinds": ["race"]}}
    with pytest.raises(Incomplete) as incomplete:
        journey.cleaned(request)
    assert incomplete.value.step.slug == "when"
    assert journey.next_step(request, journey.step("who")).slug == "when"
    journey.clear(request)
    assert not journey.has_answers(request)
    with pytest.raises(Incomplete):
        journey.cleaned(request)
