"""What the risk app holds on a person, for subject access requests (eunomia.records)."""

from eunomia.records.registry import holds
from eunomia.risk.models import RiskAssessment


@holds("Risk assessments", order=40)
def assessments(person):
    return [(f"{a.question_set.title}, {a.assessed_on:%-d %B %Y}", {
        "Score": a.score, "Risk": a.get_band_display(), "Review due": f"{a.review_on:%-d %B %Y}",
    }) for a in RiskAssessment.objects.filter(person=person).select_related("question_set")]
