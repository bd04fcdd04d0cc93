"""Writes to case review applications: each checks its input in plain words, writes in one
transaction and audits the change inside it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from eunomia.audit import actions as audit
from eunomia.casereview.models import CaseReviewApplication, ThresholdSettings

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


def record_meeting(*, by, application, meeting_on, recommendations):
    errors = {}
    if application.status not in (Status.THRESHOLD_MET, Status.MEETING_HELD):
        raise ValidationError("A review meeting is held only once the threshold has been met")
    if meeting_on is None:
        errors["meeting_on"] = "Enter the date of the review meeting"
    elif application.decided_on and meeting_on < application.decided_on:
        errors["meeting_on"] = "The meeting cannot be before the decision that the threshold was met"
    _not_future(errors, "meeting_on", meeting_on, "The date of the meeting", timezone.localdate())
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        application.meeting_on = meeting_on
        application.recommendations = (recommendations or "").strip()
        application.status = Status.MEETING_HELD
        application.save(update_fields=["meeting_on", "recommendations", "status"])
        audit.record(by=by, action="casereview.meeting_recorded", obj=application,
                     data={"meeting_on": meeting_on, "recommendations": bool(application.recommendations)})
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
