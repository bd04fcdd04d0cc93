"""ASB cases: the list and search, a case's page, opening one from a report, its reports, parties
and sharing, closing and reopening."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.casework import actions, queries
from eunomia.casework.forms import (AddPartyForm, CaseSearchForm, CloseCaseForm, LeadOfficerForm, LinkReportForm,
                                    OpenCaseForm, ShareCaseForm)
from eunomia.casework.models import Case, CaseParty, CaseShare
from eunomia.casework.views.common import PAGE_SIZE, case_for, pick_person, report_for
from eunomia.core.paging import page_of
from eunomia.core.rendering import form_page, posted, showing_refusal_message
from eunomia.partners.access import partnership_view
from eunomia.partners.queries import acting_organisation, organisations_in


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def case_list(request, partnership):
    form = CaseSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    text, status = data.get("q", ""), data.get("status", "")
    cases = queries.cases_visible_to(request.user, partnership)
    if status:
        cases = cases.filter(status=status)
    capped = False
    if text:
        cases, capped = queries.search_cases(cases, text)
    page = page_of(cases.select_related("owner_organisation", "lead_officer").prefetch_related(
                       Prefetch("parties", CaseParty.objects.select_related("person"))),
                   request.GET.get("page"), per_page=PAGE_SIZE)
    shown = list(page.object_list)
    reason = data.get("reason", "")
    audit.record(by=request.user, action="casework.cases_searched" if text else "casework.cases_listed",
                 partnership=partnership, reason=reason,
                 data={"search": text, "status": status, "page": page.number, "ids": [c.pk for c in shown]})
    return render(request, "casework/case_list.html", {
        "form": form, "cases": shown, "search": text, "capped": capped, "status": status,
        "statuses": Case.Status.choices,
        "page": page, "query": urlencode({k: v for k, v in {"q": text, "status": status, "reason": reason}.items()
                                          if v})})


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def case_detail(request, partnership, pk):
    case = case_for(request, partnership, pk)
    reports = list(queries.reports_visible_to(request.user, partnership).filter(cases=case).order_by("-occurred_at"))
    parties = list(case.parties.select_related("person").order_by("person__last_name", "person__first_name"))
    shares = list(case.shares.select_related("organisation", "agreement").order_by("organisation__name"))
    audit.record(by=request.user, action="casework.case_viewed", obj=case, partnership=partnership,
                 data={"reports": [r.pk for r in reports], "people": [p.person_id for p in parties]})
    return render(request, "casework/case_detail.html", {
        "case": case, "reports": reports, "parties": parties, "shares": shares,
        "owner": queries.owns_case(request.user, partnership, case)})


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def case_open(request, partnership, pk):
    """Open a case from a report: the report linked, its people the case's parties."""
    # Seen through a case another organisation shared: a case of one's own would share it on (403).
    report = report_for(request, partnership, pk, change=True)
    organisation = acting_organisation(request.user, partnership)
    form = OpenCaseForm(posted(request), initial={"title": f"{report.get_category_display()}: {report.reference}"})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            case = actions.open_case_from_report(by=request.user, partnership=partnership, organisation=organisation,
                                                 report=report, title=form.cleaned_data["title"])
            messages.success(request, f"Case {case.reference} opened")
            return redirect("casework:case", partnership.slug, case.pk)
    return form_page(request, form, page_title="Open a case", caption=f"Report {report.reference}",
                     back_url=reverse("casework:report", args=[partnership.slug, report.pk]),
                     intro=f"The case will belong to {organisation}. Report {report.reference} is linked to it "
                           f"and the people named in the report become its parties, in the same roles.")


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def case_link_report(request, partnership, pk):
    case = case_for(request, partnership, pk, change=True)
    form = LinkReportForm(posted(request))
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["reference"].strip()
        report = queries.reports_visible_to(request.user, partnership).filter(reference__iexact=reference).first()
        with form.showing_refusal():
            if report is None:
                # The same words whether the report does not exist or is not the reader's to see.
                raise ValidationError({"reference": f"There is no report {reference} that you may see"})
            actions.link_report(by=request.user, case=case, report=report)
            messages.success(request, f"Report {report.reference} linked")
            return redirect("casework:case", partnership.slug, case.pk)
    return form_page(request, form, page_title="Link a report to the case", caption=f"Case {case.reference}",
                     back_url=reverse("casework:case", args=[partnership.slug, case.pk]))


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def case_add_party(request, partnership, pk):
    """Add a person, found by searching their name (the page never lists everyone)."""
    case = case_for(request, partnership, pk, change=True)
    return pick_person(
        request, partnership, record=case, form_class=AddPartyForm, noun="case",
        add=lambda person, role: actions.add_party(by=request.user, case=case, person=person, role=role),
        done_url=reverse("casework:case", args=[partnership.slug, case.pk]),
        page_title="Add a person to the case", caption=f"Case {case.reference}")


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def case_share(request, partnership, pk):
    case = case_for(request, partnership, pk, change=True)
    organisations = organisations_in(partnership).exclude(pk=case.owner_organisation_id)
    form = ShareCaseForm(posted(request), organisations=organisations, agreements=queries.agreements_of(partnership))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            share = actions.share_case(by=request.user, case=case, organisation=form.cleaned_data["organisation"],
                                       agreement=form.cleaned_data["agreement"])
            messages.success(request, f"Case shared with {share.organisation} under {share.agreement}")
            return redirect("casework:case", partnership.slug, case.pk)
    return form_page(request, form, page_title="Share the case", caption=f"Case {case.reference}",
                     back_url=reverse("casework:case", args=[partnership.slug, case.pk]),
                     intro=f"Share only under an information sharing agreement that names both {case.owner_organisation} "
                           f"and the organisation you share with. Its members will see the case, its reports and "
                           f"the people in them.")


@require_POST
@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def case_unshare(request, partnership, pk, share_pk):
    case = case_for(request, partnership, pk, change=True)
    share = get_object_or_404(CaseShare.objects.select_related("organisation"), case=case, pk=share_pk)
    actions.unshare_case(by=request.user, share=share)
    messages.success(request, f"The case is no longer shared with {share.organisation}")
    return redirect("casework:case", partnership.slug, case.pk)


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def case_lead(request, partnership, pk):
    """Hand the case to another lead officer: someone at its owning organisation who works cases."""
    case = case_for(request, partnership, pk, change=True)
    people = queries.possible_leads(case)
    if case.lead_officer_id:
        people = people.exclude(pk=case.lead_officer_id)
    form = LeadOfficerForm(posted(request), people=people)
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.change_lead_officer(by=request.user, case=case, lead_officer=form.cleaned_data["lead_officer"])
            messages.success(request, f"{form.cleaned_data['lead_officer']} now leads case {case.reference}")
            return redirect("casework:case", partnership.slug, case.pk)
    current = f"{case.lead_officer} leads it now" if case.lead_officer else "No one leads it now"
    choice = (f"Choose someone at {case.owner_organisation} who works cases: only they can open and change it. "
              f"They are told in Eunomia, with a link to the case." if people.exists() else
              f"No one else at {case.owner_organisation} works cases.")
    return form_page(request, form, page_title="Change the lead officer", caption=f"Case {case.reference}",
                     back_url=reverse("casework:case", args=[partnership.slug, case.pk]), intro=f"{current}. {choice}")


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def case_close(request, partnership, pk):
    case = case_for(request, partnership, pk, change=True)
    if case.status == Case.Status.CLOSED:
        messages.error(request, f"{case.reference} is already closed")
        return redirect("casework:case", partnership.slug, case.pk)
    form = CloseCaseForm(posted(request), initial={"closed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.close_case(by=request.user, case=case, outcome=form.cleaned_data["outcome"],
                               closed_on=form.cleaned_data["closed_on"])
            messages.success(request, f"Case {case.reference} closed")
            return redirect("casework:case", partnership.slug, case.pk)
    return form_page(request, form, page_title="Close the case", caption=f"Case {case.reference}",
                     back_url=reverse("casework:case", args=[partnership.slug, case.pk]),
                     intro=f"The case opened on {case.opened_on:%-d %B %Y}. It closes on a day from then to today.")


@require_POST
@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def case_reopen(request, partnership, pk):
    case = case_for(request, partnership, pk, change=True)
    with showing_refusal_message(request):
        actions.reopen_case(by=request.user, case=case)
        messages.success(request, f"Case {case.reference} reopened")
    return redirect("casework:case", partnership.slug, case.pk)
