"""What hate reports hold on a person, for subject access requests (eunomia.records): the reports that
became casework naming them, and those sent giving their email address or phone number."""

from django.db.models import Q

from eunomia.casework.models import ReportPerson
from eunomia.hatereports.models import HateReport
from eunomia.records.registry import holds


def _when(value):
    return f"{value:%-d %B %Y %H:%M}" if value else ""


def reports_about(person):
    named = Q(casework_report__in=ReportPerson.objects.filter(person=person).values("report_id"))
    if person.email:
        named |= Q(email__iexact=person.email)
    if person.phone:
        named |= Q(phone=person.phone)
    return HateReport.objects.filter(named, partnership=person.partnership).prefetch_related("motivations")


@holds("Hate incident reports", order=15)
def hate_reports(person):
    return [(report.reference, {
        "Received": _when(report.received_at), "Reported as": report.get_reporter_display(),
        "What happened": report.description, "Happened on": f"{report.occurred_on:%-d %B %Y}",
        "Where": f"{report.address} {report.postcode}".strip(),
        "Perceived motivation": ", ".join(m.get_strand_display() for m in report.motivations.all()),
        "Name given": f"{report.first_name} {report.last_name}".strip(), "Email": report.email,
        "Phone": report.phone, "Status": report.get_status_display(),
        "Equality monitoring": "; ".join(f"{q}: {a}" for q, a in report.answer_rows()) if report.has_answers else "",
        "Held by": str(report.owner_organisation),
    }) for report in reports_about(person).select_related("owner_organisation").order_by("received_at")]
