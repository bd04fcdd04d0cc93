"""Reads of DA records. Each begins with `may_see_da`: a user without DA_VIEW in the partnership gets
nothing at all; inside the domain every DA-permission holder of the partnership sees its records
(MARAC is multi-agency, ADR 0026)."""

from collections import defaultdict

from django.db.models import Exists, Max, OuterRef, Q, Subquery

from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.domesticabuse import dash
from eunomia.domesticabuse.models import (Checklist, DaPerson, Incident, Level, MaracArea, MaracMeeting,
                                          MeetingAction, ProgrammeReferral, Referral, SafetyPlan, SupportEpisode)


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


# The DA worker's dashboard (ADR 0031) ------------------------------------------------------------

def checklists_needing_referral(user, partnership):
    """The newest checklist of each victim that scored 14 or more or was judged high, with no referral
    sent for that victim on or after the day it was completed."""
    sent_since = referrals_visible_to(user, partnership).filter(
        victim=OuterRef("victim"), status=Referral.Status.SENT, referred_on__gte=OuterRef("assessed_on"))
    found = (checklists_visible_to(user, partnership)
             .filter(Q(score__gte=dash.HIGH_RISK_SCORE) | Q(judgement_level=Level.HIGH))
             .exclude(Exists(sent_since)).select_related("victim", "marac_area"))
    newest = {}
    for checklist in found:  # newest first
        newest.setdefault(checklist.victim_id, checklist)
    return list(newest.values())


def victims_reaching_escalation(user, partnership):
    """(victim, MARAC area, latest incident date) for each victim whose incidents reach their MARAC
    area's rule for potential escalation (dash.escalation_reached), with no referral sent for them on
    or after their latest incident. A victim's area is that of their newest checklist; a victim with
    no checklist is held to each area's rule, as their page does."""
    days_of = defaultdict(list)
    for victim_id, day in incidents_visible_to(user, partnership).values_list("victim_id", "occurred_on"):
        days_of[victim_id].append(day)
    areas = {area.pk: area for area in marac_areas_visible_to(user, partnership)}
    area_of = dict(checklists_visible_to(user, partnership).order_by("assessed_on", "id")
                   .values_list("victim_id", "marac_area_id"))  # the newest wins
    last_sent = dict(referrals_visible_to(user, partnership).filter(status=Referral.Status.SENT)
                     .order_by().values("victim_id").annotate(last=Max("referred_on")).values_list("victim_id", "last"))
    reached = {}
    for victim_id, days in days_of.items():
        latest = max(days)
        if victim_id in last_sent and last_sent[victim_id] >= latest:
            continue
        rules = [areas[area_of[victim_id]]] if victim_id in area_of else list(areas.values())
        for area in rules:
            if dash.escalation_reached(days, incidents=area.escalation_incidents, months=area.escalation_months):
                reached[victim_id] = (area, latest)
                break
    victims = people_visible_to(user, partnership).in_bulk(reached)
    return sorted(((victims[pk], area, latest) for pk, (area, latest) in reached.items()),
                  key=lambda row: (row[2], row[0].pk), reverse=True)


def open_support(user, partnership):
    """Open IDVA and volunteer support, oldest first, each with its victim's newest safety plan dates
    (`plan_agreed_on`, `plan_review_on`; None when the victim has no safety plan)."""
    plans = safety_plans_visible_to(user, partnership).filter(victim=OuterRef("victim")).order_by("-agreed_on", "-id")
    return (support_visible_to(user, partnership).filter(ended_on__isnull=True)
            .annotate(plan_agreed_on=Subquery(plans.values("agreed_on")[:1]),
                      plan_review_on=Subquery(plans.values("review_on")[:1]))
            .select_related("victim").order_by("started_on", "id"))


def next_and_last_meeting(user, partnership, today):
    """The next MARAC meeting (today or later) and the last one before today, either of them None."""
    meetings = meetings_visible_to(user, partnership).select_related("marac_area")
    return (meetings.filter(held_on__gte=today).order_by("held_on", "id").first(),
            meetings.filter(held_on__lt=today).order_by("-held_on", "-id").first())


def overdue_meeting_actions(user, partnership, today):
    """MARAC actions still open whose due date is before today, the most overdue first."""
    return (MeetingAction.objects.filter(meeting__in=meetings_visible_to(user, partnership), done_on__isnull=True,
                                         due_on__lt=today)
            .select_related("meeting__marac_area", "owner_organisation", "case__referral__victim")
            .order_by("due_on", "id"))
