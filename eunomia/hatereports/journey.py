"""The public form's pages in order, and what they add up to when sent. One journey per partnership,
so answers begun for one partnership never reach another's."""

from django.utils.translation import gettext_lazy as _

from eunomia.core import equality
from eunomia.core.journeys import Journey, Step
from eunomia.hatereports import forms
from eunomia.hatereports.models import HateReport

EQUALITY_STEP = "about-you"


def equality_slug(question):
    return f"{EQUALITY_STEP}-{question.name.replace('_', '-')}"


def _gives_name(answers):
    return answers["anonymous"]["give_name"] == forms.YES


def _asks_about_the_reporter(answers):
    """Equality questions are about the person answering: a reporting centre's staff are not asked."""
    return answers["who"]["reporter"] != HateReport.Reporter.CENTRE


def _answers_equality(answers):
    return answers.get(EQUALITY_STEP, {}).get("answer") == forms.YES


STEPS = [
    Step("who", _("Who is reporting"), forms.ReporterForm),
    Step("what", _("What happened"), forms.WhatForm),
    Step("when", _("When it happened"), forms.WhenForm),
    Step("where", _("Where it happened"), forms.WhereForm),
    Step("why", _("Why you think it happened"), forms.MotivationForm),
    Step("anonymous", _("Giving a name"), forms.AnonymousForm),
    Step("name", _("Name"), forms.NameForm, when=_gives_name),
    Step("contact", _("Contact"), forms.ContactForm, when=_gives_name),
    Step(EQUALITY_STEP, _("Questions about you"), forms.EqualityStartForm, when=_asks_about_the_reporter),
    *[Step(equality_slug(question), title, forms.EQUALITY_FORMS[question.name], when=_answers_equality)
      for question, title in zip(equality.QUESTIONS, (
          _("About you: ethnic group"), _("About you: sex"), _("About you: gender identity"),
          _("About you: sexual orientation"), _("About you: religion"), _("About you: health conditions"),
          _("About you: day-to-day activities"), _("About you: age")), strict=True)],
]


def journey_for(partnership):
    return Journey(f"hate-report:{partnership.slug}", STEPS)


def report_fields(answers):
    """The keyword arguments of eunomia.hatereports.actions.receive from the journey's cleaned answers."""
    gives_name = _gives_name(answers)
    name, contact = answers.get("name", {}), answers.get("contact", {})
    equality_answers = {}
    for question in equality.QUESTIONS:
        step = answers.get(equality_slug(question))
        if step is not None:
            equality_answers[question.name] = step.get(question.name) or ""
    return {
        "reporter": answers["who"]["reporter"],
        "description": answers["what"]["description"],
        "occurred_on": answers["when"]["occurred_on"],
        "occurred_time": answers["when"]["occurred_time"],
        "address": answers["where"]["address"],
        "postcode": answers["where"]["postcode"],
        "motivations": answers["why"]["motivations"],
        "other_motivation": answers["why"]["other_motivation"],
        "anonymous": not gives_name,
        "first_name": name.get("first_name", "") if gives_name else "",
        "last_name": name.get("last_name", "") if gives_name else "",
        "contact_by": contact.get("contact_by", "") if gives_name else "",
        "email": contact.get("email", "") if gives_name else "",
        "phone": contact.get("phone", "") if gives_name else "",
        "equality_answers": equality_answers,
    }
