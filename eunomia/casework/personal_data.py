"""What casework holds on a person, for subject access requests (eunomia.records)."""

from eunomia.casework.models import CaseParty, Consent, Person, ReportPerson
from eunomia.records.registry import holds


def _when(value):
    return f"{value:%-d %B %Y %H:%M}" if hasattr(value, "hour") else f"{value:%-d %B %Y}" if value else ""


@holds("Personal details", order=1)
def details(person):
    flags = ", ".join(Person.Flag(f).label for f in person.flags if f in Person.Flag.values)
    return [(str(person), {
        "Date of birth": _when(person.date_of_birth), "Address": f"{person.address} {person.postcode}".strip(),
        "Phone": person.phone, "Email": person.email, "Vulnerability": flags or "None recorded",
        "Recorded by": str(person.owner_organisation), "Recorded on": _when(person.created_at),
    })]


@holds("Reports", order=10)
def reports(person):
    links = ReportPerson.objects.filter(person=person).select_related("report__owner_organisation").order_by(
        "report__occurred_at")
    return [(link.report.reference, {
        "Role": link.get_role_display(), "Happened": _when(link.report.occurred_at),
        "Reported": _when(link.report.reported_at), "Category": link.report.get_category_display(),
        "Where": f"{link.report.address} {link.report.postcode}".strip(), "What happened": link.report.description,
        "Recorded by": str(link.report.owner_organisation),
    }) for link in links]


@holds("Cases", order=20)
def cases(person):
    parties = CaseParty.objects.filter(person=person).select_related("case__owner_organisation").order_by(
        "case__opened_on")
    return [(party.case.reference, {
        "Role": party.get_role_display(), "Title": party.case.title, "Opened": _when(party.case.opened_on),
        "Status": party.case.get_status_display(), "Outcome": party.case.get_outcome_display(),
        "Shared with": ", ".join(str(s.organisation) for s in party.case.shares.select_related("organisation")),
        "Owned by": str(party.case.owner_organisation),
    }) for party in parties]


@holds("Consent", order=2)
def consent(person):
    """Every consent record, newest first: the history is part of what is held."""
    records = Consent.objects.filter(person=person).select_related("recorded_for", "recorded_by")
    return [(f"Recorded {_when(c.recorded_at)}", {
        "Lawful basis": c.get_basis_display(), "Consent": c.get_state_display(), "On": _when(c.decided_on),
        "Obtained": c.get_method_display(), "Note": c.note, "Recorded by": str(c.recorded_for),
    }) for c in records]


@holds("Records merged into this one", order=3)
def merged(person):
    """Duplicate records merged into this person keep the details they were entered with."""
    return [(f"Record {m.pk}", {
        "Name": str(m), "Date of birth": _when(m.date_of_birth), "Address": f"{m.address} {m.postcode}".strip(),
        "Phone": m.phone, "Email": m.email, "Recorded by": str(m.owner_organisation),
        "Recorded on": _when(m.created_at),
    }) for m in Person.objects.filter(merged_into=person).select_related("owner_organisation").order_by("pk")]
