from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.core.rendering import form_page, posted, showing_refusal_message
from eunomia.partners import actions
from eunomia.partners.access import partnership_view
from eunomia.partners.forms import (ContactForm, JoinForm, LeaveForm, NewOrganisationForm, OrganisationForm,
                                    PartnershipForm, SeatDatesForm, WorkingGroupForm)
from eunomia.partners.queries import (contacts_visible_to, organisations_in, organisations_not_in, past_spells_in,
                                      seats_in, spells_in, working_groups_in)


@partnership_view(Permission.DIRECTORY_VIEW, nav_section="directory")
def directory(request, partnership):
    contacts = list(contacts_visible_to(request.user, partnership))
    audit.record_read(by=request.user, action="contact.list_viewed", objects=contacts, partnership=partnership)
    return render(request, "partners/directory.html", {
        "seats": seats_in(partnership),
        "past_spells": past_spells_in(partnership),
        "contacts": contacts,
        "groups": working_groups_in(partnership),
    })


def _directory_url(partnership):
    return reverse("partners:directory", args=[partnership.slug])


DETAILS = ("kind", "address", "phone", "email", "website", "charity_number", "company_number")


def _details(cleaned):
    return {k: cleaned[k] for k in DETAILS}


@partnership_view(Permission.DIRECTORY_EDIT, nav_section="directory")
def organisation_create(request, partnership):
    form = NewOrganisationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            organisation = actions.add_organisation(
                by=request.user, partnership=partnership, name=form.cleaned_data["name"],
                joined_on=form.cleaned_data["joined_on"], member=form.cleaned_data["member"],
                **_details(form.cleaned_data)
            )
            messages.success(request, f"{organisation} added to the partnership" if form.cleaned_data["member"]
                             else f"{organisation} added to the directory, as a delivery partner, not a member")
            return redirect(_directory_url(partnership))
    return form_page(request, form, page_title="Add a new organisation", back_url=_directory_url(partnership),
                     intro="Use this for an organisation that is not yet in the directory.")


@partnership_view(Permission.DIRECTORY_EDIT, nav_section="directory")
def organisation_join(request, partnership):
    form = JoinForm(posted(request), organisations=organisations_not_in(partnership))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.join_partnership(by=request.user, partnership=partnership,
                                     organisation=form.cleaned_data["organisation"],
                                     joined_on=form.cleaned_data["joined_on"])
            messages.success(request, f"{form.cleaned_data['organisation']} added to the partnership")
            return redirect(_directory_url(partnership))
    return form_page(request, form, page_title="Add an organisation from the directory",
                     back_url=_directory_url(partnership))


@partnership_view(Permission.DIRECTORY_EDIT, nav_section="directory")
def organisation_edit(request, partnership, pk):
    organisation = get_object_or_404(organisations_in(partnership), pk=pk)
    initial = {f: getattr(organisation, f) for f in ("name", *DETAILS)}
    form = OrganisationForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.update_organisation(by=request.user, partnership=partnership, organisation=organisation,
                                        name=form.cleaned_data["name"], **_details(form.cleaned_data))
            messages.success(request, f"{organisation} updated")
            return redirect(_directory_url(partnership))
    return form_page(request, form, page_title=f"Edit {organisation}", back_url=_directory_url(partnership),
                     intro="The directory is shared by every partnership this organisation sits on.")


@partnership_view(Permission.DIRECTORY_EDIT, nav_section="directory")
def organisation_leave(request, partnership, pk):
    organisation = get_object_or_404(organisations_in(partnership), pk=pk)
    form = LeaveForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.leave_partnership(by=request.user, partnership=partnership, organisation=organisation,
                                      left_on=form.cleaned_data["left_on"])
            messages.success(request, f"{organisation} is no longer a member")
            return redirect(_directory_url(partnership))
    return form_page(request, form, page_title=f"Remove {organisation} from the partnership?",
                     back_url=_directory_url(partnership),
                     intro="It stays in the directory, and in the plans of the years it was a member, with the "
                           "date it left. You can add it again later.")


@partnership_view(Permission.DIRECTORY_EDIT, nav_section="directory")
def seat_dates(request, partnership, pk):
    """Correct when an organisation joined or left: each plan lists the members of its own year."""
    seat = get_object_or_404(spells_in(partnership), pk=pk)
    form = SeatDatesForm(posted(request), initial={"joined_on": seat.joined_on, "left_on": seat.left_on})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.change_seat_dates(by=request.user, seat=seat, joined_on=form.cleaned_data["joined_on"],
                                      left_on=form.cleaned_data["left_on"])
            messages.success(request, f"The dates of {seat.organisation}'s membership are saved")
            return redirect(_directory_url(partnership))
    return form_page(request, form, page_title=f"When {seat.organisation} was a member",
                     back_url=_directory_url(partnership),
                     intro="Each plan lists the organisations that were members in its year. Plans already "
                           "published keep the members they printed.")


def _contact_form(request, partnership, initial=None):
    return ContactForm(posted(request), initial=initial, organisations=organisations_in(partnership))


@partnership_view(Permission.DIRECTORY_EDIT, nav_section="directory")
def contact_create(request, partnership):
    form = _contact_form(request, partnership)
    if request.method == "POST" and form.is_valid():
        actions.add_contact(by=request.user, partnership=partnership, **form.cleaned_data)
        messages.success(request, f"{form.cleaned_data['name']} added")
        return redirect(_directory_url(partnership))
    return form_page(request, form, page_title="Add a contact", back_url=_directory_url(partnership))


@partnership_view(Permission.DIRECTORY_EDIT, nav_section="directory")
def contact_edit(request, partnership, pk):
    contact = get_object_or_404(contacts_visible_to(request.user, partnership), pk=pk)
    audit.record(by=request.user, action="contact.viewed", obj=contact)
    fields = ("name", "organisation", "job_title", "email", "phone")
    form = _contact_form(request, partnership, initial={f: getattr(contact, f) for f in fields})
    if request.method == "POST" and "delete" in request.POST:
        actions.delete_contact(by=request.user, contact=contact)
        messages.success(request, f"{contact.name} removed")
        return redirect(_directory_url(partnership))
    if request.method == "POST" and form.is_valid():
        actions.update_contact(by=request.user, contact=contact, **form.cleaned_data)
        messages.success(request, f"{contact.name} updated")
        return redirect(_directory_url(partnership))
    return form_page(request, form, page_title=f"Edit contact: {contact.name}", back_url=_directory_url(partnership),
                     template="partners/contact_form.html")


def _group_form(request, partnership, initial=None):
    return WorkingGroupForm(posted(request), initial=initial, organisations=organisations_in(partnership),
                            contacts=contacts_visible_to(request.user, partnership))


@partnership_view(Permission.DIRECTORY_EDIT, nav_section="directory")
def working_group_create(request, partnership):
    return _save_group(request, partnership, None)


@partnership_view(Permission.DIRECTORY_EDIT, nav_section="directory")
def working_group_edit(request, partnership, pk):
    group = get_object_or_404(working_groups_in(partnership), pk=pk)
    return _save_group(request, partnership, group)


def _save_group(request, partnership, group):
    initial = None
    if group is not None:
        initial = {"name": group.name, "purpose": group.purpose, "lead_organisation": group.lead_organisation,
                   "lead_contact": group.lead_contact, "member_organisations": list(group.member_organisations.all())}
    form = _group_form(request, partnership, initial)
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            group = actions.save_working_group(by=request.user, partnership=partnership, group=group,
                                               **form.cleaned_data)
            messages.success(request, f"Working group {group.name} saved")
            return redirect(_directory_url(partnership))
    title = "Add a working group" if group is None else f"Edit working group: {group.name}"
    return form_page(request, form, page_title=title, back_url=_directory_url(partnership))


@partnership_view(Permission.DIRECTORY_EDIT, nav_section="directory")
def partnership_edit(request, partnership):
    fields = ("name", "address", "phone", "email", "website")
    initial = {f: getattr(partnership, f) for f in fields}
    initial["local_authority_codes"] = ", ".join(partnership.local_authority_codes)
    initial["district_names"] = "\n".join(partnership.district_names)
    form = PartnershipForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.update_partnership(by=request.user, partnership=partnership, **form.cleaned_data)
            messages.success(request, "Partnership details saved")
            return redirect(_directory_url(partnership))
    return form_page(request, form, page_title="Partnership details", back_url=_directory_url(partnership),
                     intro="Published plans print these contact details for readers who need another format.")
