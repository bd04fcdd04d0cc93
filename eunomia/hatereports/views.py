"""Staff pages for hate reports: the triage queue of the triage organisation (list, read, turn into a
casework report with casework's duplicate offer, or close), the CSP manager's reporting centres and
triage setting, and a reporting centre's staff's view of their own reports' status (never more).
A report is fetched only through the reader's scoped query, so another's is a 404; every read is
audited."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.casework import queries as casework_queries
from eunomia.core.paging import page_of
from eunomia.core.rendering import form_page, posted, showing_refusal_message
from eunomia.hatereports import actions, queries
from eunomia.hatereports.forms import CentreForm, CloseForm, ConvertForm, ReferenceSearchForm, TriageOrganisationForm
from eunomia.hatereports.models import HateReport
from eunomia.partners.access import partnership_view
from eunomia.partners.queries import directory_of, organisations_in

PAGE_SIZE = 50


def _report(request, partnership, pk):
    return get_object_or_404(queries.with_details(queries.hate_reports_visible_to(request.user, partnership)), pk=pk)


def _detail_url(partnership, report):
    return reverse("hatereports:detail", args=[partnership.slug, report.pk])


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def queue(request, partnership):
    """The reports the reader's organisation holds: for the triage organisation's casework members, the
    triage queue; for anyone else who works casework, usually none, with who triages them."""
    form = ReferenceSearchForm(request.GET)
    status, reference = "", ""
    reports = queries.hate_reports_visible_to(request.user, partnership)
    if form.is_valid():
        status, reference = form.cleaned_data["status"], form.cleaned_data["reference"].strip()
    if reference:
        reports = reports.filter(reference=queries.normalise_reference(reference))
    elif status != "all":
        reports = reports.filter(status=status or HateReport.Status.IN_TRIAGE)
    page = page_of(queries.with_details(reports), request.GET.get("page"), per_page=PAGE_SIZE)
    shown = list(page.object_list)
    audit.record(by=request.user, action="hatereports.listed", partnership=partnership,
                 data={"status": status, "reference": reference, "page": page.number, "ids": [r.pk for r in shown]})
    return render(request, "hatereports/queue.html", {
        "form": form, "reports": shown, "page": page, "reference": reference,
        "triage": queries.triage_organisation(partnership),
        "may_triage": queries.may_triage(request.user, partnership)})


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def detail(request, partnership, pk):
    report = _report(request, partnership, pk)
    actions.record_read(by=request.user, hate_report=report)
    return render(request, "hatereports/detail.html", {
        "report": report, "Status": HateReport.Status,
        "may_triage": has_permission(request.user, Permission.CASE_EDIT, partnership=partnership)
        and report.status == HateReport.Status.IN_TRIAGE})


def _refuse_if_triaged(request, partnership, report):
    """A report triaged already goes back to its page saying so (a second triage is refused)."""
    if report.status == HateReport.Status.IN_TRIAGE:
        return None
    messages.error(request, _("%(reference)s has already been triaged: %(status)s") % {
        "reference": report.reference, "status": report.get_status_display().lower()})
    return redirect(_detail_url(partnership, report))


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def convert(request, partnership, pk):
    """Turn the report into a casework report. Before anything is saved, people already recorded who
    may be the person named, and casework reports at the same place, are offered (casework's duplicate
    offer): the triager chooses one of the people or says this is someone new."""
    report = _report(request, partnership, pk)
    refused = _refuse_if_triaged(request, partnership, report)
    if refused:
        return refused
    people = []
    if report.first_name and report.last_name:
        people = list(casework_queries.possible_duplicates(
            casework_queries.people_visible_to(request.user, partnership), first_name=report.first_name,
            last_name=report.last_name, phone=report.phone, email=report.email))
    nearby = list(casework_queries.reports_near(casework_queries.reports_visible_to(request.user, partnership),
                                                address=report.address, postcode=report.postcode,
                                                occurred_at=actions.occurred_at(report)))
    form = ConvertForm(posted(request), people_offered=people or None)
    if request.method == "POST" and form.is_valid():
        match = form.cleaned_data.get("match")
        with form.showing_refusal():
            recorded = actions.turn_into_casework(by=request.user, hate_report=report,
                                                  person=None if match in (None, form.SOMEONE_NEW) else match)
            messages.success(request, _("%(reference)s recorded in casework as report %(report)s") % {
                "reference": report.reference, "report": recorded.reference})
            return redirect("casework:report", partnership.slug, recorded.pk)
    audit.record(by=request.user, action="hatereports.possible_duplicates_offered", obj=report,
                 partnership=partnership, data={"people": [p.pk for p in people], "reports": [r.pk for r in nearby]})
    return form_page(request, form, page_title=_("Turn into a casework report"), caption=report.reference,
                     back_url=_detail_url(partnership, report), template="hatereports/convert.html",
                     report=report, people_offered=people, reports_offered=nearby)


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def close(request, partnership, pk):
    report = _report(request, partnership, pk)
    refused = _refuse_if_triaged(request, partnership, report)
    if refused:
        return refused
    form = CloseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.close(by=request.user, hate_report=report, reason=form.cleaned_data["reason"],
                          note=form.cleaned_data["note"])
            messages.success(request, _("%(reference)s closed") % {"reference": report.reference})
            return redirect(_detail_url(partnership, report))
    return form_page(request, form, page_title=_("Close the report"), caption=report.reference,
                     back_url=_detail_url(partnership, report),
                     intro=_("Close it without a casework report, saying why. This cannot be undone."))


# Reporting centres and the triage organisation (the CSP manager) -----------------------------------------

@partnership_view(Permission.DIRECTORY_EDIT, nav_section="directory")
def centres(request, partnership):
    listed = list(queries.centres_in(partnership))
    active = [c.organisation_id for c in listed if c.is_active]
    form = CentreForm(posted(request), organisations=directory_of(partnership).exclude(pk__in=active))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            centre = actions.designate_centre(by=request.user, partnership=partnership,
                                              organisation=form.cleaned_data["organisation"])
            messages.success(request, _("%(centre)s is now a reporting centre") % {"centre": centre})
            return redirect("hatereports:centres", partnership.slug)
    return form_page(request, form, page_title=_("Hate reporting centres and triage"),
                     template="hatereports/centres.html", centres=listed,
                     triage=queries.triage_organisation(partnership))


@require_POST
@partnership_view(Permission.DIRECTORY_EDIT, nav_section="directory")
def centre_withdraw(request, partnership, pk):
    centre = get_object_or_404(queries.centres_in(partnership), pk=pk)
    with showing_refusal_message(request):
        actions.withdraw_centre(by=request.user, centre=centre)
        messages.success(request, _("%(centre)s is no longer a reporting centre") % {"centre": centre})
    return redirect("hatereports:centres", partnership.slug)


@partnership_view(Permission.DIRECTORY_EDIT, nav_section="directory")
def triage_setting(request, partnership):
    current = queries.triage_organisation(partnership)
    form = TriageOrganisationForm(posted(request), organisations=organisations_in(partnership),
                                  initial={"organisation": current})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            chosen = actions.set_triage_organisation(by=request.user, partnership=partnership,
                                                     organisation=form.cleaned_data["organisation"])
            messages.success(request, _("Hate reports now go to %(organisation)s") % {"organisation": chosen})
            return redirect("hatereports:centres", partnership.slug)
    return form_page(request, form, page_title=_("Who triages hate reports"),
                     back_url=reverse("hatereports:centres", args=[partnership.slug]),
                     intro=_("Reports sent online, and those still waiting in triage, go to this organisation. Reports "
                             "already decided stay with the organisation that decided them."))


# A reporting centre's own reports ---------------------------------------------------------------------------

@partnership_view(None, nav_section="")
def centre_reports(request, partnership):
    """The reports the reader's centre sent, with their status only: never what was said, never the
    casework a report became."""
    own = list(queries.centres_of(request.user, partnership))
    if not own:
        raise PermissionDenied
    reports = queries.centre_reports_visible_to(request.user, partnership).only(
        "reference", "received_at", "status", "opened_at")
    page = page_of(reports, request.GET.get("page"), per_page=PAGE_SIZE)
    shown = list(page.object_list)
    audit.record(by=request.user, action="hatereports.centre_reports_listed", partnership=partnership,
                 data={"centres": [c.pk for c in own], "page": page.number, "ids": [r.pk for r in shown]})
    return render(request, "hatereports/centre_reports.html", {
        "centres": own, "reports": shown, "page": page,
        "may_send": any(c.is_active for c in own)})
