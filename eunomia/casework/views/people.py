"""People: a person's page, their consent, and merging a duplicate into them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from eunomia.accounts.permissions import organisations_of
from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.casework import actions, queries
from eunomia.casework.forms import ConsentForm, MergeForm, PersonSearchForm
from eunomia.casework.models import Person
from eunomia.core.rendering import form_page, posted
from eunomia.partners.access import partnership_view
from eunomia.partners.queries import acting_organisation


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
