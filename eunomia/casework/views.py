"""Casework pages. Every record is found through the reader's scoped query (a record they may not
see is a 404) and every page that shows personal data writes an audit event."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from eunomia.accounts.permissions import organisations_of
from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.casework import actions, queries
from eunomia.casework.forms import (AddPartyForm, AgreementForm, BriefingForm, CaseSearchForm, CloseCaseForm,
                                    LinkReportForm, OpenCaseForm, ReportForm, SearchForm, ShareCaseForm)
from eunomia.casework.models import Case, CaseShare, Person
from eunomia.core.access import partnership_view
from eunomia.core.rendering import form_page, posted
from eunomia.partners.models import Organisation
from eunomia.partners.queries import organisations_in

PAGE_SIZE = 50


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def report_list(request, partnership):
    form = SearchForm(request.GET or None)
    reports = queries.reports_visible_to(request.user, partnership)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    if text:
        reports = queries.search_reports(reports, text)
    shown = list(reports.prefetch_related("people_links__person")[:PAGE_SIZE])
    audit.record(by=request.user, action="casework.reports_listed" if not text else "casework.reports_searched",
                 partnership=partnership, reason=form.cleaned_data.get("reason", "") if form.is_valid() else "",
                 data={"search": text, "ids": [r.pk for r in shown]})
    return render(request, "casework/report_list.html", {"form": form, "reports": shown, "search": text})


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def report_new(request, partnership):
    form = ReportForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = Organisation.objects.filter(pk__in=organisations_of(request.user, partnership)).first()
        try:
            people = []
            if data["first_name"]:
                actions.check_person(date_of_birth=data["date_of_birth"], first_name=data["first_name"],
                                     last_name=data["last_name"])
                person = (queries.people_visible_to(request.user, partnership)
                          .filter(first_name__iexact=data["first_name"], last_name__iexact=data["last_name"],
                                  date_of_birth=data["date_of_birth"]).first())
                people.append((person or Person(first_name=data["first_name"], last_name=data["last_name"],
                                                date_of_birth=data["date_of_birth"]), data["role"]))
            report = _record(request, partnership, organisation, form, people)
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(request, f"Report {report.reference} recorded")
            return redirect("casework:report", partnership.slug, report.pk)
    return form_page(request, form, page_title="Record a report of anti-social behaviour")


def _record(request, partnership, organisation, form, people):
    data = form.cleaned_data
    with transaction.atomic():
        linked = []
        for person, role in people:
            if person.pk is None:
                person = actions.add_person(by=request.user, partnership=partnership, organisation=organisation,
                                            first_name=person.first_name, last_name=person.last_name,
                                            date_of_birth=person.date_of_birth, phone=data["phone"],
                                            address=data["address"], postcode=data["postcode"], flags=data["flags"])
            linked.append((person, role))
        return actions.record_report(
            by=request.user, partnership=partnership, organisation=organisation, occurred_at=form.occurred_at(),
            reported_at=timezone.now(), category=data["category"], source=data["source"],
            description=data["description"], address=data["address"], postcode=data["postcode"],
            anonymous=data["anonymous"], people=linked)


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def report_detail(request, partnership, pk):
    visible = queries.reports_visible_to(request.user, partnership)
    report = get_object_or_404(visible, pk=pk)
    related = list(queries.related_reports(report, visible))
    cases = list(queries.cases_visible_to(request.user, partnership).filter(reports=report))
    audit.record(by=request.user, action="casework.report_viewed", obj=report, partnership=partnership,
                 data={"related": [r.pk for r in related], "cases": [c.pk for c in cases]})
    return render(request, "casework/report_detail.html", {
        "report": report, "links": report.people_links.select_related("person"), "related": related,
        "cases": cases})


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def person_detail(request, partnership, pk):
    person = get_object_or_404(queries.people_visible_to(request.user, partnership), pk=pk)
    reports = queries.reports_visible_to(request.user, partnership).filter(people_links__person=person)
    audit.record(by=request.user, action="casework.person_viewed", obj=person, partnership=partnership)
    return render(request, "casework/person_detail.html", {
        "person": person, "reports": reports, "age": person.age_on(timezone.localdate())})


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def briefing(request, partnership):
    """The CSU briefing: repeat and vulnerable victims the reader may see, with their latest reports."""
    form = BriefingForm(request.GET or None)
    day = (form.cleaned_data.get("day") if form.is_valid() else None) or timezone.localdate()
    rule = queries.repeat_rule(partnership)
    people = queries.people_visible_to(request.user, partnership)
    reports = queries.reports_visible_to(request.user, partnership)
    repeats = queries.repeat_victims(people, on=day, rule=rule)
    flagged = Person.objects.filter(pk__in=people.values("id")).exclude(flags=[])
    from eunomia.risk.queries import latest_risk  # people whose latest risk assessment is medium or high

    risks = {pk: a for pk, a in latest_risk(people).items() if a.band != "standard"}
    listed = {p.pk: p for p in Person.objects.filter(
        pk__in=set(repeats) | set(flagged.values_list("id", flat=True)) | set(risks))}
    rows = []
    for person in sorted(listed.values(), key=lambda p: (-repeats.get(p.pk, 0), p.last_name)):
        latest = reports.filter(people_links__person=person).order_by("-occurred_at")[:3]
        rows.append({"person": person, "reports": repeats.get(person.pk, 0), "latest": list(latest),
                     "risk": risks.get(person.pk),
                     "flags": [Person.Flag(f).label for f in person.flags if f in Person.Flag.values]})
    places = queries.repeat_addresses(reports, on=day, rule=rule)
    audit.record(by=request.user, action="casework.briefing_viewed", partnership=partnership,
                 data={"day": day.isoformat(), "people": sorted(listed)})
    return render(request, "casework/briefing.html", {"form": form, "day": day, "rule": rule, "rows": rows,
                                                      "places": places})


# Cases ------------------------------------------------------------------------------------------


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def case_list(request, partnership):
    form = CaseSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    text, status = data.get("q", ""), data.get("status", "")
    cases = queries.cases_visible_to(request.user, partnership)
    if status:
        cases = cases.filter(status=status)
    if text:
        cases = queries.search_cases(cases, text)
    shown = list(cases.select_related("owner_organisation", "lead_officer")
                 .prefetch_related("parties__person")[:PAGE_SIZE])
    audit.record(by=request.user, action="casework.cases_searched" if text else "casework.cases_listed",
                 partnership=partnership, reason=data.get("reason", ""),
                 data={"search": text, "status": status, "ids": [c.pk for c in shown]})
    return render(request, "casework/case_list.html", {"form": form, "cases": shown, "search": text,
                                                       "status": status, "statuses": Case.Status.choices})


def _case(request, partnership, pk, *, change=False):
    """The case if the reader may see it (else 404); to change it they must belong to its owner."""
    case = get_object_or_404(queries.cases_visible_to(request.user, partnership), pk=pk)
    if change and not queries.owns_case(request.user, partnership, case):
        raise PermissionDenied
    return case


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def case_detail(request, partnership, pk):
    case = _case(request, partnership, pk)
    reports = list(queries.reports_visible_to(request.user, partnership).filter(cases=case).order_by("-occurred_at"))
    parties = list(case.parties.select_related("person").order_by("person__last_name", "person__first_name"))
    shares = list(case.shares.select_related("organisation", "agreement").order_by("organisation__name"))
    audit.record(by=request.user, action="casework.case_viewed", obj=case, partnership=partnership,
                 data={"reports": [r.pk for r in reports], "people": [p.person_id for p in parties]})
    return render(request, "casework/case_detail.html", {
        "case": case, "reports": reports, "parties": parties, "shares": shares,
        "owner": queries.owns_case(request.user, partnership, case)})


def _my_organisation(request, partnership):
    return Organisation.objects.filter(pk__in=organisations_of(request.user, partnership)).order_by("name").first()


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def case_open(request, partnership, pk):
    """Open a case from a report: the report linked, its people the case's parties."""
    report = get_object_or_404(queries.reports_visible_to(request.user, partnership), pk=pk)
    organisation = _my_organisation(request, partnership)
    form = OpenCaseForm(posted(request), initial={"title": f"{report.get_category_display()}: {report.reference}"})
    if request.method == "POST" and form.is_valid():
        try:
            case = actions.open_case_from_report(by=request.user, partnership=partnership, organisation=organisation,
                                                 report=report, title=form.cleaned_data["title"])
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(request, f"Case {case.reference} opened")
            return redirect("casework:case", partnership.slug, case.pk)
    return form_page(request, form, page_title="Open a case", caption=f"Report {report.reference}",
                     back_url=reverse("casework:report", args=[partnership.slug, report.pk]),
                     intro=f"The case will belong to {organisation}. Report {report.reference} is linked to it "
                           f"and the people named in the report become its parties, in the same roles.")


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def case_link_report(request, partnership, pk):
    case = _case(request, partnership, pk, change=True)
    form = LinkReportForm(posted(request))
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["reference"].strip()
        report = queries.reports_visible_to(request.user, partnership).filter(reference__iexact=reference).first()
        try:
            if report is None:
                # The same words whether the report does not exist or is not the reader's to see.
                raise ValidationError({"reference": f"There is no report {reference} that you may see"})
            actions.link_report(by=request.user, case=case, report=report)
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(request, f"Report {report.reference} linked")
            return redirect("casework:case", partnership.slug, case.pk)
    return form_page(request, form, page_title="Link a report to the case", caption=f"Case {case.reference}",
                     back_url=reverse("casework:case", args=[partnership.slug, case.pk]))


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def case_add_party(request, partnership, pk):
    case = _case(request, partnership, pk, change=True)
    people = queries.people_visible_to(request.user, partnership).order_by("last_name", "first_name", "id")
    form = AddPartyForm(posted(request), people=people)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_party(by=request.user, case=case, person=form.cleaned_data["person"],
                              role=form.cleaned_data["role"])
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(request, f"{form.cleaned_data['person']} added to the case")
            return redirect("casework:case", partnership.slug, case.pk)
    # The list of people is personal data shown on the page.
    audit.record(by=request.user, action="casework.people_listed", obj=case, partnership=partnership,
                 data={"ids": list(people.values_list("id", flat=True))})
    return form_page(request, form, page_title="Add a person to the case", caption=f"Case {case.reference}",
                     back_url=reverse("casework:case", args=[partnership.slug, case.pk]))


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def case_share(request, partnership, pk):
    case = _case(request, partnership, pk, change=True)
    organisations = organisations_in(partnership).exclude(pk=case.owner_organisation_id)
    form = ShareCaseForm(posted(request), organisations=organisations, agreements=queries.agreements_of(partnership))
    if request.method == "POST" and form.is_valid():
        try:
            share = actions.share_case(by=request.user, case=case, organisation=form.cleaned_data["organisation"],
                                       agreement=form.cleaned_data["agreement"])
        except ValidationError as error:
            form.add_action_errors(error)
        else:
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
    case = _case(request, partnership, pk, change=True)
    share = get_object_or_404(CaseShare.objects.select_related("organisation"), case=case, pk=share_pk)
    actions.unshare_case(by=request.user, share=share)
    messages.success(request, f"The case is no longer shared with {share.organisation}")
    return redirect("casework:case", partnership.slug, case.pk)


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def case_close(request, partnership, pk):
    case = _case(request, partnership, pk, change=True)
    if case.status == Case.Status.CLOSED:
        messages.error(request, f"{case.reference} is already closed")
        return redirect("casework:case", partnership.slug, case.pk)
    form = CloseCaseForm(posted(request), initial={"closed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.close_case(by=request.user, case=case, outcome=form.cleaned_data["outcome"],
                               closed_on=form.cleaned_data["closed_on"])
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(request, f"Case {case.reference} closed")
            return redirect("casework:case", partnership.slug, case.pk)
    return form_page(request, form, page_title="Close the case", caption=f"Case {case.reference}",
                     back_url=reverse("casework:case", args=[partnership.slug, case.pk]),
                     intro=f"The case opened on {case.opened_on:%-d %B %Y}. It closes on a day from then to today.")


@require_POST
@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def case_reopen(request, partnership, pk):
    case = _case(request, partnership, pk, change=True)
    try:
        actions.reopen_case(by=request.user, case=case)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, f"Case {case.reference} reopened")
    return redirect("casework:case", partnership.slug, case.pk)


# Information sharing agreements ------------------------------------------------------------------


@partnership_view(Permission.DIRECTORY_VIEW, nav_section="casework")
def agreement_list(request, partnership):
    return render(request, "casework/agreement_list.html", {
        "agreements": queries.agreements_of(partnership), "today": timezone.localdate()})


@partnership_view(Permission.DIRECTORY_EDIT, nav_section="casework")
def agreement_new(request, partnership):
    form = AgreementForm(posted(request), organisations=organisations_in(partnership))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = actions.add_agreement(by=request.user, partnership=partnership, title=data["title"],
                                              purpose=data["purpose"], lawful_basis=data["lawful_basis"],
                                              parties=list(data["parties"]), starts_on=data["starts_on"],
                                              review_on=data["review_on"])
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(request, f"Agreement {agreement} added")
            return redirect("casework:agreements", partnership.slug)
    return form_page(request, form, page_title="Add an information sharing agreement",
                     back_url=reverse("casework:agreements", args=[partnership.slug]))
