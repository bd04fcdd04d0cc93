"""What the case review app holds on a person, for subject access requests (eunomia.records): the
applications naming them as the applicant, and those made online with their email address or phone
number, with everything sent through the form (ADR 63)."""

from django.db.models import Q

from eunomia.casereview.models import CaseReviewApplication
from eunomia.records.registry import holds


def _day(value):
    return f"{value:%-d %B %Y}" if value else ""


def applications_about(person):
    named = Q(applicant=person)
    if person.email:
        named |= Q(public__email__iexact=person.email)
    if person.phone:
        named |= Q(public__phone=person.phone)
    return (CaseReviewApplication.objects.filter(named, partnership=person.partnership)
            .select_related("public", "owner_organisation").order_by("received_on", "id"))


def _made_online(application):
    public = getattr(application, "public", None)
    if public is None:
        return {}
    incidents = "\n".join(
        f"{i.position}. {_day(i.occurred_on)}: {i.what_happened}"
        + (f" Reported to {i.reported_to_display()} on {_day(i.reported_on)}." if i.reported else " Not reported.")
        + (f" Reference {i.reference_given}." if i.reference_given else "")
        for i in public.incidents.all())
    return {
        "Reference": public.reference, "Sent by": public.sender_name,
        "Relationship to the victim": public.relationship, "Email": public.email, "Phone": public.phone,
        "Where it happens": f"{public.address} {public.postcode}".strip(), "Incidents listed": incidents,
        "Equality monitoring": "; ".join(f"{q}: {a}" for q, a in public.answer_rows()) if public.has_answers else "",
    }


@holds("ASB case review applications", order=60)
def applications(person):
    return [(f"Application received {a.received_on:%-d %B %Y}", {
        "Applicant": a.applicant_name or str(a.applicant or ""),
        "What the applicant said": a.description, "Status": a.get_status_display(),
        "Decision": "" if a.threshold_met is None else ("Threshold met" if a.threshold_met else "Threshold not met"),
        "Decided on": _day(a.decided_on), "Review meeting": _day(a.meeting_on),
        "Recommendations": a.recommendations, "Outcome sent": _day(a.outcome_sent_on),
        "Held by": str(a.owner_organisation), **_made_online(a),
    }) for a in applications_about(person)]
