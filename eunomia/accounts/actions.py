import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from eunomia.accounts.models import Invitation, Membership, User
from eunomia.accounts.permissions import has_permission, lead_roles_of, may_manage, organisations_led_by
from eunomia.accounts.queries import current_memberships
from eunomia.accounts.roles import DA_ROLES, ROLES, Permission
from eunomia.audit import actions as audit
from eunomia.core.dates import DateError, check_range


def create_user(*, by, email, full_name, password=None):
    email = email.strip().lower()
    with transaction.atomic():
        if User.objects.filter(email=email).exists():
            raise ValidationError({"email": f"There is already a user with the email address {email}"})
        user = User.objects.create_user(email, password, full_name=full_name.strip())
        audit.record(by=by, action="user.created", obj=user)
    return user


def add_membership(*, by, user, partnership, organisation, role):
    """Give `user` a role (used by add_member and the tests; the pages invite instead)."""
    _check_grant(by, partnership, organisation, role)
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, partnership=partnership, organisation=organisation, role=role
        )
        if not created and membership.ended_on is not None:
            return reactivate_membership(by=by, membership=membership)
        if created:
            audit.record(by=by, action="membership.added", obj=membership, partnership=partnership,
                         data={"user": user.pk, "organisation": organisation.pk, "role": role})
    return membership


# Invitations and memberships, from the browser ---------------------------------------------------

INVITATION_DAYS = 7


def tell_person(email, subject, lines):
    """Email a person about their own access, once the change is saved. No personal data but their own."""
    body = "\n\n".join([*lines, f"This message was sent by {settings.SERVICE_NAME}. If you did not expect it, tell "
                                "your Community Safety Partnership manager."])
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _check_may_manage(by, partnership, organisation, role, *, field, doing):
    """Refuse in plain words what accounts.permissions.may_manage does not allow (the one rule for
    the CSP manager and organisation leads, ADR 48). `doing` names the change, {role} its role."""
    if may_manage(by, partnership, organisation, role):
        return
    if role in DA_ROLES:
        raise ValidationError({field: f"Only the CSP manager may {doing.format(role=ROLES[role].label.lower())}"})
    if organisation.pk not in organisations_led_by(by, partnership):
        raise ValidationError({field: f"Only the CSP manager or an organisation lead of {organisation} may manage "
                                      "its members"})
    allowed = ", ".join(ROLES[key].label for key in lead_roles_of(partnership)) or "no roles"
    raise ValidationError({field: f"Only the CSP manager may {doing.format(role=ROLES[role].label)}: organisation "
                                  f"leads in {partnership} may give {allowed}"})


def _check_grant(by, partnership, organisation, role):
    if role not in ROLES:
        raise ValidationError({"role": f"There is no role called {role}: choose one of {', '.join(ROLES)}"})
    _check_may_manage(by, partnership, organisation, role, field="role", doing="give the {role} role")
    if not partnership.seats.filter(organisation=organisation, left_on__isnull=True).exists():
        raise ValidationError({"organisation": f"{organisation} is not a member organisation of {partnership}"})


def invite(*, by, partnership, organisation, role, email, full_name, link_for):
    """Ask `email` to join `partnership` in `organisation` as `role`. `link_for(token)` makes the
    address of the page that accepts; the email carries it and nothing else of the partnership's."""
    email = email.strip().lower()
    _check_grant(by, partnership, organisation, role)
    now = timezone.now()
    existing = User.objects.filter(email=email).first()
    if existing is not None and current_memberships().filter(user=existing, partnership=partnership,
                                                             organisation=organisation, role=role).exists():
        raise ValidationError({"email": f"{email} already has that role in {organisation}"})
    with transaction.atomic():
        if Invitation.objects.filter(email=email, partnership=partnership, organisation=organisation, role=role,
                                     accepted_at__isnull=True, cancelled_at__isnull=True,
                                     expires_at__gt=now).exists():
            raise ValidationError({"email": f"{email} has been invited to that role already: cancel that "
                                            "invitation to send a new one"})
        token = secrets.token_urlsafe(32)
        invitation = Invitation.objects.create(
            email=email, full_name=full_name.strip(), partnership=partnership, organisation=organisation, role=role,
            token_hash=_token_hash(token), created_by=by, created_at=now,
            expires_at=now + datetime.timedelta(days=INVITATION_DAYS))
        audit.record(by=by, action="invitation.sent", obj=invitation, partnership=partnership,
                     data={"organisation": organisation.pk, "role": role})
        tell_person(email, f"You are invited to {settings.SERVICE_NAME}", [
            f"You have been invited to {partnership} as {ROLES[role].label} for {organisation}.",
            f"Open this link within {INVITATION_DAYS} days to accept (it works once): {link_for(token)}"])
    return invitation


def invitation_for(token, now=None):
    """The open invitation the token opens, or ValidationError saying plainly why not."""
    now = now or timezone.now()
    invitation = Invitation.objects.select_related("partnership", "organisation").filter(
        token_hash=_token_hash(token or "")).first()
    if invitation is None:
        raise ValidationError("This invitation link is not right: check you copied all of it")
    if invitation.accepted_at is not None:
        raise ValidationError("This invitation has been used already: sign in instead")
    if invitation.cancelled_at is not None:
        raise ValidationError("This invitation was cancelled: ask your partnership's manager for a new one")
    if now >= invitation.expires_at:
        raise ValidationError(f"This invitation has expired (after {INVITATION_DAYS} days): ask your "
                              "partnership's manager for a new one")
    return invitation


def accept_invitation(*, token, user=None, password=None):
    """Accept with the signed-in `user` (their email must be the invited one) or, for a new person,
    with the `password` they choose. Returns the user. Works once."""
    with transaction.atomic():
        invitation = invitation_for(token)
        Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
        if user is not None and user.email.lower() != invitation.email:
            raise ValidationError(f"This invitation is for {invitation.email}, not for the account you are signed "
                                  "in with: sign out and open the link again")
        if user is None:
            if User.objects.filter(email=invitation.email).exists():
                raise ValidationError(f"There is already an account for {invitation.email}: sign in, then open "
                                      "the link again")
            try:
                validate_password(password, User(email=invitation.email, full_name=invitation.full_name))
            except ValidationError as error:
                raise ValidationError({"password1": error.messages}) from None
            user = create_user(by=None, email=invitation.email, full_name=invitation.full_name, password=password)
        membership = Membership.objects.filter(user=user, partnership=invitation.partnership,
                                               organisation=invitation.organisation, role=invitation.role).first()
        if membership is None:
            membership = Membership.objects.create(user=user, partnership=invitation.partnership,
                                                   organisation=invitation.organisation, role=invitation.role)
        elif membership.ended_on is not None:
            membership.ended_on = None
            membership.save(update_fields=["ended_on"])
        invitation.accepted_at, invitation.accepted_by = timezone.now(), user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        audit.record(by=user, action="invitation.accepted", obj=invitation, partnership=invitation.partnership,
                     data={"membership": membership.pk})
    return user


def cancel_invitation(*, by, invitation):
    _check_may_manage(by, invitation.partnership, invitation.organisation, invitation.role, field="invitation",
                      doing="cancel an invitation as {role}")
    with transaction.atomic():
        invitation.cancelled_at = timezone.now()
        invitation.save(update_fields=["cancelled_at"])
        audit.record(by=by, action="invitation.cancelled", obj=invitation, partnership=invitation.partnership)
    return invitation


def _check_not_last_manager(membership, what):
    """A partnership always keeps a CSP manager: someone has to run it from the browser."""
    if membership.role != "csp_manager":
        return
    others = current_memberships().filter(partnership=membership.partnership, role="csp_manager").exclude(
        pk=membership.pk)
    if not others.exists():
        raise ValidationError({what: f"{membership.user} is the partnership's only CSP manager: make someone else "
                                     "CSP manager first"})


def change_role(*, by, membership, role):
    _check_may_manage(by, membership.partnership, membership.organisation, membership.role, field="role",
                      doing="change a member's role from {role}")
    _check_grant(by, membership.partnership, membership.organisation, role)
    if role != membership.role:
        _check_not_last_manager(membership, "role")
    if role == membership.role:
        return membership
    if Membership.objects.filter(user=membership.user, partnership=membership.partnership,
                                 organisation=membership.organisation, role=role).exists():
        raise ValidationError({"role": f"{membership.user} has that role in {membership.organisation} already"})
    with transaction.atomic():
        before = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        audit.record(by=by, action="membership.role_changed", obj=membership, partnership=membership.partnership,
                     data={"role": [before, role]})
        tell_person(membership.user.email, f"Your role in {membership.partnership} has changed", [
            f"You are now {ROLES[role].label} for {membership.organisation} in {membership.partnership} "
            f"(you were {ROLES[before].label})."])
    return membership


def end_membership(*, by, membership, ended_on):
    """End a membership from `ended_on`: from that day it gives no access."""
    try:
        check_range(ended_on, what="The day the membership ends")
    except DateError as error:
        raise ValidationError({"ended_on": str(error)}) from None
    _check_may_manage(by, membership.partnership, membership.organisation, membership.role, field="ended_on",
                      doing="end a membership as {role}")
    _check_not_last_manager(membership, "ended_on")
    with transaction.atomic():
        membership.ended_on = ended_on
        membership.save(update_fields=["ended_on"])
        audit.record(by=by, action="membership.ended", obj=membership, partnership=membership.partnership,
                     data={"ended_on": ended_on})
        tell_person(membership.user.email, f"Your access to {membership.partnership} ends", [
            f"Your role as {ROLES[membership.role].label} for {membership.organisation} in "
            f"{membership.partnership} ends on {ended_on:%-d %B %Y}: from that day you cannot sign in to it."])
    return membership


def reactivate_membership(*, by, membership):
    _check_grant(by, membership.partnership, membership.organisation, membership.role)
    with transaction.atomic():
        membership.ended_on = None
        membership.save(update_fields=["ended_on"])
        audit.record(by=by, action="membership.reactivated", obj=membership, partnership=membership.partnership)
        tell_person(membership.user.email, f"Your access to {membership.partnership} is restored", [
            f"You are {ROLES[membership.role].label} for {membership.organisation} in {membership.partnership} "
            "again."])
    return membership


def set_organisation_lead(*, by, membership, lead):
    """Name a member a lead of their organisation, or stop: a lead manages the organisation's members
    in the roles the partnership lets its leads give (ADR 48). Only the CSP manager names leads."""
    if by is not None and not has_permission(by, Permission.MEMBERS_MANAGE, partnership=membership.partnership):
        raise ValidationError({"lead": "Only the CSP manager may name organisation leads"})
    if membership.is_organisation_lead == lead:
        return membership
    with transaction.atomic():
        membership.is_organisation_lead = lead
        membership.save(update_fields=["is_organisation_lead"])
        audit.record(by=by, action="membership.lead_changed", obj=membership, partnership=membership.partnership,
                     data={"organisation_lead": [not lead, lead]})
        where = f"{membership.organisation} in {membership.partnership}"
        tell_person(membership.user.email, f"You are {'now' if lead else 'no longer'} an organisation lead", [
            f"You are now an organisation lead for {where}: you may invite people to it and manage its members "
            "in the roles the partnership allows." if lead else
            f"You are no longer an organisation lead for {where}. Your role is unchanged."])
    return membership
