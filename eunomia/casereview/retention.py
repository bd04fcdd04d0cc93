"""Retention of case review applications (ADR 63): personal data, kept no longer than needed.

An application is kept 6 years after the last thing done on it (closed, the outcome sent, the review
meeting, the decision), as a casework case is kept 6 years after it is closed: long enough to answer a
complaint or a second application about the same behaviour. One never decided is never erased:
someone must decide it first.

Erasing keeps what the yearly figures count (the dates, the decision, whether the review made
recommendations, the incidents' dates and to whom they were reported) and removes who applied, how to
reach them, where, what they wrote and their equality answers."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce

from eunomia.audit import actions as audit
from eunomia.casereview.models import CaseReviewApplication, ListedIncident, PublicApplication
from eunomia.core import equality
from eunomia.core.dates import add_years

YEARS = 6
ERASED = "(erased under the retention schedule)"


@dataclass
class Due:
    applications: list


def due(partnership, *, today):
    cutoff = add_years(today, -YEARS)
    found = (CaseReviewApplication.objects.filter(partnership=partnership).exclude(applicant_name=ERASED)
             .annotate(last_done=Coalesce("closed_on", "outcome_sent_on", "meeting_on", "decided_on"))
             .filter(last_done__lt=cutoff))
    return Due(applications=list(found.order_by("received_on", "id")))


def erase(partnership, *, today, by=None):
    """Depersonalise every application due; returns the Due erased. One transaction, one audit event."""
    found = due(partnership, today=today)
    ids = [a.pk for a in found.applications]
    with transaction.atomic():
        applications = CaseReviewApplication.objects.filter(pk__in=ids)
        applications.update(applicant=None, applicant_name=ERASED, description=ERASED)
        # Whether the review made recommendations is a yearly figure: the words go, the fact stays.
        applications.filter(~Q(recommendations="")).update(recommendations=ERASED)
        PublicApplication.objects.filter(application__in=ids).update(
            sender_name="", relationship="", email="", phone="", address="", postcode="",
            **dict.fromkeys(equality.QUESTION_NAMES, ""))
        ListedIncident.objects.filter(public_application__application__in=ids).update(
            what_happened=ERASED, reported_to_other="", reference_given="")
        audit.record(by=by, action="casereview.retention_applied", partnership=partnership,
                     data={"applications": ids, "on": today.isoformat()})
    return found
