"""Interventions on a case, and letters. The case is found through the reader's scoped query, so a
case they may not see is a 404 here too; every page showing personal data, and every letter
downloaded, writes an audit event."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.casework.queries import owns_case
from eunomia.core.rendering import form_page, posted
from eunomia.documents import render as documents
from eunomia.interventions import actions, letters, queries
from eunomia.interventions.forms import BreachForm, InterventionForm, TemplateForm
from eunomia.interventions.models import Kind
from eunomia.partners.access import partnership_view

DOWNLOADS = {
    "pdf": ("application/pdf", documents.to_pdf),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", documents.to_docx),
}


def _case_to_change(request, partnership, case_pk):
    """The case if the reader may see it (else 404); recording on it is its owning organisation's,
    as every change to a case is: an organisation it is shared with reads it (403)."""
    case = queries.case_for(request.user, partnership, case_pk)
    if not owns_case(request.user, partnership, case):
        raise PermissionDenied
    return case


def _list_url(partnership, case):
    return reverse("interventions:list", args=[partnership.slug, case.pk])


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def intervention_list(request, partnership, case_pk):
    case = queries.case_for(request.user, partnership, case_pk)
    rows = list(queries.interventions_of(case))
    with_letters = {t.kind for t in letters.templates_of(partnership)}
    audit.record(by=request.user, action="interventions.listed", obj=case, partnership=partnership,
                 data={"interventions": [i.pk for i in rows], "people": sorted({i.person_id for i in rows})})
    return render(request, "interventions/list.html", {"case": case, "interventions": rows,
                                                       "with_letters": with_letters,
                                                       "owner": owns_case(request.user, partnership, case)})


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def intervention_new(request, partnership, case_pk):
    case = _case_to_change(request, partnership, case_pk)
    people = {p.pk: p for p in queries.perpetrators_of(case)}
    form = InterventionForm(posted(request), people=people.values())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form.showing_refusal():
            intervention = actions.record_intervention(
                by=request.user, case=case, person=people[data["person"]], kind=data["kind"],
                issued_on=data["issued_on"], on_conviction=data["on_conviction"], notes=data["notes"])
            messages.success(request, f"{intervention.get_kind_display()} recorded for {intervention.person}")
            return redirect(_list_url(partnership, case))
    # The form names the case's alleged perpetrators: a read of personal data.
    audit.record(by=request.user, action="interventions.form_viewed", obj=case, partnership=partnership,
                 data={"people": sorted(people)})
    intro = None if people else "No one is recorded as an alleged perpetrator in this case yet: add them first."
    return form_page(request, form, page_title="Record an intervention", caption=f"Case {case.reference}",
                     back_url=_list_url(partnership, case), intro=intro)


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def breach_new(request, partnership, case_pk, pk):
    case = _case_to_change(request, partnership, case_pk)
    intervention = queries.intervention_for(case, pk)
    form = BreachForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.record_breach(by=request.user, intervention=intervention,
                                  breached_on=form.cleaned_data["breached_on"], notes=form.cleaned_data["notes"])
            messages.success(request, f"Breach of the {intervention.get_kind_display().lower()} recorded")
            return redirect(_list_url(partnership, case))
    audit.record(by=request.user, action="interventions.breach_form_viewed", obj=intervention,
                 partnership=partnership, data={"case": case.pk, "person": intervention.person_id})
    return form_page(request, form, page_title="Record a breach",
                     caption=f"{intervention.get_kind_display()} given to {intervention.person}, "
                             f"{intervention.issued_on:%-d %B %Y}",
                     back_url=_list_url(partnership, case))


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def letter_download(request, partnership, case_pk, pk, fmt):
    case = queries.case_for(request.user, partnership, case_pk)
    intervention = queries.intervention_for(case, pk)
    template = letters.template_for(partnership, intervention.kind)
    if template is None:
        raise Http404("There is no letter for this kind of intervention")
    content_type, renderer = DOWNLOADS[fmt]
    body = renderer(letters.letter_document(intervention, template, officer=request.user))
    # A letter names the person and their address: downloading it is an export of personal data.
    audit.record(by=request.user, action="interventions.letter_downloaded", obj=intervention,
                 partnership=partnership,
                 data={"case": case.pk, "person": intervention.person_id, "format": fmt, "kind": intervention.kind})
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (f'attachment; filename="{case.reference}-{intervention.kind}-'
                                       f'{intervention.pk}.{fmt}"')
    return response


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def template_list(request, partnership):
    return render(request, "interventions/templates.html", {
        "templates": letters.templates_of(partnership), "placeholders": letters.PLACEHOLDERS})


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def template_edit(request, partnership, letter):
    template = letters.template_for(partnership, letter) if letter in Kind.values else None
    if template is None:
        raise Http404("There is no letter for this kind of intervention")
    form = TemplateForm(posted(request), initial={"title": template.title, "body": template.body})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.save_template(by=request.user, partnership=partnership, kind=letter,
                                  title=form.cleaned_data["title"], body=form.cleaned_data["body"])
            messages.success(request, f"Template for the {Kind(letter).label.lower()} saved")
            return redirect("interventions:templates", partnership.slug)
    intro = "Placeholders: " + "; ".join(f"{{{name}}} is {text}" for name, text in letters.PLACEHOLDERS.items()) + "."
    return form_page(request, form, page_title=f"Letter for the {Kind(letter).label.lower()}",
                     caption="Letter templates", intro=intro,
                     back_url=reverse("interventions:templates", args=[partnership.slug]))
