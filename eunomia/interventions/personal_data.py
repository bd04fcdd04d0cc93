"""What the interventions app holds on a person, for subject access requests (eunomia.records)."""

from eunomia.interventions.models import Intervention
from eunomia.records.registry import holds


@holds("Interventions", order=30)
def interventions(person):
    return [(f"{i.get_kind_display()}, {i.issued_on:%-d %B %Y}", {
        "Case": i.case.reference, "Notes": i.notes, "On conviction": "Yes" if i.on_conviction else "",
        "Breached": f"{i.breached_on:%-d %B %Y}: {i.breach_notes}" if i.breached_on else "",
    }) for i in Intervention.objects.filter(person=person).select_related("case")]
