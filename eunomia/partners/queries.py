
from django.db.models import Q
from django.utils import timezone

from eunomia.accounts.permissions import has_permission, organisations_led_by, organisations_of, partnership_ids_for
from eunomia.accounts.queries import open_invitations, people_of
from eunomia.accounts.roles import Permission
from eunomia.partners.models import Contact, Organisation, Partnership, PartnershipMember, WorkingGroup


def partnerships_visible_to(user):
    """The partnerships a user belongs to. Everything a member sees starts here."""
    return Partnership.objects.filter(pk__in=partnership_ids_for(user))


def seats_in(partnership, *, on=None):
    """Member organisations' seats, current on `on` (default today)."""
    on = on or timezone.localdate()
    return (
        PartnershipMember.objects.filter(partnership=partnership, joined_on__lte=on)
        .exclude(left_on__lt=on)
        .select_related("organisation")
    )


def spells_in(partnership):
    """Every spell of every organisation on the partnership, past, present and to come."""
    return PartnershipMember.objects.filter(partnership=partnership).select_related("organisation")


def past_spells_in(partnership, *, on=None):
    """Spells not current on `on` (default today): ended before it, or beginning after it."""
    on = on or timezone.localdate()
    current = seats_in(partnership, on=on).values("pk")
    return spells_in(partnership).exclude(pk__in=current).order_by("organisation__name", "joined_on")


def organisations_in(partnership, *, on=None):
    return Organisation.objects.filter(
        pk__in=seats_in(partnership, on=on).values("organisation_id")
    ).order_by("name")


def organisations_during(partnership, start, end):
    """Organisations that were members at any time from `start` to `end` (a plan's years)."""
    seats = PartnershipMember.objects.filter(partnership=partnership, joined_on__lte=end).exclude(left_on__lt=start)
    return Organisation.objects.filter(pk__in=seats.values("organisation_id")).order_by("name")


def directory_of(partnership):
    """The organisations a partnership may name: its members, past and present, and those in the
    directory that are not members (providers and charities that deliver its actions)."""
    return Organisation.objects.filter(
        Q(seats__partnership=partnership) | Q(seats__isnull=True)).distinct().order_by("name")


def organisations_not_in(partnership):
    return Organisation.objects.exclude(pk__in=seats_in(partnership).values("organisation_id"))


def contacts_visible_to(user, partnership):
    """Named contacts: personal data, so read only through here and audited by the caller."""
    if not has_permission(user, Permission.DIRECTORY_VIEW, partnership=partnership):
        return Contact.objects.none()
    return Contact.objects.filter(partnership=partnership).select_related("organisation")


def working_groups_in(partnership):
    return (
        WorkingGroup.objects.filter(partnership=partnership)
        .select_related("lead_organisation", "lead_contact")
        .prefetch_related("member_organisations")
    )


def acting_organisation(user, partnership):
    """The organisation the user acts for in the partnership: what they record belongs to it. A
    member of several organisations acts for the first by name."""
    return Organisation.objects.filter(pk__in=organisations_of(user, partnership)).order_by("name").first()


def _people_organisations(user, partnership):
    """Whose members `user` sees on the people pages: every organisation's (None) for the CSP manager,
    the organisations they lead for an organisation lead (ADR 48), else none."""
    if has_permission(user, Permission.MEMBERS_VIEW, partnership=partnership):
        return None
    return organisations_led_by(user, partnership)


def people_visible_to(user, partnership):
    """The memberships the people pages show `user`: a membership outside them is a 404."""
    organisations = _people_organisations(user, partnership)
    people = people_of(partnership)
    return people if organisations is None else people.filter(organisation_id__in=organisations)


def invitations_visible_to(user, partnership):
    """Open invitations, as people_visible_to."""
    organisations = _people_organisations(user, partnership)
    invitations = open_invitations(partnership)
    return invitations if organisations is None else invitations.filter(organisation_id__in=organisations)


def organisations_to_invite_to(user, partnership):
    """The member organisations `user` may invite people to: all for the CSP manager, those they lead otherwise."""
    members = organisations_in(partnership)
    if has_permission(user, Permission.MEMBERS_MANAGE, partnership=partnership):
        return members
    return members.filter(pk__in=organisations_led_by(user, partnership))
