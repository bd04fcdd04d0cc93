"""Writes of DA records: each checked in plain words, written and audited in one transaction. The
caller has found every record it passes through eunomia.domesticabuse.queries (so the actor holds
DA_VIEW); changes also need DA_EDIT, checked here. Audit events name records by id only."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.domesticabuse import dash, queries
from eunomia.domesticabuse.models import (Checklist, DaPerson, Incident, Level, MaracArea, MaracMeeting, MeetingAction,
                                          MeetingCase, ProgrammeReferral, Referral, SafetyPlan, SupportEpisode)
from eunomia.partners.queries import organisations_in

DEFAULT_AREA = "MARAC"
PERSON_FIELDS = ("first_name", "last_name", "date_of_birth", "sex", "address", "postcode", "phone")


def _may_edit(by, partnership):
    if not has_permission(by, Permission.DA_EDIT, partnership=partnership):
        raise PermissionDenied


def _not_future(value, field, what):
    if value > timezone.localdate():
        raise ValidationError({field: f"The date of the {what} must be today or in the past"})


def _same_partnership(partnership, *records):
    if any(r is not None and r.partnership_id != partnership.pk for r in records):
        raise ValidationError("That record belongs to another partnership")


def default_marac_area(partnership):
    """The partnership's first MARAC area, made with the default rule (3 incidents in 12 months) the
    first time one is needed."""
    found = MaracArea.objects.filter(partnership=partnership).order_by("id").first()
    if found:
        return found
    try:
        with transaction.atomic():
            area = MaracArea.objects.create(partnership=partnership, name=DEFAULT_AREA)
            audit.record(by=None, action="domesticabuse.marac_area_created", obj=area, partnership=partnership)
    except IntegrityError:
        return MaracArea.objects.get(partnership=partnership, name=DEFAULT_AREA)
    return area


def save_marac_area(*, by, partnership, name, escalation_incidents, escalation_months, area=None):
    _may_edit(by, partnership)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter the name of the MARAC area"})
    if escalation_incidents < 2:
        raise ValidationError({"escalation_incidents": "Escalation needs at least 2 incidents"})
    if not 1 <= escalation_months <= 60:
        raise ValidationError({"escalation_months": "Enter a number of months from 1 to 60"})
    taken = MaracArea.objects.filter(partnership=partnership, name__iexact=name)
    if area is not None:
        taken = taken.exclude(pk=area.pk)
    if taken.exists():
        raise ValidationError({"name": "There is already a MARAC area with that name"})
    with transaction.atomic():
        area = area or MaracArea(partnership=partnership)
        area.name, area.escalation_incidents, area.escalation_months = name, escalation_incidents, escalation_months
        area.save()
        audit.record(by=by, action="domesticabuse.marac_area_saved", obj=area, partnership=partnership,
                     data={"rule": area.rule})
    return area


def save_person(*, by, partnership, person=None, **fields):
    """Add a DA person, or change one's details."""
    _may_edit(by, partnership)
    fields = {k: fields.get(k, getattr(person, k, None)) for k in PERSON_FIELDS}
    for key in ("first_name", "last_name", "sex", "address", "postcode", "phone"):
        fields[key] = (fields[key] or "").strip()
    if not fields["last_name"]:
        raise ValidationError({"last_name": "Enter the last name"})
    if fields["date_of_birth"] is not None:
        _not_future(fields["date_of_birth"], "date_of_birth", "birth")
    with transaction.atomic():
        if person is None:
            person = DaPerson.objects.create(partnership=partnership, created_by=by, **fields)
            action = "domesticabuse.person_added"
        else:
            for key, value in fields.items():
                setattr(person, key, value)
            person.save()
            action = "domesticabuse.person_changed"
        audit.record(by=by, action=action, obj=person, partnership=partnership)
    return person


def record_incident(*, by, victim, perpetrator, occurred_on, description):
    partnership = victim.partnership
    _may_edit(by, partnership)
    _same_partnership(partnership, perpetrator)
    _not_future(occurred_on, "occurred_on", "incident")
    if perpetrator is not None and perpetrator.pk == victim.pk:
        raise ValidationError({"perpetrator": "The perpetrator cannot be the victim"})
    if not description.strip():
        raise ValidationError({"description": "Describe what happened"})
    with transaction.atomic():
        incident = Incident.objects.create(partnership=partnership, victim=victim, perpetrator=perpetrator,
                                           occurred_on=occurred_on, description=description.strip(), recorded_by=by)
        audit.record(by=by, action="domesticabuse.incident_recorded", obj=incident, partnership=partnership,
                     data={"victim": victim.pk, "perpetrator": perpetrator.pk if perpetrator else None,
                           "repeat_marac": queries.is_repeat(victim, perpetrator, occurred_on)})
    return incident


def complete_checklist(*, by, victim, answers, assessed_on, marac_area, perpetrator=None, incident=None,
                       judgement_level="", judgement_reasons=""):
    """Record a DASH checklist with every question answered. The level is high when the score reaches
    dash.HIGH_RISK_SCORE; the assessor's judgement may raise the level (with reasons), never lower it."""
    partnership = victim.partnership
    _may_edit(by, partnership)
    _same_partnership(partnership, perpetrator, incident, marac_area)
    missing = dash.unanswered(answers)
    if missing:
        raise ValidationError({f"q{n}": f"Answer question {n}: yes, no or not known" for n in missing})
    _not_future(assessed_on, "assessed_on", "checklist")
    if perpetrator is not None and perpetrator.pk == victim.pk:
        raise ValidationError({"perpetrator": "The perpetrator cannot be the victim"})
    if incident is not None and incident.victim_id != victim.pk:
        raise ValidationError({"incident": "Choose an incident of this victim"})
    judgement_reasons = judgement_reasons.strip()
    if judgement_level and judgement_level not in Level.values:
        raise ValidationError({"judgement_level": "Choose standard, medium or high"})
    if judgement_level and not judgement_reasons:
        raise ValidationError({"judgement_reasons": "Give the reasons for your professional judgement"})
    total = dash.score(answers)
    actuarial = Level.HIGH if total >= dash.HIGH_RISK_SCORE else None
    if actuarial and judgement_level and judgement_level != Level.HIGH:
        raise ValidationError({"judgement_level": f"The score is {total}, which is high risk: professional "
                                                  "judgement can raise the level but cannot lower a high risk"})
    level = actuarial or judgement_level or Level.STANDARD
    with transaction.atomic():
        checklist = Checklist.objects.create(
            partnership=partnership, victim=victim, perpetrator=perpetrator, incident=incident, marac_area=marac_area,
            assessed_on=assessed_on, assessor=by, answers={str(n): answers[str(n)] for n in range(1, 25)},
            score=total, judgement_level=judgement_level, judgement_reasons=judgement_reasons, level=level)
        audit.record(by=by, action="domesticabuse.checklist_completed", obj=checklist, partnership=partnership,
                     data={"victim": victim.pk, "score": total, "level": level})
    return checklist


def referral_grounds(checklist):
    """(grounds, reasons) on which the checklist calls for a MARAC referral, or None."""
    if checklist.actuarial_high:
        return Referral.Grounds.ACTUARIAL, ""
    if checklist.judgement_level == Level.HIGH:
        return Referral.Grounds.JUDGEMENT, checklist.judgement_reasons
    if queries.escalation(checklist.victim, checklist.marac_area):
        return (Referral.Grounds.ESCALATION,
                f"The victim's recorded incidents reached {checklist.marac_area.rule} ({checklist.marac_area}).")
    return None


def make_referral(*, by, checklist):
    """A draft MARAC referral, filled in from the checklist. A checklist already referred gives its draft."""
    partnership = checklist.partnership
    _may_edit(by, partnership)
    existing = checklist.referrals.first()
    if existing:
        return existing
    grounds = referral_grounds(checklist)
    if grounds is None:
        raise ValidationError("A MARAC referral needs a high risk score (14 or more), a professional judgement of "
                              "high risk, or potential escalation: this checklist has none of them")
    with transaction.atomic():
        referral = Referral.objects.create(
            partnership=partnership, checklist=checklist, victim=checklist.victim, perpetrator=checklist.perpetrator,
            incident=checklist.incident, marac_area=checklist.marac_area, grounds=grounds[0], reasons=grounds[1],
            score=checklist.score, level=checklist.level, created_by=by)
        audit.record(by=by, action="domesticabuse.referral_drafted", obj=referral, partnership=partnership,
                     data={"checklist": checklist.pk, "grounds": referral.grounds})
    return referral


def update_referral(*, by, referral, perpetrator, reasons):
    _may_edit(by, referral.partnership)
    _same_partnership(referral.partnership, perpetrator)
    if referral.status != Referral.Status.DRAFT:
        raise ValidationError("This referral has been sent and can no longer be changed")
    if perpetrator is not None and perpetrator.pk == referral.victim_id:
        raise ValidationError({"perpetrator": "The perpetrator cannot be the victim"})
    with transaction.atomic():
        referral.perpetrator, referral.reasons = perpetrator, reasons.strip()
        referral.save()
        audit.record(by=by, action="domesticabuse.referral_changed", obj=referral, partnership=referral.partnership)
    return referral


def missing_for_sending(referral):
    """What must be entered before the referral can go, in plain words."""
    victim, perpetrator = referral.victim, referral.perpetrator
    missing = []
    if not victim.first_name:
        missing.append("Enter the victim's first name")
    if victim.date_of_birth is None:
        missing.append("Enter the victim's date of birth")
    if not victim.sex:
        missing.append("Enter the victim's sex")
    if not victim.address:
        missing.append("Enter the victim's address")
    if perpetrator is None or not perpetrator.first_name:
        missing.append("Enter the perpetrator's name")
    if referral.grounds != Referral.Grounds.ACTUARIAL and not referral.reasons:
        missing.append("Give the reasons for the referral")
    return missing


def send_referral(*, by, referral, on=None):
    """Send a complete draft. Whether it is a repeat referral is decided now, by its date."""
    _may_edit(by, referral.partnership)
    on = on or timezone.localdate()
    if referral.status != Referral.Status.DRAFT:
        raise ValidationError("This referral has already been sent")
    _not_future(on, "referred_on", "referral")
    missing = missing_for_sending(referral)
    if missing:
        raise ValidationError(missing)
    with transaction.atomic():
        referral.is_repeat = queries.is_repeat(referral.victim, referral.perpetrator, on)
        referral.status, referral.referred_on = Referral.Status.SENT, on
        referral.save()
        audit.record(by=by, action="domesticabuse.referral_sent", obj=referral, partnership=referral.partnership,
                     data={"repeat": referral.is_repeat})
    return referral


def start_support(*, by, victim, kind, started_on, risk_level_at_start):
    _may_edit(by, victim.partnership)
    if kind not in SupportEpisode.Kind.values:
        raise ValidationError({"kind": "Choose IDVA or volunteer support"})
    if risk_level_at_start not in Level.values:
        raise ValidationError({"risk_level_at_start": "Choose the risk level when support started"})
    _not_future(started_on, "started_on", "start")
    if victim.support_episodes.filter(kind=kind, ended_on__isnull=True).exists():
        raise ValidationError({"kind": "This victim already has open support of that kind: end it first"})
    with transaction.atomic():
        episode = SupportEpisode.objects.create(partnership=victim.partnership, victim=victim, kind=kind,
                                                started_on=started_on, risk_level_at_start=risk_level_at_start,
                                                worker=by)
        audit.record(by=by, action="domesticabuse.support_started", obj=episode, partnership=victim.partnership,
                     data={"victim": victim.pk, "kind": kind})
    return episode


def end_support(*, by, episode, ended_on, outcome):
    _may_edit(by, episode.partnership)
    if episode.ended_on is not None:
        raise ValidationError("This support has already ended")
    if outcome not in SupportEpisode.Outcome.values:
        raise ValidationError({"outcome": "Choose the outcome of the support"})
    _not_future(ended_on, "ended_on", "end")
    if ended_on < episode.started_on:
        raise ValidationError({"ended_on": f"Support cannot end before it started ({episode.started_on:%-d %B %Y})"})
    with transaction.atomic():
        episode.ended_on, episode.outcome = ended_on, outcome
        episode.save()
        audit.record(by=by, action="domesticabuse.support_ended", obj=episode, partnership=episode.partnership,
                     data={"outcome": outcome})
    return episode


def add_safety_plan(*, by, victim, agreed_on, measures, review_on):
    _may_edit(by, victim.partnership)
    _not_future(agreed_on, "agreed_on", "safety plan")
    if not measures.strip():
        raise ValidationError({"measures": "Enter the safety measures agreed"})
    if review_on <= agreed_on:
        raise ValidationError({"review_on": "The review must be after the date the plan was agreed"})
    with transaction.atomic():
        plan = SafetyPlan.objects.create(partnership=victim.partnership, victim=victim, agreed_on=agreed_on,
                                         measures=measures.strip(), review_on=review_on, made_by=by)
        audit.record(by=by, action="domesticabuse.safety_plan_added", obj=plan, partnership=victim.partnership,
                     data={"victim": victim.pk})
    return plan


def refer_to_programme(*, by, perpetrator, programme, referred_on, self_referral, referred_by=""):
    _may_edit(by, perpetrator.partnership)
    if not programme.strip():
        raise ValidationError({"programme": "Enter the name of the programme"})
    _not_future(referred_on, "referred_on", "referral")
    referred_by = "" if self_referral else referred_by.strip()
    if not self_referral and not referred_by:
        raise ValidationError({"referred_by": "Enter the agency that referred, or say it was a self-referral"})
    with transaction.atomic():
        made = ProgrammeReferral.objects.create(
            partnership=perpetrator.partnership, perpetrator=perpetrator, programme=programme.strip(),
            referred_on=referred_on, self_referral=self_referral, referred_by=referred_by, recorded_by=by)
        audit.record(by=by, action="domesticabuse.programme_referral_recorded", obj=made,
                     partnership=perpetrator.partnership, data={"perpetrator": perpetrator.pk, "self": self_referral})
    return made



def create_meeting(*, by, partnership, marac_area, held_on, present, apologies=()):
    _may_edit(by, partnership)
    _same_partnership(partnership, marac_area)
    members = set(organisations_in(partnership).values_list("pk", flat=True))
    if not present:
        raise ValidationError({"present": "Choose the agencies present"})
    if any(o.pk not in members for o in [*present, *apologies]):
        raise ValidationError("Choose agencies of this partnership")
    both = {o.pk for o in present} & {o.pk for o in apologies}
    if both:
        raise ValidationError({"apologies": "An agency cannot be both present and sending apologies"})
    with transaction.atomic():
        meeting = MaracMeeting.objects.create(partnership=partnership, marac_area=marac_area, held_on=held_on,
                                              created_by=by)
        meeting.present.set(present)
        meeting.apologies.set(apologies)
        audit.record(by=by, action="domesticabuse.meeting_created", obj=meeting, partnership=partnership)
    return meeting


def add_case(*, by, meeting, referral, information_shared):
    _may_edit(by, meeting.partnership)
    _same_partnership(meeting.partnership, referral)
    if referral.status != Referral.Status.SENT:
        raise ValidationError({"referral": "Only a referral that has been sent can be discussed"})
    if meeting.cases.filter(referral=referral).exists():
        raise ValidationError({"referral": "That case is already on this meeting's list"})
    if not information_shared.strip():
        raise ValidationError({"information_shared": "Enter the information shared about the case"})
    with transaction.atomic():
        case = MeetingCase.objects.create(meeting=meeting, referral=referral,
                                          information_shared=information_shared.strip())
        audit.record(by=by, action="domesticabuse.meeting_case_added", obj=case, partnership=meeting.partnership,
                     data={"meeting": meeting.pk, "referral": referral.pk})
    return case


def add_meeting_action(*, by, meeting, description, owner_organisation, due_on, case=None):
    _may_edit(by, meeting.partnership)
    if not description.strip():
        raise ValidationError({"description": "Describe the action"})
    if owner_organisation is None:
        raise ValidationError({"owner_organisation": "Choose the organisation that owns the action"})
    if not organisations_in(meeting.partnership).filter(pk=owner_organisation.pk).exists():
        raise ValidationError({"owner_organisation": "Choose an organisation of this partnership"})
    if due_on < meeting.held_on:
        raise ValidationError({"due_on": "The action cannot be due before the meeting"})
    if case is not None and case.meeting_id != meeting.pk:
        raise ValidationError({"case": "Choose a case discussed at this meeting"})
    with transaction.atomic():
        made = MeetingAction.objects.create(meeting=meeting, case=case, description=description.strip(),
                                            owner_organisation=owner_organisation, due_on=due_on)
        audit.record(by=by, action="domesticabuse.meeting_action_added", obj=made, partnership=meeting.partnership,
                     data={"meeting": meeting.pk, "owner": owner_organisation.pk})
    return made


def complete_meeting_action(*, by, action, done_on=None):
    _may_edit(by, action.meeting.partnership)
    done_on = done_on or timezone.localdate()
    if action.done_on is not None:
        raise ValidationError("That action is already done")
    with transaction.atomic():
        action.done_on = done_on
        action.save()
        audit.record(by=by, action="domesticabuse.meeting_action_done", obj=action,
                     partnership=action.meeting.partnership)
    return action


def save_minutes(*, by, meeting, minutes):
    _may_edit(by, meeting.partnership)
    if not minutes.strip():
        raise ValidationError({"minutes": "Enter the minutes"})
    with transaction.atomic():
        meeting.minutes = minutes.strip()
        meeting.save()
        audit.record(by=by, action="domesticabuse.minutes_saved", obj=meeting, partnership=meeting.partnership)
    return meeting
