"""Reporting a hate incident: open to everyone, no sign-in, no JavaScript needed (ADR 62). A start page,
one thing a page, "check your answers", then a confirmation with the reference. Nothing is written
until the report is sent; what someone typed is shown back only to them, on the check page, escaped.
A reporting centre's staff, signed in, may also report as their centre on someone's behalf."""

from functools import wraps

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from eunomia.accounts import second_factor
from eunomia.core.journeys import Incomplete
from eunomia.core.public_forms import Refused, count_sending, public_form, refusal
from eunomia.core.rendering import posted
from eunomia.hatereports import actions, queries
from eunomia.hatereports.forms import SendForm
from eunomia.hatereports.journey import journey_for, report_fields
from eunomia.partners.models import Partnership

FORM = "hate-report"


def _sent_key(partnership):
    return f"hate-report-sent:{partnership.slug}"


class Unavailable(Exception):
    pass


def _partnership(slug):
    """The partnership, if it takes reports online (it has a triage organisation)."""
    partnership = get_object_or_404(Partnership, slug=slug)
    if queries.triage_organisation(partnership) is None:
        raise Unavailable(partnership)
    return partnership


def _unavailable(request, partnership):
    return render(request, "hatereports/public/unavailable.html", {"public_partnership": partnership}, status=404)


def centre_of(request, partnership):
    """The reporting centre a signed-in member reports for, once fully signed in (a session still owing
    its second factor reports as a member of the public)."""
    user = request.user
    if not user.is_authenticated or (second_factor.must_give(user) and not second_factor.is_satisfied(request)):
        return None
    return queries.sending_centre(user, partnership)


def step_url(partnership, step, *, change=False):
    url = reverse("report_hate:step", args=[partnership.slug, step.slug])
    return f"{url}?change=1" if change else url


def _open(view):
    """Look the partnership up first; one that takes no reports online says so on every page."""
    @wraps(view)
    def opened(request, slug, *args, **kwargs):
        try:
            partnership = _partnership(slug)
        except Unavailable as unavailable:
            return _unavailable(request, unavailable.args[0])
        return view(request, partnership, *args, **kwargs)
    return opened


@require_GET
@_open
def start(request, partnership):
    centre = centre_of(request, partnership)
    journey = journey_for(partnership)
    return render(request, "hatereports/public/start.html", {
        "public_partnership": partnership, "centre": centre, "centres": queries.active_centres(partnership),
        "first_step": step_url(partnership, journey.steps[0]), "started": journey.has_answers(request)})


@require_http_methods(["GET", "POST"])
@public_form(FORM)
@_open
def step(request, partnership, step):
    journey = journey_for(partnership)
    current = journey.step(step)
    if current is None:
        raise Http404
    kwargs = {"centre": centre_of(request, partnership)}
    answered = [answered_step for answered_step, _ in journey.summary(request, **kwargs)]
    first_open = journey.next_step(request, None, **kwargs)
    changing = request.GET.get("change") == "1"
    if current not in answered and current is not first_open:
        # Not asked yet (or no longer asked, given the answers): go to the first page still to answer.
        return redirect(step_url(partnership, first_open) if first_open else _check_url(partnership))
    form = journey.form(request, current, posted(request), **kwargs)
    if request.method == "POST" and form.is_valid():
        journey.keep(request, current, form)
        if changing:
            # Back to check the answers, unless the change brought in a page still to answer.
            target = journey.next_step(request, None, **kwargs)
            return redirect(step_url(partnership, target, change=True) if target else _check_url(partnership))
        target = journey.next_step(request, current, **kwargs)
        return redirect(step_url(partnership, target) if target else _check_url(partnership))
    before = answered[:answered.index(current)] if current in answered else answered
    if changing:
        back = _check_url(partnership)
    elif before:
        back = step_url(partnership, before[-1])
    else:
        back = reverse("report_hate:start", args=[partnership.slug])
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "hatereports/public/step.html", {
        "public_partnership": partnership, "form": form, "step": current, "back_url": back,
        "heading": form.page_heading or current.title}, status=status)


def _check_url(partnership):
    return reverse("report_hate:check", args=[partnership.slug])


@require_http_methods(["GET", "POST"])
@public_form(FORM)
@_open
def check(request, partnership):
    journey = journey_for(partnership)
    centre = centre_of(request, partnership)
    kwargs = {"centre": centre}
    try:
        answers = journey.cleaned(request, **kwargs)
    except Incomplete as missing:
        return redirect(step_url(partnership, missing.step))
    form = SendForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            count_sending(request, FORM)
        except Refused as refused:
            return refusal(request, refused)
        with form.showing_refusal():
            report = actions.receive(partnership=partnership, centre=centre, by=request.user if centre else None,
                                     **report_fields(answers))
            journey.clear(request)
            request.session[_sent_key(partnership)] = report.reference
            return redirect("report_hate:sent", partnership.slug)
    rows = [(step, step_url(partnership, step, change=True), answers_shown)
            for step, answers_shown in journey.summary(request, **kwargs)]
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "hatereports/public/check.html", {
        "public_partnership": partnership, "form": form, "rows": rows, "centre": centre,
        "back_url": step_url(partnership, rows[-1][0])}, status=status)


@require_GET
@_open
def sent(request, partnership):
    reference = request.session.get(_sent_key(partnership))
    if not reference:
        return redirect("report_hate:start", partnership.slug)
    return render(request, "hatereports/public/sent.html", {
        "public_partnership": partnership, "reference": reference, "centre": centre_of(request, partnership)})
