"""Casework pages. Every record is found through the reader's scoped query (a record they may not
see is a 404) and every page that shows personal data writes an audit event."""


from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from eunomia.accounts.permissions import organisations_of
from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.casework import actions, queries
from eunomia.casework.forms import (
    AddPartyForm,
    AddReportPersonForm,
    AgreementForm,
    CaseSearchForm,
    CloseCaseForm,
    ConsentForm,
    LinkReportForm,
    MergeForm,
    NewReportPersonForm,
    OpenCaseForm,
    PersonSearchForm,
    ReportForm,
    SearchForm,
    ShareCaseForm,
)
from eunomia.casework.models import Case, CaseShare, Person
from eunomia.core.paging import page_of
from eunomia.core.rendering import form_page, posted, showing_refusal_message
from eunomia.partners.access import partnership_view
from eunomia.partners.queries import acting_organisation, organisations_in

PAGE_SIZE = 50


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def report_list(request, partnership):
    form = SearchForm(request.GET or None)
    reports = queries.reports_visible_to(request.user, partnership)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    if text:
        reports = queries.search_reports(reports, text)
    page = page_of(reports.prefetch_related("people_links__person"), request.GET.get("page"), per_page=PAGE_SIZE)
    shown = list(page.object_list)
    reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
    audit.record(by=request.user, action="casework.reports_listed" if not text else "casework.reports_searched",
                 partnership=partnership, reason=reason,
                 data={"search": text, "page": page.number, "ids": [r.pk for r in shown]})
    return render(request, "casework/report_list.html", {
        "form": form, "reports": shown, "search": text, "page": page,
        "query": urlencode({k: v for k, v in {"q": text, "reason": reason}.items() if v})})


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def report_new(request, partnership):
    """Record a report. Before anything is saved, people already recorded who may be the one named,
    and reports at the same place, are offered: the recorder chooses one of the people or says this
    is someone new, so a person is not entered twice."""
    form = ReportForm(posted(request))
    people, reports = [], []
    if request.method == "POST" and form.is_valid():
        people, reports = _possible_duplicates(request, partnership, form)
        if (people or reports) and not form.cleaned_data["offered"]:
            # Shown again unsaved, with what was typed, the matches and the choice to make.
            form = ReportForm(initial={**form.cleaned_data, "offered": True}, people_offered=people or None)
        else:
            if people or "match" in request.POST:
                form = ReportForm(request.POST, people_offered=people)
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
                     template="casework/report_new.html", people_offered=people, reports_offered=reports)


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


def _report(request, partnership, pk, *, change=False):
    """The report if the reader may see it (else 404); to change it they must belong to its owner:
    a report seen through a case another organisation shared is read, not changed (403)."""
    report = get_object_or_404(queries.reports_visible_to(request.user, partnership), pk=pk)
    if change and report.owner_organisation_id not in organisations_of(request.user, partnership):
        raise PermissionDenied
    return report


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
    report = _report(request, partnership, pk, change=True)
    return _pick_person(
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
    report = _report(request, partnership, pk, change=True)
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


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def person_detail(request, partnership, pk):
    person = queries.people_visible_to(request.user, partnership).filter(pk=pk).first()
    if person is None:
        # A merged duplicate's address still leads somewhere, for those who may see who it became.
        became = queries.merged_person(request.user, partnership, pk)
        if became is None:
            raise Http404
        messages.info(request, f"Record {pk} was merged into this one, {became}")
        return redirect("casework:person", partnership.slug, became.pk)
    reports = queries.reports_visible_to(request.user, partnership).filter(people_links__person=person).distinct()
    consents = list(person.consents.select_related("recorded_by", "recorded_for"))
    audit.record(by=request.user, action="casework.person_viewed", obj=person, partnership=partnership,
                 data={"consents": [c.pk for c in consents]})
    return render(request, "casework/person_detail.html", {
        "person": person, "reports": reports, "age": person.age_on(timezone.localdate()),
        "flags": [Person.Flag(f).label for f in person.flags if f in Person.Flag.values],
        "consent": consents[0] if consents else None, "consents": consents,
        "may_merge": person.owner_organisation_id in organisations_of(request.user, partnership)})


def _person(request, partnership, pk):
    return get_object_or_404(queries.people_visible_to(request.user, partnership), pk=pk)


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def person_consent(request, partnership, pk):
    person = _person(request, partnership, pk)
    form = ConsentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.record_consent(by=request.user, person=person,
                                   organisation=acting_organisation(request.user, partnership), **form.cleaned_data)
            messages.success(request, f"Consent recorded for {person}")
            return redirect("casework:person", partnership.slug, person.pk)
    audit.record(by=request.user, action="casework.consent_form_viewed", obj=person, partnership=partnership)
    return form_page(request, form, page_title="Record consent", caption=str(person),
                     back_url=reverse("casework:person", args=[partnership.slug, person.pk]),
                     intro="Record whether sharing and processing this person's information rests on their consent, "
                           "or on another lawful basis. If consent applies, say whether it was given, refused or "
                           "withdrawn, on what date and how. Earlier records are kept as the history.")


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def person_merge(request, partnership, pk):
    """Merge a duplicate into this person: find the duplicate by name, see both, then confirm."""
    kept = _owned(request, partnership, _person(request, partnership, pk))
    visible = queries.people_visible_to(request.user, partnership)
    if "duplicate" not in request.GET:
        search = PersonSearchForm(request.GET)
        text = search.cleaned_data["q"].strip() if search.is_valid() else ""
        mine = visible.filter(owner_organisation_id__in=organisations_of(request.user, partnership))
        found = list(queries.search_people(mine.exclude(pk=kept.pk), text))
        if text:
            audit.record(by=request.user, action="casework.people_searched", obj=kept, partnership=partnership,
                         data={"search": text, "ids": [p.pk for p in found]})
        return render(request, "casework/person_merge_search.html", {
            "person": kept, "search": search, "text": text, "found": found})
    duplicate = _owned(request, partnership, _duplicate(request, partnership, request.GET["duplicate"]))
    form = MergeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.merge_people(by=request.user, kept=kept, duplicate=duplicate)
            messages.success(request, f"Record {duplicate.pk} ({duplicate}) merged into {kept}")
            return redirect("casework:person", partnership.slug, kept.pk)
    elif request.method != "POST":
        try:
            actions.check_merge(kept=kept, duplicate=duplicate)
        except ValidationError as error:
            form = MergeForm({})
            form.is_valid()
            form.add_action_errors(error)
    reports = queries.reports_visible_to(request.user, partnership)
    both = [{"person": p, "flags": [Person.Flag(f).label for f in p.flags if f in Person.Flag.values],
             "reports": list(reports.filter(people_links__person=p).distinct())} for p in (kept, duplicate)]
    audit.record(by=request.user, action="casework.merge_previewed", obj=kept, partnership=partnership,
                 data={"kept": kept.pk, "duplicate": duplicate.pk})
    return form_page(request, form, page_title=f"Merge record {duplicate.pk} into {kept}", caption="Merge people",
                     template="casework/person_merge.html", both=both, kept=kept, duplicate=duplicate,
                     back_url=reverse("casework:person_merge", args=[partnership.slug, kept.pk]))


def _owned(request, partnership, person):
    """A merge rewrites both people's records: only their owning organisation's members merge them;
    a person seen through a case another organisation shared is read, not rewritten (403)."""
    if person.owner_organisation_id not in organisations_of(request.user, partnership):
        raise PermissionDenied
    return person


def _duplicate(request, partnership, pk):
    """The person to merge away: one the reader may see, or one already merged into someone they may
    see (the merge then refuses in words); anyone else is a 404."""
    try:
        pk = int(pk)
    except ValueError:
        raise Http404 from None
    person = queries.people_visible_to(request.user, partnership).filter(pk=pk).first()
    if person is None and queries.merged_person(request.user, partnership, pk) is not None:
        person = Person.objects.get(pk=pk)
    if person is None:
        raise Http404
    return person


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
    page = page_of(cases.select_related("owner_organisation", "lead_officer").prefetch_related("parties__person"),
                   request.GET.get("page"), per_page=PAGE_SIZE)
    shown = list(page.object_list)
    reason = data.get("reason", "")
    audit.record(by=request.user, action="casework.cases_searched" if text else "casework.cases_listed",
                 partnership=partnership, reason=reason,
                 data={"search": text, "status": status, "page": page.number, "ids": [c.pk for c in shown]})
    return render(request, "casework/case_list.html", {
        "form": form, "cases": shown, "search": text, "status": status, "statuses": Case.Status.choices,
        "page": page, "query": urlencode({k: v for k, v in {"q": text, "status": status, "reason": reason}.items()
                                          if v})})


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


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def case_open(request, partnership, pk):
    """Open a case from a report: the report linked, its people the case's parties."""
    # Seen through a case another organisation shared: a case of one's own would share it on (403).
    report = _report(request, partnership, pk, change=True)
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
    case = _case(request, partnership, pk, change=True)
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
    case = _case(request, partnership, pk, change=True)
    return _pick_person(
        request, partnership, record=case, form_class=AddPartyForm, noun="case",
        add=lambda person, role: actions.add_party(by=request.user, case=case, person=person, role=role),
        done_url=reverse("casework:case", args=[partnership.slug, case.pk]),
        page_title="Add a person to the case", caption=f"Case {case.reference}")


def _pick_person(request, partnership, *, record, form_class, noun, add, done_url, page_title, caption, **extra):
    """The person picker of a case or a report: a name searched (a GET, audited against `record`),
    then a person chosen from the results with a role and posted back to `add(person, role)`."""
    visible = queries.people_visible_to(request.user, partnership)
    search = PersonSearchForm(request.GET)
    text = search.cleaned_data["q"].strip() if search.is_valid() else ""
    found = list(queries.search_people(visible, text))
    # Any person the reader may see can be chosen; only the search results are offered.
    form = form_class(posted(request), people=visible)
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            add(form.cleaned_data["person"], form.cleaned_data["role"])
            messages.success(request, f"{form.cleaned_data['person']} added to the {noun}")
            return redirect(done_url)
    form.fields["person"].queryset = visible.filter(pk__in=[p.pk for p in found]).order_by(
        "last_name", "first_name", "id")
    if text:  # the results are personal data shown on the page
        audit.record(by=request.user, action="casework.people_searched", obj=record, partnership=partnership,
                     data={"search": text, "ids": [p.pk for p in found]})
    return form_page(request, form, page_title=page_title, caption=caption, back_url=done_url,
                     template="casework/person_picker.html", search=search, text=text, found=found, **extra)


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def case_share(request, partnership, pk):
    case = _case(request, partnership, pk, change=True)
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
    case = _case(request, partnership, pk, change=True)
    with showing_refusal_message(request):
        actions.reopen_case(by=request.user, case=case)
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
        with form.showing_refusal():
            agreement = actions.add_agreement(by=request.user, partnership=partnership, title=data["title"],
                                              purpose=data["purpose"], lawful_basis=data["lawful_basis"],
                                              parties=list(data["parties"]), starts_on=data["starts_on"],
                                              review_on=data["review_on"])
            messages.success(request, f"Agreement {agreement} added")
            return redirect("casework:agreements", partnership.slug)
    return form_page(request, form, page_title="Add an information sharing agreement",
                     back_url=reverse("casework:agreements", args=[partnership.slug]))
