"""Reports: the list and search, recording one (with the people and reports it may repeat offered
first), a report's page and the people named in it."""

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from eunomia.accounts.permissions import organisations_of
from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.casework import actions, queries
from eunomia.casework.forms import AddReportPersonForm, NewReportPersonForm, ReportForm, SearchForm
from eunomia.casework.models import ReportPerson
from eunomia.casework.views.common import PAGE_SIZE, pick_person, report_for
from eunomia.core.paging import page_of
from eunomia.core.rendering import form_page, posted
from eunomia.partners.access import partnership_view
from eunomia.partners.queries import acting_organisation
from eunomia.places.queries import matching_places, place_at


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def report_list(request, partnership):
    form = SearchForm(request.GET or None)
    reports = queries.reports_visible_to(request.user, partnership)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    capped = False
    if text:
        reports, capped = queries.search_reports(reports, text)
    page = page_of(reports.prefetch_related(Prefetch("people_links", ReportPerson.objects.select_related("person"))),
                   request.GET.get("page"), per_page=PAGE_SIZE)
    shown = list(page.object_list)
    reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
    audit.record(by=request.user, action="casework.reports_listed" if not text else "casework.reports_searched",
                 partnership=partnership, reason=reason,
                 data={"search": text, "page": page.number, "ids": [r.pk for r in shown]})
    return render(request, "casework/report_list.html", {
        "form": form, "reports": shown, "search": text, "capped": capped, "page": page,
        "query": urlencode({k: v for k, v in {"q": text, "reason": reason}.items() if v})})


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def report_new(request, partnership):
    """Record a report. Before anything is saved, people already recorded who may be the one named,
    reports at the same place and the known places the address may be are offered: the recorder
    chooses one of the people or says this is someone new, so a person is not entered twice, and
    chooses a known place or keeps the address as typed, so a place is not either (ADR 70)."""
    form = ReportForm(posted(request))
    people, reports, places = [], [], []
    if request.method == "POST" and form.is_valid():
        people, reports = _possible_duplicates(request, partnership, form)
        data = form.cleaned_data
        places = list(matching_places(partnership, address=data["address"], postcode=data["postcode"]))
        exact = place_at(partnership, address=data["address"], postcode=data["postcode"]) if places else None
        if (people or reports or (places and exact is None)) and not data["offered"]:
            # Shown again unsaved, with what was typed, the matches and the choices to make.
            place = str(exact.pk) if exact else ReportForm.AS_TYPED
            form = ReportForm(initial={**data, "offered": True, "place": place}, people_offered=people or None,
                              places_offered=places)
        else:
            if people or "match" in request.POST or places:
                form = ReportForm(request.POST, people_offered=people if people or "match" in request.POST else None,
                                  places_offered=places)
            if form.is_valid():
                organisation = acting_organisation(request.user, partnership)
                with form.showing_refusal():
                    report = form.record(by=request.user, partnership=partnership, organisation=organisation)
                    messages.success(request, f"Report {report.reference} recorded")
                    return redirect("casework:report", partnership.slug, report.pk)
    if people or reports:
        audit.record(by=request.user, action="casework.possible_duplicates_offered", partnership=partnership,
                     data={"people": [p.pk for p in people], "reports": [r.pk for r in reports]})
    return form_page(request, form, page_title="Record a report of anti-social behaviour",
                     template="casework/report_new.html", people_offered=people, reports_offered=reports,
                     places_offered=list(form.places_offered.values()))


def _possible_duplicates(request, partnership, form):
    """People the reader may see who may be the person named, and reports at the same place."""
    data = form.cleaned_data
    people = []
    if data["first_name"] and data["last_name"]:
        people = list(queries.possible_duplicates(
            queries.people_visible_to(request.user, partnership), first_name=data["first_name"],
            last_name=data["last_name"], date_of_birth=data["date_of_birth"], address=data["address"],
            postcode=data["postcode"], phone=data["phone"], email=data["email"]))
    reports = list(queries.reports_near(queries.reports_visible_to(request.user, partnership),
                                        address=data["address"], postcode=data["postcode"],
                                        occurred_at=form.occurred_at()))
    return people, reports


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
        "cases": cases, "owner": report.owner_organisation_id in organisations_of(request.user, partnership)})


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def report_add_person(request, partnership, pk):
    """Name one more person already recorded in a saved report, found by searching their name."""
    report = report_for(request, partnership, pk, change=True)
    return pick_person(
        request, partnership, record=report, form_class=AddReportPersonForm, noun="report",
        add=lambda person, role: actions.link_person(by=request.user, report=report, person=person, role=role),
        done_url=reverse("casework:report", args=[partnership.slug, report.pk]),
        page_title="Add a person to this report", caption=f"Report {report.reference}",
        new_person_url=reverse("casework:report_add_new_person", args=[partnership.slug, report.pk]))


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def report_add_new_person(request, partnership, pk):
    """Name someone not yet recorded in a saved report. As when recording a report, people already
    recorded who may be them are offered first: the recorder chooses one of them or says this is
    someone new, so a person is not entered twice."""
    report = report_for(request, partnership, pk, change=True)
    report_url = reverse("casework:report", args=[partnership.slug, report.pk])
    form = NewReportPersonForm(posted(request))
    people = []
    if request.method == "POST" and form.is_valid():
        details = form.details()
        with form.showing_refusal():
            actions.check_person(first_name=details["first_name"], last_name=details["last_name"],
                                 date_of_birth=details["date_of_birth"])
            people = list(queries.possible_duplicates(queries.people_visible_to(request.user, partnership),
                                                      **details))
            if people and not form.cleaned_data["offered"]:
                # Shown again unsaved, with what was typed, the matches and the choice to make.
                form = NewReportPersonForm(initial={**form.cleaned_data, "offered": True}, people_offered=people)
            else:
                if people or "match" in request.POST:
                    form = NewReportPersonForm(request.POST, people_offered=people)
                if form.is_valid():
                    role, match = form.cleaned_data["role"], form.cleaned_data.get("match")
                    with form.showing_refusal():
                        if match and match != form.SOMEONE_NEW:
                            actions.link_person(by=request.user, report=report, person=match, role=role)
                            person = match
                        else:
                            person = actions.add_person_to_report(by=request.user, report=report, role=role,
                                                                  **details)
                        messages.success(request, f"{person} added to the report")
                        return redirect(report_url)
    if people:
        audit.record(by=request.user, action="casework.possible_duplicates_offered", obj=report,
                     partnership=partnership, data={"people": [p.pk for p in people], "reports": []})
    return form_page(request, form, page_title="Add someone new to this report", caption=f"Report {report.reference}",
                     back_url=reverse("casework:report_add_person", args=[partnership.slug, report.pk]),
                     template="casework/report_new.html", people_offered=people,
                     intro="Someone not yet recorded. Before they are added, people already recorded who may be "
                           "them are shown, so no one is entered twice.")
