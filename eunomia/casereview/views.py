"""Case review pages. Applications are found only through the reader's scoped query (another
organisation's application is a 404); every page showing one is audited, as is every change."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.casereview import actions, deadlines, queries, threshold
from eunomia.casereview.forms import (ApplicationForm, CloseForm, DecisionForm, MatchForm, MeetingForm, ProcedureForm,
                                      ReportSearchForm, SettingsForm)
from eunomia.casework import queries as casework_queries
from eunomia.core.dates import add_months
from eunomia.core.paging import page_of
from eunomia.core.rendering import form_page, posted
from eunomia.partners.access import partnership_view
from eunomia.partners.queries import acting_organisation, organisations_in

PAGE_SIZE = 100

# The newest reports offered to link: enough for any application, and a page that stays short.
REPORT_CHOICES = 200


def _application(request, partnership, pk):
    return get_object_or_404(queries.applications_visible_to(request.user, partnership), pk=pk)


def _linked_reports(request, partnership, application):
    visible = casework_queries.reports_visible_to(request.user, partnership)
    return queries.with_complainants(application.reports.filter(pk__in=visible.values("id"))
                                     .order_by("reported_at", "id"))


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def application_list(request, partnership):
    visible = queries.applications_visible_to(request.user, partnership)
    procedure, today = queries.procedure_settings(partnership), timezone.localdate()
    only_overdue = request.GET.get("overdue") == "1"
    if only_overdue:
        visible = visible.filter(pk__in=queries.overdue_ids(visible, procedure, today=today))
    page = page_of(visible.select_related("applicant", "public"), request.GET.get("page"), per_page=PAGE_SIZE)
    applications = list(page.object_list)
    for application in applications:
        application.next_deadline = deadlines.next_deadline(application, procedure, today=today)
    audit.record(by=request.user, action="casereview.applications_listed", partnership=partnership,
                 data={"page": page.number, "ids": [a.pk for a in applications], "overdue": only_overdue})
    return render(request, "casereview/list.html", {"applications": applications, "page": page,
                                                    "only_overdue": only_overdue})


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def application_new(request, partnership):
    people = casework_queries.people_visible_to(request.user, partnership)
    reports = casework_queries.reports_visible_to(request.user, partnership)
    offered = reports.filter(pk__in=list(reports.order_by("-reported_at", "-id")
                                         .values_list("id", flat=True)[:REPORT_CHOICES])).order_by("-reported_at")
    form = ApplicationForm(posted(request), people=people, reports=offered)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = acting_organisation(request.user, partnership)
        with form.showing_refusal():
            application = actions.receive_application(
                by=request.user, partnership=partnership, organisation=organisation,
                received_on=data["received_on"], description=data["description"], applicant=data["applicant"],
                applicant_name=data["applicant_name"], reports=list(data["reports"]))
            messages.success(request, "Application recorded")
            return redirect("casereview:detail", partnership.slug, application.pk)
    # The form lists people and reports: a read of personal data like any other.
    audit.record(by=request.user, action="casereview.choices_shown", partnership=partnership,
                 data={"reports": [r.pk for r in offered]})
    return form_page(request, form, page_title="Record a case review application", caption="ASB case review",
                     back_url=reverse("casereview:list", args=[partnership.slug]),
                     intro="An application for an ASB case review (the community trigger). Link the reports of "
                           "anti-social behaviour it rests on: the threshold is checked against them.")


def _provisional(application, settings):
    """The threshold applied to the incidents an applicant listed online: (met, reasons), or None for an
    application recorded by staff."""
    public = getattr(application, "public", None)
    if public is None:
        return None
    complaints, not_complaints = queries.listed_complaints(public)
    met, reasons = threshold.assess(complaints, received_on=application.received_on, settings=settings)
    return met, reasons + not_complaints


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def application_detail(request, partnership, pk):
    application = _application(request, partnership, pk)
    reports = _linked_reports(request, partnership, application)
    settings = queries.threshold_settings(partnership)
    met, reasons = threshold.assess(reports, received_on=application.received_on, settings=settings)
    today = timezone.localdate()
    audit.record(by=request.user, action="casereview.application_viewed", obj=application, partnership=partnership,
                 data={"reports": [r.pk for r in reports],
                       "applicant": application.applicant_id, "public": hasattr(application, "public")})
    return render(request, "casereview/detail.html", {
        "application": application, "reports": reports, "met": met, "reasons": reasons, "settings": settings,
        "Status": application.Status, "public": getattr(application, "public", None),
        "provisional": _provisional(application, settings),
        "deadlines": deadlines.deadlines(application, queries.procedure_settings(partnership), today=today)})


# How many reports the matching page offers from one search: enough to find the complaints, few enough
# to read down.
MATCH_CHOICES = 50


def _match_candidates(application, visible, text):
    """Reports to offer for matching: those found by `text`, or with no search those at the applicant's
    postcode in the threshold's window."""
    if text:
        found, _capped = casework_queries.search_reports(visible, text)
        return list(found[:MATCH_CHOICES])
    public = getattr(application, "public", None)
    if public is None or not public.postcode:
        return []
    start = add_months(application.received_on, -queries.threshold_settings(application.partnership).window_months)
    return list(visible.filter(postcode__iexact=public.postcode, reported_at__date__gte=start,
                               reported_at__date__lte=application.received_on)
                .order_by("-reported_at", "-id")[:MATCH_CHOICES])


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def match(request, partnership, pk):
    """Match an application to the casework reports that are its complaints: search the reports the
    reader may see (a GET), tick the ones that are complaints (a POST to the same address)."""
    application = _application(request, partnership, pk)
    visible = casework_queries.reports_visible_to(request.user, partnership)
    search = ReportSearchForm(request.GET)
    text = search.cleaned_data["q"].strip() if search.is_valid() else ""
    linked = list(application.reports.filter(pk__in=visible.values("id")))
    candidates = _match_candidates(application, visible, text)
    # The form posts back to this address with its search, so a POST is offered what the page showed.
    offered_ids = {r.pk for r in linked} | {r.pk for r in candidates}
    offered = visible.filter(pk__in=offered_ids).order_by("-reported_at", "-id")
    form = MatchForm(posted(request), offered=offered, initial={"reports": [r.pk for r in linked]})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.match_reports(by=request.user, application=application, reports=list(form.cleaned_data["reports"]),
                                  offered=list(offered))
            messages.success(request, _("Matching reports saved"))
            return redirect("casereview:detail", partnership.slug, application.pk)
    shown = list(offered)
    audit.record(by=request.user, action="casereview.reports_searched", obj=application, partnership=partnership,
                 data={"search": text, "ids": [r.pk for r in shown]})
    return render(request, "casereview/match.html", {
        "application": application, "form": form, "search": search, "text": text, "offered": shown,
        "public": getattr(application, "public", None),
        "page_title": _("Match the application to casework reports")},
        status=400 if form.is_bound and form.errors else 200)


def _change(request, partnership, pk, form_class, change, *, page_title, done, initial=None):
    application = _application(request, partnership, pk)
    form = form_class(posted(request), initial=initial(application) if initial else None)
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            change(application, form.cleaned_data)
            messages.success(request, done)
            return redirect("casereview:detail", partnership.slug, application.pk)
    audit.record(by=request.user, action="casereview.application_viewed", obj=application, partnership=partnership,
                 data={"form": form_class.__name__})
    return form_page(request, form, page_title=page_title, caption=f"Case review application {application.pk}",
                     back_url=reverse("casereview:detail", args=[partnership.slug, application.pk]))


def _assessed(partnership, request):
    def initial(application):
        reports = _linked_reports(request, partnership, application)
        met, _ = threshold.assess(reports, received_on=application.received_on,
                                  settings=queries.threshold_settings(partnership))
        return {"threshold_met": "yes" if met else "no"}
    return initial


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def decision(request, partnership, pk):
    return _change(request, partnership, pk, DecisionForm,
                   lambda a, d: actions.record_decision(by=request.user, application=a,
                                                        threshold_met=d["threshold_met"], decided_on=d["decided_on"]),
                   page_title="Record the decision on the threshold", done="Decision recorded",
                   initial=_assessed(partnership, request))


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def meeting(request, partnership, pk):
    return _change(request, partnership, pk, MeetingForm,
                   lambda a, d: actions.record_meeting(by=request.user, application=a, meeting_on=d["meeting_on"],
                                                       recommendations=d["recommendations"],
                                                       outcome_sent_on=d["outcome_sent_on"]),
                   page_title="Record the review meeting and its recommendations", done="Meeting recorded",
                   initial=lambda a: {"meeting_on": a.meeting_on, "recommendations": a.recommendations,
                                      "outcome_sent_on": a.outcome_sent_on})


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def close(request, partnership, pk):
    return _change(request, partnership, pk, CloseForm,
                   lambda a, d: actions.close_application(by=request.user, application=a),
                   page_title="Close the application", done="Application closed")


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def statistics(request, partnership):
    return render(request, "casereview/statistics.html", {"years": queries.yearly_statistics(partnership)})


# The threshold is the partnership's rule for every organisation's applications: it is set by
# whoever runs the partnership's year (the CSP manager), as the priority matrix settings are;
# caseworkers read it. The same refusal as there: 403.
CHANGE_THRESHOLD = Permission.PLAN_EDIT


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def threshold_edit(request, partnership):
    current = queries.threshold_settings(partnership)
    if not has_permission(request.user, CHANGE_THRESHOLD, partnership=partnership):
        if request.method != "GET":
            raise PermissionDenied
        return render(request, "casereview/threshold.html", {"threshold": current})
    form = SettingsForm(posted(request), initial={
        name: getattr(current, name)
        for name in ("complaints", "window_months", "complaint_within_days", "individuals", "hate_incident")})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.save_settings(by=request.user, partnership=partnership, **form.cleaned_data)
            messages.success(request, "Threshold saved")
            return redirect("casereview:list", partnership.slug)
    return form_page(request, form, page_title="Case review threshold", caption=partnership.name,
                     back_url=reverse("casereview:list", args=[partnership.slug]),
                     intro="When an application for an ASB case review meets the threshold. The local thresholds "
                           "are in addition: meeting any one of them is enough.")


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def procedure_edit(request, partnership):
    """Who receives applications made online and the deadlines: set by the CSP manager with the
    threshold (ADR 63), read by caseworkers."""
    current = queries.procedure_settings(partnership)
    receiving = queries.receiving_organisation(partnership)
    if not has_permission(request.user, CHANGE_THRESHOLD, partnership=partnership):
        if request.method != "GET":
            raise PermissionDenied
        return render(request, "casereview/procedure.html", {"procedure": current, "receiving": receiving})
    form = ProcedureForm(posted(request), organisations=organisations_in(partnership), initial={
        "organisation": current.organisation_id, "decision_days": current.decision_days,
        "review_days": current.review_days, "outcome_days": current.outcome_days})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.save_procedure(by=request.user, partnership=partnership, **form.cleaned_data)
            messages.success(request, _("Procedure saved"))
            return redirect("casereview:list", partnership.slug)
    return form_page(request, form, page_title=_("Case review procedure"), caption=partnership.name,
                     back_url=reverse("casereview:list", args=[partnership.slug]),
                     intro=_("Who receives the applications made online, and the deadlines, in working days: "
                             "weekends and bank holidays do not count."))
