"""The public side of the ASB case review (ADR 63): open to everyone, no sign-in, no JavaScript.

- The partnership's page: the procedure in plain words, the thresholds and deadlines in force, how to
  contact it, and the yearly figures, counted from the records.
- Applying: a start page, one thing a page (eunomia.core.journeys), the incidents as a list of pages
  the applicant adds to and removes from, check your answers, and a confirmation with a reference.
  Nothing is written until the application is sent; then it is one transaction.
- The status: the reference and the email it was sent with, together, show where it has got to; a
  wrong pair is "not found", whether or not the reference exists.

Every POST is size-checked and counted against the sender (eunomia.core.public_forms); sending, and a
status look-up that finds nothing, count against the sending limits too. Every form has the honeypot.
What the applicant typed is shown back to them only on the pages of their own session, escaped."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from eunomia.audit import actions as audit
from eunomia.casereview import actions, deadlines, queries
from eunomia.casereview.forms import (AddressForm, AnotherIncidentForm, ContactForm, DescriptionForm,
                                      EqualityStepForm, IncidentForm, NameForm, RemoveIncidentForm, SendForm,
                                      StatusForm, VictimForm, WhoForm)
from eunomia.casereview.models import ListedIncident, PublicApplication
from eunomia.core import public_forms
from eunomia.core.journeys import Incomplete, Journey, Step
from eunomia.core.public_forms import HONEYPOT, public_form
from eunomia.core.rendering import form_page, posted
from eunomia.core.working_days import holidays_between
from eunomia.partners.models import Partnership

FORM = "case-review"
STATUS_FORM = "case-review-status"
INCIDENTS = "incidents"


def _for_someone_else(answers):
    return answers["who"]["applying_for"] == PublicApplication.ApplyingFor.SOMEONE_ELSE


STEPS = [
    Step("who", gettext_lazy("Who is applying"), WhoForm),
    Step("victim", gettext_lazy("The person you are applying for"), VictimForm, when=_for_someone_else),
    Step("name", gettext_lazy("Your name"), NameForm),
    Step("contact", gettext_lazy("How we contact you"), ContactForm),
    Step("address", gettext_lazy("Where it happens"), AddressForm),
    Step("description", gettext_lazy("What you want the review to look at"), DescriptionForm),
    Step("equality", gettext_lazy("Equality monitoring (optional)"), EqualityStepForm),
]
# The pages in the order they are asked: the incidents come after the place, before the description.
ORDER = ["who", "victim", "name", "contact", "address", INCIDENTS, "description", "equality"]
CAPTION = gettext_lazy("Apply for an ASB case review")


def _partnership(slug):
    return get_object_or_404(Partnership, slug=slug)


def _journey(partnership):
    # One journey per partnership, so starting another partnership's form in the same browser keeps both.
    return Journey(f"{FORM}:{partnership.slug}", STEPS)


def _incidents_key(partnership):
    return f"{FORM}-incidents:{partnership.slug}"


def _sent_key(partnership):
    return f"{FORM}-sent:{partnership.slug}"


def _kept_incidents(request, partnership):
    return list(request.session.get(_incidents_key(partnership), []))


def _keep_incidents(request, partnership, incidents):
    request.session[_incidents_key(partnership)] = incidents


def _typed(form):
    """What a valid form was sent with, as lists of strings by posted name (a date input's day, month and
    year each under its own name), never the honeypot: kept so the page can be shown again as typed."""
    typed = {}
    for name, field in form.fields.items():
        if name == HONEYPOT:
            continue
        suffixes = getattr(field.widget, "widgets_names", None) or [""]
        for suffix in suffixes:
            typed[name + suffix] = form.data.getlist(name + suffix)
    return typed


def _incident_form(data=None):
    return IncidentForm(MultiValueDict(data) if data is not None else None)


def _applies(request, journey, slug):
    if slug != "victim":
        return True
    who = journey.form(request, journey.step("who"))
    return who.is_bound and who.is_valid() and _for_someone_else({"who": who.cleaned_data})


def _url(partnership, slug, *, change=False):
    if slug == INCIDENTS:
        url = reverse("casereview_public:incidents", args=[partnership.slug])
    elif slug == "check":
        return reverse("casereview_public:check", args=[partnership.slug])
    else:
        url = reverse("casereview_public:step", args=[partnership.slug, slug])
    return url + ("?change=1" if change else "")


def _after(request, partnership, journey, slug):
    """Where to go once `slug` is answered: back to check your answers when changing an answer, else the
    next page that applies (the first incident when none is listed yet), else check your answers."""
    if request.GET.get("change") == "1":
        return _url(partnership, "check")
    for following in ORDER[ORDER.index(slug) + 1:]:
        if not _applies(request, journey, following):
            continue
        if following == INCIDENTS and not _kept_incidents(request, partnership):
            return reverse("casereview_public:incident", args=[partnership.slug, 1])
        return _url(partnership, following)
    return _url(partnership, "check")


def _back(request, partnership, journey, slug):
    if request.GET.get("change") == "1":
        return _url(partnership, "check")
    for earlier in reversed(ORDER[:ORDER.index(slug)]):
        if _applies(request, journey, earlier):
            return _url(partnership, earlier)
    return reverse("casereview_public:start", args=[partnership.slug])


def _closed(request, partnership):
    """A partnership with no organisation to receive applications takes none online (ADR 63)."""
    return render(request, "casereview/public/closed.html", {"public_partnership": partnership}, status=404)


# The partnership's page ---------------------------------------------------------------------------------

@require_GET
def page(request, slug):
    partnership = _partnership(slug)
    procedure = queries.procedure_settings(partnership)
    return render(request, "casereview/public/page.html", {
        "public_partnership": partnership, "threshold": queries.threshold_settings(partnership),
        "procedure": procedure, "years": queries.plan_year_figures(partnership, today=timezone.localdate()),
        "takes_applications": queries.receiving_organisation(partnership) is not None, "nav_section": "published"})


@require_GET
def start(request, slug):
    partnership = _partnership(slug)
    if queries.receiving_organisation(partnership) is None:
        return _closed(request, partnership)
    return render(request, "casereview/public/start.html", {
        "public_partnership": partnership, "procedure": queries.procedure_settings(partnership),
        "threshold": queries.threshold_settings(partnership), "started": _journey(partnership).has_answers(request),
        "max_incidents": actions.MAX_INCIDENTS, "session_hours": settings.SESSION_COOKIE_AGE // 3600,
        "nav_section": "published"})


# The questions ------------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@public_form(FORM)
def step(request, slug, step_slug):
    partnership = _partnership(slug)
    if queries.receiving_organisation(partnership) is None:
        return _closed(request, partnership)
    journey = _journey(partnership)
    found = journey.step(step_slug)
    if found is None:
        raise Http404
    if not _applies(request, journey, step_slug):
        return redirect(_url(partnership, "who"))
    form = journey.form(request, found, posted(request))
    if request.method == "POST" and form.is_valid():
        journey.keep(request, found, form)
        return redirect(_after(request, partnership, journey, step_slug))
    intro = _("None of these questions needs an answer: choose “Prefer not to say”, or leave a question, as you "
              "wish. The answers help the partnership check that it treats everyone fairly; they are not used to "
              "decide on your application.") if step_slug == "equality" else None
    return form_page(request, form, page_title=found.title, caption=CAPTION, intro=intro,
                     back_url=_back(request, partnership, journey, step_slug), nav_section="published")


@require_http_methods(["GET", "POST"])
@public_form(FORM)
def incidents(request, slug):
    """The incidents listed so far, each with links to change or remove it, and whether to add another."""
    partnership = _partnership(slug)
    if queries.receiving_organisation(partnership) is None:
        return _closed(request, partnership)
    journey = _journey(partnership)
    listed = _kept_incidents(request, partnership)
    if not listed:
        return redirect("casereview_public:incident", partnership.slug, 1)
    form = AnotherIncidentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["another"] == "yes":
            if len(listed) >= actions.MAX_INCIDENTS:
                form.add_error("another", _("You can list up to %(most)s incidents. Choose the ones that show the "
                                            "problem best, or tell us about the others in what you want the review "
                                            "to look at.") % {"most": actions.MAX_INCIDENTS})
            else:
                changing = "?change=1" if request.GET.get("change") == "1" else ""
                return redirect(reverse("casereview_public:incident", args=[partnership.slug, len(listed) + 1])
                                + changing)
        else:
            return redirect(_after(request, partnership, journey, INCIDENTS))
    shown = []
    for number, typed in enumerate(listed, 1):
        incident = _incident_form(typed)
        shown.append({"number": number, "valid": incident.is_valid(),
                      "data": incident.cleaned_data if incident.is_valid() else {}})
    return form_page(request, form, page_title=_("The incidents you have listed"), caption=CAPTION,
                     template="casereview/public/incidents.html", incidents=shown,
                     back_url=_back(request, partnership, journey, INCIDENTS), nav_section="published",
                     public_partnership=partnership, change=request.GET.get("change") == "1",
                     max_incidents=actions.MAX_INCIDENTS)


def _incident_number(request, partnership, position, *, adding):
    listed = _kept_incidents(request, partnership)
    highest = min(len(listed) + (1 if adding else 0), actions.MAX_INCIDENTS)
    if not 1 <= position <= highest:
        raise Http404
    return listed


@require_http_methods(["GET", "POST"])
@public_form(FORM)
def incident(request, slug, position):
    """One incident: a new one (the number after the last) or one listed, to change."""
    partnership = _partnership(slug)
    if queries.receiving_organisation(partnership) is None:
        return _closed(request, partnership)
    listed = _incident_number(request, partnership, position, adding=True)
    form = IncidentForm(posted(request)) if request.method == "POST" else _incident_form(
        listed[position - 1] if position <= len(listed) else None)
    if request.method == "POST" and form.is_valid():
        typed = _typed(form)
        if position <= len(listed):
            listed[position - 1] = typed
        else:
            listed.append(typed)
        _keep_incidents(request, partnership, listed)
        if request.GET.get("change") == "1":
            return redirect("casereview_public:check", partnership.slug)
        return redirect("casereview_public:incidents", partnership.slug)
    back = (_url(partnership, "check") if request.GET.get("change") == "1"
            else _url(partnership, INCIDENTS) if listed else _url(partnership, "address"))
    return form_page(request, form, page_title=_("Incident %(number)s") % {"number": position}, caption=CAPTION,
                     intro=_("Tell us about one incident of the anti-social behaviour. You can add more after this "
                             "one, up to %(most)s.") % {"most": actions.MAX_INCIDENTS},
                     back_url=back, nav_section="published")


@require_http_methods(["GET", "POST"])
@public_form(FORM)
def incident_remove(request, slug, position):
    partnership = _partnership(slug)
    if queries.receiving_organisation(partnership) is None:
        return _closed(request, partnership)
    listed = _incident_number(request, partnership, position, adding=False)
    form = RemoveIncidentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["remove"] == "yes":
            del listed[position - 1]
            _keep_incidents(request, partnership, listed)
            messages.success(request, _("Incident %(number)s removed") % {"number": position})
        if not listed:
            return redirect("casereview_public:incident", partnership.slug, 1)
        if request.GET.get("change") == "1":
            return redirect("casereview_public:check", partnership.slug)
        return redirect("casereview_public:incidents", partnership.slug)
    return form_page(request, form, page_title=_("Remove incident %(number)s") % {"number": position}, caption=CAPTION,
                     back_url=_url(partnership, "check" if request.GET.get("change") == "1" else INCIDENTS),
                     nav_section="published")


# Check your answers, sending, and the confirmation --------------------------------------------------------

class _AskAgain(Exception):
    def __init__(self, url):
        super().__init__(url)
        self.url = url


def _everything(request, partnership, journey):
    """(answers by step, incidents as actions take them), validated again now; _AskAgain names the page
    to ask again when something is missing or no longer accepted."""
    listed, found, incidents_again = _kept_incidents(request, partnership), [], None
    for number, typed in enumerate(listed, 1):
        form = _incident_form(typed)
        if not form.is_valid():
            incidents_again = reverse("casereview_public:incident", args=[partnership.slug, number]) + "?change=1"
            break
        found.append(form.incident())
    if not listed:
        incidents_again = reverse("casereview_public:incident", args=[partnership.slug, 1])
    try:
        answers = journey.cleaned(request)
    except Incomplete as incomplete:
        # Asked in the order of the pages: the incidents come before the description.
        if incidents_again and ORDER.index(INCIDENTS) < ORDER.index(incomplete.step.slug):
            raise _AskAgain(incidents_again) from None
        raise _AskAgain(_url(partnership, incomplete.step.slug)) from None
    if incidents_again:
        raise _AskAgain(incidents_again)
    return answers, found


def _shown(incident):
    """An incident as check your answers shows it, with whom it was reported to in words."""
    labels = dict(ListedIncident.ReportedTo.choices)
    named = [str(labels[key]) for key in incident["reported_to"] if key != ListedIncident.ReportedTo.OTHER]
    if ListedIncident.ReportedTo.OTHER in incident["reported_to"]:
        named.append(incident["reported_to_other"])
    return {**incident, "reported_to_text": ", ".join(named)}


def _send(partnership, answers, incidents):
    who, contact, place = answers["who"], answers["contact"], answers["address"]
    victim = answers.get("victim", {})
    return actions.receive_public_application(
        partnership=partnership, applying_for=who["applying_for"], sender_name=answers["name"]["sender_name"],
        victim_name=victim.get("victim_name", ""), relationship=victim.get("relationship", ""),
        consent_confirmed=victim.get("consent_confirmed", False), email=contact["email"], phone=contact["phone"],
        address=place["address"], postcode=place["postcode"], description=answers["description"]["description"],
        incidents=incidents, equality=answers.get("equality", {}))


@require_http_methods(["GET", "POST"])
@public_form(FORM)
def check(request, slug):
    partnership = _partnership(slug)
    if queries.receiving_organisation(partnership) is None:
        return _closed(request, partnership)
    journey = _journey(partnership)
    try:
        answers, listed = _everything(request, partnership, journey)
    except _AskAgain as again:
        if request.method == "POST":
            messages.error(request, _("Some of your answers are missing. Answer this question, then check your "
                                      "answers again."))
        return redirect(again.url)
    form = SendForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            public_forms.count_sending(request, FORM)
        except public_forms.Refused as refused:
            return public_forms.refusal(request, refused)
        with form.showing_refusal():
            application = _send(partnership, answers, listed)
            journey.clear(request)
            request.session.pop(_incidents_key(partnership), None)
            decision = deadlines.deadlines(application, queries.procedure_settings(partnership),
                                           today=application.received_on)[0]
            request.session[_sent_key(partnership)] = {"reference": application.public.reference,
                                                       "decision_due": decision.due_on.isoformat()}
            return redirect("casereview_public:sent", partnership.slug)
    return form_page(request, form, page_title=_("Check your answers before sending your application"),
                     caption=CAPTION, template="casereview/public/check.html",
                     summary=journey.summary(request), incidents=[_shown(i) for i in listed],
                     public_partnership=partnership,
                     back_url=_url(partnership, "equality"), nav_section="published")


@require_GET
def sent(request, slug):
    """The confirmation, from what the session kept at sending: it shows the reference again on a reload,
    and nothing the applicant wrote."""
    partnership = _partnership(slug)
    kept = request.session.get(_sent_key(partnership))
    if not isinstance(kept, dict):
        return redirect("casereview_public:start", partnership.slug)
    return render(request, "casereview/public/sent.html", {
        "public_partnership": partnership, "reference": kept["reference"], "nav_section": "published",
        "decision_due": datetime.date.fromisoformat(kept["decision_due"])})


# The status -----------------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@public_form(STATUS_FORM)
def status(request, slug):
    partnership = _partnership(slug)
    form = StatusForm(posted(request))
    if request.method == "POST" and form.is_valid():
        application = queries.sent_with(partnership, reference=form.cleaned_data["reference"],
                                        email=form.cleaned_data["email"])
        if application is not None:
            audit.record(by=None, action="casereview.status_looked_up", obj=application, partnership=partnership,
                         data={"via": "public form"})
            return _status_page(request, partnership, application)
        # A look-up that finds nothing counts as a sending: guessing pairs stops at the sending limit.
        try:
            public_forms.count_sending(request, STATUS_FORM)
        except public_forms.Refused as refused:
            return public_forms.refusal(request, refused)
        form.add_error(None, ValidationError(_(
            "No application was found with that reference and email address. Check both are as they are in the "
            "email we sent you, and try again.")))
    return form_page(request, form, page_title=_("Check the status of your application"),
                     caption=_("ASB case review"), template="casereview/public/status_form.html",
                     back_url=reverse("casereview_public:page", args=[partnership.slug]),
                     public_partnership=partnership, nav_section="published")


def _status_page(request, partnership, application):
    """Where the application has got to: dates and decisions only, never what was reported or anyone's
    name (whoever has the reference and the email may not be the applicant)."""
    procedure = queries.procedure_settings(partnership)
    today = timezone.localdate()
    found = {d.key: d for d in deadlines.deadlines(application, procedure, today=today)}
    decision = found[deadlines.DECISION]
    return render(request, "casereview/public/status.html", {
        "public_partnership": partnership, "application": application, "reference": application.public.reference,
        "decision": decision, "review": found.get(deadlines.REVIEW), "outcome": found.get(deadlines.OUTCOME),
        "holidays": holidays_between(application.received_on, decision.due_on), "nav_section": "published"})
