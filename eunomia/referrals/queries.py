"""Reads of referrals, limited to those whose person the reader may see."""

from eunomia.casework.queries import people_visible_to
from eunomia.referrals.models import Referral


def referrals_visible_to(user, partnership):
    return Referral.objects.filter(partnership=partnership,
                                   person__in=people_visible_to(user, partnership).values("id"))
