"""Reads of DA records. Each begins with `may_see_da`: a user without DA_VIEW in the partnership gets
nothing at all; inside the domain every DA-permission holder of the partnership sees its records
(MARAC is multi-agency, ADR 0026)."""

from django.db.models import Q

from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.domesticabuse import dash
from eunomia.domesticabuse.models import (Checklist, DaPerson, Incident, MaracArea, MaracMeeting, MeetingAction,
                                          ProgrammeReferral, Referral, SafetyPlan, SupportEpisode)


def may_see_da(user, partnership):
    return has_permission(user, Permission.DA_VIEW, partnership=partnership)


def _visible(model, user, partnership):
    if not may_see_da(user, partnership):
        return model.objects.none()
    return model.objects.filter(partnership=partnership)


def people_visible_to(user, partnership):
    return _visible(DaPerson, user, partnership)


def incidents_visible_to(user, partnership):
    return _visible(Incident, user, partnership)


def checklists_visible_to(user, partnership):
    return _visible(Checklist, user, partnership)


def referrals_visible_to(user, partnership):
    return _visible(Referral, user, partnership)


def support_visible_to(user, partnership):
    return _visible(SupportEpisode, user, partnership)


def safety_plans_visible_to(user, partnership):
    return _visible(SafetyPlan, user, partnership)


def programme_referrals_visible_to(user, partnership):
    return _visible(ProgrammeReferral, user, partnership)


def marac_areas_visible_to(user, partnership):
    return _visible(MaracArea, user, partnership)


def search_people(people, text):
    query = Q()
    for word in text.split():
        query &= Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(postcode__icontains=word)
    return people.filter(query)


def escalation(victim, marac_area):
    """Has the victim's recorded incidents reached the area's rule for potential escalation?"""
    dates = Incident.objects.filter(victim=victim).values_list("occurred_on", flat=True)
    return dash.escalation_reached(dates, incidents=marac_area.escalation_incidents,
                                   months=marac_area.escalation_months)


def last_sent_referral(victim, perpetrator, *, before=None):
    """The latest referral sent for this victim and perpetrator (on or before `before`, if given)."""
    sent = Referral.objects.filter(victim=victim, perpetrator=perpetrator, status=Referral.Status.SENT)
    if before is not None:
        sent = sent.filter(referred_on__lte=before)
    return sent.order_by("-referred_on", "-id").first()


def is_repeat(victim, perpetrator, on):
    """A referral or incident on `on` is a repeat when the same victim and perpetrator were referred to
    MARAC within the 12 calendar months before it (dash.within_months)."""
    if perpetrator is None:
        return False
    last = last_sent_referral(victim, perpetrator, before=on)
    return last is not None and dash.within_months(last.referred_on, on, 12)


def meetings_visible_to(user, partnership):
    return _visible(MaracMeeting, user, partnership)


def open_actions_before(meeting):
    """Actions of the area's earlier meetings still open: reviewed at this one."""
    return (MeetingAction.objects.filter(meeting__marac_area=meeting.marac_area, meeting__held_on__lt=meeting.held_on,
                                         done_on__isnull=True)
            .select_related("owner_organisation", "meeting", "case__referral__victim"))
