"""A public form asked one thing per page, with a "check your answers" page before it is sent: the GOV.UK
pattern, without JavaScript (ADR 67).

A Journey is its steps in order. Each step's answers are kept in the session as the values the person
typed, not as cleaned Python values, so a page asked again shows exactly what they wrote, and sending
validates every step again from those values: nothing reaches an action that its form did not accept
at the moment of sending. A step may apply only given earlier answers (`when`).

    journey = Journey("hate-report", [Step("what", _("What happened"), WhatForm), ...])
    form = journey.form(request, step, request.POST)   # bound to the POST, or to what was kept
    if form.is_valid(): journey.keep(request, step, form); return redirect(next page)
    answers = journey.cleaned(request)                  # {slug: cleaned_data}, or raises Incomplete
"""

import datetime

from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from eunomia.core.public_forms import HONEYPOT


class Incomplete(Exception):
    """A step has no answer kept, or what was kept is no longer accepted: ask it again."""

    def __init__(self, step):
        super().__init__(step.slug)
        self.step = step


class Step:
    def __init__(self, slug, title, form_class, *, when=None):
        self.slug, self.title, self.form_class, self.when = slug, title, form_class, when


class Journey:
    def __init__(self, key, steps):
        self.key, self.steps = key, list(steps)
        self._by_slug = {step.slug: step for step in self.steps}

    def step(self, slug):
        return self._by_slug.get(slug)

    def _kept(self, request):
        return request.session.get(f"journey:{self.key}", {})

    def form(self, request, step, post=None, **kwargs):
        """The step's form bound to `post`, or to what was kept for it, or unbound when nothing was."""
        if post is not None:
            return step.form_class(post, **kwargs)
        kept = self._kept(request).get(step.slug)
        if kept is None:
            return step.form_class(**kwargs)
        return step.form_class(MultiValueDict(kept), **kwargs)

    def keep(self, request, step, form):
        """Keep the values a valid form was sent with (never the honeypot)."""
        kept = dict(self._kept(request))
        values = {key: _values(form.data, form.add_prefix(key)) for name, field in form.fields.items()
                  if name != HONEYPOT for key in _posted_names(name, field)}
        kept[step.slug] = {name: typed for name, typed in values.items() if typed}
        request.session[f"journey:{self.key}"] = kept

    def has_answers(self, request):
        return bool(self._kept(request))

    def clear(self, request):
        request.session.pop(f"journey:{self.key}", None)

    def _walk(self, request, **kwargs):
        """(step, its cleaned answers or None) for each step that applies, in order, ending at the first
        step with no answer kept or one that is no longer accepted."""
        cleaned = {}
        kept = self._kept(request)
        for step in self.steps:
            if step.when is not None and not step.when(cleaned):
                continue
            form = step.form_class(MultiValueDict(kept[step.slug]), **kwargs) if step.slug in kept else None
            if form is None or not form.is_valid():
                yield step, None
                return
            cleaned[step.slug] = form.cleaned_data
            yield step, form.cleaned_data

    def cleaned(self, request, **kwargs):
        """{slug: cleaned_data} of every step that applies, validated again now; Incomplete names the
        first step to ask again."""
        everything = {}
        for step, answers in self._walk(request, **kwargs):
            if answers is None:
                raise Incomplete(step)
            everything[step.slug] = answers
        return everything

    def next_step(self, request, after, **kwargs):
        """The step to ask after `after`: the next one that applies, or an earlier one still unanswered;
        None when every step is answered (check your answers next)."""
        passed = False
        for step, answers in self._walk(request, **kwargs):
            if answers is None or passed:
                return step
            passed = step is after
        return None

    def summary(self, request, **kwargs):
        """[(step, [(label, answer)])] for the check-your-answers page, of the steps answered."""
        rows = []
        for step, answers in self._walk(request, **kwargs):
            if answers is None:
                break
            fields = step.form_class(**kwargs).fields
            rows.append((step, [(fields[name].label, display(fields[name], value))
                                for name, value in answers.items() if name != HONEYPOT]))
        return rows


def _posted_names(name, field):
    """The names a field's values are posted under: its own, or for a widget of several inputs (the
    GOV.UK date input's day, month and year) one per input."""
    if isinstance(field.widget, forms.MultiWidget):
        return [name + suffix for suffix in field.widget.widgets_names]
    return [name]


def _values(data, key):
    """What was typed for `key`, as a list of strings, from a QueryDict or a plain dict."""
    if hasattr(data, "getlist"):
        return data.getlist(key)
    value = data.get(key)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


def display(field, value):
    """An answer as the person would say it back: a choice's label, a date in words, "Not given"."""
    if value in (None, "", [], ()):
        return _("Not given")
    if isinstance(field, forms.MultipleChoiceField):
        labels = dict(field.choices)
        return ", ".join(str(labels.get(v, v)) for v in value)
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    if isinstance(field, forms.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return value.strftime("%-d %B %Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%-d %B %Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return str(value)
