"""Retention of hate reports: submissions are personal data, kept no longer than needed (ADR 62).

- A report turned into casework: 6 years after it was received, as the casework report it became
  (eunomia.casework.retention keeps that one 6 years after the incident);
- a report closed without casework: 2 years after it was closed, long enough to answer a complaint
  about the decision and to see that the same thing was reported again;
- a report still in triage is never erased: someone must decide it first.

Erasing keeps what the partnership's figures need (when it was received, how, the motivations, the
status and reason) and removes what was said, where exactly, who said it and their equality answers."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from eunomia.audit import actions as audit
from eunomia.core import equality
from eunomia.core.dates import add_years, local_day_range
from eunomia.hatereports.models import HateReport

CASEWORK_YEARS = 6
CLOSED_YEARS = 2
ERASED = "(erased under the retention schedule)"


@dataclass
class Due:
    reports: list


def due(partnership, *, today):
    casework_cutoff, _ = local_day_range(add_years(today, -CASEWORK_YEARS), today)
    closed_cutoff, _ = local_day_range(add_years(today, -CLOSED_YEARS), today)
    found = HateReport.objects.filter(partnership=partnership, erased_at__isnull=True).filter(
        Q(status=HateReport.Status.CASEWORK, received_at__lt=casework_cutoff)
        | Q(status=HateReport.Status.CLOSED, triaged_at__lt=closed_cutoff))
    return Due(reports=list(found.order_by("received_at", "id")))


def erase(partnership, *, today, by=None):
    """Depersonalise every report due; returns the Due erased. One transaction, one audit event."""
    found = due(partnership, today=today)
    with transaction.atomic():
        blank_answers = dict.fromkeys(equality.QUESTION_NAMES, "")
        HateReport.objects.filter(pk__in=[r.pk for r in found.reports]).update(
            description=ERASED, address="", postcode="", other_motivation="", first_name="", last_name="",
            email="", phone="", close_note="", erased_at=timezone.now(), **blank_answers)
        audit.record(by=by, action="hatereports.retention_applied", partnership=partnership,
                     data={"reports": [r.pk for r in found.reports], "on": today.isoformat()})
    return found
