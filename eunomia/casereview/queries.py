"""Reads of case review applications. An application is seen only by members of the organisation
that owns it (as a casework record is), through may_work_cases; anything else is not found."""

from collections import defaultdict

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from eunomia.accounts.permissions import organisations_of
from eunomia.casework.models import ReportPerson, Role
from eunomia.casework.queries import may_work_cases
from eunomia.casereview.models import CaseReviewApplication, ThresholdSettings


def applications_visible_to(user, partnership):
    if not may_work_cases(user, partnership):
        return CaseReviewApplication.objects.none()
    return CaseReviewApplication.objects.filter(
        partnership=partnership, owner_organisation_id__in=organisations_of(user, partnership))


def threshold_settings(partnership):
    return (ThresholdSettings.objects.filter(partnership=partnership).first()
            or ThresholdSettings(partnership=partnership))


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
