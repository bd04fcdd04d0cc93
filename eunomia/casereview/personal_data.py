"""What the case review app holds on a person, for subject access requests (eunomia.records)."""

from eunomia.casereview.models import CaseReviewApplication
from eunomia.records.registry import holds


@holds("ASB case review applications", order=60)
def applications(person):
    return [(f"Application received {a.received_on:%-d %B %Y}", {
        "What the applicant said": a.description, "Status": a.get_status_display(),
    }) for a in CaseReviewApplication.objects.filter(applicant=person)]
