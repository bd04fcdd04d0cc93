"""The partnership's people, run from the browser: invitations, roles, and memberships ended and
restored. Every change goes through eunomia.accounts.actions (audited, and the person is told)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from eunomia.accounts import actions
from eunomia.accounts.models import Invitation
from eunomia.accounts.openwork import open_work_of
from eunomia.accounts.permissions import has_permission
from eunomia.accounts.queries import open_invitations, people_of
from eunomia.accounts.roles import Permission
from eunomia.core.rendering import form_page, posted, showing_refusal_message
from eunomia.partners.access import partnership_view
from eunomia.partners.forms import EndMembershipForm, InviteForm, RoleForm, role_descriptions
from eunomia.partners.queries import organisations_in


def _people_url(partnership):
    return reverse("partners:people", args=[partnership.slug])


@partnership_view(Permission.MEMBERS_VIEW, nav_section="directory")
def people(request, partnership):
    today = timezone.localdate()
    rows = [(m, m.is_current(today)) for m in people_of(partnership)]
    return render(request, "partners/people.html", {
        "rows": rows, "invitations": open_invitations(partnership), "today": today,
        "can_manage": has_permission(request.user, Permission.MEMBERS_MANAGE, partnership=partnership)})


@partnership_view(Permission.MEMBERS_MANAGE, nav_section="directory")
def invite(request, partnership):
    form = InviteForm(posted(request), organisations=organisations_in(partnership))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            invitation = actions.invite(
                by=request.user, partnership=partnership, link_for=lambda token: request.build_absolute_uri(
                    reverse("accounts:invitation", args=[token])), **form.cleaned_data)
            messages.success(request, f"Invitation sent to {invitation.email}: the link works once, for "
                                      f"{actions.INVITATION_DAYS} days")
            return redirect(_people_url(partnership))
    return form_page(request, form, page_title="Invite a person", back_url=_people_url(partnership),
                     template="partners/people_form.html", roles=role_descriptions())


def _membership(partnership, pk):
    return get_object_or_404(people_of(partnership), pk=pk)


@partnership_view(Permission.MEMBERS_MANAGE, nav_section="directory")
def membership_role(request, partnership, pk):
    membership = _membership(partnership, pk)
    form = RoleForm(posted(request), initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.change_role(by=request.user, membership=membership, role=form.cleaned_data["role"])
            messages.success(request, f"{membership.user} is now {membership.get_role_display()}")
            return redirect(_people_url(partnership))
    return form_page(request, form, page_title=f"Change {membership.user}'s role",
                     caption=f"{membership.organisation}", back_url=_people_url(partnership),
                     template="partners/people_form.html", roles=role_descriptions())


@partnership_view(Permission.MEMBERS_MANAGE, nav_section="directory")
def membership_end(request, partnership, pk):
    membership = _membership(partnership, pk)
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
@partnership_view(Permission.MEMBERS_MANAGE, nav_section="directory")
def membership_reactivate(request, partnership, pk):
    membership = _membership(partnership, pk)
    with showing_refusal_message(request):
        actions.reactivate_membership(by=request.user, membership=membership)
        messages.success(request, f"{membership.user} is {membership.get_role_display()} again")
    return redirect(_people_url(partnership))


@require_POST
@partnership_view(Permission.MEMBERS_MANAGE, nav_section="directory")
def invitation_cancel(request, partnership, pk):
    invitation = get_object_or_404(Invitation.objects.filter(partnership=partnership), pk=pk)
    with showing_refusal_message(request):
        actions.cancel_invitation(by=request.user, invitation=invitation)
        messages.success(request, f"The invitation to {invitation.email} is cancelled")
    return redirect(_people_url(partnership))
