"""The partnership's people, run from the browser: invitations, roles, and memberships ended and
restored. Every change goes through eunomia.accounts.actions (audited, and the person is told).

The CSP manager sees and manages everyone; an organisation lead sees their own organisation's
members and manages those in the roles the partnership lets its leads give (ADR 48). Who may change
what is one rule, accounts.permissions.may_manage, which the actions apply and the pages ask so as to
show only what the reader may use."""

import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from eunomia.accounts import actions, second_factor
from eunomia.accounts.openwork import open_work_of
from eunomia.accounts.permissions import has_permission, lead_roles_of, may_manage, may_see_people
from eunomia.accounts.queries import people_of
from eunomia.accounts.roles import ROLES, Permission
from eunomia.core.rendering import form_page, posted, showing_refusal_message
from eunomia.partners import actions as partner_actions
from eunomia.partners.access import partnership_view
from eunomia.partners.forms import (EndMembershipForm, InviteForm, LeadRolesForm, OrganisationLeadForm, RoleForm,
                                    role_descriptions)
from eunomia.partners.queries import invitations_visible_to, organisations_to_invite_to, people_visible_to


def _people_url(partnership):
    return reverse("partners:people", args=[partnership.slug])


def _people_view(view):
    """A people page: the CSP manager's, and an organisation lead's for their own organisation; anyone
    else in the partnership gets a 403."""
    @partnership_view(None, nav_section="directory")
    @functools.wraps(view)
    def wrapped(request, partnership, *args, **kwargs):
        if not may_see_people(request.user, partnership):
            raise PermissionDenied
        return view(request, partnership, *args, **kwargs)

    return wrapped


def _roles_offered(user, partnership):
    """The roles `user` may give: every role (None) for the CSP manager, the partnership's lead roles for a lead."""
    if has_permission(user, Permission.MEMBERS_MANAGE, partnership=partnership):
        return None
    return lead_roles_of(partnership)


def _managed_membership(request, partnership, pk):
    """A membership the reader may see (else 404) and manage (else 403)."""
    membership = get_object_or_404(people_visible_to(request.user, partnership), pk=pk)
    if not may_manage(request.user, partnership, membership.organisation, membership.role):
        raise PermissionDenied
    return membership


@_people_view
def people(request, partnership):
    today, user = timezone.localdate(), request.user
    rows = [(m, m.is_current(today), may_manage(user, partnership, m.organisation, m.role))
            for m in people_visible_to(user, partnership)]
    invitations = [(i, may_manage(user, partnership, i.organisation, i.role))
                   for i in invitations_visible_to(user, partnership)]
    is_manager = has_permission(user, Permission.MEMBERS_MANAGE, partnership=partnership)
    factors = second_factor.summaries({m.user_id for m, _, _ in rows}) if is_manager else {}
    rows = [(m, current, manageable, factors.get(m.user_id)) for m, current, manageable in rows]
    return render(request, "partners/people.html", {
        "rows": rows, "invitations": invitations, "today": today, "is_manager": is_manager,
        "can_manage": any(manageable for _, _, manageable, _ in rows) or is_manager,
        "can_invite": is_manager or bool(lead_roles_of(partnership) and organisations_to_invite_to(user, partnership)),
        "lead_roles": [ROLES[key].label for key in lead_roles_of(partnership)]})


@_people_view
def invite(request, partnership):
    roles, organisations = _roles_offered(request.user, partnership), organisations_to_invite_to(request.user,
                                                                                                   partnership)
    if roles == [] or not organisations.exists():
        raise PermissionDenied
    form = InviteForm(posted(request), organisations=organisations, roles=roles)
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            invitation = actions.invite(
                by=request.user, partnership=partnership, link_for=lambda token: request.build_absolute_uri(
                    reverse("accounts:invitation", args=[token])), **form.cleaned_data)
            messages.success(request, f"Invitation sent to {invitation.email}: the link works once, for "
                                      f"{actions.INVITATION_DAYS} days")
            return redirect(_people_url(partnership))
    return form_page(request, form, page_title="Invite a person", back_url=_people_url(partnership),
                     template="partners/people_form.html", roles=role_descriptions(roles))


@_people_view
def membership_role(request, partnership, pk):
    membership = _managed_membership(request, partnership, pk)
    roles = _roles_offered(request.user, partnership)
    form = RoleForm(posted(request), roles=roles, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.change_role(by=request.user, membership=membership, role=form.cleaned_data["role"])
            messages.success(request, f"{membership.user} is now {membership.get_role_display()}")
            return redirect(_people_url(partnership))
    return form_page(request, form, page_title=f"Change {membership.user}'s role",
                     caption=f"{membership.organisation}", back_url=_people_url(partnership),
                     template="partners/people_form.html", roles=role_descriptions(roles))


@_people_view
def membership_end(request, partnership, pk):
    membership = _managed_membership(request, partnership, pk)
    form = EndMembershipForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            ended_on = form.cleaned_data["ended_on"] or timezone.localdate()
            actions.end_membership(by=request.user, membership=membership, ended_on=ended_on)
            messages.success(request, f"{membership.user}'s membership ends on {ended_on:%-d %B %Y}")
            return redirect(_people_url(partnership))
    return form_page(request, form, page_title=f"End {membership.user}'s membership?",
                     caption=f"{membership.get_role_display()}, {membership.organisation}",
                     back_url=_people_url(partnership), template="partners/membership_end.html",
                     open_work=open_work_of(membership.user, partnership, request.user),
                     intro="From the day it ends they cannot sign in to this partnership's records in this role. "
                           "Their account stays, with any other memberships, and the membership can be restored.")


@require_POST
@_people_view
def membership_reactivate(request, partnership, pk):
    membership = get_object_or_404(people_visible_to(request.user, partnership), pk=pk)
    with showing_refusal_message(request):
        actions.reactivate_membership(by=request.user, membership=membership)
        messages.success(request, f"{membership.user} is {membership.get_role_display()} again")
    return redirect(_people_url(partnership))


@require_POST
@_people_view
def invitation_cancel(request, partnership, pk):
    invitation = get_object_or_404(invitations_visible_to(request.user, partnership), pk=pk)
    with showing_refusal_message(request):
        actions.cancel_invitation(by=request.user, invitation=invitation)
        messages.success(request, f"The invitation to {invitation.email} is cancelled")
    return redirect(_people_url(partnership))


@partnership_view(Permission.MEMBERS_MANAGE, nav_section="directory")
def membership_lead(request, partnership, pk):
    membership = get_object_or_404(people_of(partnership), pk=pk)
    form = OrganisationLeadForm(posted(request), initial={"lead": "yes" if membership.is_organisation_lead else "no"})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.set_organisation_lead(by=request.user, membership=membership, lead=form.cleaned_data["lead"])
            messages.success(request, f"{membership.user} is {'now' if membership.is_organisation_lead else 'not'} "
                                      f"an organisation lead of {membership.organisation}")
            return redirect(_people_url(partnership))
    return form_page(request, form, page_title=f"Is {membership.user} an organisation lead?",
                     caption=f"{membership.get_role_display()}, {membership.organisation}",
                     back_url=_people_url(partnership),
                     intro=f"An organisation lead sees the members of {membership.organisation} on the people page, "
                           "invites people to it, changes their roles and ends or restores their memberships, in "
                           "the roles this partnership lets its organisation leads give.")


@partnership_view(Permission.MEMBERS_MANAGE, nav_section="directory")
def lead_roles(request, partnership):
    form = LeadRolesForm(posted(request), initial={"lead_roles": lead_roles_of(partnership)})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            partner_actions.set_lead_roles(by=request.user, partnership=partnership,
                                           roles=form.cleaned_data["lead_roles"])
            chosen = ", ".join(ROLES[key].label for key in lead_roles_of(partnership)) or "no roles"
            messages.success(request, f"Organisation leads may now give {chosen}")
            return redirect(_people_url(partnership))
    return form_page(request, form, page_title="Roles organisation leads may give",
                     back_url=_people_url(partnership))


@partnership_view(Permission.MEMBERS_MANAGE, nav_section="directory")
def second_factor_reset(request, partnership, pk):
    """The CSP manager resets a member's second factors (a lost phone), after confirming (ADR 46)."""
    membership = get_object_or_404(people_of(partnership), pk=pk)
    person = membership.user
    if request.method == "POST":
        second_factor.reset(by=request.user, user=person, partnership=partnership)
        messages.success(request, f"{person}'s second factor is reset: they are signed out everywhere and set up a "
                                  "new one when they next sign in")
        return redirect(_people_url(partnership))
    return render(request, "partners/second_factor_reset.html", {
        "membership": membership, "person": person, "has": second_factor.summary(person),
        "codes_left": second_factor.recovery_codes_left(person), "back_url": _people_url(partnership)})
