"""What the casework pages share: fetching a report or case the reader may see (else a 404; to
change one they must belong to its owner, else a 403) and the person picker."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect

from eunomia.accounts.permissions import organisations_of
from eunomia.audit import actions as audit
from eunomia.casework import queries
from eunomia.casework.forms import PersonSearchForm
from eunomia.core.rendering import form_page, posted

PAGE_SIZE = 50


def report_for(request, partnership, pk, *, change=False):
    """The report if the reader may see it (else 404); to change it they must belong to its owner:
    a report seen through a case another organisation shared is read, not changed (403)."""
    report = get_object_or_404(queries.reports_visible_to(request.user, partnership), pk=pk)
    if change and report.owner_organisation_id not in organisations_of(request.user, partnership):
        raise PermissionDenied
    return report


def case_for(request, partnership, pk, *, change=False):
    """The case if the reader may see it (else 404); to change it they must belong to its owner."""
    case = get_object_or_404(queries.cases_visible_to(request.user, partnership), pk=pk)
    if change and not queries.owns_case(request.user, partnership, case):
        raise PermissionDenied
    return case


def pick_person(request, partnership, *, record, form_class, noun, add, done_url, page_title, caption, **extra):
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
    form.fields["person"].queryset = queries.in_order(visible, [p.pk for p in found])  # as ranked
    if text:  # the results are personal data shown on the page
        audit.record(by=request.user, action="casework.people_searched", obj=record, partnership=partnership,
                     data={"search": text, "ids": [p.pk for p in found]})
    return form_page(request, form, page_title=page_title, caption=caption, back_url=done_url,
                     template="casework/person_picker.html", search=search, text=text, found=found, **extra)
