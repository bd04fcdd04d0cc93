"""Reads of case review applications. An application is seen only by members of the organisation
that owns it (as a casework record is), through may_work_cases; anything else is not found. An
application made online is found by the public only with its reference and the email it was sent
with together (`sent_with`)."""

import hmac
import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from eunomia.accounts.permissions import organisations_of
from eunomia.casereview.deadlines import next_deadline
from eunomia.casework.models import Report, ReportPerson, Role
from eunomia.casework.queries import may_work_cases
from eunomia.casereview.models import (CaseReviewApplication, ProcedureSettings, PublicApplication,
                                       ThresholdSettings)
from eunomia.core.periods import plan_period, year_containing, year_label
from eunomia.figures.registry import get_measure
from eunomia.partners.models import Organisation
from eunomia.partners.queries import seats_in


def applications_visible_to(user, partnership):
    if not may_work_cases(user, partnership):
        return CaseReviewApplication.objects.none()
    return CaseReviewApplication.objects.filter(
        partnership=partnership, owner_organisation_id__in=organisations_of(user, partnership))


def overdue_ids(applications, procedure, *, today):
    """Of `applications` (a query the reader may see), the ids of those with a deadline overdue. Open
    applications are few (tens a year), so each is checked in Python with the one rule the pages use."""
    found = []
    for application in applications.filter(closed_on__isnull=True):
        deadline = next_deadline(application, procedure, today=today)
        if deadline is not None and deadline.overdue:
            found.append(application.pk)
    return found


def threshold_settings(partnership):
    return (ThresholdSettings.objects.filter(partnership=partnership).first()
            or ThresholdSettings(partnership=partnership))


def procedure_settings(partnership):
    return (ProcedureSettings.objects.filter(partnership=partnership).first()
            or ProcedureSettings(partnership=partnership))


def receiving_organisation(partnership, *, on=None):
    """The organisation that receives the applications made online: the one the partnership chose,
    while it is a member; else its local authority (the first council among its members, in the order
    the plan lists them), which runs the procedure in most districts; else None, and the partnership
    takes no applications online (ADR 63)."""
    seats = list(seats_in(partnership, on=on).order_by("position", "organisation__name"))
    chosen = procedure_settings(partnership).organisation_id
    for seat in seats:
        if seat.organisation_id == chosen:
            return seat.organisation
    for seat in seats:
        if seat.organisation.kind == Organisation.Kind.COUNCIL:
            return seat.organisation
    return None


REFERENCE_SHAPE = re.compile(r"^CR-?([2-9A-Z]{4})-?([2-9A-Z]{4})$")


def normalise_reference(text):
    """A reference as typed ("cr 7k4m q2xd", "CR-7K4M-Q2XD") in the form it is stored, or "" when it
    cannot be one."""
    match = REFERENCE_SHAPE.match(re.sub(r"\s+", "", (text or "").upper()))
    return f"CR-{match[1]}-{match[2]}" if match else ""


def sent_with(partnership, *, reference, email):
    """The application made online to `partnership` with this reference, if `email` is the address it
    was sent with (compared without regard to case); else None, the same whether the reference exists
    or not."""
    found = (PublicApplication.objects.filter(application__partnership=partnership,
                                              reference=normalise_reference(reference))
             .select_related("application").first())
    given = (email or "").strip().casefold().encode()
    if found is None or not hmac.compare_digest(found.email.casefold().encode(), given):
        return None
    return found.application


@dataclass
class ListedComplaint:
    """A listed incident in the shape eunomia.casereview.threshold.assess reads: its date as when it
    happened, the day it was reported as when the complaint was made; a category only when the
    applicant said it was hate-motivated."""

    reference: str
    occurred_at: object
    reported_at: object
    category: str
    complainant_ids: set


def listed_complaints(public):
    """(complaints to assess, reasons for the incidents that cannot be): an incident reported to no
    one is not a complaint."""
    complaints, reasons = [], []
    for incident in public.incidents.all():
        name = _("Incident %(number)s") % {"number": incident.position}
        if not incident.reported:
            reasons.append(_("%(name)s does not count: the applicant did not report it.") % {"name": name})
            continue
        # Every listed complaint is the applicant's: one complainant, for the local threshold of
        # complaints from different people.
        complaints.append(ListedComplaint(
            reference=name, occurred_at=incident.occurred_on, reported_at=incident.reported_on,
            category=Report.Category.HATE if incident.hate_motivated else "", complainant_ids={"applicant"}))
    return complaints, reasons


def with_complainants(reports):
    """The reports as a list, each with `complainant_ids`: the people named as complainant or victim."""
    reports = list(reports)
    people = defaultdict(set)
    for link in ReportPerson.objects.filter(report__in=[r.pk for r in reports],
                                            role__in=(Role.COMPLAINANT, Role.VICTIM)):
        people[link.report_id].add(link.person_id)
    for report in reports:
        report.complainant_ids = people[report.pk]
    return reports


def yearly_statistics(partnership):
    """Counts per year (every organisation's applications: a count names no one)."""
    applications = CaseReviewApplication.objects.filter(partnership=partnership)

    def per_year(field, rows):
        return {row["year"]: row["n"] for row in rows.annotate(year=ExtractYear(field)).values("year")
                .annotate(n=Count("id")).order_by()}

    columns = {
        "received": per_year("received_on", applications),
        "met": per_year("decided_on", applications.filter(threshold_met=True)),
        "held": per_year("meeting_on", applications.filter(meeting_on__isnull=False)),
        "recommendations": per_year("meeting_on", applications.filter(meeting_on__isnull=False)
                                    .filter(~Q(recommendations=""))),
    }
    years = sorted({year for column in columns.values() for year in column if year}, reverse=True)
    return [{"year": year, **{name: column.get(year, 0) for name, column in columns.items()}} for year in years]


FIGURES = ("received", "threshold_met", "reviews_held", "recommendations")


def plan_year_figures(partnership, *, today):
    """For the public page: per plan year, newest first, from the year of the first application to this
    one, the yearly figures of the casereview.applications measure (the same counts a plan's figure
    takes), as {"label", "start", "end", "received", "threshold_met", "reviews_held", "recommendations"}."""
    measure = get_measure("casereview.applications")
    month = partnership.year_start_month
    current = year_containing(today, month)
    first_day = (CaseReviewApplication.objects.filter(partnership=partnership)
                 .aggregate(first=Min("received_on"))["first"])
    first = min(year_containing(first_day, month), current) if first_day else current
    rows = []
    for start_year in range(current, first - 1, -1):
        start, end = plan_period(start_year, month)
        row = {"label": year_label(start_year), "start": start, "end": end, "current": start_year == current}
        for which in FIGURES:
            row[which] = int(measure.evaluate(partnership=partnership, period_start=start, period_end=end,
                                              params={"which": which}))
        rows.append(row)
    return rows
