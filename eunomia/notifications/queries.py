"""Reads of notifications. A member sees only their own, and a domestic abuse notice only while they
hold the DA permissions in its partnership (ADR 26): anyone else's is not found."""

from django.db.models import Q

from eunomia.accounts.permissions import partnership_ids_for, permissions_in
from eunomia.accounts.roles import Permission
from eunomia.notifications.models import DA_KINDS, Notification
from eunomia.partners.models import Partnership


def _da_partnership_ids(user):
    return {pk for pk in partnership_ids_for(user)
            if Permission.DA_VIEW in permissions_in(user, Partnership(pk=pk))}


def notifications_for(user):
    if not user.is_authenticated:
        return Notification.objects.none()
    mine = Notification.objects.filter(user_id=user.pk, partnership_id__in=partnership_ids_for(user))
    return mine.exclude(Q(kind__in=DA_KINDS) & ~Q(partnership_id__in=_da_partnership_ids(user)))


def unread_count(user):
    return notifications_for(user).filter(read_at__isnull=True).count()
