"""Casework pages. Every record is found through the reader's scoped query (a record they may not
see is a 404) and every page that shows personal data writes an audit event."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from eunomia.accounts.permissions import organisations_of
from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.casework import actions, queries
from eunomia.casework.forms import BriefingForm, ReportForm, SearchForm
from eunomia.casework.models import Person
from eunomia.core.access import partnership_view
from eunomia.core.rendering import form_page, posted
from eunomia.partners.models import Organisation

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
    from django.db import transaction

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
    audit.record(by=request.user, action="casework.report_viewed", obj=report, partnership=partnership,
                 data={"related": [r.pk for r in related]})
    return render(request, "casework/report_detail.html", {
        "report": report, "links": report.people_links.select_related("person"), "related": related})


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
    listed = {p.pk: p for p in Person.objects.filter(pk__in=set(repeats) | set(flagged.values_list("id", flat=True)))}
    rows = []
    for person in sorted(listed.values(), key=lambda p: (-repeats.get(p.pk, 0), p.last_name)):
        latest = reports.filter(people_links__person=person).order_by("-occurred_at")[:3]
        rows.append({"person": person, "reports": repeats.get(person.pk, 0), "latest": list(latest),
                     "flags": [Person.Flag(f).label for f in person.flags if f in Person.Flag.values]})
    places = queries.repeat_addresses(reports, on=day, rule=rule)
    audit.record(by=request.user, action="casework.briefing_viewed", partnership=partnership,
                 data={"day": day.isoformat(), "people": sorted(listed)})
    return render(request, "casework/briefing.html", {"form": form, "day": day, "rule": rule, "rows": rows,
                                                      "places": places})
