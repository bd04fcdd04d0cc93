"""Who belongs where: memberships current on a day, and the partnership's people."""

from django.utils import timezone

from eunomia.accounts.models import Invitation, Membership


def current_memberships(on=None):
    """Memberships that give access on `on` (default today in London): not ended on or before it."""
    return Membership.objects.exclude(ended_on__lte=on or timezone.localdate())


def people_of(partnership):
    """Every membership of the partnership, current and ended, with the person and organisation."""
    return (Membership.objects.filter(partnership=partnership).select_related("user", "organisation")
            .order_by("user__full_name", "organisation__name", "role"))


def open_invitations(partnership, now=None):
    now = now or timezone.now()
    return (Invitation.objects.filter(partnership=partnership, accepted_at__isnull=True, cancelled_at__isnull=True,
                                      expires_at__gt=now).select_related("organisation", "created_by"))
