"""Writes of referrals: checked in plain words, written and audited in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from eunomia.audit import actions as audit
from eunomia.referrals.models import Referral

Status = Referral.Status
# From each status, where a referral may go next.
NEXT = {Status.MADE: {Status.ACCEPTED, Status.DECLINED}, Status.ACCEPTED: {Status.COMPLETED},
        Status.DECLINED: set(), Status.COMPLETED: set()}


def refer(*, by, person, organisation, service, referred_on=None, case=None, service_detail=""):
    """Refer `person` (found through people_visible_to by the caller) to a service; `case`, if
    given, must be one the caller may see."""
    today = timezone.localdate()
    referred_on = referred_on or today
    errors = {}
    if service not in Referral.Service.values:
        errors["service"] = "Choose a service from the list"
    elif service == Referral.Service.OTHER and not service_detail.strip():
        errors["service_detail"] = "Say which service, when it is 'Other'"
    if referred_on > today:
        errors["referred_on"] = "The date of the referral must be today or in the past"
    if case is not None and case.partnership_id != person.partnership_id:
        errors["case"] = "Choose a case of this partnership"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        referral = Referral.objects.create(
            partnership=person.partnership, person=person, case=case, service=service,
            service_detail=service_detail.strip(), referred_on=referred_on, made_by=organisation, created_by=by)
        audit.record(by=by, action="referrals.referred", obj=referral, partnership=person.partnership,
                     data={"person": person.pk, "case": case.pk if case else None, "service": service})
    return referral


def update_status(*, by, referral, status, on, outcome=""):
    """Accept, decline or complete a referral on the day `on`: not in the future, not before it was
    referred (or, to complete, before it was accepted)."""
    today = timezone.localdate()
    if status not in NEXT.get(referral.status, set()):
        allowed = ", ".join(sorted(Status(s).label.lower() for s in NEXT[referral.status])) or "nothing: it is closed"
        raise ValidationError({"status": f"A referral that is {referral.get_status_display().lower()} can become "
                                         f"{allowed}"})
    if on is None:
        raise ValidationError({"on": "Enter the date"})
    if on > today:
        raise ValidationError({"on": "The date must be today or in the past"})
    if on < referral.referred_on:
        raise ValidationError({"on": f"The date cannot be before the referral was made "
                                     f"({referral.referred_on:%-d %B %Y})"})
    if status == Status.COMPLETED and on < referral.decided_on:
        raise ValidationError({"on": f"The date cannot be before the referral was accepted "
                                     f"({referral.decided_on:%-d %B %Y})"})
    with transaction.atomic():
        was = referral.status
        referral.status = status
        if status == Status.COMPLETED:
            referral.completed_on = on
        else:
            referral.decided_on = on
        if outcome.strip():
            referral.outcome = outcome.strip()
        referral.save()
        audit.record(by=by, action="referrals.status_changed", obj=referral, partnership=referral.partnership,
                     data={"person": referral.person_id, "from": was, "to": status, "on": on.isoformat()})
    return referral
