"""Writes to case review applications: each checks its input in plain words, writes in one
transaction and audits the change inside it."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eunomia.audit import actions as audit
from eunomia.casereview import deadlines, queries
from eunomia.casereview.models import (CaseReviewApplication, ListedIncident, ProcedureSettings, PublicApplication,
                                       ThresholdSettings)
from eunomia.core.equality import set_answers
from eunomia.partners.queries import seats_in

Status = CaseReviewApplication.Status


def _not_future(errors, field, day, what, today):
    if day and day > today:
        errors[field] = f"{what} must be today or in the past"


def save_settings(*, by, partnership, complaints, window_months, complaint_within_days, individuals=0,
                  hate_incident=False):
    errors = {}
    if not complaints or complaints < 1:
        errors["complaints"] = "The number of complaints must be 1 or more"
    if not window_months or not 1 <= window_months <= 24:
        errors["window_months"] = "The window must be between 1 and 24 months"
    if not complaint_within_days or not 1 <= complaint_within_days <= 366:
        errors["complaint_within_days"] = "The days allowed to complain must be between 1 and 366"
    if individuals is None or individuals < 0:
        errors["individuals"] = "The number of different complainants must be 0 (off) or more"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row, _ = ThresholdSettings.objects.update_or_create(partnership=partnership, defaults=dict(
            complaints=complaints, window_months=window_months, complaint_within_days=complaint_within_days,
            individuals=individuals, hate_incident=hate_incident))
        audit.record(by=by, action="casereview.threshold_changed", obj=row, partnership=partnership,
                     data=dict(complaints=complaints, window_months=window_months,
                               complaint_within_days=complaint_within_days, individuals=individuals,
                               hate_incident=hate_incident))
    return row


def receive_application(*, by, partnership, organisation, received_on, description, applicant=None,
                        applicant_name="", reports=()):
    """Record an application. `applicant` and `reports` must already be visible to `by`."""
    today = timezone.localdate()
    errors = {}
    applicant_name = (applicant_name or "").strip()
    if applicant is None and not applicant_name:
        errors["applicant_name"] = "Choose the applicant or enter their name"
    if applicant is not None and applicant_name:
        errors["applicant_name"] = "Choose the applicant or enter a name, not both"
    _not_future(errors, "received_on", received_on, "The date received", today)
    if not (description or "").strip():
        errors["description"] = "Describe what the applicant asks to be reviewed"
    if any(r.partnership_id != partnership.pk for r in reports):
        errors["reports"] = "Choose reports of this partnership"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        application = CaseReviewApplication.objects.create(
            partnership=partnership, owner_organisation=organisation, applicant=applicant,
            applicant_name=applicant_name, received_on=received_on, description=description.strip(), created_by=by)
        application.reports.set(reports)
        audit.record(by=by, action="casereview.application_received", obj=application, partnership=partnership,
                     data={"applicant": applicant.pk if applicant else None, "reports": sorted(r.pk for r in reports)})
    return application


def record_decision(*, by, application, threshold_met, decided_on):
    errors = {}
    if application.status not in (Status.RECEIVED, Status.THRESHOLD_MET, Status.THRESHOLD_NOT_MET):
        raise ValidationError("The decision cannot change after the review meeting or closing")
    if decided_on is None:
        errors["decided_on"] = "Enter the date of the decision"
    elif decided_on < application.received_on:
        errors["decided_on"] = "The decision cannot be before the application was received"
    _not_future(errors, "decided_on", decided_on, "The date of the decision", timezone.localdate())
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        application.threshold_met = threshold_met
        application.decided_on = decided_on
        application.status = Status.THRESHOLD_MET if threshold_met else Status.THRESHOLD_NOT_MET
        application.save(update_fields=["threshold_met", "decided_on", "status"])
        audit.record(by=by, action="casereview.decision_recorded", obj=application,
                     data={"threshold_met": threshold_met, "decided_on": decided_on})
    return application


def record_meeting(*, by, application, meeting_on, recommendations, outcome_sent_on=None):
    """The review meeting, its recommendations, and (when known) the day its outcome was sent to the
    applicant, which meets the last deadline."""
    errors = {}
    if application.status not in (Status.THRESHOLD_MET, Status.MEETING_HELD):
        raise ValidationError("A review meeting is held only once the threshold has been met")
    if meeting_on is None:
        errors["meeting_on"] = "Enter the date of the review meeting"
    elif application.decided_on and meeting_on < application.decided_on:
        errors["meeting_on"] = "The meeting cannot be before the decision that the threshold was met"
    _not_future(errors, "meeting_on", meeting_on, "The date of the meeting", timezone.localdate())
    if outcome_sent_on is not None and meeting_on is not None and outcome_sent_on < meeting_on:
        errors["outcome_sent_on"] = _("The outcome cannot be sent before the meeting")
    _not_future(errors, "outcome_sent_on", outcome_sent_on, _("The date the outcome was sent"), timezone.localdate())
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        application.meeting_on = meeting_on
        application.recommendations = (recommendations or "").strip()
        application.outcome_sent_on = outcome_sent_on
        application.status = Status.MEETING_HELD
        application.save(update_fields=["meeting_on", "recommendations", "outcome_sent_on", "status"])
        audit.record(by=by, action="casereview.meeting_recorded", obj=application,
                     data={"meeting_on": meeting_on, "recommendations": bool(application.recommendations),
                           "outcome_sent_on": outcome_sent_on})
    return application


def close_application(*, by, application, closed_on=None):
    closed_on = closed_on or timezone.localdate()
    if application.status == Status.CLOSED:
        raise ValidationError("The application is already closed")
    if application.status == Status.RECEIVED:
        raise ValidationError("Record the decision on the threshold before closing the application")
    with transaction.atomic():
        application.status = Status.CLOSED
        application.closed_on = closed_on
        application.save(update_fields=["status", "closed_on"])
        audit.record(by=by, action="casereview.application_closed", obj=application, data={"closed_on": closed_on})
    return application


# The procedure: who receives applications made online, and the deadlines --------------------------------

DEADLINE_DAYS = {"decision_days": (_("The days to decide on the threshold"), 1, 60),
                 "review_days": (_("The days to hold the review meeting"), 1, 120),
                 "outcome_days": (_("The days to send the outcome"), 1, 60)}


def save_procedure(*, by, partnership, organisation, decision_days, review_days, outcome_days):
    """`organisation` None: the partnership's local authority receives applications made online."""
    errors = {}
    given = {"decision_days": decision_days, "review_days": review_days, "outcome_days": outcome_days}
    for field, (what, low, high) in DEADLINE_DAYS.items():
        if given[field] is None or not low <= given[field] <= high:
            errors[field] = _("%(what)s must be from %(low)s to %(high)s working days") % {
                "what": what, "low": low, "high": high}
    if organisation is not None and not seats_in(partnership).filter(organisation=organisation).exists():
        errors["organisation"] = _("Choose an organisation that is a member of the partnership")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row, _created = ProcedureSettings.objects.update_or_create(
            partnership=partnership, defaults=dict(organisation=organisation, **given))
        audit.record(by=by, action="casereview.procedure_changed", obj=row, partnership=partnership,
                     data={"organisation": organisation.pk if organisation else None, **given})
    return row


# Applications made online (ADR 63) ---------------------------------------------------------------------

MAX_INCIDENTS = 20
# Unambiguous when read aloud or copied by hand: no 0/O, 1/I, and no vowels, so no words.
REFERENCE_ALPHABET = "23456789BCDFGHJKLMNPQRSTVWXZ"


def _new_reference():
    while True:
        code = "".join(secrets.choice(REFERENCE_ALPHABET) for _n in range(8))
        reference = f"CR-{code[:4]}-{code[4:]}"
        if not PublicApplication.objects.filter(reference=reference).exists():
            return reference


def _check_incident(errors, position, incident, today):
    prefix = _("Incident %(number)s") % {"number": position}
    occurred, reported = incident.get("occurred_on"), incident.get("reported_on")
    if occurred is None or occurred > today:
        errors.append(_("%(incident)s: the date it happened must be today or in the past") % {"incident": prefix})
    if incident.get("reported_to") and reported is None:
        errors.append(_("%(incident)s: enter the date it was reported") % {"incident": prefix})
    if reported is not None and occurred is not None and not occurred <= reported <= today:
        errors.append(_("%(incident)s: the date it was reported must be on or after the day it happened, and "
                        "not in the future") % {"incident": prefix})
    if not (incident.get("what_happened") or "").strip():
        errors.append(_("%(incident)s: say what happened") % {"incident": prefix})


def receive_public_application(*, partnership, applying_for, sender_name, email, description, incidents,
                               victim_name="", relationship="", consent_confirmed=False, phone="", address="",
                               postcode="", equality=None):
    """Record an application sent through the public form: a CaseReviewApplication owned by the
    organisation receiving applications, with what was sent beside it, in one transaction. `incidents`:
    dicts of occurred_on, what_happened, reported_to (keys of ListedIncident.ReportedTo),
    reported_to_other, reported_on, reference_given, hate_motivated. The acknowledgement is emailed once
    it is saved, and names nothing that was reported."""
    today = timezone.localdate()
    organisation = queries.receiving_organisation(partnership)
    if organisation is None:
        raise ValidationError(_("%(partnership)s does not take applications online: contact it by phone or email")
                              % {"partnership": partnership.name})
    errors = {}
    someone_else = applying_for == PublicApplication.ApplyingFor.SOMEONE_ELSE
    if applying_for not in PublicApplication.ApplyingFor.values:
        errors["applying_for"] = _("Say whether you are the victim or applying for someone else")
    if someone_else and not (victim_name or "").strip():
        errors["victim_name"] = _("Enter the name of the person you are applying for")
    if someone_else and not consent_confirmed:
        errors["consent_confirmed"] = _("You can apply for someone else only with their agreement")
    if not (sender_name or "").strip():
        errors["sender_name"] = _("Enter your name")
    if not (description or "").strip():
        errors["description"] = _("Say what you would like the review to look at")
    incident_errors = []
    if not 1 <= len(incidents) <= MAX_INCIDENTS:
        incident_errors.append(_("List from 1 to %(most)s incidents") % {"most": MAX_INCIDENTS})
    for position, incident in enumerate(incidents, 1):
        _check_incident(incident_errors, position, incident, today)
    if incident_errors:
        errors["incidents"] = incident_errors
    if errors:
        raise ValidationError(errors)
    applicant_name = (victim_name if someone_else else sender_name).strip()
    with transaction.atomic():
        application = CaseReviewApplication(
            partnership=partnership, owner_organisation=organisation, applicant_name=applicant_name,
            received_on=today, description=description.strip())
        application.full_clean(exclude=["applicant", "reports", "created_by"])
        application.save()
        public = PublicApplication(
            application=application, reference=_new_reference(), applying_for=applying_for,
            sender_name=sender_name.strip(), relationship=(relationship or "").strip() if someone_else else "",
            consent_confirmed=bool(consent_confirmed) and someone_else, email=email.strip(),
            phone=(phone or "").strip(), address=(address or "").strip(), postcode=(postcode or "").strip().upper(),
            sent_at=timezone.now())
        set_answers(public, equality or {})
        public.full_clean(exclude=["application"])
        public.save()
        for position, incident in enumerate(incidents, 1):
            listed = ListedIncident(
                public_application=public, position=position, occurred_on=incident["occurred_on"],
                what_happened=incident["what_happened"].strip(), reported_to=list(incident.get("reported_to") or []),
                reported_to_other=(incident.get("reported_to_other") or "").strip(),
                reported_on=incident.get("reported_on"),
                reference_given=(incident.get("reference_given") or "").strip(),
                hate_motivated=bool(incident.get("hate_motivated")))
            listed.full_clean(exclude=["public_application"])
            listed.save()
        # No names or words in the event: the record holds them, the audit log only points at it.
        audit.record(by=None, action="casereview.public_application_received", obj=application,
                     partnership=partnership, data={"reference": public.reference, "incidents": len(incidents),
                                                    "organisation": organisation.pk, "via": "public form"})
        _acknowledge(partnership, application, public)
    return application


def acknowledgement(partnership, application, public):
    """(subject, body) of the email acknowledging an application. It says what happens next and how to
    follow it, and repeats nothing the applicant reported: an inbox may be read by someone else."""
    procedure = queries.procedure_settings(partnership)
    decision = deadlines.deadlines(application, procedure, today=application.received_on)[0]
    status_url = settings.SITE_URL.rstrip("/") + reverse("casereview_public:status", args=[partnership.slug])
    subject = _("Your application for an ASB case review: %(reference)s") % {"reference": public.reference}
    contact = " ".join(part for part in (partnership.phone, partnership.email) if part)
    lines = [
        _("%(partnership)s has received your application for an anti-social behaviour case review on "
          "%(day)s.") % {"partnership": partnership.name, "day": application.received_on.strftime("%-d %B %Y")},
        _("Your reference is %(reference)s. Keep it: you need it, with this email address, to see how your "
          "application is going.") % {"reference": public.reference},
        _("We will tell you by %(day)s whether your application meets the threshold for a case review.")
        % {"day": decision.due_on.strftime("%-d %B %Y")},
        _("See how your application is going: %(url)s") % {"url": status_url},
    ]
    if contact:
        lines.append(_("To talk to us about your application: %(contact)s.") % {"contact": contact})
    lines.append(_("If you are in danger now, call 999."))
    return subject, "\n\n".join(lines)


def _acknowledge(partnership, application, public):
    subject, body = acknowledgement(partnership, application, public)
    email = public.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))


def match_reports(*, by, application, reports, offered):
    """Confirm which casework reports are the complaints the application rests on: of the reports
    `offered` to `by` (all of them ones `by` may see), those in `reports` are linked and the others are
    not; reports linked before and not offered (another's, or not found by this search) stay linked."""
    offered_ids = {r.pk for r in offered}
    if any(r.pk not in offered_ids for r in reports):
        raise ValidationError({"reports": _("Choose reports from the list")})
    if application.status == Status.CLOSED:
        raise ValidationError(_("The application is closed: its reports cannot change"))
    before = set(application.reports.values_list("pk", flat=True))
    after = (before - offered_ids) | {r.pk for r in reports}
    with transaction.atomic():
        application.reports.set(sorted(after))
        audit.record(by=by, action="casereview.reports_matched", obj=application,
                     data={"linked": sorted(after - before), "unlinked": sorted(before - after)})
    return application
